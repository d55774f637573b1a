"""Hypothesis strategies for news-like text and spun text with its ground truth.

For property tests of code that sits next to despin (near-duplicate detection,
search, corpus cleaning): draw realistic news text, or a spun copy of it with the
spinner's change log, and let hypothesis shrink a failure to one short sentence with
as few substitutions as it needs. Needs the optional extra: ``pip install 'despin[testing]'``
(``import despin`` alone never imports hypothesis).

The first ``despin.clean`` in a process compiles the lexicons (about a second), which
hypothesis reports as an unreliable test timing under its default 200 ms deadline: give
tests that clean ``@settings(deadline=None)``, or clean once beforehand (a session fixture).

>>> from hypothesis import given
>>> from despin.testing import spun_pairs
>>> @given(spun_pairs(rate=0.5))
... def test_revert(pair):
...     original, spun = pair
...     assert spun.revert() == original
>>> test_revert()
"""

from __future__ import annotations

import functools
import importlib.resources
import numbers
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

try:
    from hypothesis import strategies as st
except ImportError as _exc:  # pragma: no cover - exercised without the extra installed
    _msg = (
        "despin.testing needs hypothesis, which despin does not install by default: "
        "pip install 'despin[testing]'"
    )
    raise ImportError(_msg) from _exc

import despin
from despin.spinner import Spun

__all__ = ["CorpusSpec", "news_texts", "sample_news", "spun", "spun_pairs"]

#: One corpus item: a file or folder path (folders are read for ``*.txt``), or a text.
CorpusItem = str | os.PathLike[str]
CorpusSpec = CorpusItem | Iterable[CorpusItem]

_SAMPLES = "samples/news"
# Paragraphs are separated by blank lines or, in a document without any, by line breaks.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A sentence ends at . ! ? (and any closing quotes or brackets) followed by white space
# and something that starts a sentence; "4:12 a.m. at" and "3.5 per cent" do not split.
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
# Titles and abbreviations a sentence rarely ends with ("Dr. Marian Flood", "Gen. Ortega");
# "No." only before a number ("No. 10").
_ABBREVIATIONS = frozenset(
    (
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "insp",
        "det",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
    )
)
_LAST_WORD = re.compile(r"(\w+)[.!?]*$")
_RATE_STEPS = 1000  # rates are drawn on a 0.001 grid (see spun())
_SEED_MAX = 2**16
_MAX_SENTENCES = 10  # longest sentence run (bounds the candidates of a long paragraph)


@dataclass(frozen=True, slots=True)
class _Corpus:
    """Documents cut into paragraphs and sentences, each kept as a span of its document."""

    docs: tuple[str, ...]
    #: (document, start, end), in document order
    paragraphs: tuple[tuple[int, int, int], ...]
    #: (paragraph, start, end) with offsets in the paragraph's document, in document order
    sentences: tuple[tuple[int, int, int], ...]

    def cut(self, run: tuple[int, int, int, int]) -> str:
        """The text of a run from :meth:`runs`."""
        _, doc, start, end = run
        return self.docs[doc][start:end]

    def runs(self, min_paragraphs: int, max_paragraphs: int) -> list[tuple[int, int, int, int]]:
        """Every distinct slice ``news_texts`` may draw, as (length, doc, start, end), shortest
        first: so hypothesis, which shrinks a draw toward the front, shrinks the text."""
        found: set[tuple[int, int, int, int]] = set()
        if min_paragraphs == 1:
            for i, (para, start, _) in enumerate(self.sentences):
                doc = self.paragraphs[para][0]
                for p, _, end in self.sentences[i : i + _MAX_SENTENCES]:
                    if p != para:
                        break
                    found.add((end - start, doc, start, end))
        for i, (doc, start, _) in enumerate(self.paragraphs):
            for d, _, end in self.paragraphs[i + min_paragraphs - 1 : i + max_paragraphs]:
                if d != doc:
                    break
                found.add((end - start, doc, start, end))
        return sorted(found)


def _inside_quote(text: str, start: int, pos: int, end: int) -> bool:
    """Is ``pos`` inside a quotation in the paragraph ``text[start:end]``? (Balanced only.)"""
    straight = text.count('"', start, end) % 2 == 0 and text.count('"', start, pos) % 2 == 1
    curly = text.count("“", start, end) == text.count("”", start, end) and (
        text.count("“", start, pos) > text.count("”", start, pos)
    )
    return straight or curly


