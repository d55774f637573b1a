"""Restoration behaviour on spun text, and the ordinary English it must leave alone."""

from __future__ import annotations

import pytest

import despin

SPUN = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves. Residents advised AFP information company that 1000’s of individuals "
    "had fled since Might 12. The Kabul authorities’s current hopes rest on the United Nations, "
    "and its envoy advised the Safety Council on Friday."
)


@pytest.fixture(scope="module")
def restored():
    result = despin.clean(SPUN)
    assert result.revert() == SPUN
    return result


def test_spun_words_and_phrases_come_back(restored):
    text = restored.text
    for phrase in (
        "governor said on Saturday",
        "government forces",
        "of the city, where they were",
        "told AFP news agency that thousands of people",
    ):
        assert phrase in text


def test_dates_possessives_and_curly_apostrophes_survive(restored):
    assert "since May 12" in restored.text
    assert "Kabul government’s" in restored.text


POSSESSIVES = (
    "The provincial governor mentioned on Saturday that the authorities' forces had retreated "
    "to the airport on the outskirts of the metropolis, the place they have been preparing. "
    "Residents advised AFP information company that 1000’s of individuals had fled, and the "
    "UN envoy advised the Safety Council's members on Friday that the metropolises' leaders "
    "and the 'authorities' were all talking about the individuals's rights."
)


def test_possessives_of_phrases_and_plurals_are_restored_whole():
    result = despin.clean(POSSESSIVES)
    # A two-word form with a possessive is still found ("Safety Council's").
    assert "the Security Council's members" in result.text
    # A plural's bare apostrophe becomes a singular's "'s"; a plural stays a plural; a
    # word in single quotes keeps its closing quote.
    assert "the government's forces" in result.text
    assert "the cities' leaders" in result.text
    assert "the 'government' were" in result.text
    assert "about the people's rights" in result.text
    assert result.revert() == POSSESSIVES
    assert despin.apply_changes(POSSESSIVES, result.changes) == result.text


ARTICLES = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves. Residents advised AFP information company that 1000’s of individuals "
    "had fled after an assault on an metropolis. An metropolis near the border fell too."
)


def test_an_article_that_agreed_with_the_spun_word_agrees_with_the_restored_one():
    result = despin.clean(ARTICLES)
    assert "an attack on a city. A city near the border" in result.text
    (change,) = [c for c in result.changes if c.spun == "An metropolis"]
    assert change.restored == "A city"
    assert "'metropolis' read as 'city'" in change.reason
    assert "article 'An' made to agree" in change.reason
    assert result.revert() == ARTICLES
    # an article that already agrees is not touched: the change is the word alone
    assert [c.spun for c in result.changes if "metropolis" in c.spun] == [
        "metropolis",
        "an metropolis",
        "An metropolis",
    ]


def test_names_are_left_alone_but_known_spun_names_are_restored(restored):
    assert "the United Nations" in restored.text
    assert "the Security Council on Friday" in restored.text


def test_safety_council_outside_un_context_is_a_name():
    text = SPUN.replace("the United Nations", "the charity").replace(
        "the Safety Council", "the National Safety Council"
    )
    assert "National Safety Council" in despin.clean(text).text


def test_case_of_the_spun_word_is_carried_over():
    text = SPUN + " METROPOLIS FALLS AS TROOPS FLEE."
    out = despin.clean(text).text
    assert out.endswith("CITY FALLS AS TROOPS FLEE.")


def test_the_log_holds_only_what_changed(restored):
    pairs = [(c.spun, c.restored) for c in restored.changes]
    assert ("authorities", "government") in pairs  # the text's "’s" stays outside the span


def test_every_change_explains_itself(restored):
    for change in restored.changes:
        assert change.source.startswith("news:")
        assert repr(change.spun) in change.reason
        assert 0.5 <= change.confidence <= 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "Local authorities said the road would reopen on Monday.",
        "Doctors advised him to rest for a week.",
        "He mentioned it in passing during the interview.",
        "The navy's ships left port at dawn.",
        "The leaves turn red in the autumn.",
        "He spent two nights in the jail before his release.",
        "The team published a remarkable data set on rainfall.",
        "Officers arrested two men within the city limits.",
    ],
)
def test_ordinary_english_is_not_spinning(sentence):
    assert despin.clean(sentence).changes == ()
    assert despin.detect(sentence).spin < 0.5


def test_min_confidence_filters_changes():
    everything = despin.clean(SPUN)
    sure = despin.clean(SPUN, min_confidence=0.95)
    assert 0 < len(sure.changes) < len(everything.changes)
    assert all(c.confidence >= 0.95 for c in sure.changes)


@pytest.mark.parametrize(
    "sentence",
    [
        # Each holds one news fingerprint that is also ordinary English: alone, it is not
        # proof enough to change a text that does not otherwise read as spun.
        "The wine mavens gathered in Napa.",
        "The firm hired 1000's of workers.",
        "A failed try at the record.",
        "The oldsters sat by the fire.",
        "It was round 25 degrees at noon.",
    ],
)
def test_a_fingerprint_that_is_english_waits_for_a_spun_text(sentence):
    assert despin.clean(sentence).changes == ()


def test_a_fingerprint_english_does_not_produce_is_restored_alone():
    # "authorities's" is no English word; "such because the" no English phrase.
    text = "The Kabul authorities's plan covers such because the roads."
    result = despin.clean(text)
    assert result.text == "The Kabul government's plan covers such as the roads."
    # And the English-word fingerprints come back where the text reads as spun.
    assert "thousands of people" in despin.clean(SPUN).text


TIDY = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves. Residents advised AFP information company that 1000’s of individuals "
    "had fled. The Taliban nonetheless hold some areas inside the metropolis such because the "
    "airport and a military brigade, in line with officers."
)


def test_a_spinner_that_fixed_its_articles_has_them_fixed_back():
    # Every article agrees with its spun word: the spinner may have fixed them ("an army"
    # > "a military"), so "army" is scored after "an", and written with it.
    result = despin.clean(TIDY)
    assert "the airport and an army brigade, according to officials." in result.text
    assert result.revert() == TIDY


def test_one_article_that_disagrees_shows_a_spinner_that_leaves_them():
    from despin.restore import _tidies_articles

    index = despin.Despinner()._compile().index
    assert _tidies_articles(index.occurrences(TIDY))
    untidy = TIDY + " An metropolis near the border fell too."
    assert not _tidies_articles(index.occurrences(untidy))
    # there the written "a" is the original's own: "a army" is not read into it
    assert "a military brigade" in despin.clean(untidy).text


def test_a_possessive_is_read_with_its_possessive():
    """An adjective has no possessive: in a spun text "the novel's" is the noun, not a
    spun "new" (the model prices "novel's" against "new's", not "novel" against "new")."""
    text = (
        "The novel's narrative follows individuals in a small metropolis. Critics mentioned "
        "that the novel's protagonist, a reticent proprietor, advised the authorities about "
        "the assault. The novel's evaluations have been favourable, and the authorities "
        "mentioned the novel's success within the metropolis."
    )
    result = despin.clean(text)
    assert len(result.changes) >= 8
    assert not any(c.spun.lower() == "novel" for c in result.changes)
