"""Translation stage: English glosses for foreign spans from MarianMT models.

Public API (imported lazily, so ``import multiling.translate`` does not import torch):

- :func:`load_translator` — a model id, directory or language → a :class:`~multiling.translate.base.Translator`.
- :class:`Glosser` — span texts + language codes → :class:`~multiling.types.Gloss` objects, with model choice
  per language, sentence splitting, protection of handles/URLs/numbers, de-duplication, batching and caching.
- :class:`DecodingOptions`, :func:`load_registry`, :class:`TranslationCache`, :class:`CachedTranslator`.
"""

from __future__ import annotations

from multiling._lazy import lazy_attributes

_LAZY = {
    "load_translator": "multiling.translate.loader:load_translator",
    "model_for_language": "multiling.translate.loader:model_for_language",
    "Glosser": "multiling.translate.glosser:Glosser",
    "DecodingOptions": "multiling.translate.decoding:DecodingOptions",
    "load_registry": "multiling.translate.registry:load_registry",
    "TranslationCache": "multiling.translate.cache:TranslationCache",
    "CachedTranslator": "multiling.translate.cache:CachedTranslator",
    "Translator": "multiling.translate.base:Translator",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_attributes('multiling.translate', _LAZY, globals())
