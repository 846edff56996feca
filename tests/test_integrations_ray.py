"""Ray Data: the same rows as the local pipeline, typed Parquet, error rows for bad records, fast failure without a model.

Local Ray with 4 logical CPUs on 2 cores: the two actors take two, the read and write tasks never starve.
"""

from __future__ import annotations

import json

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'multiling[ray]'")
pytestmark = pytest.mark.scaleout

import multiling  # noqa: E402
from multiling.errors import ModelUnavailableError  # noqa: E402
from multiling.integrations import ray as mray  # noqa: E402
from multiling.integrations import worker_error  # noqa: E402
from multiling.testing import sample_records  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    # Ray gives each 1-CPU actor OMP_NUM_THREADS=1; on 2 shared cores, more threads only fight each other.
    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.execution_options.preserve_order = True
    yield
    ray.shutdown()


def test_ray_rows_match_the_local_pipeline_and_parquet_keeps_the_schema(local_ray, scaleout_reference, tmp_path):
    import pyarrow.parquet as pq

    options, table, expected = scaleout_reference
    ds = ray.data.from_arrow(table).repartition(8)
    out = mray.annotate_dataset(ds, actors=2, rows_per_batch=32, **options).materialize()

    rows = sorted(out.take_all(), key=lambda row: row["id"])
    assert [row["document"] for row in rows] == [row["document"] for row in expected]  # byte-identical JSON
    assert rows == expected
    assert json.loads(rows[1]["document"])["spans"][0]["status"] == "ok"
    bad = next(row for row in rows if row["id"] == "bad-record")
    assert bad["document"] is None and bad["error"]["code"] == "E106"

    out.write_parquet(str(tmp_path / "parquet"))
    back = pq.read_table(tmp_path / "parquet")
    assert back.schema.equals(multiling.ARROW_SCHEMA, check_metadata=False)
    assert back.num_rows == 200


def test_ray_missing_model_fails_fast_with_one_message(local_ray):
    ds = ray.data.from_items(sample_records(4))
    with pytest.raises(Exception) as info:
        mray.annotate_dataset(ds, actors=1, model="test-org/no-such-model", device="cpu", offline=True).materialize()
    error = worker_error(info.value)
    assert isinstance(error, ModelUnavailableError)
    assert "test-org/no-such-model' is not available" in str(error) and "multiling models pull" in str(error)


def test_ray_warns_when_actors_would_take_every_cpu(local_ray, tiny_marian_dir):
    with pytest.warns(RuntimeWarning, match="leaving none for the tasks"):
        mray.annotate_dataset(ray.data.from_items(sample_records(2)), actors=4, model=str(tiny_marian_dir))


def test_cli_engine_ray_writes_what_engine_local_writes(local_ray, tiny_marian_dir, tmp_path):
    from _engine_cli import check_engine_matches_local

    check_engine_matches_local(tmp_path, tiny_marian_dir, "ray")
