"""The ``multiling`` command line: thin wrappers over library functions.

Exit codes (mapped in one place, :class:`_Group`):
    0  everything succeeded (every foreign span glossed)
    1  the run finished but some spans or records have no gloss (no model, model error)
    2  bad usage or unreadable input (undecodable bytes, binary file, unknown option)
    3  a model or backend could not be used at all
  130  interrupted (Ctrl-C)

Data goes to stdout, progress and messages to stderr.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import TYPE_CHECKING, Any, Callable

import click

from multiling.errors import (
    BackendError,
    ConfigError,
    InputError,
    ModelUnavailableError,
    MultilingError,
)

if TYPE_CHECKING:
    from multiling.io import Errors
    from multiling.render.text import RtlMode

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_MODEL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class _Group(click.Group):
    """Maps library errors to exit codes and one clear line on stderr — never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except InputError as exc:
            say(str(exc))
            ctx.exit(EXIT_USAGE)
        except (ModelUnavailableError, BackendError) as exc:
            say(str(exc))
            ctx.exit(EXIT_MODEL)
        except MultilingError as exc:
            say(str(exc))
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:
            # The reader went away (`multiling segment big.txt | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_PARTIAL)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            say(f"{where}{exc.strerror or exc}")
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            # Ctrl-C: the shell's convention (128 + SIGINT), distinct from 1 ("some spans without a gloss").
            say("interrupted")
            ctx.exit(EXIT_INTERRUPTED)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """multiling's own warnings (cache turned off, GPU fallback) as one ``multiling: warning:`` line, without the
    file name and source line Python's default format adds; other warnings as Python shows them."""
    if category.__module__.startswith("multiling."):
        say(f"warning: {message}")
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def say(message: str) -> None:
    """One message line on stderr, its control characters shown, never obeyed (it may quote the input)."""
    from multiling.render.display import display_safe

    click.echo(f"multiling: {display_safe(message)}", err=True)


def dumps(obj: Any) -> str:
    """Deterministic JSON for machine output: fixed key order, UTF-8 kept as is, terminal controls escaped."""
    from multiling.render.display import dumps_json

    return dumps_json(obj)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="multiling")
def main() -> None:
    """Find foreign-language spans in English articles, gloss them in English, keep exact offsets.

    \b
    Examples:
      multiling segment seeds/003_60b8ed085d617c0b.txt
      multiling annotate article.txt --format inline
    """


# --- options shared by several commands: each is defined once ------------------------------------------------

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _options(*options: Decorator) -> Decorator:
    """Apply several click options in the order they are listed (as they appear in --help)."""

    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            function = option(function)
        return function

    return apply


ERRORS_OPTION = click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
                             help="Undecodable bytes: stop (exit 2) or substitute U+FFFD.")
RTL_OPTION = click.option("--rtl", type=click.Choice(["auto", "logical", "visual"]), default="auto", show_default=True,
                          help="Readable Arabic/Hebrew on terminals without bidi: visual shapes and reorders it for "
                               "display; auto does so only on such a terminal, never into a file or pipe.")
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True,
                            help="No progress bar, per-span messages or closing summary on stderr (errors still shown).")
PROFILE_OPTION = click.option("--profile", type=click.Choice(["best", "fast"]), default="best", show_default=True,
                              help="Registry models: best quality, or fast (smaller).")
BACKEND_OPTION = click.option("--backend", type=click.Choice(["auto", "transformers", "ctranslate2"]), default="auto",
                              show_default=True, help="auto: ctranslate2 when installed (multiling[fast]), else transformers.")
OFFLINE_OPTION = click.option("--offline/--online", default=None,
                              help="Forbid (or allow) model downloads; default from HF_HUB_OFFLINE.")
