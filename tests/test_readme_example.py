"""The README's "Use czlib in your own notebook" example runs as printed.

The Python block under that heading is extracted from README.md and run in a
fresh interpreter, in a temporary working folder, with CZLIB_ROOT pointing at
a temporary copy of the corpus; the figure it saves must land in the user's own
folder (my_figures/ under the working folder), never in the project's figures/ (the seed corpus: its longest article is the 山西日报 piece on
province-university cooperation).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HEADING = "## Use czlib in your own notebook"


def readme_example() -> str | None:
    """Return the first ```python block after HEADING in README.md, or None when absent."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.find(HEADING)
    if start < 0:
        return None
    section = readme[start + len(HEADING):]
    next_heading = re.search(r"^## ", section, re.M)
    if next_heading:
        section = section[:next_heading.start()]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    return block.group(1) if block else None


def test_readme_example_runs_and_saves_its_figure(tmp_path):
    code = readme_example()
    if code is None:
        pytest.skip(f"README.md has no python block under {HEADING!r} yet")
    project = tmp_path / "project"
    shutil.copytree(REPO / "corpus", project / "corpus")
    (project / "figures").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    script = work / "example.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "CZLIB_ROOT": str(project), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, str(script)], cwd=work, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    names = re.findall(r"save_figure\(\s*\w+\s*,\s*[\"']([^\"']+)[\"']", code)
    assert names, "the example should save a figure with czlib.publish.style.save_figure"
    for name in names:  # saved into the user's own folder (relative to where they work), not the project's
        for suffix in (".png", ".svg", ".csv"):
            assert (work / "my_figures" / f"{name}{suffix}").is_file(), name + suffix
    assert not any((project / "figures").iterdir()), "the example must not write into the project's figures/"