def _abbreviation(text: str, start: int, stop: int) -> bool:
    """Does ``text[start:stop]`` end with a title, an abbreviation or an initial ("J.")?"""
    if text[stop] != ".":
        return False
    m = _LAST_WORD.search(text, start, stop)
    if m is None:
        return False
    word = m.group(1)
    if word.lower() == "no":
        return text[stop + 1 : stop + 3].strip()[:1].isdigit()
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _split(docs: Sequence[str]) -> _Corpus:
    paragraphs: list[tuple[int, int, int]] = []
    sentences: list[tuple[int, int, int]] = []
    for d, text in enumerate(docs):
        pos = 0
        breaks = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
        for brk in [*breaks.finditer(text), None]:
            stop = len(text) if brk is None else brk.start()
            chunk = text[pos:stop]
            lead = len(chunk) - len(chunk.lstrip())
            start, end = pos + lead, pos + len(chunk.rstrip())
            pos = len(text) if brk is None else brk.end()
            if start >= end:
                continue
            p = len(paragraphs)
            paragraphs.append((d, start, end))
            s = start
            for m in _SENTENCE_END.finditer(text, start, end):
                if _inside_quote(text, start, m.end(), end) or _abbreviation(text, s, m.start()):
                    continue
                sentences.append((p, s, m.end()))
                s = m.end()
                while s < end and text[s].isspace():
                    s += 1
            if s < end:
                sentences.append((p, s, end))
    if not paragraphs:
        msg = "the corpus holds no text: give non-empty files, folders of .txt files, or texts"
        raise ValueError(msg)
    return _Corpus(tuple(docs), tuple(paragraphs), tuple(sentences))


@functools.lru_cache(maxsize=1)
def _shipped() -> _Corpus:
    """The sample news articles shipped in the package (read once)."""
    folder = importlib.resources.files("despin").joinpath(_SAMPLES)
    docs = [
        item.read_text(encoding="utf-8")
        for item in sorted(folder.iterdir(), key=lambda t: t.name)
        if item.name.endswith(".txt")
    ]
    return _split(docs)


def sample_news() -> tuple[str, ...]:
    """The shipped sample news articles, whole: clean text written for despin (MIT).

    Handy beside the strategies, for example to check a lexicon of your own with
    ``despin.check.check_clean(sample_news(), Despinner(extra_lexicons=["mine.tsv"]))``.

    >>> len(sample_news()) >= 10
    True
    """
    return _shipped().docs


def _is_path(item: str) -> bool:
    """Does this ``str`` name an existing file or folder (rather than being a text)?"""
    if "\n" in item or len(item) > 4096:
        return False
    try:
        return Path(item).exists()
    except (OSError, ValueError):  # a NUL byte, a name too long: a text
        return False


def _read_item(item: CorpusItem) -> list[str]:
    """One corpus item as documents: a file, every ``*.txt`` under a folder, or a text."""
    if isinstance(item, str) and not _is_path(item):
        if not any(ch.isspace() for ch in item) and item.endswith((".txt", os.sep, "/")):
            # a single word ending like a path is a typo'd path far more often than a text
            msg = f"{item}: no such file or folder"
            raise FileNotFoundError(msg)
        return [item]
    path = Path(item)
    if path.is_dir():
        files = sorted(path.rglob("*.txt"))
        if not files:
            msg = f"{path}: no .txt files in this folder"
            raise FileNotFoundError(msg)
        return [f.read_text(encoding="utf-8") for f in files]
    return [path.read_text(encoding="utf-8")]


def _load(corpus: CorpusSpec | None) -> _Corpus:
    if corpus is None:
        return _shipped()
    items: Iterable[CorpusItem]
    if isinstance(corpus, (str, os.PathLike)):
        items = [corpus]
    else:
        items = corpus
    docs = [doc for item in items for doc in _read_item(item)]
    return _split(docs)


