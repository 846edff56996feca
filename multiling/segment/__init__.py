"""Segmentation stage: split a document into language spans with exact code-point offsets.

``multiling.segment`` is both this package and the function users call (``multiling.segment(text)``). Once
the package is imported, Python binds the attribute ``multiling.segment`` to the package, so the package
itself is made callable: calling it is calling :func:`segment`.
"""

import sys
import types

from multiling.segment.segmenter import foreign_spans, segment, segment_tiling

__all__ = ["segment", "segment_tiling", "foreign_spans"]


class _CallableModule(types.ModuleType):
    def __call__(self, text: str):  # noqa: D102 - same contract as segment()
        return segment(text)


sys.modules[__name__].__class__ = _CallableModule
