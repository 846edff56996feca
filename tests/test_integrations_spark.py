"""Spark (local[2]): the same rows as the local pipeline, typed Parquet, error rows, fast failure without a model."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install 'multiling[spark]'")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java is not installed (Spark needs Java 17: apt-get install openjdk-17-jre-headless)", allow_module_level=True)
pytestmark = pytest.mark.scaleout

import multiling  # noqa: E402
from multiling.errors import ModelUnavailableError  # noqa: E402
from multiling.integrations import worker_error  # noqa: E402
from multiling.integrations.spark import annotate_dataframe, spark_schema  # noqa: E402
from multiling.testing import sample_records  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    """One local Spark session for every Spark test (this module is the only one that starts Spark).

    The JVM compiles with its quick first-tier compiler only (``TieredStopAtLevel=1``) and collects garbage on one
    thread: these jobs are seconds long, so the optimising compiler's work never pays back, and on two shared
    cores the session came up in 14 s instead of 35 s. The ``--engine spark`` CLI test uses this session too.
    """
    from pyspark.sql import SparkSession

    # Python workers run the interpreter running the tests (Spark gives each OMP_NUM_THREADS = spark.task.cpus).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("multiling-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_rows_match_the_local_pipeline_and_parquet_keeps_the_schema(spark, scaleout_reference, tmp_path):
    import pyarrow.parquet as pq

    options, table, expected = scaleout_reference
    frame = spark.createDataFrame(table).repartition(4)
    out = annotate_dataframe(frame, rows_per_batch=32, **options)
    assert out.schema == spark_schema()
    out.write.parquet(str(tmp_path / "parquet"))

    back = pq.read_table(tmp_path / "parquet")
    assert back.schema.equals(multiling.ARROW_SCHEMA, check_metadata=False)
    rows = sorted(back.to_pylist(), key=lambda row: row["id"])
    assert [row["document"] for row in rows] == [row["document"] for row in expected]  # byte-identical JSON
    assert rows == expected
    bad = next(row for row in rows if row["id"] == "bad-record")
    assert bad["document"] is None and bad["error"]["code"] == "E106"


def test_spark_dataframe_without_text_is_refused_on_the_driver(spark):
    frame = spark.createDataFrame([("a", "x")], ["id", "body"])
    with pytest.raises(multiling.MultilingError, match="no 'text' column"):
        annotate_dataframe(frame, model="unused")


def test_cli_engine_spark_writes_what_engine_local_writes(spark, tiny_marian_dir, tmp_path):
    from _engine_cli import check_engine_matches_local

    check_engine_matches_local(tmp_path, tiny_marian_dir, "spark")


# Last in this module: the failing task ends its Python workers (PySpark exits a worker after an error), and the
# tests above reuse the workers, with torch and the tiny model already loaded, that the first job started.
def test_spark_missing_model_fails_fast_with_one_message(spark):
    frame = spark.createDataFrame(sample_records(4))
    with pytest.raises(Exception) as info:
        annotate_dataframe(frame, model="test-org/no-such-model", device="cpu", offline=True).collect()
    error = worker_error(info.value)
    assert isinstance(error, ModelUnavailableError)
    assert "test-org/no-such-model' is not available" in str(error) and "multiling models pull" in str(error)
