"""Invisible characters and look-alike letters do not hide spun forms, nor damage clean text.

Web text carries soft hyphens and zero-width characters, and copied text is often laced
with them, or with Cyrillic letters drawn like Latin ones, to defeat plagiarism checks:
"metro\u00adpolis" and "mеtropolis" (Cyrillic "е") are the spun "metropolis" to a reader,
and to despin (:func:`despin.tokens.normalize`).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import despin
from despin.testing import news_texts
from despin.tokens import INVISIBLE, normalize, spans, split, visible
from tests.contracts import assert_contracts

#: The README's spun example.
SPUN = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves. Residents advised AFP information company that 1000’s of individuals "
    "had fled the metropolis within the days earlier than the assault."
)
SOFT_HYPHEN, ZWSP = "\u00ad", "\u200b"
#: Cyrillic letters drawn like Latin ones.
CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441"}


def _restorations(result: despin.Cleaned) -> list[tuple[str, str]]:
    """What each change read and wrote, as a reader sees the spun side."""
    return [(normalize(c.spun), c.restored) for c in result.changes]


def _lace(text: str, insert: str, share: float, seed: int = 1) -> str:
    """``text`` with ``insert`` after a ``share`` of its letters."""
    rnd = random.Random(seed)
    return "".join(ch + insert if ch.isalpha() and rnd.random() < share else ch for ch in text)


def test_a_word_holding_invisible_characters_is_one_token_with_a_plain_key():
    text = "the metro\u00adpolis, a \u200bcity\u200b of\ufeff indi\u200cvid\u200duals"
    surfaces, keys = split(text)
    assert keys == ["the", "metropolis", ",", "a", "city", "of", "individuals"]
    assert [text[a:b] for a, b in spans(text)] == surfaces
    assert surfaces[1] == "metro\u00adpolis"


def test_look_alike_letters_read_as_latin_only_in_a_word_that_mixes_scripts():
    assert normalize("m\u0435tr\u043epolis") == "metropolis"
    assert visible("\u0405afety") == "Safety"  # a Cyrillic capital DZE for "S"
    # A word written all in Cyrillic or Greek is that language's, not a disguise.
    assert normalize("\u0441\u0435\u043b\u043e") == "\u0441\u0435\u043b\u043e"
    assert normalize("\u039f\u03a7\u0399") == "\u03bf\u03c7\u03b9"


@pytest.mark.parametrize(
    ("laced", "char"),
    [
        (_lace(SPUN, SOFT_HYPHEN, 0.3), SOFT_HYPHEN),
        (SPUN.replace(" ", " " + ZWSP), ZWSP),
        (_lace(SPUN, ZWSP, 0.2, seed=2), ZWSP),
    ],
    ids=["soft hyphens in words", "zero-width spaces after spaces", "zero-width spaces in words"],
)
def test_invisible_characters_do_not_hide_spun_forms(laced, char):
    plain = despin.clean(SPUN)
    result = despin.clean(laced)
    assert _restorations(result) == _restorations(plain)
    assert_contracts(laced, result)
    # Every restored word is written whole; the words left alone keep their characters.
    assert result.text.replace(char, "") == plain.text


def test_cyrillic_look_alikes_do_not_hide_spun_forms():
    plain = despin.clean(SPUN)
    rnd = random.Random(3)
    laced = "".join(CYRILLIC[ch] if ch in CYRILLIC and rnd.random() < 0.5 else ch for ch in SPUN)
    result = despin.clean(laced)
    assert [c.restored for c in result.changes] == [c.restored for c in plain.changes]
    assert [normalize(c.spun) for c in result.changes] == [normalize(c.spun) for c in plain.changes]
    assert_contracts(laced, result)


def test_a_cased_entry_matches_a_name_written_with_look_alikes():
    text = SPUN + " The UN \u0405afety Council met on Monday."
    result = despin.clean(text)
    assert "Security Council" in result.text
    assert any(c.spun == "\u0405afety" and c.restored == "Security" for c in result.changes)


_INVISIBLE_OR_LOOK_ALIKE = st.sampled_from([*INVISIBLE, *CYRILLIC.values()])


@given(news_texts(), st.lists(st.tuples(st.floats(0, 1), _INVISIBLE_OR_LOOK_ALIKE), max_size=12))
def test_clean_news_laced_with_invisible_or_look_alike_characters_stays_unchanged(text, inserts):
    for where, char in inserts:
        at = int(where * len(text))
        text = text[:at] + char + text[at:]
    result = despin.clean(text)
    assert result.changes == ()
    assert result.text == text


@given(st.lists(st.sampled_from([*INVISIBLE, " ", "a", "metropolis", "'", "s", "\u0435"])))
def test_change_logs_stay_exact_around_invisible_characters(pieces):
    text = SPUN + " " + "".join(pieces)
    assert_contracts(text, despin.clean(text))
