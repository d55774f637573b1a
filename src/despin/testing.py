"""Hypothesis strategies for news-like text and spun text with its ground truth.

For property tests of code that sits next to despin (near-duplicate detection,
search, corpus cleaning): draw realistic news text, or a spun copy of it with the
spinner's change log, and let hypothesis shrink a failure to one short sentence with
as few substitutions as it needs. Needs the optional extra: ``pip install 'despin[testing]'``
(``import despin`` alone never imports hypothesis).

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

__all__ = ["CorpusSpec", "news_texts", "spun", "spun_pairs"]

#: One corpus item: a file or folder path (folders are read for ``*.txt``), or a text.
CorpusItem = str | os.PathLike[str]
CorpusSpec = CorpusItem | Iterable[CorpusItem]

_SAMPLES = "samples/news"
# Paragraphs are separated by blank lines.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A sentence ends at . ! ? (and any closing quotes or brackets) followed by white space
# and something that starts a sentence; "4:12 a.m. at" and "3.5 per cent" do not split.
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_RATE_STEPS = 1000  # rates are drawn on a 0.001 grid (see spun())
_SEED_MAX = 2**16


@dataclass(frozen=True, slots=True)
class _Corpus:
    """Documents cut into paragraphs and sentences, each kept as a span of its document."""

    docs: tuple[str, ...]
    #: (document, start, end), in document order
    paragraphs: tuple[tuple[int, int, int], ...]
    #: (paragraph, start, end) with offsets in the paragraph's document, in document order
    sentences: tuple[tuple[int, int, int], ...]

    def paragraph_counts(self) -> list[int]:
        """Paragraphs per document."""
        counts = [0] * len(self.docs)
        for doc, _, _ in self.paragraphs:
            counts[doc] += 1
        return counts

    def sentences_in(self, paragraph: int) -> int:
        return sum(1 for p, _, _ in self.sentences if p == paragraph)

    def run(self, anchor: int, paragraphs: int, sentences: int) -> str:
        """``paragraphs`` whole paragraphs from the anchor's on (moved back to fit in its
        document), or with ``paragraphs == 0``, ``sentences`` sentences from the anchor on
        (stopping at the paragraph's end)."""
        para, start, end = self.sentences[anchor]
        doc = self.paragraphs[para][0]
        if paragraphs == 0:
            for p, _, e in self.sentences[anchor + 1 : anchor + sentences]:
                if p != para:
                    break
                end = e
            return self.docs[doc][start:end]
        last = para + paragraphs - 1
        while last >= len(self.paragraphs) or self.paragraphs[last][0] != doc:
            last -= 1
        first = max(last - paragraphs + 1, 0)
        while self.paragraphs[first][0] != doc:
            first += 1
        return self.docs[doc][self.paragraphs[first][1] : self.paragraphs[last][2]]


def _inside_quote(text: str, start: int, pos: int, end: int) -> bool:
    """Is ``pos`` inside a quotation of the paragraph ``text[start:end]``? (Balanced quotes only.)"""
    straight = text.count('"', start, end) % 2 == 0 and text.count('"', start, pos) % 2 == 1
    curly = text.count("“", start, end) == text.count("”", start, end) and (
        text.count("“", start, pos) > text.count("”", start, pos)
    )
    return straight or curly


def _split(docs: Sequence[str]) -> _Corpus:
    paragraphs: list[tuple[int, int, int]] = []
    sentences: list[tuple[int, int, int]] = []
    for d, text in enumerate(docs):
        pos = 0
        for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
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
                if _inside_quote(text, start, m.end(), end):
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


def _looks_like_path(item: str) -> bool:
    return "\n" not in item and len(item) < 4096


def _read_item(item: CorpusItem) -> list[str]:
    """One corpus item as documents: a file, every ``*.txt`` under a folder, or a text."""
    if isinstance(item, str) and not (_looks_like_path(item) and Path(item).exists()):
        if not any(ch.isspace() for ch in item) and (item.endswith(".txt") or os.sep in item):
            msg = f"{item}: no such file or folder (a corpus text would contain spaces)"
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
    ``min_paragraphs`` to ``max_paragraphs`` whole paragraphs (blank-line separated)
    or, when ``min_paragraphs`` is 1, a run of sentences from one paragraph.

    It shrinks toward one short sentence: every example grows from an anchor
    sentence, anchors are ordered by length, and a paragraph run shrinks to the
    sentences of its first paragraph from the anchor on, then to the anchor alone.

    >>> from hypothesis import find
    >>> len(find(news_texts(), lambda text: "said" in text)) < 120
    True
    """
    if min_paragraphs < 1 or max_paragraphs < min_paragraphs:
        msg = (
            "need 1 <= min_paragraphs <= max_paragraphs, "
            f"got {min_paragraphs} and {max_paragraphs}"
        )
        raise ValueError(msg)
    c = _load(corpus)
    counts = c.paragraph_counts()
    anchors = [
        i
        for i, (p, _, _) in enumerate(c.sentences)
        if counts[c.paragraphs[p][0]] >= min_paragraphs
    ]
    if not anchors:
        msg = f"no document in this corpus has {min_paragraphs} paragraphs"
        raise ValueError(msg)
    anchors.sort(key=lambda i: (c.sentences[i][2] - c.sentences[i][1], i))
    longest = max(c.sentences_in(p) for p in range(len(c.paragraphs)))
    # 0 paragraphs: a run of sentences within the anchor's paragraph.
    fewest = 0 if min_paragraphs == 1 else min_paragraphs
    return st.builds(
        c.run,
        st.sampled_from(anchors),
        st.integers(fewest, max_paragraphs),
        st.integers(1, longest),
    )


def _rates(rate: float | tuple[float, float] | None) -> st.SearchStrategy[float]:
    """Spin rates shrinking toward the low end, i.e. toward fewer substitutions."""
    lo, hi = (0.1, 1.0) if rate is None else rate if isinstance(rate, tuple) else (rate, rate)
    if not 0.0 <= lo <= hi <= 1.0:
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
) -> st.SearchStrategy[Spun]:
    """:class:`despin.Spun` results of :func:`despin.spin` on texts drawn from ``texts_strategy``.

    ``rate`` is drawn in [0.1, 1.0] unless fixed (a number) or given as a
    ``(low, high)`` range; ``seed`` is drawn in [0, 65536] unless fixed. Both shrink
    toward the low end, so a failure shrinks toward fewer substitutions. Each
    example carries its ground truth: ``spun.changes`` (``Change.spun`` is the
    original wording, ``Change.restored`` the spinner's), ``spun.original``, and
    ``despin.spin(spun.original, spun.rate, spun.seed)`` rebuilds it exactly.
    ``min_changes`` filters out examples with fewer substitutions (keep it small).
    """
    strategy = st.builds(despin.spin, texts_strategy, _rates(rate), _seeds(seed))
    if min_changes > 0:
        strategy = strategy.filter(lambda s: len(s.changes) >= min_changes)
    return strategy


def spun_pairs(
    texts_strategy: st.SearchStrategy[str] | None = None,
    *,
    rate: float | tuple[float, float] | None = None,
    seed: int | None = None,
    min_changes: int = 0,
) -> st.SearchStrategy[tuple[str, Spun]]:
    """``(original, spun)`` pairs: :func:`spun` with the original text beside it.

    ``texts_strategy`` defaults to :func:`news_texts` over the shipped sample news.
    """
    texts = news_texts() if texts_strategy is None else texts_strategy
    return spun(texts, rate=rate, seed=seed, min_changes=min_changes).map(
        lambda s: (s.original, s)
    )
