"""The change-log contracts, for every string (hypothesis)."""

from __future__ import annotations

import math
import pickle
import textwrap
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import despin
from despin import Change, apply_changes
from despin.tokens import (
    _SCAN_ASCII,
    MARKS,
    SCAN,
    ascii_apostrophes,
    normalize,
    spans,
    split,
    visible,
)
from tests.contracts import assert_contracts

# Fragments that exercise every awkward corner around a restoration.
SPUN = [
    "mentioned",
    "advised",
    "metropolis",
    "authorities",
    "within the",
    "such because the",
    "1000's",
    "1000’s",
    "Might",
    "Nineties",
    "Safety Council",
    "in line with",
    "navy",
    "and not using a battle",
    "the place",
    "have been",
    "METROPOLIS",
    "Metropolis",
    "authorities’s",
    "officers",
    "individuals",
    "nation",
    "changing into",
]
ODD = [
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\x00",
    "“",
    "”",
    "’",
    "‘",
    "—",
    "–",
    "…",
    "😀",
    "👩‍👩‍👧",
    "e\u0301",
    "\u200d",
    "\u200f",
    "\ud800",
    "\udcff",
    "שלום",
    "مرحبا",
    "İ",
    "ß",
    "ﬁ",
    ".",
    ",",
    "!",
    "?",
    "(",
    ")",
    "[",
    "]",
    "'s",
    "-",
]
CLEAN = ["the", "Taliban", "said", "on", "Saturday", "city", "forces", "AFP", "UN", "May", "12"]

fragments = st.lists(
    st.one_of(
        st.sampled_from(SPUN), st.sampled_from(ODD), st.sampled_from(CLEAN), st.text(max_size=4)
    ),
    max_size=40,
).map("".join)
any_text = st.one_of(st.text(), fragments)


@given(any_text)
def test_revert_and_replay(text):
    result = despin.clean(text)
    assert result.revert() == text
    assert apply_changes(text, result.changes) == result.text


@given(any_text)
def test_spans_sorted_in_bounds_and_exact(text):
    assert_contracts(text, despin.clean(text))


@given(any_text)
def test_text_outside_changes_is_untouched(text):
    result = despin.clean(text)
    pos = 0
    out_pos = 0
    for c in result.changes:
        assert text[pos : c.start] == result.text[out_pos : c.out_start]
        pos, out_pos = c.end, c.out_end
    assert text[pos:] == result.text[out_pos:]


@given(any_text, st.floats(min_value=0.0, max_value=1.0))
def test_any_subset_replays(text, threshold):
    result = despin.clean(text)
    subset = [c for c in result.changes if c.confidence >= threshold]
    replayed = apply_changes(text, subset)
    # Replaying a subset changes exactly those spans.
    assert len(replayed) == len(text) + sum(len(c.restored) - len(c.spun) for c in subset)


@given(any_text)
def test_detect_never_crashes_and_is_a_probability(text):
    detection = despin.detect(text)
    assert 0.0 <= detection.spin <= 1.0
    lo, hi = detection.interval
    assert 0.0 <= lo <= detection.spin <= hi <= 1.0
    for e in detection.evidence:
        assert text[e.start : e.end] == e.spun


