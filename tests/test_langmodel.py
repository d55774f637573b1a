"""The bigram model's back-off: what a missing pair means depends on whether the table
could hold it."""

from __future__ import annotations

import math

from despin.langmodel import default_model


def test_missing_pair_of_plain_words_is_capped_below_the_tables_cut_off():
    model = default_model()
    # "told" is common, but not after "the": the table would hold the pair if it were.
    assert model.bigram("the", "told") == 0
    assert model.cond("the", "told") < model.logp("told") - 3


def test_missing_pair_the_table_cannot_hold_backs_off_to_the_unigram():
    model = default_model()
    for prev, word in (("the", "1990s"), ("we're", "alarmed"), ("pro-government", "forces")):
        assert model.bigram(prev, word) == 0
        assert math.isclose(model.cond(prev, word), model.logp(word))


def test_decades_are_known_words():
    model = default_model()
    assert model.knows("1990s")
    assert model.count("1990s") > model.count("1890s") > 0
