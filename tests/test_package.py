"""The package's front: cheap to import, and the stage functions callable by their package names."""

from __future__ import annotations

import subprocess
import sys


def test_package_import_loads_no_torch_numpy_or_models():
    code = "import multiling, sys; print('torch' in sys.modules, 'numpy' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "False"]


def test_package_segment_and_render_stay_callable_after_their_packages_are_imported():
    import multiling
    import multiling.render.text  # noqa: F401  (binds multiling.render to the package)
    import multiling.segment.segmenter  # noqa: F401  (binds multiling.segment to the package)

    text = "He said: إن الجريمة الإرهابية لن تمر. Then he left."
    assert [s.lang for s in multiling.segment(text) if s.lang != "en"] == ["ar"]
    doc = multiling.annotate(text, offline=True)
    assert multiling.render(doc, "inline").text.startswith("He said: إن الجريمة الإرهابية لن تمر [no gloss")


def test_package_installed_wheel_reads_its_own_registry(tmp_path):
    """A regular (non-editable) install has no checkout around it: the registry must ship inside the wheel."""
    import os
    from pathlib import Path

    import pytest

    pytest.importorskip("setuptools")
    root = Path(__file__).resolve().parents[1]
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(root)], check=True, capture_output=True, cwd=tmp_path)
    code = ("from multiling.translate.registry import default_registry_path, load_registry; "
            "p = default_registry_path(); print(p.is_symlink(), p.read_text() == open(%r).read(), "
            "len(load_registry().entries) > 0)" % str(root / "models" / "registry.toml"))
    env = {k: v for k, v in os.environ.items() if k != "MULTILING_REGISTRY"} | {"PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env=env).stdout.split()
    assert out == ["False", "True", "True"]
