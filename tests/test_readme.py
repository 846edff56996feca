"""The README's examples are real: its library example runs, and its seed-003 output is what the CLI prints."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from multiling.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_library_example_runs():
    blocks = re.findall(r"<!-- test:[^>]*-->\n```python\n(.*?)```", README, re.S)
    assert blocks, "README has no block marked <!-- test: ... -->"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_readme_seed_003_segmentation_is_what_the_cli_prints():
    shown = re.search(r"confidence\):\n\n```\n(.*?)```", README, re.S).group(1)
    printed = CliRunner().invoke(main, ["segment", str(ROOT / "seeds" / "003_60b8ed085d617c0b.txt")]).output
    assert shown == printed, "README's seed-003 output is stale: paste the output of `multiling segment seeds/003_...`"


def test_readme_names_the_two_setup_commands():
    assert "make demo" in README and "make test" in README
