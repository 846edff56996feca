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
from typing import Any

import click

from multiling.errors import (
    BackendError,
    InputError,
    MultilingError,
    ModelUnavailableError,
)

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

    text, replaced = read_text(source, errors=errors)  # type: ignore[arg-type]
    if replaced:
        click.echo(f"multiling: {source}: replaced {replaced} undecodable byte sequence(s) with U+FFFD", err=True)
    if fmt == "jsonl":
        for line_number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                doc_text = record["text"]
                if not isinstance(doc_text, str):
                    raise TypeError("'text' is not a string")
            except (ValueError, KeyError, TypeError) as exc:
                click.echo(dumps({"line": line_number, "error": f"bad record: {exc}"}))
                continue
            spans = run_segment(doc_text)
            click.echo(dumps({"id": record.get("id"), "spans": [s.to_dict() for s in spans]}))
        return
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
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or per-span messages on stderr.")
@click.pass_context
def annotate(ctx: click.Context, sources: tuple[str, ...], fmt: str, out: str | None, input_format: str,
             model: str | None, profile: str, backend: str, device: str, batch_size: int, beam: int | None,
             offline: bool | None, no_cache: bool, rtl: str, color: bool | None, errors: str, quiet: bool) -> None:
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
    from multiling.pipeline import Pipeline
    from multiling.render.output import run_annotate

    decoding = {} if beam is None else {"num_beams": beam}
    pipeline = Pipeline(model=model, profile=profile, backend=backend, device=device, offline=offline,
                        cache=not no_cache, batch_size=batch_size, **decoding)
    report = run_annotate(sources, fmt=fmt, pipeline=pipeline, out=out, input_format=input_format, errors=errors,
                          rtl=rtl, color=color, quiet=quiet)
    ctx.exit(report.exit_code)
