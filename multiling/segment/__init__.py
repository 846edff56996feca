"""Segmentation stage: split a document into language spans with exact code-point offsets."""

from multiling.segment.segmenter import segment, segment_tiling

__all__ = ["segment", "segment_tiling"]
