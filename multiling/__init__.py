"""multiling: find the foreign-language spans of an English article, gloss them in English, re-attach by offset.

``import multiling`` is cheap: no disk, no network, no torch. Heavy parts load on first use.

Data flows one way: text → spans (:func:`segment`) → glosses (:func:`load_translator`) →
annotated document (:func:`annotate`) → renderings (``multiling.render``).
"""

from __future__ import annotations

from multiling._lazy import lazy_attributes

__version__ = "0.1.0"

# name -> "module:attribute"; resolved on first access so heavy modules load only when used.
_LAZY = {
    "segment": "multiling.segment:segment",
    "segment_tiling": "multiling.segment:segment_tiling",
    "Span": "multiling.types:Span",
    "Gap": "multiling.types:Gap",
    "Gloss": "multiling.types:Gloss",
    "GlossStatus": "multiling.types:GlossStatus",
    "tile": "multiling.types:tile",
    "MultilingError": "multiling.errors:MultilingError",
    "load_translator": "multiling.translate:load_translator",
    "Translator": "multiling.translate.base:Translator",
    "annotate": "multiling.pipeline:annotate",
    "Pipeline": "multiling.pipeline:Pipeline",
    "AnnotatedDocument": "multiling.document:AnnotatedDocument",
    "render": "multiling.render:render",
    "ARROW_SCHEMA": "multiling.columnar:ARROW_SCHEMA",
}

__all__ = ["__version__", *_LAZY]


__getattr__, __dir__ = lazy_attributes('multiling', _LAZY, globals())