def news_texts(
    corpus: CorpusSpec | None = None,
    *,
    min_paragraphs: int = 1,
    max_paragraphs: int = 3,
) -> st.SearchStrategy[str]:
    """Realistic news text: contiguous runs of sentences or paragraphs from a corpus.

    ``corpus`` is the shipped sample news (the default), or files, folders (read for
    ``*.txt``, recursively) and texts: a ``str`` naming an existing path is read as
    one, any other ``str`` is a text. Each example is an exact slice of one document:
    ``min_paragraphs`` to ``max_paragraphs`` whole paragraphs (separated by blank
    lines, or by line breaks in a document without blank lines) or, when
    ``min_paragraphs`` is 1, a run of up to 10 sentences of one paragraph.

    It shrinks toward one short sentence: the candidate slices are ordered by length
    and drawn by position, so shrinking the draw shortens the text.

    >>> from hypothesis import find, settings
    >>> found = find(news_texts(), lambda t: "said" in t, settings=settings(derandomize=True))
    >>> "said" in found and len(found) < 80  # one short sentence, out of long articles
    True
    """
    if min_paragraphs < 1 or max_paragraphs < min_paragraphs:
        msg = (
            f"need 1 <= min_paragraphs <= max_paragraphs, got {min_paragraphs} and {max_paragraphs}"
        )
        raise ValueError(msg)
    c = _load(corpus)
    runs = c.runs(min_paragraphs, max_paragraphs)
    if not runs:
        msg = f"no document in this corpus has {min_paragraphs} paragraphs"
        raise ValueError(msg)
    # A named function, not a lambda: hypothesis then reports the text itself.
    return st.sampled_from(runs).map(c.cut)


def _rates(rate: float | tuple[float, float] | None) -> st.SearchStrategy[float]:
    """Spin rates shrinking toward the low end, i.e. toward fewer substitutions."""
    lo, hi = (0.1, 1.0) if rate is None else rate if isinstance(rate, tuple) else (rate, rate)
    numbers_ok = all(isinstance(x, numbers.Real) and not isinstance(x, bool) for x in (lo, hi))
    if not (numbers_ok and 0.0 <= lo <= hi <= 1.0):
        msg = f"rate must be a number or a (low, high) range within [0, 1], got {rate!r}"
        raise ValueError(msg)
    if lo == hi:
        return st.just(float(lo))
    # A bounded st.floats shrinks toward the "simplest" float in range, which for
    # [0.1, 1.0] is 1.0: the most substitutions. Integers on a 0.001 grid shrink toward
    # the low end instead (the spinner's swaps at a lower rate are a subset of those at
    # a higher one, for the same seed) and print readably.
    steps = st.integers(round(lo * _RATE_STEPS), round(hi * _RATE_STEPS))
    return steps.map(lambda k: min(hi, max(lo, k / _RATE_STEPS)))


def _seeds(seed: int | None) -> st.SearchStrategy[int]:
    return st.integers(0, _SEED_MAX) if seed is None else st.just(seed)


def spun(
    texts_strategy: st.SearchStrategy[str],
    *,
    rate: float | tuple[float, float] | None = None,
    seed: int | None = None,
    min_changes: int = 0,
    fix_articles: bool | None = False,
) -> st.SearchStrategy[Spun]:
    """:class:`despin.Spun` results of :func:`despin.spin` on texts drawn from ``texts_strategy``.

    ``rate`` is drawn in [0.1, 1.0] unless fixed (a number) or given as a
    ``(low, high)`` range; ``seed`` is drawn in [0, 65536] unless fixed. Both shrink
    toward the low end, so a failure shrinks toward fewer substitutions. Each
    example carries its ground truth: ``spun.changes`` (``Change.spun`` is the
    original wording, ``Change.restored`` the spinner's), ``spun.original``, and
    ``despin.spin(spun.original, spun.rate, spun.seed, fix_articles=spun.fix_articles)``
    rebuilds it exactly. ``min_changes`` filters out examples with fewer substitutions
    (keep it small). ``fix_articles`` makes "a"/"an" agree with each swap, as tidier
    spinners do; None draws it (shrinking toward False).
    """
    articles = st.booleans() if fix_articles is None else st.just(bool(fix_articles))
    strategy = st.builds(
        despin.spin, texts_strategy, _rates(rate), _seeds(seed), fix_articles=articles
    )
    if min_changes > 0:
        strategy = strategy.filter(lambda s: len(s.changes) >= min_changes)
    return strategy


def spun_pairs(
    texts_strategy: st.SearchStrategy[str] | None = None,
    *,
    rate: float | tuple[float, float] | None = None,
    seed: int | None = None,
    min_changes: int = 0,
    fix_articles: bool | None = False,
) -> st.SearchStrategy[tuple[str, Spun]]:
    """``(original, spun)`` pairs: :func:`spun` with the original text beside it.

    ``texts_strategy`` defaults to :func:`news_texts` over the shipped sample news.
    """
    texts = news_texts() if texts_strategy is None else texts_strategy
    strategy = spun(texts, rate=rate, seed=seed, min_changes=min_changes, fix_articles=fix_articles)
    return strategy.map(_with_original)


def _with_original(s: Spun) -> tuple[str, Spun]:
    return s.original, s
