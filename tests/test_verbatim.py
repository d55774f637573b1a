"""Addresses, paths, tags and qualified names inside spun text stay as written (despin.verbatim)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import despin
from despin.verbatim import is_verbatim

#: The README's spun example: spun throughout, so every weak form in it may be restored.
SPUN = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves. Residents advised AFP information company that 1000’s of individuals "
    "had fled the metropolis within the days earlier than the assault."
)
#: Spun forms of the news lexicon that the example restores in prose.
WORDS = ["metropolis", "individuals", "authorities", "navy", "mentioned", "advised"]


@pytest.mark.parametrize(
    "verbatim",
    [
        "https://example.com/metropolis/individuals",
        "http://www.example.org/news?city=metropolis&who=individuals",
        "www.metropolis.com",
        "example.com/metropolis",
        "desk@metropolis.org",
        "#metropolis",
        "@navy",
        "/srv/metropolis/authorities.txt",
        "./metropolis/run",
        "~/notes/metropolis.md",
        "Acquire::metropolis::navy",
        "metropolis.individuals",
    ],
)
def test_a_spun_article_keeps_its_addresses_as_written(verbatim):
    text = f"{SPUN} Read more ({verbatim}), the officers mentioned."
    result = despin.clean(text)
    start = text.index(verbatim)
    assert all(c.end <= start or c.start >= start + len(verbatim) for c in result.changes)
    assert verbatim in result.text
    # The prose around the address is restored as before.
    assert ("metropolis", "city") in [(c.spun, c.restored) for c in result.changes]
    assert result.text.endswith("the officials said.")


def test_prose_with_slashes_and_dots_is_still_prose():
    text = "The metropolis and/or the navy, 24/7. The metropolis. Metropolis."
    for word in ("metropolis", "navy", "Metropolis"):
        start = text.index(word)
        assert not is_verbatim(text, start, start + len(word))


def test_sentence_punctuation_around_an_address_is_not_part_of_it():
    text = "(see example.com/metropolis)."
    start = text.index("metropolis")
    assert is_verbatim(text, start, start + len("metropolis"))
    assert not is_verbatim("(see the metropolis).", 9, 19)


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.sampled_from(WORDS))
def test_words_of_any_url_stay_as_written(path, tag):
    url = "https://news.example.com/" + "/".join(path)
    text = f"{SPUN} Source: {url} #{tag}"
    result = despin.clean(text)
    assert url in result.text
    assert f"#{tag}" in result.text
    assert result.changes


def test_markdown_link_text_is_prose_and_its_target_an_address():
    text = f"{SPUN} Read [the metropolis](https://example.com/metropolis) now."
    result = despin.clean(text)
    assert "[the city](https://example.com/metropolis)" in result.text
