"""Shared pytest fixtures. Add yours below with a small str_replace edit; keep the environment block first.

The environment is fixed before anything imports huggingface_hub: tests never touch the network
(HF_HUB_OFFLINE=1), and the model store and translation cache live in a throw-away directory,
never in the user's real ones.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

_SCRATCH = Path(tempfile.mkdtemp(prefix="multiling-tests-"))
atexit.register(shutil.rmtree, _SCRATCH, True)
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HOME"] = str(_SCRATCH / "hf-home")
os.environ["MULTILING_MODELS"] = str(_SCRATCH / "models")
os.environ["MULTILING_CACHE_DIR"] = str(_SCRATCH / "cache")
# One OpenMP/MKL thread in the test process and every process it starts (CLI subprocesses, Ray and Spark workers),
# set before torch is imported: the tiny model's matrices are too small to split, and on two shared cores torch's
# spinning worker threads fight each other and other processes (a 6-record CLI run took 43 s with torch's default
# 2 threads on a loaded machine, 5 s with 1). The glosses are the same (the golden files, written with torch's
# default threads, pass unchanged); test_translate_config_threads_reach_torch still checks that --threads reaches torch.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

# Property tests: no per-example deadline, as no test has a timing threshold (hypothesis's default 200 ms fails a
# correct test on a loaded machine). Each test's own @settings (max_examples ...) still applies on top of this.
settings.register_profile("multiling", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "multiling"))

REPO = Path(__file__).resolve().parents[1]
#: FLORES-200 dev (../shared/data/flores200-dev from the repo root), overridable with MULTILING_FLORES_DIR.
FLORES_DIR = Path(os.environ.get("MULTILING_FLORES_DIR", REPO.parent / "shared" / "data" / "flores200-dev"))


@pytest.fixture(scope="session")
def tiny_marian_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random MarianMT ar→en checkpoint laid out like a Hub one (built once per session, ~1 s)."""
    from multiling.testing import make_tiny_marian

    return make_tiny_marian(tmp_path_factory.mktemp("tiny-marian") / "tiny-ar-en", src="ar", seed=0)


@pytest.fixture(scope="session")
def flores_dir() -> Path:
    """The FLORES-200 dev folder; tests using it skip with a reason when it is absent."""
    if not (FLORES_DIR / "en.txt").is_file():
        pytest.skip(f"FLORES-200 dev data not found at {FLORES_DIR} (set MULTILING_FLORES_DIR)")
    return FLORES_DIR


# -- annotate stage: golden files -------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite fixtures/golden/* from the current code instead of comparing (review the git diff)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under ``pytest --update-golden``."""
    return bool(request.config.getoption("--update-golden"))


# -- scale-out: the local pipeline's rows that Ray and Spark must reproduce -------------------------------------


@pytest.fixture(scope="session")
def scaleout_reference(tiny_marian_dir: Path):
    """``(options, arrow table of 199 sample records + 1 bad one, local annotate_batch rows sorted by id)``.

    Computed once for the Ray and Spark tests, with one torch thread as their 1-CPU workers run, on the CPU: their
    workers are given no GPU (``auto`` would pick one here on a machine with a GPU, and its float16 glosses need not
    match), and with the device named no worker imports torch only to ask whether there is a GPU (seconds a worker).
    """
    pa = pytest.importorskip("pyarrow")
    import torch

    from multiling.pipeline import Pipeline
    from multiling.testing import sample_records

    records = sample_records(199) + [{"id": "bad-record", "text": None}]
    options = {"model": str(tiny_marian_dir), "device": "cpu", "offline": True, "cache": False}
    table = pa.table({"id": [r["id"] for r in records], "text": [r["text"] for r in records]})
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        rows = Pipeline(**options).annotate_batch(table).to_pylist()
    finally:
        torch.set_num_threads(threads)
    return options, table, sorted(rows, key=lambda row: row["id"])
