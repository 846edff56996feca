"""Decoding options shared by every backend, validated when built."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from multiling.errors import ConfigError


@dataclass(frozen=True, slots=True)
class DecodingOptions:
    """How a backend searches for a translation. Everything here is part of the cache key.

    Attributes:
        num_beams: beam size; 1 is greedy search.
        max_length_ratio: output tokens are bounded by ``max_length_ratio * source tokens + max_length_extra``
            (source tokens counted with the model's SentencePiece tokenizer, ``</s>`` included).
        max_length_extra: see ``max_length_ratio``.
        no_repeat_ngram_size: the repetition guard: no n-gram of this many target tokens is generated
            twice (0 turns it off).
        repetition_penalty: >1 discourages tokens already generated (1.0 is off).
        length_penalty: beam-search length penalty (1.0 is neutral).
        fixed_length: benchmarks only — force exactly this many output tokens (EOS ignored) so backends do
            equal work; ``None`` for normal decoding.
    """

    num_beams: int = 4
    max_length_ratio: float = 2.0
    max_length_extra: int = 10
    no_repeat_ngram_size: int = 5
    repetition_penalty: float = 1.0
    length_penalty: float = 1.0
    fixed_length: int | None = None

    def __post_init__(self) -> None:
        if self.num_beams < 1:
            raise ConfigError(f"num_beams must be >= 1, got {self.num_beams}")
        if self.max_length_ratio <= 0 or self.max_length_extra < 0:
            raise ConfigError("max_length_ratio must be > 0 and max_length_extra >= 0")
        if self.no_repeat_ngram_size < 0:
            raise ConfigError(f"no_repeat_ngram_size must be >= 0, got {self.no_repeat_ngram_size}")
        if self.repetition_penalty <= 0:
            raise ConfigError(f"repetition_penalty must be > 0, got {self.repetition_penalty}")
        if self.fixed_length is not None and self.fixed_length < 1:
            raise ConfigError(f"fixed_length must be >= 1, got {self.fixed_length}")

    @classmethod
    def from_kwargs(cls, **kwargs: object) -> "DecodingOptions":
        """Build from keyword arguments, naming unknown ones.

        Raises:
            ConfigError: for an option this class does not have.
        """
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(kwargs) - known)
        if unknown:
            raise ConfigError(f"unknown decoding option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        return cls(**kwargs)  # type: ignore[arg-type]

    def max_new_tokens(self, source_tokens: int, model_max: int) -> int:
        """The output-length bound for a source of ``source_tokens`` tokens."""
        if self.fixed_length is not None:
            return self.fixed_length
        return max(1, min(model_max, int(self.max_length_ratio * source_tokens + self.max_length_extra)))

    def to_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order."""
        return asdict(self)
