"""``multiling annotate --engine ray|spark``: the batch runner's records annotated on a Ray or Spark cluster.

:class:`EngineAnnotator` plugs into :func:`multiling.batch.run_annotate` (its ``annotator`` seam: records in, one
document per record out, in order). Reading, writing, resuming, the report and the exit codes stay in the runner,
so every engine writes the same output. Records are sent to the engine a chunk at a time (``chunk_records``) as
an Arrow table; the engine's workers run :meth:`multiling.Pipeline.annotate_batch`; each result row's document
JSON is read back into an :class:`~multiling.document.AnnotatedDocument` for the runner (which writes it again,
byte for byte the same). Bad records (:class:`~multiling.io.RecordError`) never leave the driver.

Without ``address`` a local engine is started: Ray with ``max(CPUs, workers + 2)`` logical CPUs (the read tasks
must never wait behind the actors), Spark ``local[workers]``. With ``address``: ``ray.init(address=...)`` or the
Spark master URL. Each Ray chunk starts a fresh actor pool (models load once per actor per chunk); Spark reuses its
Python workers and their models across chunks.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import Any, Iterable, Iterator

from multiling.document import AnnotatedDocument
from multiling.errors import BackendError, ConfigError, InputError, error_class, restore_error
from multiling.integrations import worker_error
from multiling.io import Record, RecordError
from multiling.pipeline import DocumentError

ENGINES = ("local", "ray", "spark")


class EngineAnnotator:
    """Records in, documents out, on Ray or Spark (a context manager: the engine starts on enter, stops on exit).

    Args:
        engine: ``ray`` or ``spark``.
        options: :class:`multiling.Pipeline` options for the workers.
        workers: Ray actors, or Spark task slots (``local[workers]``) when Spark is local.
        address: a Ray cluster address or a Spark master URL; ``None`` starts a local engine.
        chunk_records: records per engine job.
        rows_per_batch: records per ``annotate_batch`` call on a worker.
        langs: languages whose registry models each worker loads at start-up.

    Raises:
        ConfigError: an unknown engine, ``workers`` < 1, or the engine's package is not installed.
    """

    def __init__(self, engine: str, options: dict[str, Any], *, workers: int = 1, address: str | None = None,
                 chunk_records: int = 10_000, rows_per_batch: int = 64, langs: Iterable[str] = ()) -> None:
        if engine not in ("ray", "spark"):
            raise ConfigError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
        if workers < 1:
            raise ConfigError(f"--workers must be at least 1, got {workers}")
        self.engine = engine
        self.options = options
        self.workers = workers
        self.address = address
        self.chunk_records = chunk_records
        self.rows_per_batch = rows_per_batch
        self.langs = tuple(langs)
        self._spark: Any = None  # a session this object started (and stops)
        self._shared_spark: Any = None
        self._started_ray = False
        self._saved_fds: dict[int, int] = {}
        self.log_path: str | None = None  # where the engine's own output goes while it runs
        self.stdout: Any = None
        self.stderr: Any = None

    # -- engine life ------------------------------------------------------------------------------------

    def __enter__(self) -> "EngineAnnotator":
        self._divert_engine_output()
        try:
            if self.engine == "ray":
                self._start_ray()
            else:
                self._start_spark()
        except BaseException:
            self._restore_output()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._spark is not None:
                self._spark.stop()
                self._spark = None
            if self._started_ray:
                import ray

                ray.shutdown()
                self._started_ray = False
        finally:
            self._restore_output()

    def _divert_engine_output(self) -> None:
        """Send what the engine writes to descriptors 1 and 2 (JVM and raylet logs, worker tracebacks that Ray prints
        on stdout, task retries) to a log file, so that stdout carries only multiling's output and stderr only its
        progress bar and messages — on failure its one ``[Exxx]`` line.

        Ray and Spark print from threads and child processes at any time, to the descriptors or to whatever
        ``sys.stdout``/``sys.stderr`` are then, so those stay on the log while the engine runs; multiling writes to
        :attr:`stdout` and :attr:`stderr`, new streams on the original descriptors (``None`` where ``sys.stdout`` or
        ``sys.stderr`` is not a descriptor but captured, as in tests: multiling then writes to it as usual).
        """
        import tempfile

        log = tempfile.NamedTemporaryFile(prefix=f"multiling-{self.engine}-", suffix=".log", delete=False)
        self.log_path = log.name
        for fd, stream, name in ((1, sys.stdout, "stdout"), (2, sys.stderr, "stderr")):
            try:
                is_descriptor = stream.fileno() == fd
            except (AttributeError, OSError, ValueError):
                is_descriptor = False
            stream.flush()
            self._saved_fds[fd] = os.dup(fd)
            if is_descriptor:
                setattr(self, name, os.fdopen(os.dup(fd), "w", buffering=1, encoding=stream.encoding,
                                              errors=stream.errors or "backslashreplace"))
            os.dup2(log.fileno(), fd)
        log.close()

    def _restore_output(self) -> None:
        for name in ("stdout", "stderr"):
            stream = getattr(self, name)
            if stream is not None:
                stream.close()
                setattr(self, name, None)
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in self._saved_fds.items():
            os.dup2(saved, fd)
            os.close(saved)
        self._saved_fds.clear()

    def _start_ray(self) -> None:
        try:
            import ray
        except ImportError:
            raise ConfigError("--engine ray needs Ray: pip install 'multiling[ray]'") from None
        if not ray.is_initialized():
            if self.address:
                ray.init(address=self.address, logging_level=logging.ERROR, log_to_driver=False)
            else:
                cpus = max(os.cpu_count() or 1, self.workers + 2)
                ray.init(num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
            self._started_ray = True
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the runner shows its own bar
        context.print_on_execution_start = False
        context.execution_options.preserve_order = True

    def _start_spark(self) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise ConfigError("--engine spark needs PySpark and Java 17: pip install 'multiling[spark]'") from None
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder.appName("multiling annotate").master(self.address or f"local[{self.workers}]")
        builder = builder.config("spark.ui.showConsoleProgress", "false").config("spark.sql.execution.arrow.pyspark.enabled", "true")
        if SparkSession.getActiveSession() is not None:
            self._shared_spark = SparkSession.getActiveSession()  # the caller's session: used, never stopped here
            return
        try:
            self._spark = builder.getOrCreate()
        except Exception as exc:  # no Java, an unreachable master: one line, not a JVM trace
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ConfigError(f"Spark could not start ({first}); Spark needs Java 17 (apt-get install "
                              "openjdk-17-jre-headless) and, for a cluster, a reachable master URL") from None
        self._spark.sparkContext.setLogLevel("ERROR")

    # -- annotation -----------------------------------------------------------------------------------

    def __call__(self, items: Iterable[Record | RecordError]) -> Iterator[AnnotatedDocument | DocumentError]:
        """One :class:`AnnotatedDocument` (or :class:`DocumentError`) per item, in input order."""
        chunk: list[tuple[int, Record | RecordError]] = []
        for index, item in enumerate(items):
            chunk.append((index, item))
            if len(chunk) >= self.chunk_records:
                yield from self._chunk(chunk)
                chunk = []
        if chunk:
            yield from self._chunk(chunk)

    def _chunk(self, chunk: list[tuple[int, Record | RecordError]]) -> Iterator[AnnotatedDocument | DocumentError]:
        records = [item for _, item in chunk if isinstance(item, Record)]
        rows = self._run(records) if records else {}
        for index, item in chunk:
            if isinstance(item, RecordError):
                yield DocumentError(index, item.output_id, InputError(item.message), item)
                continue
            row = rows.get(item.id)
            if row is None:
                raise BackendError(f"the {self.engine} job returned no row for record {item.id!r}")
            if row["error"] is not None:
                error = row["error"]
                message = error["message"].split("] ", 1)[-1]
                yield DocumentError(index, item.id, restore_error(error_class(error["code"]), message, {"code": error["code"]}), item)
            else:
                yield AnnotatedDocument.from_dict(json.loads(row["document"]))

    def _run(self, records: list[Record]) -> dict[str, dict[str, Any]]:
        """The engine's result rows for ``records``, by id (ids are unique: the reader reports duplicates)."""
        import pyarrow as pa

        table = pa.table({"id": [r.id for r in records], "text": [r.text for r in records]})
        try:
            result = self._run_ray(table) if self.engine == "ray" else self._run_spark(table)
        except Exception as exc:
            found = worker_error(exc)
            if found is not None:
                raise found from None
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BackendError(f"the {self.engine} job failed: {first} (the engine's log: {self.log_path})") from exc
        return {row["id"]: row for row in result.to_pylist()}

    def _run_ray(self, table: Any) -> Any:
        import pyarrow as pa
        import ray

        from multiling.integrations.ray import annotate_dataset

        # One block per rows_per_batch records, so that every actor gets work from the start.
        blocks = [table.slice(start, self.rows_per_batch) for start in range(0, table.num_rows, self.rows_per_batch)]
        gpus = 1 if str(self.options.get("device", "")).startswith("cuda") else 0
        out = annotate_dataset(ray.data.from_arrow(blocks), actors=self.workers, num_gpus=gpus,
                               rows_per_batch=self.rows_per_batch, langs=self.langs, **self.options)
        return pa.concat_tables(ray.get(out.to_arrow_refs()))

    def _run_spark(self, table: Any) -> Any:
        from multiling.integrations.spark import annotate_dataframe

        frame = (self._spark or self._shared_spark).createDataFrame(table).repartition(max(2, self.workers * 2))  # Arrow in, no pandas
        return annotate_dataframe(frame, rows_per_batch=self.rows_per_batch, langs=self.langs, **self.options).toArrow()
