"""changes.compose: two runs' logs as one log from the input to the final text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from despin.changes import Cleaned, apply_changes, build_changes, compose, revert_changes


@st.composite
def runs(draw: st.DrawFn, text: str) -> Cleaned:
    """A run over ``text``: sorted, non-overlapping edits with random replacements."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for k in range(0, len(cuts) - 1, 2):
        start, end = cuts[k], cuts[k + 1]
        restored = draw(st.text(alphabet="abxy ’é", max_size=4))
        edits.append((start, end, restored, draw(st.floats(0, 1)), f"s{k}", f"r{k}"))
    return build_changes(text, edits)


@st.composite
def two_runs(draw: st.DrawFn) -> tuple[str, Cleaned, Cleaned]:
    text = draw(st.text(alphabet="abcxy ’é\n", max_size=30))
    first = draw(runs(text))
    second = draw(runs(first.text))
    return text, first, second


@given(two_runs())
def test_composed_log_replays_and_reverts(case):
    text, first, second = case
    composed = compose(text, first, second)
    assert composed.text == second.text
    assert apply_changes(text, composed.changes) == second.text
    assert revert_changes(composed.text, composed.changes) == text
    for c in composed.changes:
        assert text[c.start : c.end] == c.spun
        assert composed.text[c.out_start : c.out_end] == c.restored
        assert c.spun != c.restored


def test_a_second_change_on_a_restored_word_becomes_one_change():
    text = "A unexampled plan."
    first = build_changes(text, [(2, 12, "new", 0.9, "news:unexampled>new", "one")])
    second = build_changes(first.text, [(2, 5, "young", 0.6, "news:new>young", "two")])
    (change,) = compose(text, first, second).changes
    assert (change.spun, change.restored, change.confidence) == ("unexampled", "young", 0.6)
    assert change.source == "news:unexampled>new+news:new>young"


def test_a_change_undone_by_the_second_run_disappears():
    text = "the metropolis"
    first = build_changes(text, [(4, 14, "city", 0.9, "a", "a")])
    second = build_changes(first.text, [(4, 8, "metropolis", 0.9, "b", "b")])
    assert compose(text, first, second).changes == ()


def test_untouched_changes_keep_their_own_text_in_input_offsets():
    text = "he mentioned the metropolis"
    first = build_changes(text, [(3, 12, "said", 0.9, "a", "a")])
    second = build_changes(first.text, [(12, 22, "city", 0.8, "b", "b")])
    changes = compose(text, first, second).changes
    assert [(c.start, c.end, c.spun, c.restored) for c in changes] == [
        (3, 12, "mentioned", "said"),
        (17, 27, "metropolis", "city"),
    ]
