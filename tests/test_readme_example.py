"""The README's property-test example passes when a user copies it into a test file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import despin

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = "<!-- example:near-duplicate -->"


def readme_example() -> str:
    text = README.read_text(encoding="utf-8")
    block = text[text.index(MARKER) :]
    start = block.index("```python\n") + len("```python\n")
    return block[start : block.index("\n```", start)] + "\n"


def test_the_readme_example_passes_as_a_user_test_file(tmp_path):
    path = tmp_path / "test_user_example.py"
    path.write_text(readme_example(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(despin.__file__).resolve().parents[1])}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
