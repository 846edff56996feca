"""The ``multiling`` command line: thin wrappers over library functions.

Exit codes (mapped in one place, :class:`_Group`):
    0  everything succeeded (every foreign span glossed)
    1  the run finished but some spans or records have no gloss (no model, model error)
    2  bad usage or unreadable input (undecodable bytes, binary file, unknown option)
    3  a model or backend could not be used at all

Data goes to stdout, progress and messages to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from multiling.errors import (
    BackendError,
    InputError,
    ModelUnavailableError,
    MultilingError,
)

if TYPE_CHECKING:
    from multiling.io import Errors
    from multiling.render.text import RtlMode

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_MODEL = 0, 1, 2, 3


class _Group(click.Group):
    """Maps library errors to exit codes and one clear line on stderr — never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"multiling: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except (ModelUnavailableError, BackendError) as exc:
            click.echo(f"multiling: {exc}", err=True)
            ctx.exit(EXIT_MODEL)
        except MultilingError as exc:
            click.echo(f"multiling: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:
            # The reader went away (`multiling segment big.txt | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_PARTIAL)
        except OSError as exc:
            click.echo(f"multiling: {exc.filename or ''}: {exc.strerror or exc}", err=True)
            ctx.exit(EXIT_USAGE)


def dumps(obj: Any) -> str:
    """Deterministic JSON for machine output: fixed key order, UTF-8 kept as is."""
    return json.dumps(obj, ensure_ascii=False)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="multiling")
def main() -> None:
    """Find foreign-language spans in English articles, gloss them in English, keep exact offsets.

    \b
    Examples:
      multiling segment seeds/003_60b8ed085d617c0b.txt
      multiling annotate article.txt --format inline
    """


@main.command()
@click.argument("source", type=click.Path(allow_dash=True, dir_okay=False), default="-")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="text: readable lines; json: {\"spans\": [...]}; jsonl: one {\"id\",\"text\"} record per input line.")
@click.option("--all", "show_all", is_flag=True, help="Also list English spans (text format).")
@click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
              help="What to do with undecodable bytes: stop (exit 2) or substitute U+FFFD.")
def segment(source: str, fmt: str, show_all: bool, errors: str) -> None:
    """Print the language spans of SOURCE (a UTF-8 file, or - for stdin).

    Offsets are code points, end-exclusive (Python slicing).

    \b
    Examples:
      multiling segment seeds/003_60b8ed085d617c0b.txt
      multiling segment --format json article.txt
      printf '{"id": "a", "text": "He said «bonjour à tous, mes amis»."}\\n' | multiling segment --format jsonl -
    """
    from multiling.io import read_text
    from multiling.segment import segment as run_segment

    if fmt == "jsonl":
        from multiling.batch import segment_jsonl

        segment_jsonl(source, errors=errors)  # type: ignore[arg-type]
        return
    text, replaced = read_text(source, errors=errors)  # type: ignore[arg-type]
    if replaced:
        click.echo(f"multiling: {source}: replaced {replaced} undecodable byte sequence(s) with U+FFFD", err=True)
    spans = run_segment(text)
    if fmt == "json":
        click.echo(dumps({"spans": [s.to_dict() for s in spans]}))
        return
    for span in spans:
        if span.lang == "en" and not show_all:
            continue
        click.echo(f"{span.start:>6}-{span.end:<6} {span.lang:<4} {span.script:<5} {span.confidence:.2f}  {span.text}")


_ANNOTATE_FORMATS = ["terminal", "inline", "replace", "html", "markdown", "json", "jsonl", "webanno"]


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(_ANNOTATE_FORMATS), default="terminal", show_default=True,
              help="terminal: coloured spans + glosses; inline: text with ' [en: gloss]'; replace: all-English text; "
                   "html: standalone page; markdown: glosses as footnotes; json/jsonl: the annotated document; "
                   "webanno: W3C Web Annotation JSON.")
@click.option("--out", "out", type=click.Path(), default=None,
              help="Write here instead of stdout; a directory (existing, or ending in /) gets one file per document.")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl"]), default="auto", show_default=True,
              help="auto: *.jsonl/*.ndjson are {\"id\",\"text\"} records (JSONL out), anything else is one text.")
