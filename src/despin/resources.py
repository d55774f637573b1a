"""Locate packaged data (lexicons, language model, the tables under ``data/``), installed
or in a source checkout.

An installed wheel carries the top-level ``lexicons/`` folder as ``despin/lexicons``
(hatchling force-include). In a source checkout (tests run against ``src/``) the same
files live beside ``src/``; we look there only when the package has no copy.
"""

from __future__ import annotations

import gzip
import importlib.resources
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["data_lines", "lexicon_root"]


def lexicon_root() -> Traversable:
    """The folder holding the built-in lexicons."""
    packaged = importlib.resources.files("despin").joinpath("lexicons")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "lexicons"
    if checkout.is_dir():
        return checkout
    msg = "despin's lexicons are missing: reinstall the package (pip install despin)"
    raise FileNotFoundError(msg)


def data_lines(name: str) -> list[str]:
    """The lines of ``despin/data/<name>``, a gzipped UTF-8 table built by ``scripts/``."""
    raw = importlib.resources.files("despin").joinpath(f"data/{name}").read_bytes()
    return gzip.decompress(raw).decode("utf-8").splitlines()
