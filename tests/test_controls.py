"""Clean text must come back byte-identical: the control seeds and our own clean news."""

from __future__ import annotations

from pathlib import Path

import pytest

import despin

ROOT = Path(__file__).resolve().parents[1]
CLEAN_SETS = [
    ROOT / "benchmarks" / "data" / "clean" / "dev",
    ROOT / "src" / "despin" / "samples" / "news",
]


def clean_files():
    return sorted(p for d in CLEAN_SETS for p in d.glob("*.txt"))


@pytest.mark.parametrize("name", ["000", "002", "003", "004"])
def test_clean_seed_articles_come_back_unchanged(seeds_dir, name):
    (path,) = seeds_dir.glob(f"{name}_*.txt")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    result = despin.clean(text)
    assert result.changes == ()
    assert result.text.encode("utf-8") == raw


def test_machine_translated_seed_scores_low(seeds_dir):
    (path,) = seeds_dir.glob("002_*.txt")
    assert despin.detect(path.read_text(encoding="utf-8")).spin < 0.2


def test_there_is_a_clean_corpus():
    assert len(clean_files()) >= 40


@pytest.mark.parametrize("path", clean_files(), ids=lambda p: p.name)
def test_own_clean_news_comes_back_unchanged(path):
    text = path.read_text(encoding="utf-8")
    result = despin.clean(text)
    assert [(c.spun, c.restored) for c in result.changes] == []
