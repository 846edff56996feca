"""Benchmark: linking Arabic spans to the article's own English rendering of them, with real MarianMT glosses.

    python bench/renderings.py --json                  # opus-mt glosses, held-out sentences; last line = JSON
    python bench/renderings.py --all-systems           # also the weaker argos and the stronger bergamot outputs
    python bench/renderings.py --split tune            # the sentences the thresholds were tuned on
    python bench/renderings.py --example               # the README's example article (replayed opus-mt glosses)

Documents are built from FLORES-200 dev (``../shared/data/flores200-dev``): English context sentences (some from
the same source article as the Arabic, i.e. on the same topic), one or two embedded Arabic sentences (inline
after a colon, or on a line of their own like a tweet), and for 75% of them the article's rendering: the human
English reference of that sentence (``en.txt``), whole or one clause of it, quoted or not, before or after the
Arabic. A share of renderings is perturbed (a number changed, a negation added) to measure divergence checks.

Glosses are **replayed** saved system outputs (``ar-en-systems/opusmt.en`` = the real output of
Helsinki-NLP/opus-mt-ar-en for each line of ``ar.txt``) through :class:`multiling.testing.ReplayTranslator`,
a clearly named test double; the segmenter is the real one. The sentences are split once (seeded) into a tuning
part (40%) and a held-out part (60%); defaults were chosen on the tuning part, figures are reported on held-out.

Metrics (per Arabic sentence with a gloss): a predicted link is correct when its range overlaps the gold
rendering with IoU >= 0.5. link precision/recall/F1 over all links; MRR = mean 1/rank of the first correct link
over sentences that have a rendering; false_link_rate = share of sentences *without* a rendering in the document
that got any link; divergence_recall = share of number-perturbed renderings, among those correctly linked (divergences are
checked where a link is found), whose link reports a number divergence (``divergence_recall_end_to_end``: among all
number-perturbed renderings, a missed link counting as a miss); divergence_false_alarm_rate = share of unperturbed
correct links that report a number divergence (negation: the same figures, reported separately).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FLORES = Path(os.environ.get("MULTILING_FLORES_DIR", REPO.parent / "shared" / "data" / "flores200-dev"))
SYSTEMS = {"opusmt": "Helsinki-NLP/opus-mt-ar-en (saved outputs)", "argos": "argos-translate ar-en (saved outputs)",
           "bergamot-base": "bergamot base ar-en (saved outputs)"}
TUNE_SHARE = 0.4
AUXILIARY = re.compile(r"\b(is|was|are|were|will|can|has|have|had|would|could|should|did|does|do|may|must)\b")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
HANDLES = ["@IraqiPMO", "@AlArabiya", "@UN_News", "@Reuters", "@MofaQatar"]
NAMES = ["Ministry spokesman", "Ahmed Saleh", "The Council", "Layla Hassan", "Press office"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


@dataclass
class Gold:
    """One embedded Arabic sentence of a document and what the benchmark knows about it."""

    index: int  # FLORES line
    start: int
    end: int
    rendering: tuple[int, int] | None = None
    perturbed: str | None = None  # "number" | "negation" | None
    clause: bool = False


@dataclass
class Doc:
    text: str
    golds: list[Gold] = field(default_factory=list)


def load() -> dict[str, list[str]]:
    if not (FLORES / "ar.txt").exists():
        sys.exit(f"FLORES-200 dev not found at {FLORES}; set MULTILING_FLORES_DIR")
    data = {name: (FLORES / f"{name}.txt").read_text(encoding="utf-8").splitlines() for name in ("ar", "en")}
    for system in SYSTEMS:
        data[system] = (FLORES / "ar-en-systems" / f"{system}.en").read_text(encoding="utf-8").splitlines()
    return data


def split_indices(count: int, seed: int = 13) -> dict[str, list[int]]:
    order = list(range(count))
    random.Random(seed).shuffle(order)
    cut = int(count * TUNE_SHARE)
    return {"tune": sorted(order[:cut]), "heldout": sorted(order[cut:])}


def _clause(sentence: str, rng: random.Random) -> str | None:
    """One clause of at least 6 words (the sentence cut at , ; :), without end punctuation; None if it has none."""
    parts = [p.strip(" ,;:.") for p in re.split(r"[,;:]\s+", sentence.rstrip("."))]
    parts = [p for p in parts if len(p.split()) >= 6 and len(p.split()) <= len(sentence.split()) - 3]
    return rng.choice(parts) if parts else None


def _perturb_number(text: str, arabic_numbers: set[str], rng: random.Random) -> str | None:
    from multiling.merge.renderings import numbers_in

    for match in NUMBER.finditer(text):
        if set(numbers_in(match.group())) & arabic_numbers:
            value = match.group()
            digits = re.sub(r"\D", "", value)
            changed = str(int(digits) + rng.choice([1, 2, 3, 5, 10, 20]))
            return text[: match.start()] + changed + text[match.end() :]
    return None


def _perturb_negation(text: str) -> str | None:
    from multiling.merge.renderings import has_negation

    if has_negation(text):
        return None
    match = AUXILIARY.search(text)
    if match is None:
        return None
    return text[: match.end()] + " not" + text[match.end() :]


def build_documents(data: dict[str, list[str]], indices: list[int], seed: int = 0) -> list[Doc]:
    """Documents embedding every sentence of ``indices`` once (one or two per document)."""
    from multiling.merge.renderings import numbers_in

    rng = random.Random(seed)
    ar, en = data["ar"], data["en"]
    pool = list(indices)
    rng.shuffle(pool)
    docs = []
    while pool:
        chosen = [pool.pop()]
        if pool and rng.random() < 0.3:
            chosen.append(pool.pop())
        taken = set(chosen)
        # Context: same-topic neighbours (FLORES dev keeps consecutive sentences of one article) and random ones.
        near = [j for i in chosen for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(en) and j not in taken]
        context = rng.sample(near, min(len(near), rng.randint(1, 3)))
        context += rng.sample(range(len(en)), rng.randint(2, 4))
        context = [j for j in dict.fromkeys(context) if j not in taken]
        paragraphs: list[list[tuple[str, object]]] = [[("en", en[j]) for j in context[: len(context) // 2]],
                                                     [("en", en[j]) for j in context[len(context) // 2 :]]]
        golds = []
        for i in chosen:
            gold = Gold(i, -1, -1)
            golds.append(gold)
            layout = rng.choice(["inline", "line"])
            arabic = ("ar-inline" if layout == "inline" else "ar-line", gold)
            place = rng.randrange(len(paragraphs) + 1)
            items: list[tuple[str, object]] = [arabic]
            if rng.random() < 0.75:
                rendering = en[i].strip()
                clause = _clause(rendering, rng) if rng.random() < 0.4 else None
                if clause:
                    rendering, gold.clause = clause, True
                roll = rng.random()
                number_changed = _perturb_number(rendering, set(numbers_in(ar[i])), rng) if roll < 0.4 else None
                if number_changed:
                    rendering, gold.perturbed = number_changed, "number"
                elif 0.4 <= roll < 0.55:
                    changed = _perturb_negation(rendering)
                    if changed:
                        rendering, gold.perturbed = changed, "negation"
                quoted = rng.random() < 0.5
                render_item = ("rendering", (gold, rendering, quoted, gold.clause))
                items = [render_item, arabic] if rng.random() < 0.3 else [arabic, render_item]
            paragraphs.insert(place, items)  # type: ignore[arg-type]
        docs.append(_assemble(paragraphs, ar, rng))
    return docs


def _assemble(paragraphs: list, ar: list[str], rng: random.Random) -> Doc:
    text = ""
    golds = []
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if text:
            text += "\n\n"
        first = True
        for kind, value in paragraph:
            sep = "" if first else (" " if kind != "ar-line" else "\n")
            first = False
            text += sep
            if kind == "en":
                text += value
            elif kind in ("ar-inline", "ar-line"):
                gold = value
                sentence = ar[gold.index].strip()
                if kind == "ar-inline":
                    text += rng.choice(["The statement, posted in Arabic, read: «", "It wrote: «", "The post said: «"])
                    gold.start = len(text)
                    text += sentence
                    gold.end = len(text)
                    text += "»"
                else:
                    gold.start = len(text)
                    text += sentence
                    gold.end = len(text)
                    text += f" — {rng.choice(NAMES)} ({rng.choice(HANDLES)}) {rng.choice(MONTHS)} {rng.randint(1, 28)}, 2022\n"
                golds.append(gold)
            else:
                gold, rendering, quoted, clause = value
                if quoted:
                    lead = rng.choice(["In English, the message said: “", "According to the translation, “", "The message reads: “"])
                    text += lead
                    start = len(text)
                    text += rendering
                    end = len(text)
                    text += "”" + ("" if rendering.endswith((".", "?", "!")) else ".")
                elif clause:
                    text += rng.choice(["The statement said that ", "It added that ", "Officials said that "])
                    start = len(text)
                    text += rendering
                    end = len(text)
                    text += "."
                else:
                    start = len(text)
                    text += rendering
                    end = len(text)
                    if not rendering.endswith((".", "?", "!")):
                        text += "."
                gold.rendering = (start, end)
    return Doc(text.strip() + "\n", golds)


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


DEBUG = os.environ.get("RENDERINGS_DEBUG")


def _debug(what: str, doc: Doc, gold: Gold, links: list) -> None:
    """With RENDERINGS_DEBUG=1, print each miss, false link and divergence error to stderr (error analysis)."""
    if not DEBUG:
        return
    rendering = doc.text[gold.rendering[0] : gold.rendering[1]] if gold.rendering else None
    print(f"--- {what} line {gold.index}\n  gold: {rendering!r}", file=sys.stderr)
    for link in links:
        print(f"  link {link.score:.3f}: {link.text!r} {[d.to_dict() for d in link.divergences]}", file=sys.stderr)


def evaluate(docs: list[Doc], data: dict[str, list[str]], system: str, **options: float) -> dict:
    """Annotate every document with replayed ``system`` glosses, link renderings and score them."""
    from multiling.merge.renderings import find_renderings
    from multiling.pipeline import annotate
    from multiling.testing import ReplayTranslator

    translator = ReplayTranslator(data["ar"], data[system], model=SYSTEMS[system])
    c = dict(predicted=0, correct=0, gold=0, no_gold=0, false_linked=0, rr=0.0, glossless=0,
             number_total=0, number_found=0, negation_total=0, negation_found=0, clean_links=0,
             number_perturbed=0, negation_perturbed=0,
             clean_number_alarms=0, clean_negation_alarms=0)
    seconds = 0.0
    for doc in docs:
        annotated = annotate(doc.text, translator=translator)
        started = time.process_time()
        found = find_renderings(annotated.text, annotated.spans, excluded=[(p.start, p.end) for p in annotated.posts], **options)  # type: ignore[arg-type]
        seconds += time.process_time() - started
        for gold in doc.golds:
            links = []
            glossed = False
            for span, renderings in zip(annotated.spans, found):
                if span.start < gold.end and gold.start < span.end:
                    glossed = glossed or span.gloss.text is not None
                    links.extend(renderings)
            if not glossed:
                c["glossless"] += 1
                continue
            links.sort(key=lambda r: (-r.score, r.start))
            c["predicted"] += len(links)
            if gold.rendering is None:
                c["no_gold"] += 1
                c["false_linked"] += bool(links)
                if links:
                    _debug("false-link", doc, gold, links)
                continue
            c["gold"] += 1
            rank = next((k for k, link in enumerate(links, 1) if _iou((link.start, link.end), gold.rendering) >= 0.5), None)
            if gold.perturbed:
                c[f"{gold.perturbed}_perturbed"] += 1
            if rank is None:
                _debug("miss", doc, gold, links)
                continue
            c["correct"] += 1
            c["rr"] += 1 / rank
            kinds = {d.kind for d in links[rank - 1].divergences}
            if gold.perturbed:
                c[f"{gold.perturbed}_total"] += 1
                c[f"{gold.perturbed}_found"] += gold.perturbed in kinds
                if gold.perturbed not in kinds:
                    _debug(f"missed-{gold.perturbed}", doc, gold, links)
            else:
                if kinds:
                    _debug("alarm-" + ",".join(sorted(kinds)), doc, gold, links)
                c["clean_links"] += 1
                c["clean_number_alarms"] += "number" in kinds
                c["clean_negation_alarms"] += "negation" in kinds
    precision = c["correct"] / c["predicted"] if c["predicted"] else 0.0
    recall = c["correct"] / c["gold"] if c["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def share(a: str, b: str) -> float:
        return round(c[a] / c[b], 4) if c[b] else 0.0

    return {
        "system": system, "sentences": c["gold"] + c["no_gold"], "with_rendering": c["gold"],
        "without_rendering": c["no_gold"], "without_gloss": c["glossless"],
        "link_precision": round(precision, 4), "link_recall": round(recall, 4), "link_f1": round(f1, 4),
        "mrr": share("rr", "gold"), "false_link_rate": share("false_linked", "no_gold"),
        "divergence_recall": share("number_found", "number_total"),
        "divergence_recall_end_to_end": share("number_found", "number_perturbed"),
        "divergence_false_alarm_rate": share("clean_number_alarms", "clean_links"),
        "number_perturbed": c["number_perturbed"], "number_perturbed_linked": c["number_total"],
        "negation_recall": share("negation_found", "negation_total"),
        "negation_recall_end_to_end": share("negation_found", "negation_perturbed"),
        "negation_false_alarm_rate": share("clean_negation_alarms", "clean_links"),
        "negation_perturbed": c["negation_perturbed"], "negation_perturbed_linked": c["negation_total"],
        "link_seconds_per_doc": round(seconds / max(1, len(docs)), 5),
    }


def example(data: dict[str, list[str]]) -> str:
    """A short article built from FLORES-200 dev lines 8-10 (1-based): English context, the Arabic of lines 9 and 10
    as posts, the article's own rendering of line 10 (a clause of the human reference) and of line 9 (the
    reference with one number changed). Glosses: the saved opus-mt outputs of those lines."""
    ar, en = data["ar"], data["en"]
    clause = en[9].split(", stating")[0]
    changed = en[8].replace("11:00", "12:00")
    return (f"{en[7]} Organisers posted updates in Arabic through the morning.\n\n"
            f"{ar[8]}\n{ar[9]}\n\n"
            f"According to the organisers, “{changed}” Later, they wrote that {clause[0].lower() + clause[1:]}.\n")


def show_example(data: dict[str, list[str]]) -> None:
    from multiling.pipeline import annotate
    from multiling.render import render
    from multiling.testing import ReplayTranslator

    doc = annotate(example(data), translator=ReplayTranslator(data["ar"], data["opusmt"], model=SYSTEMS["opusmt"]))
    print(render(doc, "inline").text)
    for index, span in enumerate(doc.spans):
        for link in span.renderings:
            print(json.dumps({"span": index, **link.to_dict()}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["tune", "heldout"], default="heldout")
    parser.add_argument("--system", choices=list(SYSTEMS), default="opusmt")
    parser.add_argument("--all-systems", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3, help="documents built this many times over the sentences (other layouts)")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of the (first) system's figures")
    parser.add_argument("--example", action="store_true", help="print the README's example article, annotated")
    args = parser.parse_args()
    data = load()
    if args.example:
        show_example(data)
        return
    indices = split_indices(len(data["ar"]))[args.split]
    docs = [doc for round_number in range(args.rounds) for doc in build_documents(data, indices, seed=args.seed + round_number)]
    options = {} if args.threshold is None else {"threshold": args.threshold}
    systems = list(SYSTEMS) if args.all_systems else [args.system]
    results = [evaluate(docs, data, system, **options) for system in systems]
    print(f"renderings benchmark | split {args.split} ({len(indices)} sentences x {args.rounds} rounds, {len(docs)} documents) | seed {args.seed}")
    print("| glosses | link P | link R | link F1 | MRR | false links | number div. recall (end to end) | number false alarms "
          "| negation recall (end to end) | negation false alarms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['system']} | {r['link_precision']:.3f} | {r['link_recall']:.3f} | {r['link_f1']:.3f} | {r['mrr']:.3f} | "
              f"{r['false_link_rate']:.3f} | {r['divergence_recall']:.3f} ({r['divergence_recall_end_to_end']:.3f}) | "
              f"{r['divergence_false_alarm_rate']:.3f} | {r['negation_recall']:.3f} ({r['negation_recall_end_to_end']:.3f}) | "
              f"{r['negation_false_alarm_rate']:.3f} |")
    first = results[0]
    print(f"{first['with_rendering']} sentences with a rendering, {first['without_rendering']} without, {first['without_gloss']} "
          f"without a gloss; {first['number_perturbed']} number- and {first['negation_perturbed']} negation-perturbed renderings "
          f"({first['number_perturbed_linked']} / {first['negation_perturbed_linked']} linked); "
          f"{first['link_seconds_per_doc'] * 1000:.1f} ms CPU per document to link")
    if args.json:
        print(json.dumps(results[0]))


if __name__ == "__main__":
    main()
