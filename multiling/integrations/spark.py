"""PySpark: annotate a DataFrame of ``id``/``text`` rows with ``mapInArrow``, one pipeline per Python worker.

    >>> from pyspark.sql import SparkSession                                 # doctest: +SKIP
    >>> from multiling.integrations.spark import annotate_dataframe          # doctest: +SKIP
    >>> spark = SparkSession.builder.master("spark://head:7077").getOrCreate()   # doctest: +SKIP
    >>> df = spark.read.parquet("hdfs:///articles/")                         # doctest: +SKIP
    >>> annotate_dataframe(df, model="Helsinki-NLP/opus-mt-ar-en", offline=True).write.parquet("hdfs:///annotated/")  # doctest: +SKIP

The result has the columns of ``multiling.ARROW_SCHEMA`` (``spark_schema()`` is its Spark form): the same
document JSON as ``multiling annotate``, typed span structs, summary counts, and an ``error`` struct for a record
that could not be annotated. ``mapInArrow`` (the Arrow sibling of ``mapInPandas``) hands each Python worker Arrow
record batches, which :meth:`multiling.Pipeline.annotate_batch` takes as they are — the nested span structs never
go through pandas. Each Python worker builds one pipeline and loads its models before the first batch (Spark
reuses workers, ``spark.python.worker.reuse``), so a model that cannot be had fails the first task, and with it
the job, with the ``[E400]`` line inside Spark's error (:func:`multiling.integrations.worker_error` finds it).
"""

from __future__ import annotations

import json
import threading
from typing import Any, Iterable, Iterator

from multiling.errors import ConfigError

_PIPELINES: dict[str, Any] = {}  # one pipeline per distinct options in each Python worker process
_PIPELINES_LOCK = threading.Lock()


def spark_schema() -> Any:
    """``multiling.ARROW_SCHEMA`` as a :class:`pyspark.sql.types.StructType`."""
    from pyspark.sql.pandas.types import from_arrow_schema

    from multiling.columnar import arrow_schema

    return from_arrow_schema(arrow_schema())


def worker_pipeline(langs: Iterable[str], options: dict[str, Any]) -> Any:
    """This worker process's pipeline for ``options``, built and warmed up (models loaded) on first use."""
    from multiling.pipeline import Pipeline

    key = json.dumps([sorted(langs), options], sort_keys=True, default=str)
    with _PIPELINES_LOCK:
        pipeline = _PIPELINES.get(key)
        if pipeline is None:
            pipeline = _PIPELINES[key] = Pipeline(**options).warmup(langs)
    return pipeline


class PartitionAnnotator:
    """The ``mapInArrow`` function: Arrow batches of ``id``/``text`` in, ``ARROW_SCHEMA`` batches out.

    Picklable (it holds only options); the pipeline lives in the worker process (:func:`worker_pipeline`).
    """

    def __init__(self, langs: Iterable[str], options: dict[str, Any], rows_per_batch: int) -> None:
        self.langs = tuple(langs)
        self.options = options
        self.rows_per_batch = rows_per_batch

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        """Annotate every Arrow record batch of a partition, ``rows_per_batch`` rows per ``annotate_batch`` call."""
        pipeline = worker_pipeline(self.langs, self.options)
        for batch in batches:
            for start in range(0, batch.num_rows, self.rows_per_batch):
                yield from pipeline.annotate_batch(batch.slice(start, self.rows_per_batch)).to_batches()


def annotate_dataframe(df: Any, *, rows_per_batch: int = 64, langs: Iterable[str] = (), **options: Any) -> Any:
    """Annotate every row of ``df`` (columns ``id`` and ``text``; other columns are dropped).

    Args:
        df: a :class:`pyspark.sql.DataFrame` with ``id`` (non-empty string or integer) and ``text`` columns.
        rows_per_batch: records per ``annotate_batch`` call (the pipeline glosses their spans together).
        langs: languages whose registry models each worker loads before its first batch.
        **options: :class:`multiling.Pipeline` options (``model``, ``profile``, ``backend``, ``device``,
            ``offline``, ``cache``, ``batch_size`` (sentences per model batch), decoding options). For GPU executors pass
            ``device="cuda"`` and give tasks a GPU (``spark.task.resource.gpu.amount``).

    Returns:
        A lazy DataFrame with the columns of ``multiling.ARROW_SCHEMA``, one row per input row.

    Raises:
        ConfigError: ``df`` lacks ``id`` or ``text``, or an unknown pipeline option (checked on the driver).
    """
    from multiling.pipeline import Pipeline

    missing = [name for name in ("id", "text") if name not in df.columns]
    if missing:
        raise ConfigError(f"the DataFrame has no {' or '.join(map(repr, missing))} column (columns: {', '.join(df.columns)}); "
                          "rename the columns that hold the record ids and documents")
    Pipeline(**options)  # validates the options on the driver: a typo fails here, not in every task
    return df.select("id", "text").mapInArrow(PartitionAnnotator(langs, options, rows_per_batch), spark_schema())
