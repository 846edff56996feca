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
    import multiling.render.output  # noqa: F401  (binds multiling.render to the package)
    import multiling.segment.segmenter  # noqa: F401  (binds multiling.segment to the package)

    text = "He said: إن الجريمة الإرهابية لن تمر. Then he left."
    assert [s.lang for s in multiling.segment(text) if s.lang != "en"] == ["ar"]
    doc = multiling.annotate(text, offline=True)
    assert multiling.render(doc, "inline").text.startswith("He said: إن الجريمة الإرهابية لن تمر [no gloss")