@click.option("--model", default=None, help="Model id or directory for every foreign span (default: the registry's per language).")
@click.option("--profile", type=click.Choice(["fast", "best"]), default="best", show_default=True)
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]), default="transformers", show_default=True)
@click.option("--device", default="cpu", show_default=True, help="cpu, cuda or cuda:N.")
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True, help="Sentences per model batch.")
@click.option("--beam", type=click.IntRange(1), default=None, help="Beam size (1 = greedy); default: the profile's.")
@click.option("--offline/--online", default=None, help="Forbid (or allow) model downloads; default from HF_HUB_OFFLINE.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@click.option("--rtl", type=click.Choice(["auto", "logical", "visual"]), default="auto", show_default=True,
              help="terminal format only: visual shapes and reorders Arabic/Hebrew for terminals without bidi; "
                   "auto does so only on such a terminal, never into a file or pipe.")
@click.option("--color/--no-color", default=None, help="ANSI colours in terminal format (default: when stdout is a terminal).")
@click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict", show_default=True,
              help="Undecodable bytes: stop (exit 2) or substitute U+FFFD.")
@click.option("--resume", is_flag=True,
              help="JSONL in, --out FILE.jsonl: keep the records already in FILE (cutting off a partial last line) "
                   "and annotate only the rest, so a killed run can be restarted without losing or repeating any.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or per-span messages on stderr.")
@click.pass_context
def annotate(ctx: click.Context, sources: tuple[str, ...], fmt: str, out: str | None, input_format: str,
             model: str | None, profile: str, backend: str, device: str, batch_size: int, beam: int | None,
             offline: bool | None, no_cache: bool, rtl: RtlMode, color: bool | None, errors: Errors, resume: bool,
             quiet: bool) -> None:
    """Find the foreign spans of each SOURCE (file, directory or - for stdin), gloss them in English, render them.

    JSONL input ({"id", "text"} per line) gives JSONL output. Offsets are code points (plus UTF-16 and
    UTF-8 offsets in json). Glosses come only from the model: where it cannot be had, each span says why
    and how to fetch it.

    \b
    Exit codes: 0 every foreign span glossed; 1 some spans (or records) without a gloss;
                2 bad usage or unreadable input; 3 a model or backend unusable.

    \b
    Examples:
      multiling annotate seeds/003_60b8ed085d617c0b.txt
      multiling annotate article.txt --format html --out article.html
      multiling annotate articles/ --format json --out annotated/
      multiling annotate records.jsonl --profile fast --out annotated.jsonl
    """
    from multiling.batch import run_annotate
    from multiling.pipeline import Pipeline

    decoding: dict[str, Any] = {} if beam is None else {"num_beams": beam}
    pipeline = Pipeline(model=model, profile=profile, backend=backend, device=device, offline=offline,
                        cache=not no_cache, batch_size=batch_size, **decoding)
    report = run_annotate(sources, fmt=fmt, pipeline=pipeline, out=out, input_format=input_format, errors=errors,
                          rtl=rtl, color=color, quiet=quiet, resume=resume)
    ctx.exit(report.exit_code)


# --- translation stage: `translate` and `models` (multiling.translate) --------------------------------------------


