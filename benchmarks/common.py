"""Evaluation data for the benchmarks: clean sets, spun sets, the annotated seed.

Sets are split into *dev* (used for tuning and calibration) and *test* (held out:
never used to tune anything). Spun sets are produced by despin's independent spinner
simulator (``despin.spin``), which reads its own thesaurus table, not despin's lexicons.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import despin

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
SHARED = ROOT.parent / "shared"
SEED_SPUN = SHARED / "seeds" / "001_a10201b5957d3b0c.txt"
SEED_CLEAN = sorted(p for p in (SHARED / "seeds").glob("*.txt") if not p.name.startswith("001_"))
RATES = (0.3, 0.5, 0.7, 0.95)


@dataclass(frozen=True)
class Gold:
    """A spun text with its ground truth: spans in the spun text and their originals."""

    name: str
    spun: str
    original: str
    truth: tuple[tuple[int, int, str], ...]
    rate: float


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def clean_docs(split: str) -> list[tuple[str, str]]:
    """Own clean news articles of a split (``dev`` or ``test``)."""
    return [(p.name, read(p)) for p in sorted((DATA / "clean" / split).glob("*.txt"))]


def other_language_docs() -> list[tuple[str, str]]:
    """Clean news in other languages than English (our writing): despin leaves them alone."""
    return [(p.name, read(p)) for p in sorted((DATA / "other_languages").glob("*.txt"))]


#: The odd texts used for calibration; the rest are held out for testing.
ODD_DEV = {
    "mt_01",
    "mt_02",
    "mt_03",
    "nonnative_01",
    "nonnative_02",
    "ocr_01",
    "ocr_02",
    "legal_01",
    "legal_02",
}


def odd_docs(split: str = "test") -> list[tuple[str, str]]:
    """Clean texts that read oddly (machine translation, non-native, OCR, legal)."""
    return [
        (p.name, read(p))
        for p in sorted((DATA / "odd").glob("*_*.txt"))
        if (p.stem in ODD_DEV) == (split == "dev")
    ]


def paragraphs(text: str, low: int = 40, high: int = 80) -> list[str]:
    return [p for p in text.split("\n") if low <= len(p.split()) <= high]


def spun_docs(
    docs: list[tuple[str, str]], rates=RATES, seed: int = 0, *, fix_articles: bool = False
) -> list[Gold]:
    out = []
    for k, (name, text) in enumerate(docs):
        for rate in rates:
            s = despin.spin(text, rate=rate, seed=seed * 1000 + k, fix_articles=fix_articles)
            truth = tuple((c.out_start, c.out_end, c.spun) for c in s.changes)
            out.append(Gold(f"{name}@{rate}", s.text, text, truth, rate))
    return out


@dataclass(frozen=True)
class Mixed:
    """A clean article with some paragraphs spun: the gold, and the clean paragraphs' spans."""

    gold: Gold
    clean_spans: tuple[tuple[int, int], ...]
    clean_words: int


def mixed_docs(
    docs: list[tuple[str, str]], spun_paragraphs: int, rate: float, seed: int = 0
) -> list[Mixed]:
    """Articles of four or more paragraphs with ``spun_paragraphs`` in the middle spun.

    What a copied page often is: a spun article inside text the spinner never touched,
    or a spun text with clean quotes and boilerplate. The clean paragraphs must come
    back unchanged; the spun ones restored.
    """
    out = []
    for k, (name, text) in enumerate(docs):
        paras = text.split("\n\n")
        if len(paras) < 4:
            continue
        first = len(paras) // 2 - spun_paragraphs // 2
        chosen = range(first, first + spun_paragraphs)
        parts: list[str] = []
        truth: list[tuple[int, int, str]] = []
        clean_spans: list[tuple[int, int]] = []
        clean_words = 0
        pos = 0
        for j, para in enumerate(paras):
            if j in chosen:
                s = despin.spin(para, rate=rate, seed=seed * 1000 + k * 10 + j)
                truth += [(pos + c.out_start, pos + c.out_end, c.spun) for c in s.changes]
                para = s.text
            else:
                clean_spans.append((pos, pos + len(para)))
                clean_words += len(para.split())
            parts.append(para)
            pos += len(para) + 2
        gold = Gold(
            f"{name}@{rate}/{spun_paragraphs}", "\n\n".join(parts), text, tuple(truth), rate
        )
        out.append(Mixed(gold, tuple(clean_spans), clean_words))
    return out


def seed_gold() -> Gold | None:
    """The real spun seed with our own annotation (read from ../shared at run time)."""
    if not SEED_SPUN.exists():
        return None
    text = SEED_SPUN.read_text(encoding="utf-8")
    rows = []
    with (DATA / "seed_001.annotation.tsv").open(encoding="utf-8") as fh:
        reader = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in reader:
            start, end = int(row["start"]), int(row["end"])
            assert text[start:end] == row["spun"], row
            rows.append((start, end, row["original"]))
    parts, pos = [], 0
    for start, end, original in rows:
        parts += [text[pos:start], original]
        pos = end
    parts.append(text[pos:])
    return Gold("seed_001", text, "".join(parts), tuple(rows), 1.0)


def sample_gold() -> Gold:
    """The README's sample spun article (our own writing) with its annotation."""
    spun = read(ROOT / "examples" / "sample_spun.txt")
    rows = []
    with (ROOT / "examples" / "sample_spun.annotation.tsv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for row in reader:
            rows.append((int(row["start"]), int(row["end"]), row["original"]))
    return Gold("sample", spun, read(ROOT / "examples" / "sample_original.txt"), tuple(rows), 0.7)
