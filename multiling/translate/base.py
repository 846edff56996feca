"""The translator interface every backend and wrapper implements."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Protocol, runtime_checkable

#: ``progress(n)``: ``n`` more units of a long call are done (texts for ``translate``, spans for ``gloss``, documents
#: for ``annotate_many``). Reported per translated batch so that a progress bar moves within a window; it never
#: changes what the call returns.
Progress = Callable[[Any], None]


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
        """Translate ``texts``; returns one string per input, in the same order.

        A translator may also accept an optional ``progress`` keyword (a :data:`Progress` called with the number
        of distinct texts finished, per batch); callers check with :func:`takes_progress` before passing it.
        """
        ...


def takes_progress(method: Callable[..., Any]) -> bool:
    """Whether ``method`` (a ``translate`` or ``gloss``) accepts the optional ``progress`` keyword; plug-ins need not."""
    try:
        return "progress" in inspect.signature(method).parameters
    except (TypeError, ValueError):  # a builtin or C callable without a signature
        return False


def translate_reporting(translator: Translator, texts: list[str], progress: Progress | None) -> list[str]:
    """``translator.translate(texts)``, reporting ``progress`` per batch where the translator can, else once at the end."""
    if progress is None:
        return translator.translate(texts)
    if takes_progress(translator.translate):
        return translator.translate(texts, progress=progress)  # type: ignore[call-arg]
    outputs = translator.translate(texts)
    progress(len(dict.fromkeys(texts)))
    return outputs