@main.command("translate")
@click.argument("text")
@click.option("--src", default=None, help="Source language code (ar, fa, zh-Hant...); picks the registry model.")
@click.option("--model", default=None, help="Model id or directory (default: the registry's for --src).")
@click.option("--profile", type=click.Choice(["best", "fast"]), default="best", show_default=True)
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]), default="transformers", show_default=True)
@click.option("--device", default="cpu", show_default=True, help="cpu, cuda or cuda:N.")
@click.option("--beam", type=click.IntRange(1), default=4, show_default=True, help="Beam size (1 = greedy).")
@click.option("--offline/--online", default=None, help="Forbid (or allow) downloads; default from HF_HUB_OFFLINE.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the translation cache.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def translate_command(ctx: click.Context, text: str, src: str | None, model: str | None, profile: str, backend: str,
                      device: str, beam: int, offline: bool | None, no_cache: bool, fmt: str) -> None:
    """Gloss TEXT in English (split into sentences; handles, URLs, numbers kept verbatim).

    \b
    Examples:
      multiling translate "قال الرئيس إن الوضع صعب" --src ar
      multiling translate "你好，世界" --src zh --format json
    """
    from multiling.translate import Glosser

    if src is None and model is None:
        raise click.UsageError("give --src LANG (or --model ID)")
    glosser = Glosser(model, src=src, profile=profile, backend=backend, device=device, offline=offline,
                      cache=not no_cache, num_beams=beam)
    (gloss,) = glosser.gloss([(text, src or "und")])
    if fmt == "json":
        click.echo(dumps({"text": text, "gloss": gloss.text, "status": gloss.status.value, "model": gloss.model,
                          "revision": gloss.revision, "flags": list(gloss.flags), "message": gloss.message}))
    elif gloss.text is not None:
        click.echo(gloss.text)
    if gloss.status.value != "ok":
        click.echo(f"multiling: {gloss.status.value}: {gloss.message}", err=True)
        ctx.exit(EXIT_MODEL if gloss.status.value == "no-model" else EXIT_PARTIAL)
    elif gloss.flags:
        click.echo(f"multiling: flags: {', '.join(gloss.flags)}", err=True)


@main.group("models")
def models_group() -> None:
    """List, download, convert and locate translation models (registry: models/registry.toml)."""


@models_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def models_list(fmt: str) -> None:
    """Registry models per language, their published quality, and whether they are on disk."""
    from multiling.translate.manage import list_models

    rows = list_models()
    if fmt == "json":
        click.echo(dumps(rows))
        return
    # BLEU on different test sets is not comparable, so each score names its test set (source in --format json).
    quality = [f"BLEU {row['bleu']:.1f} {(row['bleu_on'] or '').split(' (')[0]}" if row["bleu"] is not None
               else "BLEU -" for row in rows]
    quality_width = max(map(len, quality), default=0)
    model_width = max((len(row["model"]) for row in rows), default=0)
    for row, score in zip(rows, quality, strict=True):
        where = row["local"] or "not downloaded"
        click.echo(f"{row['lang']:<4} {row['profile']:<4} {row['arch']:<4} {score:<{quality_width}} "
                   f"{row['model']:<{model_width}} {where}")


@models_group.command("pull")
@click.argument("lang_or_id")
@click.option("--profile", type=click.Choice(["best", "fast"]), default="best", show_default=True)
@click.option("--revision", default=None, help="Branch, tag or commit (default: main).")
def models_pull(lang_or_id: str, profile: str, revision: str | None) -> None:
    """Download the model for a language (ar, zh...) or a model id; prints its directory."""
    from multiling.translate.manage import pull_model

    click.echo(str(pull_model(lang_or_id, profile, revision).path))


@models_group.command("convert")
@click.argument("lang_or_id")
@click.option("--profile", type=click.Choice(["best", "fast"]), default="best", show_default=True)
@click.option("--quantization", default="float16", show_default=True,
              help="Stored weight type; the backend computes in int8 on CPU, float16 on CUDA.")
@click.option("--output", default=None, type=click.Path(file_okay=False), help="Target directory (default: the store).")
@click.option("--force", is_flag=True, help="Convert again even if a conversion exists.")
@click.option("--offline/--online", default=None, help="Forbid (or allow) downloading the checkpoint first.")
def models_convert(lang_or_id: str, profile: str, quantization: str, output: str | None, force: bool,
                   offline: bool | None) -> None:
    """Convert a model to ctranslate2 (needs multiling[fast]); prints the converted directory."""
    from multiling.translate.manage import convert_model

    click.echo(str(convert_model(lang_or_id, profile=profile, offline=offline, quantization=quantization,
                                 output=output, force=force)))


@models_group.command("path")
@click.argument("lang_or_id")
@click.option("--profile", type=click.Choice(["best", "fast"]), default="best", show_default=True)
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]), default="transformers", show_default=True)
def models_path(lang_or_id: str, profile: str, backend: str) -> None:
    """Print the local directory of a model (exit 3 with the fetch command if it is not on disk)."""
    from multiling.translate.manage import model_path

    click.echo(str(model_path(lang_or_id, profile=profile, backend=backend)))
