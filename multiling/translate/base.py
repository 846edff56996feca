"""The translator interface every backend and wrapper implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Translator(Protocol):
    """Translates a batch of source-language strings into English.

    Implementations: the transformers and ctranslate2 backends, and wrappers that compose
    (a cache is a wrapper around another translator).

    Attributes:
        model_id: Hugging Face id or local path of the model.
        revision: commit hash of the checkpoint, or a checksum of a local directory.
        signature: a dict of everything that determines the output (model id, revision, backend,
            decoding options, multiling version) — printed beside results and used as the cache key.
        max_input_tokens: the longest text, in the model's own tokens, :meth:`translate` accepts (the
            :class:`~multiling.translate.Glosser` cuts longer sentences to fit).
    """

    model_id: str
    revision: str

    @property
    def max_input_tokens(self) -> int: ...

    @property
    def signature(self) -> dict: ...

    def count_tokens(self, texts: list[str]) -> list[int]:
        """The length of each text in the model's tokens (the unit of :attr:`max_input_tokens`)."""
        ...

    def translate(self, texts: list[str]) -> list[str]:
        """Translate ``texts``; returns one string per input, in the same order."""
        ...
