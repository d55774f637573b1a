"""despin's own contracts over realistic text, drawn with its public strategies.

``test_contracts.py`` covers arbitrary strings; these draw news text and spun news text
(``despin.testing``), where despin actually makes changes, so the change-log
contracts and idempotence are exercised on the documents users clean.
"""

from __future__ import annotations

from hypothesis import given

import despin
from despin import Cleaned
from despin.testing import news_texts, sample_news, spun
from tests.contracts import assert_contracts

NEWS = news_texts()
SPUN_NEWS = spun(news_texts())


def _contracts(text: str, result: Cleaned) -> None:
    assert_contracts(text, result)


@given(NEWS)
def test_clean_news_passes_through_unchanged(text):
    result = despin.clean(text)
    assert result.changes == ()
    assert result.text == text


def test_a_short_excerpt_is_no_false_alarm():
    """Regression: this clean headline and lead (two thesaurus forms of "stop" in 250
    characters) once read as spun (0.91) and lost "halts" and "halting"."""
    text = (
        "Dockworkers strike halts traffic at country's busiest port\n\n"
        "Dockworkers at the port of Santa Lucía began a 72-hour strike on Tuesday, halting "
        "the loading and unloading of ships at the country's busiest container terminal in a "
        "dispute over automation."
    )
    assert text in "\n\n".join(sample_news())
    assert despin.clean(text).changes == ()


@given(NEWS)
def test_contracts_on_news(text):
    _contracts(text, despin.clean(text))


@given(NEWS)
def test_idempotent_on_news(text):
    once = despin.clean(text).text
    assert despin.clean(once).text == once


@given(SPUN_NEWS)
def test_contracts_on_spun_news(s):
    _contracts(s.text, despin.clean(s.text))


@given(SPUN_NEWS)
def test_idempotent_on_spun_news(s):
    """clean() iterates to a fixed point, so cleaning its output changes nothing."""
    first = despin.clean(s.text)
    assert despin.clean(first.text).changes == ()