@pytest.mark.parametrize("bad", [b"bytes", bytearray(b"x"), 42, None, ["a"]])
def test_non_str_input_is_a_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        despin.clean(bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        despin.detect(bad)


def test_bytes_error_says_to_decode():
    with pytest.raises(TypeError, match="decode"):
        despin.clean(b"mentioned")


def test_apply_changes_rejects_a_log_that_does_not_fit():
    change = Change(0, 9, 0, 4, "mentioned", "said", 0.9, "news:mentioned>said", "test")
    assert apply_changes("mentioned it", [change]) == "said it"
    with pytest.raises(ValueError, match="does not fit"):
        apply_changes("announced it", [change])
    with pytest.raises(ValueError, match="overlap"):
        apply_changes("mentioned it", [change, change])


def test_change_is_frozen_and_round_trips_through_dict():
    change = Change(0, 9, 0, 4, "mentioned", "said", 0.9, "news:mentioned>said", "test")
    with pytest.raises(AttributeError):
        change.start = 3  # type: ignore[misc]
    assert Change.from_dict(change.to_dict()) == change
    with pytest.raises(ValueError, match="missing the field"):
        Change.from_dict({"start": 1})


def test_despinner_pickles_and_works_after_unpickling():
    d = despin.Despinner(min_confidence=0.7)
    text = "The official mentioned on Saturday that the metropolis had fallen."
    before = d.clean(text)
    clone = pickle.loads(pickle.dumps(d))
    assert clone.min_confidence == 0.7
    assert clone.clean(text) == before
    assert len(pickle.dumps(d)) < len(pickle.dumps(d.lexicons)) + 2000


def test_a_pickled_despinner_keeps_the_lexicon_file_it_loaded(tmp_path):
    # Pickling used to read a user lexicon file again: a file deleted since made pickling
    # fail, and one edited since gave worker processes another lexicon than the parent's.
    path = tmp_path / "mine.tsv"
    header = "# despin-lexicon v1\nspun\trestored\tweight\tcontext\tprovenance\n"
    path.write_text(header + "metropolis\tcity\t0.9\t\tme\n", encoding="utf-8")
    d = despin.Despinner(["news", path])
    path.write_text(header + "metropolis\ttown\t0.9\t\tme\n", encoding="utf-8")
    clone = pickle.loads(pickle.dumps(d))
    assert [e.restored for e in clone.lexicons[1].entries] == ["city"]
    path.unlink()
    clone = pickle.loads(pickle.dumps(d))
    assert [lex.name for lex in clone.lexicons] == ["news", "mine"]


def test_despinner_is_thread_safe():
    from concurrent.futures import ThreadPoolExecutor

    d = despin.Despinner()
    texts = [f"He mentioned {i} officers within the metropolis." for i in range(40)]
    expected = [despin.Despinner().clean(t) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(d.clean, texts))
    assert got == expected


def test_bad_min_confidence():
    with pytest.raises(ValueError, match="min_confidence"):
        despin.Despinner(min_confidence=1.5)


@pytest.mark.parametrize(
    ("value", "error"),
    [(1.5, ValueError), (-0.1, ValueError), (math.nan, ValueError), ("0.9", TypeError)],
)
def test_bad_min_confidence_per_call_is_refused_like_the_constructors(value, error):
    # clean(min_confidence=...) used to skip the check: 1.5 silently made no change, NaN
    # silently kept every change, a string raised an unrelated comparison error.
    text = "He mentioned that officers within the metropolis had fled."
    with pytest.raises(error, match="min_confidence"):
        despin.Despinner().clean(text, min_confidence=value)
    with pytest.raises(error, match="min_confidence"):
        despin.clean(text, min_confidence=value)
    with pytest.raises(error, match="min_confidence"):
        despin.Despinner(min_confidence=value)


@given(st.text(alphabet=st.characters(max_codepoint=127) | st.sampled_from(MARKS)))
def test_ascii_scanner_finds_the_unicode_scanners_tokens(text):
    # split and spans take a faster ASCII-class pattern for ASCII text with news marks.
    assert _SCAN_ASCII.findall(text) == SCAN.findall(text)


@given(st.text())
def test_split_agrees_with_the_unicode_scanner(text):
    surfaces, keys = split(text)
    assert surfaces == SCAN.findall(ascii_apostrophes(text))
    # A key is the surface in lower case, as a reader sees it: invisible characters
    # dropped and, in a word that mixes scripts, look-alike letters made Latin; every
    # line break token ("\r\n", "\u2029"...) is "\n".
    assert keys == [normalize(s) for s in surfaces]
    assert all(k == s.lower() for s, k in zip(surfaces, keys) if s == visible(s) and s.strip())
    assert all(k == "\n" for s, k in zip(surfaces, keys) if not s.strip())
    assert [ascii_apostrophes(text)[a:b] for a, b in spans(text)] == surfaces


@pytest.mark.parametrize(
    ("text", "newlines"),
    [
        ("Officials said\non Saturday", 0),  # a wrap inside a sentence is a space
        ("Officials said,\r\nthen left", 0),
        ("Officials said.\non Saturday", 1),  # a sentence ends the line
        ("Headline\nOfficials said", 1),  # the next line starts capitalised
        ("Headline\n\nofficials said", 2),  # a blank line ends a paragraph
        ("Officials said \non Saturday", 1),  # unsure: kept as a break
    ],
)
def test_a_hard_wrapped_line_is_no_break(text, newlines):
    assert split(text)[1].count("\n") == newlines


def test_hard_wrapped_spun_text_is_restored_like_the_same_text_unwrapped():
    text = (
        "The provincial governor mentioned on Saturday that authorities forces had retreated to the "
        "airport on the outskirts of the metropolis, the place they have been preparing to defend "
        "themselves. Residents advised AFP that 1000's of individuals had fled within the metropolis."
    )
    wrapped = textwrap.fill(text, 40)
    assert "\n" in wrapped
    assert [c.restored for c in despin.clean(wrapped).changes] == [
        c.restored for c in despin.clean(text).changes
    ]


def test_a_decomposed_accent_belongs_to_its_word():
    # NFD text ("résumé" as "re" + U+0301 + "sume" + U+0301) is split into words, not into
    # pieces a lexicon could match; a spun word with an accent on it is another word.
    assert split(unicodedata.normalize("NFD", "Le café résumé"))[1] == [
        "le",
        "cafe\u0301",
        "re\u0301sume\u0301",
    ]
    spun = (
        "The metropolis\u0301 officers mentioned on Saturday that authorities forces had "
        "retreated to the outskirts of the metropolis, the place they have been preparing."
    )
    result = despin.clean(spun)
    assert result.text.startswith("The metropolis\u0301 officials said on Saturday")


def test_news_marks_are_marks_to_unicode_classes():
    assert all(SCAN.fullmatch(m) and not m.isalnum() and not m.isspace() for m in MARKS)
