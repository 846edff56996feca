"""Load and validate the real-text benchmark (bench/real/README.md): documents with gold spans in code points.

    python bench/real/load.py          # validates every file, prints counts; exit 1 on the first bad file
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
ENGLISH = HERE / "english"
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


class GoldError(ValueError):
    """A gold file that breaks the conventions of bench/real/README.md."""


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _resolve(text: str, items: list[dict], where: str) -> list[tuple[int, int, dict]]:
    """Find each item's text at its first occurrence after the previous item's end (document order)."""
    resolved = []
    position = 0
    for item in items:
        needle = item.get("text")
        if not isinstance(needle, str) or not needle:
            raise GoldError(f"{where}: an item without text: {item!r}")
        start = text.find(needle, position)
        if start < 0:
            raise GoldError(f"{where}: {needle!r} not found after offset {position} (spans must be in document order)")
        end = start + len(needle)
        resolved.append((start, end, item))
        position = end
    return resolved


def load_document(path: Path) -> dict:
    """One document with ``spans`` and ``dont_care`` resolved to ``(start, end, lang)`` / ``(start, end)``."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    where = path.name
    for key in ("id", "url", "text", "spans"):
        if key not in doc:
            raise GoldError(f"{where}: missing {key!r}")
    text = doc["text"]
    spans = []
    for start, end, item in _resolve(text, doc["spans"], where):
        lang = item.get("lang")
        if not isinstance(lang, str) or not lang or lang == "en":
            raise GoldError(f"{where}: span {item['text']!r} needs a foreign lang code")
        if not (_is_word_char(text[start]) and _is_word_char(text[end - 1])):
            raise GoldError(f"{where}: span {item['text']!r} must start and end on a letter or digit")
        if any(c in LINE_BREAKS for c in text[start:end]):
            raise GoldError(f"{where}: span {item['text']!r} crosses a line break")
        spans.append((start, end, lang))
    dont_care = [(s, e) for s, e, _ in _resolve(text, doc.get("dont_care", []), where + " dont_care")]
    for s, e in dont_care:
        if any(s < span_end and span_start < e for span_start, span_end, _ in spans):
            raise GoldError(f"{where}: dont_care {text[s:e]!r} overlaps a gold span (list it after the span it follows)")
    return {**doc, "spans": spans, "dont_care": dont_care, "raw_spans": doc["spans"]}


def load_documents(folder: Path = DOCS) -> list[dict]:
    """Every ``docs/*.json`` in name order."""
    return [load_document(path) for path in sorted(folder.glob("*.json"))]


def load_english(folder: Path = ENGLISH) -> list[dict]:
    """Every sentence of ``english/*.jsonl``: ``{"id", "url", "text"}``."""
    sentences = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                record = json.loads(line)
                if not isinstance(record.get("text"), str) or "id" not in record:
                    raise GoldError(f"{path.name}:{number}: needs 'id' and 'text'")
                sentences.append(record)
    return sentences


def main() -> int:
    try:
        docs = load_documents()
        english = load_english()
    except GoldError as error:
        print(f"bench/real: {error}", file=sys.stderr)
        return 1
    langs = Counter(lang for doc in docs for _, _, lang in doc["spans"])
    print(f"{len(docs)} documents, {sum(langs.values())} gold spans, {len(english)} English sentences")
    print("spans by language:", ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
