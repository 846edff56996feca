"""Test doubles for the annotate stage: translators that never load a model.

They expose the same ``gloss(items)`` method as :class:`multiling.translate.Glosser` and are only ever passed
explicitly (``Pipeline(translator=...)``); nothing in multiling can pick them as a default.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Sequence

from multiling.types import Gloss, GlossStatus

TEST_MODEL = "tests.doubles:test-translator"


class ReversingTestTranslator:
    """Glosses each span as ``TEST(<lang>): <words in reverse order>`` — deterministic and obviously fake."""

    model = TEST_MODEL

    def __init__(self) -> None:
        self.calls: list[int] = []  # the size of each ``gloss`` call (to check batching across documents)

    def gloss(self, items: Sequence[tuple[str, str]]) -> list[Gloss]:
        self.calls.append(len(items))
        return [
            Gloss(f"TEST({lang}): {' '.join(reversed(text.split()))}", GlossStatus.OK, model=self.model, revision="test")
            for text, lang in items
        ]


class LookupTestTranslator:
    """Glosses from a fixed table keyed by span text; spans not in it get ``no-model`` (like a missing model)."""

    model = TEST_MODEL

    def __init__(self, table: Mapping[str, str], *, missing: GlossStatus = GlossStatus.NO_MODEL) -> None:
        self.table = dict(table)
        self.missing = missing

    def gloss(self, items: Sequence[tuple[str, str]]) -> list[Gloss]:
        out = []
        for text, lang in items:
            if text in self.table:
                out.append(Gloss(self.table[text], GlossStatus.OK, model=self.model, revision="test"))
            else:
                out.append(Gloss(None, self.missing, model=self.model,
                                 message=f"test table has no entry for this {lang} span; fetch it with `multiling models pull test`"))
        return out


class RenamedModel:
    """Wraps a glosser and replaces the model id in its glosses (a temporary path) by a stable name for goldens."""

    def __init__(self, inner, name: str) -> None:
        self.inner = inner
        self.name = name

    def gloss(self, items: Sequence[tuple[str, str]]) -> list[Gloss]:
        return [dataclasses.replace(g, model=self.name) if g.model else g for g in self.inner.gloss(items)]
