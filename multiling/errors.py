"""Errors raised by multiling.

Every error carries a stable code (``[E101]``) and a message that says what was wrong and what to do.
Per-span problems (no model for a language, a gloss that looks broken) are *statuses* on the span,
not exceptions; exceptions are for problems that stop a whole call.

Codes by family:
    E1xx  input (undecodable bytes, binary files, bad records)
    E2xx  offsets and spans (out of bounds, overlapping)
    E3xx  configuration (unknown option values)
    E4xx  models (not found, not available offline)
    E5xx  translation backends (load or runtime failures)
    E6xx  output (a result that cannot be written)
"""

from __future__ import annotations


class MultilingError(Exception):
    """Base class of every error multiling raises on purpose."""

    code: str = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message

    def __reduce__(self) -> tuple:
        # Subclasses take other constructor arguments (a model id, a byte offset): pickle the finished message and
        # attributes instead, so an error raised on a Ray actor or Spark executor reaches the driver as itself.
        return restore_error, (type(self), self.message, dict(self.__dict__))


def restore_error(cls: type[MultilingError], message: str, attributes: dict) -> MultilingError:
    """An error of class ``cls`` with ``message`` (without its ``[code]``) and ``attributes``, not calling its
    ``__init__`` (whose arguments differ by class): how errors travel from Ray and Spark workers to the driver."""
    error = cls.__new__(cls)
    MultilingError.__init__(error, message)
    error.__dict__.update(attributes)
    if error.code != cls.code:  # a code the class does not own (from a newer worker): keep the worker's
        error.args = (f"[{error.code}] {message}",)
    return error


def error_class(code: str) -> type[MultilingError]:
    """The error class that owns ``code`` (``E400`` → :class:`ModelUnavailableError`), else its family's base
    (``E4xx`` → the ``E400`` class), else :class:`MultilingError`."""
    classes = [value for value in globals().values() if isinstance(value, type) and issubclass(value, MultilingError)]
    exact = [cls for cls in classes if cls.code == code]
    family = [cls for cls in classes if cls.code == code[:2] + "00"]
    return (exact or family or [MultilingError])[0]


class InputError(MultilingError):
    """Input that cannot be read as text (undecodable bytes, binary content, malformed records)."""

    code = "E100"


class DecodeError(InputError):
    """Bytes that are not valid in the expected encoding.

    Attributes:
        source: the file name (or ``<stdin>``) the bytes came from.
        byte_offset: offset, in bytes from the start of the file, of the first undecodable byte.
    """

    code = "E101"

    def __init__(self, source: str, byte_offset: int, reason: str) -> None:
        self.source = source
        self.byte_offset = byte_offset
        super().__init__(
            f"{source}: not valid UTF-8 at byte {byte_offset} ({reason}); "
            "convert the file to UTF-8, or pass --errors replace to substitute U+FFFD"
        )


class BinaryInputError(InputError):
    """A file that looks binary (NUL bytes or many control bytes) rather than text."""

    code = "E102"

    def __init__(self, source: str, byte_offset: int) -> None:
        self.source = source
        self.byte_offset = byte_offset
        super().__init__(
            f"{source}: looks like a binary file (NUL or control byte at byte {byte_offset}); "
            "multiling reads text files only"
        )


#: Stable codes of per-record problems in JSONL input, by short name (the ``kind`` of an error line).
#: E101/E102 are the same codes as the file-level :class:`DecodeError` and :class:`BinaryInputError`.
RECORD_ERROR_CODES = {
    "undecodable": "E101",  # invalid UTF-8 inside the line (with errors="strict")
    "binary": "E102",  # a NUL byte inside the line
    "bad-json": "E103",  # the line is not JSON (or nests too deep to parse)
    "not-an-object": "E104",  # valid JSON, but not an object
    "missing-text": "E105",  # no "text" key
    "text-not-string": "E106",  # "text" is a number, a list, null...
    "bad-id": "E107",  # "id" is not a non-empty string or an integer
    "duplicate-id": "E108",  # an id seen on an earlier line (the first one wins)
    "truncated": "E109",  # the last line has no newline and does not parse: the file was cut short
    "lone-surrogate": "E110",  # a "\\ud800"-style escape with no partner (with errors="strict")
    "too-long": "E111",  # a line longer than max_line_bytes
    "unreadable": "E112",  # a whole input file that cannot be read (missing, a directory loop, no permission)
}

#: The ``kind`` of an error line for a record that was read but whose processing raised (its code is the error's).
PROCESSING_ERROR_KIND = "processing"


class OffsetError(MultilingError):
    """Offsets that are out of bounds, unordered or overlapping."""

    code = "E200"


class ConfigError(MultilingError):
    """An option with a value multiling does not know."""

    code = "E300"


class RegistryError(ConfigError):
    """A model registry file that cannot be used (unreadable, not TOML, a field of the wrong type).

    Attributes:
        path: the registry file.
        field: where in it the problem is (``models[3].bleu``), or ``None`` for the whole file.
    """

    code = "E301"

    def __init__(self, path: str, field: str | None, reason: str) -> None:
        self.path = path
        self.field = field
        where = f"{path}: {field}" if field else path
        super().__init__(f"model registry {where}: {reason}; fix the file, or unset MULTILING_REGISTRY to use the "
                         "registry shipped with multiling")


class ModelUnavailableError(MultilingError):
    """A model that cannot be found locally and cannot (or may not) be downloaded."""

    code = "E400"

    def __init__(self, model: str, reason: str, fetch_hint: str | None = None, *, advice: str | None = None) -> None:
        self.model = model
        hint = fetch_hint or f"multiling models pull {model}"
        advice = advice or f"fetch it with `{hint}` (needs network)"
        super().__init__(f"model {model!r} is not available: {reason}; {advice}")


class BackendError(MultilingError):
    """A translation backend that failed to load or to run."""

    code = "E500"


class OutputError(MultilingError):
    """A result that cannot be written: a missing directory, a full disk, no permission.

    Attributes:
        path: the file the result was meant for (never a temporary file's name).
    """

    code = "E600"

    def __init__(self, path: str, reason: str, advice: str = "free some space or choose another --out") -> None:
        self.path = path
        super().__init__(f"cannot write {path}: {reason}; {advice}")
