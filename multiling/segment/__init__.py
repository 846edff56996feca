"""Segmentation stage: split a document into language spans with exact code-point offsets.

``multiling.segment`` is both this package and the function users call (``multiling.segment(text)``): the
package is callable (see :func:`multiling._lazy.make_module_callable`).
"""

from multiling._lazy import make_module_callable
from multiling.segment.segmenter import foreign_spans, segment, segment_tiling

__all__ = ["segment", "segment_tiling", "foreign_spans"]

make_module_callable(__name__, segment)