MODEL_OPTIONS = _options(
    click.option("--model", default=None,
                 help="Model id or directory (default: the registry's per language); with --src only for that language."),
    PROFILE_OPTION,
    BACKEND_OPTION,
    click.option("--device", default="auto", show_default=True,
                 help="auto (CUDA when the backend sees a GPU), cpu, cuda or cuda:N."),
    click.option("--compute-type", default=None,
                 help="float32/float16/bfloat16 (transformers), int8/float16/... (ctranslate2); default: the device's."),
    click.option("--threads", type=click.IntRange(0), default=0, show_default=True,
                 help="Intra-op threads for torch/ctranslate2 (0: their default); set it when processes share a machine."),
    click.option("--batch-size", type=click.IntRange(1), default=None,
                 help="Sentences per model batch (default: 16 on CPU, 256 on CUDA under a token budget)."),
    click.option("--beam", type=click.IntRange(1), default=None, help="Beam size (1 = greedy); default: the model's (4)."),
    OFFLINE_OPTION,
    click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache."),
)


def _glosser_options(model: str | None, src: str | None, profile: str, backend: str, device: str,
                     compute_type: str | None, threads: int, batch_size: int | None, beam: int | None,
                     offline: bool | None, no_cache: bool, on_model_error: str = "mark") -> dict[str, Any]:
    """MODEL_OPTIONS as one validated TranslationConfig for Glosser/Pipeline; the backend and device are checked
    here, before any input is read (CUDA asked for but unusable: exit 3 with the fix, not a line per span)."""
    from multiling.translate.config import TranslationConfig
    from multiling.translate.loader import choose_backend_and_device

    options: dict[str, Any] = dict(model=model, src=src, profile=profile, backend=backend, device=device,
                                   compute_type=compute_type, threads=threads, offline=offline, cache=not no_cache,
                                   batch_size=batch_size, on_model_error=on_model_error)
    if beam is not None:
        options["num_beams"] = beam
    from multiling.translate.registry import load_registry

    config = TranslationConfig.build(**options)
    load_registry()  # a broken registry file: one line naming the file and field, exit 2, before any input is read
    choose_backend_and_device(config)
    return {"config": config}


# --- segmentation stage: `segment` (multiling.segment) --------------------------------------------------------


@main.command()
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False), default="-")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="text: readable lines; json: {\"spans\": [...]}; jsonl: one {\"id\",\"text\"} record per input line.")
@click.option("--all", "show_all", is_flag=True, help="Also list English spans (text format).")
@ERRORS_OPTION
@RTL_OPTION
@click.pass_context
def segment(ctx: click.Context, source: str, fmt: str, show_all: bool, errors: Errors, rtl: RtlMode) -> None:
    """Print the language spans of SOURCE (a UTF-8 file, or - for stdin).

    Offsets are code points, end-exclusive (Python slicing). Exit 1 when a JSONL record could not be read.

    \b
    Examples:
      multiling segment seeds/003_60b8ed085d617c0b.txt
      multiling segment --format json article.txt
      printf '{"id": "a", "text": "He said «bonjour à tous, mes amis»."}\\n' | multiling segment --format jsonl -
    """
    from multiling.io import read_text
    from multiling.render.display import display_safe
    from multiling.render.text import resolve_rtl, shape_for_display
    from multiling.segment import segment as run_segment

    if fmt == "jsonl":
        from multiling.batch import segment_jsonl

        summary = segment_jsonl(source, errors=errors)
        for message in summary.errors:
            say(message)
        ctx.exit(EXIT_PARTIAL if summary.failed else EXIT_OK)
    text, replaced = read_text(source, errors=errors)
    if replaced:
        say(f"{source}: replaced {replaced} undecodable byte sequence(s) with U+FFFD")
    spans = run_segment(text)
    if not any(span.is_foreign for span in spans):
        say("no foreign spans")
    if fmt == "json":
        click.echo(dumps({"spans": [s.to_dict() for s in spans]}))
        return
    visual = resolve_rtl(rtl) == "visual"
    for span in spans:
        if span.lang == "en" and not show_all:
            continue
        shown = display_safe(shape_for_display(span.text) if visual else span.text)
        click.echo(f"{span.start:>6}-{span.end:<6} {span.lang:<4} {span.script:<5} {span.confidence:.2f}  {shown}")


# --- the whole pipeline: `annotate` (multiling.batch over multiling.pipeline) ----------------------------------

