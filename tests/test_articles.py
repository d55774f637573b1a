"""A/an agreement: the article a restored word needs, by its sound."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from despin.articles import article_for


@pytest.mark.parametrize(
    ("word", "article"),
    [
        ("army", "an"),
        ("office", "an"),
        ("attack", "an"),
        ("hour", "an"),
        ("honest", "an"),
        ("honour", "an"),
        ("heir", "an"),
        ("uninformed", "an"),
        ("unidentified", "an"),
        ("umbrella", "an"),
        ("city", "a"),
        ("military", "a"),
        ("house", "a"),
        ("union", "a"),
        ("university", "a"),
        ("european", "a"),
        ("one-off", "a"),
        ("user", "a"),
        ("usual", "a"),
        ("8", "an"),
        ("11", "an"),
        ("18", "an"),
        ("1800s", "an"),
        ("80", "an"),
        ("1990s", "a"),
        ("110", "a"),
        ("1,000", "a"),
        ("11,000", "an"),
        ("110,000", "a"),
    ],
)
def test_the_article_follows_the_sound(word, article):
    assert article_for(word) == article


def test_no_article_for_what_is_not_a_word():
    assert article_for("") is None
    assert article_for("“quoted") is None


@given(st.text())
def test_any_text_gets_a_or_an_or_none(word):
    assert article_for(word) in ("a", "an", None)
