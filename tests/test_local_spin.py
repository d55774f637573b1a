"""Paragraph spin in restoration: a spun paragraph does not make its clean neighbours spun."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from despin.detect import RATES, Segment
from despin.rates import SHARE_RANGE, local_spin, spun_share, token_runs
from despin.restore import WEAK_GATE


def _segment(llr: float, slope: float, words: int = 30) -> Segment:
    """A paragraph whose log-likelihood ratio is ``llr`` at rate 0.5, growing with the rate."""
    vector = tuple(llr + slope * (r - 0.5) for r in RATES)
    return Segment(0, 1, 0.5, words, 0, vector)


def test_one_spun_paragraph_does_not_make_its_clean_neighbours_spun():
    # One paragraph spun heavily (its evidence grows with the rate), nine clean ones
    # (evidence against heavy spinning): the document is spun, the share about a tenth.
    paragraphs = [_segment(25.0, 20.0)] + [_segment(-2.0, -8.0) for _ in range(9)]
    share, evidence = spun_share(paragraphs)
    assert 0.05 < share < 0.2
    assert evidence[0] > 10
    assert all(e < 0 for e in evidence[1:])
    local = [p for _s, _e, p in local_spin(paragraphs, doc_spin=0.999)]
    assert local[0] > 0.99
    assert all(p < WEAK_GATE for p in local[1:])


def test_a_fully_spun_text_keeps_the_document_prior():
    paragraphs = [_segment(6.0, 4.0) for _ in range(8)] + [_segment(0.0, 0.0)]
    share, _evidence = spun_share(paragraphs)
    assert share == 0.98
    local = [p for _s, _e, p in local_spin(paragraphs, doc_spin=0.999)]
    assert all(p >= WEAK_GATE for p in local)
    # a paragraph without evidence takes the prior: the document's, clipped
    assert local[-1] == pytest.approx(0.98)


def test_a_single_paragraph_takes_the_document_spin():
    assert local_spin([_segment(-3.0, -3.0)], doc_spin=0.7) == [(0, 1, 0.7)]


def test_token_runs_follow_the_paragraphs():
    #          0      1      2       3       4
    spans = [(0, 3), (4, 9), (11, 15), (16, 20), (22, 25)]
    paragraphs = [(0, 9, 0.2), (11, 20, 0.95)]
    assert token_runs(spans, paragraphs, 0.5) == [(0, 2, 0.2), (2, 4, 0.95), (4, 5, 0.5)]
    assert token_runs(spans, [], 0.5) == [(0, 5, 0.5)]
    assert token_runs([], [], 0.5) == [(0, 0, 0.5)]
    # with a gate, a run counts fully or not at all
    assert token_runs(spans, paragraphs, 0.5, WEAK_GATE) == [(0, 2, 0.0), (2, 4, 1.0), (4, 5, 0.0)]


_llr = st.lists(
    st.floats(min_value=-500.0, max_value=500.0), min_size=len(RATES), max_size=len(RATES)
)
_paragraphs = st.lists(
    st.builds(
        lambda llr, words, start: Segment(start, start + 1, 0.5, words, 0, tuple(llr)),
        _llr,
        st.integers(min_value=0, max_value=500),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=30,
)


@given(_paragraphs, st.floats(min_value=0.0, max_value=1.0))
def test_paragraph_spin_is_a_probability_for_any_evidence(paragraphs, doc_spin):
    share, evidence = spun_share(paragraphs)
    assert SHARE_RANGE[0] <= share <= SHARE_RANGE[1]
    assert len(evidence) == len(paragraphs)
    local = local_spin(paragraphs, doc_spin)
    assert [(a, b) for a, b, _p in local] == [(p.start, p.end) for p in paragraphs]
    assert all(0.0 <= p <= 1.0 for _a, _b, p in local)
    # one prior for all: more evidence never means a lower probability
    pairs = sorted(zip(evidence, (p for _a, _b, p in local)))
    assert all(q1 <= q2 for (_e1, q1), (_e2, q2) in itertools.pairwise(pairs))