_ANNOTATE_FORMATS = ["terminal", "inline", "replace", "html", "markdown", "json", "jsonl", "webanno"]


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(_ANNOTATE_FORMATS), default="terminal", show_default=True,
              help="terminal: coloured spans + glosses; inline: text with ' [en: gloss]'; replace: all-English text; "
                   "html: standalone page; markdown: glosses as footnotes; json/jsonl: the annotated document; "
                   "webanno: W3C Web Annotation JSON. JSONL input always gives JSONL output.")
@click.option("--out", "out", type=click.Path(), default=None,
              help="Write here instead of stdout; a directory (existing, or ending in /) gets one file per document "
                   "(one .jsonl per JSONL source).")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True,
              help="auto: *.jsonl/*.ndjson, and stdin whose first line is a {\"text\": ...} object, are JSONL records; "
                   "anything else is one text. --format never changes how input is read.")
@click.option("--src", default=None,
              help="The language --model is for (ar, fa, zh...): only spans in LANG use it, the rest the registry's models.")
@MODEL_OPTIONS
@RTL_OPTION
@click.option("--color/--no-color", default=None, help="ANSI colours in terminal format (default: when stdout is a terminal).")
@ERRORS_OPTION
@click.option("--on-model-error", type=click.Choice(["mark", "raise"]), default="mark", show_default=True,
              help="A model that cannot be had: mark its spans no-model and go on (exit 1), or stop the run at once "
                   "with one line (exit 3), as a job should.")
@click.option("--resume", is_flag=True,
              help="JSONL in, --out FILE.jsonl: keep the records already in FILE (cutting off a partial last line) "
                   "and annotate only the rest, so a killed run can be restarted without losing or repeating any.")
@click.option("--engine", type=click.Choice(["local", "ray", "spark"]), default="local", show_default=True,
              help="local: this process; ray / spark: annotate on Ray Data actors or Spark tasks (multiling[ray] / "
                   "multiling[spark]); the output is the same, byte for byte.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Ray actors, or Spark task slots (local[N]); each holds one copy of the model.")
@click.option("--engine-address", default=None, metavar="URL",
              help="A Ray cluster address (ray://head:10001) or a Spark master URL (spark://head:7077); "
                   "default: a local engine on this machine.")
@QUIET_OPTION
@click.pass_context
def annotate(ctx: click.Context, sources: tuple[str, ...], fmt: str, out: str | None, input_format: str, src: str | None,
             model: str | None, profile: str, backend: str, device: str, compute_type: str | None, threads: int,
             batch_size: int | None, beam: int | None,
             offline: bool | None, no_cache: bool, rtl: RtlMode, color: bool | None, errors: Errors,
             on_model_error: str, resume: bool, engine: str, workers: int, engine_address: str | None,
             quiet: bool) -> None:
    """Find the foreign spans of each SOURCE (file, directory or - for stdin), gloss them in English, render them.

    JSONL input ({"id", "text"} per line) gives JSONL output. Offsets are code points (plus UTF-16 and
    UTF-8 offsets in json). Glosses come only from the model: where it cannot be had, each span says why
    and how to fetch it. A closing summary goes to stderr (unless -q).

    \b
    Exit codes: 0 every foreign span glossed; 1 some spans (or records) without a gloss;
                2 bad usage or unreadable input (the other files are still written);
                3 a model or backend unusable; 130 interrupted.

    \b
    Examples:
      multiling annotate seeds/003_60b8ed085d617c0b.txt
      multiling annotate article.txt --format html --out article.html
      multiling annotate articles/ --format json --out annotated/
      multiling annotate records.jsonl --profile fast --out annotated.jsonl --resume
      multiling annotate fa.txt --model ./opus-mt-fa-en --src fa
      cat records.jsonl | multiling annotate - > annotated.jsonl
      multiling annotate 'corpus/*.parquet' --engine ray --workers 4 --out annotated.parquet
    """
    from multiling.batch import run_annotate
    from multiling.pipeline import Pipeline

    pipeline = Pipeline(**_glosser_options(model, src, profile, backend, device, compute_type, threads, batch_size, beam,
                                           offline, no_cache, on_model_error))
    if engine == "local":
        if workers != 1 or engine_address is not None:
            raise ConfigError("--workers and --engine-address need --engine ray or --engine spark")
        if model is not None:
            pipeline.warmup()  # an explicit model that cannot be had stops here, once (exit 3)
        report = run_annotate(sources, fmt=fmt, pipeline=pipeline, out=out, input_format=input_format, errors=errors,
                              rtl=rtl, color=color, quiet=quiet, resume=resume)
    else:
        from multiling.integrations.engine import EngineAnnotator

        # The workers load the models at start-up: one that cannot be had fails the job with its one line (exit 3).
        with EngineAnnotator(engine, {"config": pipeline.config}, workers=workers, address=engine_address) as annotator:
            report = run_annotate(sources, fmt=fmt, pipeline=pipeline, out=out, input_format=input_format,
                                  errors=errors, rtl=rtl, color=color, quiet=quiet, resume=resume, annotator=annotator,
                                  stdout=annotator.stdout, stderr=annotator.stderr)
    ctx.exit(report.exit_code)


