"""Output that survives ``kill -9``: :class:`JsonlWriter` (one flushed line per record; ``resume`` keeps what an
earlier run wrote, cutting off a partial last line, and remembers its ids), :class:`JsonlStream` (the same
interface over an open text stream such as stdout) and :func:`atomic_write` (temp file + ``os.replace``).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any, BinaryIO, Callable, Iterator, TextIO

from multiling.errors import OutputError
from multiling.io.records import IdSet

#: A question asked of every complete line of an existing output on resume (e.g. "does a span lack a gloss?").
LineFlag = Callable[[dict[str, Any]], bool]


def dumps_line(obj: dict[str, Any]) -> str:
    """One JSONL line for ``obj`` (with its newline): deterministic key order, UTF-8 characters kept as they are
    (DEL, C1 controls and lone surrogates ``\\uXXXX``-escaped, so the line is safe on a terminal)."""
    from multiling.render.display import dumps_json

    return dumps_json(obj) + "\n"


class JsonlWriter:
    """Append-only JSONL output, one line per record, flushed per record; resumable after a crash.

    With ``resume=True`` an existing file is kept: its complete lines are scanned for ids (see
    :meth:`done`), and a partial last line — what a ``kill -9`` in the middle of a write leaves — is cut off,
    so the file again ends at a newline. Without ``resume`` the file is truncated.

    Every :meth:`write` is one ``write`` of one complete line followed by a flush, so a killed run loses at
    most the record being written, and that one is cut off on resume. ``fsync_every`` additionally forces
    the data to disk every N records (0: only on :meth:`close`), which protects against power loss too.

    Args:
        path: the output file (its directory must exist).
        resume: keep what is there and skip the ids already written.
        id_key: the key of the id in each line.
        fsync_every: call ``os.fsync`` after every N records; 0 for only at close.
        track_written: remember the ids written by this run too (for :meth:`done`); a caller whose input
            ids are already unique (:func:`iter_records` reports duplicates) can save that memory.
        flag: on resume, asked of each result line already there; :attr:`resumed_flagged` counts the yeses.

    Raises:
        OutputError: the file cannot be opened or written (it names the file and the reason).
    """

    def __init__(
        self, path: str | Path, *, resume: bool = False, id_key: str = "id", fsync_every: int = 0, track_written: bool = True,
        flag: LineFlag | None = None,
    ) -> None:
        self.path = Path(path)
        self.track_written = track_written
        self.id_key = id_key
        self.fsync_every = fsync_every
        self.written = 0
        self.dropped_bytes = 0  # size of the partial last line cut off on resume
        self._done = IdSet()
        self.resumed = 0  # ids found in the existing file
        self.resumed_failed = 0  # of those, lines with an "error" (and complete lines that are not JSON objects)
        self.resumed_flagged = 0  # of those, result lines for which ``flag`` is true
        with _naming(self.path):
            if resume and self.path.exists():
                self._file: BinaryIO = open(self.path, "r+b")
                self._scan_existing(flag)
                self._file.seek(0, os.SEEK_END)
            else:
                self._file = open(self.path, "wb")
        self._since_sync = 0

    def _scan_existing(self, flag: LineFlag | None) -> None:
        """The one scan of an earlier run's output: ids, error lines, flagged lines; a partial last line is cut."""
        stream = self._file
        stream.seek(0)
        good_end = 0
        offset = 0
        while True:
            line = stream.readline()
            if not line:
                break
            offset += len(line)
            if not line.endswith(b"\n"):
                break  # a partial last line: cut off below
            good_end = offset
            value = _parse_line(line)
            if value is None:
                self.resumed_failed += 1  # a complete line that is not a JSON object: count it, it has no id to skip
                continue
            record_id = value.get(self.id_key)
            if isinstance(record_id, str) and record_id and self._done.add(record_id):
                self.resumed += 1
                self.resumed_failed += "error" in value
                self.resumed_flagged += bool(flag is not None and "error" not in value and flag(value))
        size = stream.seek(0, os.SEEK_END)
        if size > good_end:
            self.dropped_bytes = size - good_end
            stream.truncate(good_end)
            stream.flush()
            os.fsync(stream.fileno())

    def done(self, record_id: str) -> bool:
        """True if a line with this id is already in the file (from before a resume, or written now)."""
        return record_id in self._done

    def write(self, obj: dict[str, Any]) -> None:
        """Append ``obj`` as one JSON line and flush it.

        Raises:
            ValueError: ``obj`` has no string id under ``id_key``.
        """
        record_id = obj.get(self.id_key)
        if not isinstance(record_id, str):
            raise ValueError(f"an output record needs a string {self.id_key!r}, got {record_id!r}")
        line = dumps_line(obj).encode("utf-8", "surrogatepass")
        with _naming(self.path):
            self._file.write(line)
            self._file.flush()
            self._since_sync += 1
            if self.fsync_every and self._since_sync >= self.fsync_every:
                os.fsync(self._file.fileno())
                self._since_sync = 0
        if self.track_written:
            self._done.add(record_id)
        self.written += 1

    def close(self) -> None:
        """Flush, fsync and close the file."""
        if self._file.closed:
            return
        with _naming(self.path):
            try:
                self._file.flush()
                os.fsync(self._file.fileno())
            finally:
                self._file.close()

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO[Any]]:
    """Write a file so that readers see either the old file or the complete new one, never a part.

    The data goes to a temporary file in the same directory, which is fsynced and then moved over ``path``
    with ``os.replace``. If the block raises (or the process dies), ``path`` is untouched and the temporary
    file is removed (or, after ``kill -9``, left as ``.<name>.*.tmp``).

    Args:
        path: the destination.
        mode: ``"w"`` (text) or ``"wb"`` (bytes).
        encoding: for text mode.

    The file gets the mode a plain ``open`` would give it (``0666`` less the umask), or the mode of the file
    it replaces — not the ``0600`` of a temporary file.

    Yields:
        The open temporary file.

    Raises:
        OutputError: the directory is missing, or the file cannot be written (full disk, no permission); the
            message names ``path``, never the temporary file.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(str(path), f"the directory {directory} does not exist", "create it first, or choose another --out")
    with _naming(path):
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with _naming(path):
            os.fchmod(handle, _mode_for(path))
        with open(handle, mode, encoding=None if "b" in mode else encoding, newline=None if "b" in mode else "") as stream:
            with _naming(path):  # a full disk shows up in the caller's write or in the flush below
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
        with _naming(path):
            os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable; not possible on every platform
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _parse_line(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


class JsonlStream:
    """The :class:`JsonlWriter` interface over an open text stream (stdout): one flushed line per record.

    Nothing is resumed from a stream, so :meth:`done` is always False.
    """

    resumed = resumed_failed = resumed_flagged = 0

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.written = 0

    def done(self, record_id: str) -> bool:
        """Always False: a stream holds no earlier run."""
        return False

    def write(self, obj: dict[str, Any]) -> None:
        """Write ``obj`` as one JSON line and flush it."""
        self.stream.write(dumps_line(obj))
        self.stream.flush()
        self.written += 1

    def close(self) -> None:
        """Flush (the stream itself stays open)."""
        self.stream.flush()


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Turn an OSError while writing ``path`` into an :class:`OutputError` that names ``path`` (not a temp file)."""
    try:
        yield
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or str(exc)) from exc


def _mode_for(path: Path) -> int:
    """The permission bits a new file at ``path`` should get: the old file's, else ``0666`` less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(umask)
        return 0o666 & ~umask
