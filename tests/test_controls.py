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


# Articles in which two spun paragraphs made the whole text "spun", and the old
# document-wide prior then restored thesaurus-like words in the clean paragraphs
# ("astonished", "advised", "for the first time").
MIXED = ["005_hospital_opening", "006_roman_villa", "008_wildlife_smuggling", "010_volcano_flights"]


@pytest.mark.parametrize("name", MIXED)
def test_clean_paragraphs_around_spun_ones_come_back_unchanged(name):
    path = ROOT / "src" / "despin" / "samples" / "news" / f"{name}.txt"
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    middle = len(paragraphs) // 2
    spun_ones = {middle - 1, middle}
    parts, clean_spans, pos = [], [], 0
    for j, para in enumerate(paragraphs):
        if j in spun_ones:
            para = despin.spin(para, rate=0.95, seed=j).text
        else:
            clean_spans.append((pos, pos + len(para)))
        parts.append(para)
        pos += len(para) + 2
    text = "\n\n".join(parts)
    result = despin.clean(text)
    outside = [
        (c.spun, c.restored)
        for c in result.changes
        for a, b in clean_spans
        if c.start < b and c.end > a
    ]
    assert outside == []
    assert len(result.changes) >= 5  # the spun paragraphs are still restored