# --- translation stage: `translate` and `models` (multiling.translate) --------------------------------------------


@main.command("translate")
@click.argument("text")
@click.option("--src", default="auto", show_default=True,
              help="Source language code (ar, fa, zh-Hant...), or auto: the language multiling's segmenter finds in TEXT.")
@MODEL_OPTIONS
@ERRORS_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def translate_command(ctx: click.Context, text: str, src: str, model: str | None, profile: str, backend: str,
                      device: str, compute_type: str | None, threads: int, batch_size: int | None, beam: int | None, offline: bool | None, no_cache: bool,
                      errors: Errors, fmt: str) -> None:
    """Gloss TEXT (or - for stdin) in English: split into sentences; handles, URLs, numbers kept verbatim.

    \b
    Examples:
      multiling translate "قال الرئيس إن الوضع صعب"
      multiling translate "你好，世界" --src zh --format json
      echo "Привет, мир" | multiling translate -
    """
    from multiling.render.display import display_safe
    from multiling.translate import Glosser

    if text == "-":
        from multiling.io import read_text

        text = read_text("-", errors=errors)[0]
    lang = _dominant_language(text) if src == "auto" else src
    if lang is None:
        say("no foreign language found in TEXT (it reads as English); nothing to gloss — pass --src LANG to gloss it anyway")
        ctx.exit(EXIT_PARTIAL)
    glosser = Glosser(**_glosser_options(model, None if src == "auto" else src, profile, backend, device, compute_type,
                                         threads, batch_size, beam, offline, no_cache))
    (gloss,) = glosser.gloss([(text, lang)])
    if fmt == "json":
        click.echo(dumps({"text": text, "src": lang, "gloss": gloss.text, "status": gloss.status.value,
                          "model": gloss.model, "revision": gloss.revision, "flags": list(gloss.flags),
                          "message": gloss.message}))
    elif gloss.text is not None:
        click.echo(display_safe(gloss.text))
    if gloss.status.value != "ok":
        say(f"{gloss.status.value}: {gloss.message or ''}")
        ctx.exit(EXIT_MODEL if gloss.status.value == "no-model" else EXIT_PARTIAL)
    elif gloss.flags:
        say(f"flags: {', '.join(gloss.flags)}")


def _dominant_language(text: str) -> str | None:
    """The foreign language covering most of ``text`` by multiling's segmenter; ``None`` when it is all English."""
    from multiling.segment import segment as run_segment

    covered: dict[str, int] = {}
    for span in run_segment(text):
        if span.is_foreign:
            covered[span.lang] = covered.get(span.lang, 0) + span.end - span.start
    return max(covered, key=lambda lang: (covered[lang], lang)) if covered else None


@main.group("models")
def models_group() -> None:
    """List, download, convert and locate translation models (registry: models/registry.toml)."""


