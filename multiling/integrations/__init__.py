"""Distributed engines: :mod:`multiling.integrations.ray` (Ray Data) and :mod:`multiling.integrations.spark` (PySpark).

Both run :meth:`multiling.Pipeline.annotate_batch` on their workers, one pipeline (one model load) per worker, and
give the rows of ``multiling.ARROW_SCHEMA``: the same document JSON as ``multiling annotate``. Install with
``pip install 'multiling[ray]'`` or ``'multiling[spark]'``; ``import multiling`` imports neither engine.
"""

from __future__ import annotations

import re

from multiling.errors import MultilingError

# How a multiling error reads in a worker traceback that reaches the driver only as text (Spark's PythonException).
_ERROR_LINE = re.compile(r"multiling\.errors\.\w+: \[(E\d{3})\] ([^\n]*)")


def worker_error(exc: BaseException) -> MultilingError | None:
    """The multiling error a worker raised, found inside the engine's exception; ``None`` when there is none.

    Ray wraps the worker's exception (``RayTaskError.cause``; an actor that died in ``__init__`` holds that in its
    args); Spark passes the worker's traceback as text. The CLI prints this one ``[Exxx]`` line instead of the
    engine's traceback, with the exit code of the error.
    """
    from multiling import errors

    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, MultilingError):
            return current
        linked = [getattr(current, "cause", None), current.__cause__, current.__context__, *current.args]
        stack.extend(item for item in linked if isinstance(item, BaseException))
    found = _ERROR_LINE.findall(str(exc))
    if not found:
        return None
    code, message = found[-1]
    return errors.restore_error(errors.error_class(code), message, {"code": code})
