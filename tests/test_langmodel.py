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


def test_cond_agrees_with_the_tables_arithmetic_and_with_conds():
    model = default_model()
    words = ["the", "said", "told", "reporters", "1990s", "we're", "zzqx", "of", "a", "the"]
    for prev in words:
        row = model.conds(prev, words)
        for word, value in zip(words, row):
            # The cached profiles give exactly what the plain look-ups give.
            pair = model.bigram(prev, word)
            prev_count = model.count(prev) * model._scale
            if pair:
                expected = math.log(min(pair / prev_count, 1.0))
            elif any(c.isdigit() or c in "'-" for c in prev + word):
                expected = math.log(model.count(word) / model._total)
            else:
                expected = math.log(
                    min(model.count(word) / model._total, model._missing / prev_count)
                )
            assert model.cond(prev, word) == value == expected
    for word in words:
        # The column before one word agrees with the rows bit for bit.
        assert model.conds_to(words, word) == [model.cond(prev, word) for prev in words]


def test_weighted_table_is_the_weighted_rows_bit_for_bit():
    model = default_model()
    words = ["the", "said", "told", "reporters", "1990s", "we're", "zzqx", "of", "a", "the"]
    table = model.weighted_table(words, words[::-1], 0.85)
    assert table == [[0.85 * model.cond(prev, word) for word in words[::-1]] for prev in words]


def test_logps_is_logp_of_each_word():
    model = default_model()
    words = ["the", "said", "1990s", "we're", "zzqx"]
    assert model.logps(words) == [model.logp(w) for w in words]


def test_a_hyphenated_compound_counts_as_its_rarest_pair_of_parts():
    model = default_model()
    # Neither source table holds compounds; the bigram table holds their parts.
    assert not model.knows("self-employed")
    for compound, pairs in (
        ("self-employed", [("self", "employed")]),
        ("face-to-face", [("face", "to"), ("to", "face")]),
    ):
        rarest = min(model.bigram(a, b) for a, b in pairs)
        assert rarest > 0
        assert math.isclose(model.count(compound), rarest / model._scale)
    # Common compounds read as common words, not as the rarest of words.
    assert model.count("well-known") > model.count("renowned")
    assert model.count("long-term") > model.count("self-employed") > 100 * model.count("qwzx")
    # One whose parts the table never pairs is rarer than any kept pair, as "advised
    # reporters" is, but no rarer than an unknown word.
    assert model.bigram("jury", "rigged") == 0
    assert model.count("qwzx") <= model.count("jury-rigged") < model.count("self-employed")