@models_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--languages", is_flag=True,
              help="One row per language the segmenter can emit: the model that glosses it and the evidence.")
@PROFILE_OPTION
def models_list(fmt: str, languages: bool, profile: str) -> None:
    """Registry models per language, their published quality, and whether they are on disk.

    \b
    Examples:
      multiling models list
      multiling models list --languages
      multiling models list --format json
    """
    from multiling.translate.manage import language_coverage, list_models

    if languages:
        coverage = language_coverage(profile)
        if fmt == "json":
            click.echo(dumps(coverage))
            return
        width = max((len(row["model"] or "-") for row in coverage), default=5)
        click.echo(f"{'LANG':<4} {'MODEL':<{width}} EVIDENCE")
        for row in coverage:
            click.echo(f"{row['lang']:<4} {row['model'] or '-':<{width}} {row['evidence']}")
        return
    rows = list_models()
    if fmt == "json":
        click.echo(dumps(rows))
        return
    # BLEU on different test sets is not comparable, so each score names its test set (source in --format json).
    quality = [f"BLEU {row['bleu']:.1f} {(row['bleu_on'] or '').split(' (')[0]}" if row["bleu"] is not None
               else "BLEU -" for row in rows]
    quality_width = max(map(len, quality), default=0)
    model_width = max((len(row["model"]) for row in rows), default=0)
    quality_width = max(quality_width, len("QUALITY"))
    model_width = max(model_width, len("MODEL"))
    click.echo(f"{'LANG':<4} {'PROF':<4} {'ARCH':<4} {'QUALITY':<{quality_width}} {'MODEL':<{model_width}} ON DISK")
    for row, score in zip(rows, quality, strict=True):
        where = row["local"] or "not downloaded"
        click.echo(f"{row['lang']:<4} {row['profile']:<4} {row['arch']:<4} {score:<{quality_width}} "
                   f"{row['model']:<{model_width}} {where}")


@models_group.command("pull")
@click.argument("lang_or_id")
@PROFILE_OPTION
@click.option("--revision", default=None, help="Branch, tag or commit (default: main).")
def models_pull(lang_or_id: str, profile: str, revision: str | None) -> None:
    """Download the model for a language (ar, zh...) or a model id; prints its directory.

    \b
    Examples:
      multiling models pull ar
      multiling models pull zh --profile fast
      multiling models pull Helsinki-NLP/opus-mt-tc-big-ar-en --revision main
    """
    from multiling.translate.manage import pull_model

    click.echo(str(pull_model(lang_or_id, profile, revision).path))


@models_group.command("convert")
@click.argument("lang_or_id")
@PROFILE_OPTION
@click.option("--quantization", default="float16", show_default=True,
              help="Stored weight type; the backend computes in int8 on CPU, float16 on CUDA.")
@click.option("--output", default=None, type=click.Path(file_okay=False), help="Target directory (default: the store).")
@click.option("--force", is_flag=True, help="Convert again even if a conversion exists.")
@OFFLINE_OPTION
def models_convert(lang_or_id: str, profile: str, quantization: str, output: str | None, force: bool,
                   offline: bool | None) -> None:
    """Convert a model to ctranslate2 (needs multiling[fast]); prints the converted directory.

    \b
    Examples:
      multiling models convert ar
      multiling models convert ru --profile fast --quantization int8
      multiling annotate article.txt --backend ctranslate2   # then use it
    """
    from multiling.translate.manage import convert_model

    click.echo(str(convert_model(lang_or_id, profile=profile, offline=offline, quantization=quantization,
                                 output=output, force=force)))


@models_group.command("path")
@click.argument("lang_or_id")
@PROFILE_OPTION
@BACKEND_OPTION
def models_path(lang_or_id: str, profile: str, backend: str) -> None:
    """Print the local directory of a model (exit 3 with the fetch command if it is not on disk).

    \b
    Examples:
      multiling models path ar
      multiling models path fa --backend ctranslate2
      ls "$(multiling models path zh)"
    """
    from multiling.translate.manage import model_path

    click.echo(str(model_path(lang_or_id, profile=profile, backend=backend)))
