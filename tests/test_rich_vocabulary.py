"""Clean text that is dense in a thesaurus's words is not spun text.

A spinner's forms are ordinary English: a tax guide says "self-employed" ten times, a
glossary or an essay uses "individuals", "proprietor" and "depicts". Three things keep
such text apart from spun text: a hyphenated compound is priced as the phrase it is
(:meth:`despin.langmodel.LanguageModel.count`); a text in which the channel, reading
each candidate in its context, finds few swaps is not restored
(:data:`despin.restore.CONTEXT_GATE`); nor is one whose other rare words show a rich
register (:data:`despin.register.REGISTER_GATE`).
"""

from __future__ import annotations

import pytest

import despin
from despin import despinner, restore
from despin.register import REGISTER_GATE, unexplained_share
from despin.testing import sample_news
from despin.tokens import split

#: Our own writing: advice for the self-employed, whose topic words are hyphenated
#: thesaurus forms ("self-employed" is a spun "freelance"). It read as spun (0.997) and
#: lost five of them before compounds were priced as phrases.
TAX_GUIDE = """Filing as a self-employed worker

If you are self-employed, you pay income tax on your profits in the same way as anyone \
else, but nobody withholds it for you. Self-employed individuals must also pay \
self-employment tax, which covers their social security and health insurance \
contributions, and they usually make estimated payments four times a year.

Keep every receipt. Office rent, equipment, travel and a share of your phone bill are \
common deductions, and a self-employed person who works from home may deduct part of the \
rent. The tax return for a sole proprietor includes a separate schedule for business \
income and expenses.

Many self-employed people hire an accountant for their first year. A good one will \
explain which deductions apply to your trade and how to set money aside for the \
quarterly payments.
"""

#: Our own writing: a book review dense in the news spinner's favourite words by choice
#: ("metropolis", "proprietor", "individuals", "Additionally", "furnishes", "the municipal
#: authorities' attempts"). It reads as spun (1.0), and in context the channel finds a
#: swap in a fifth of its candidates, as in text spun at 0.3; what shows it is a writer's
#: is its other rare words ("tenements", "ramshackle", "emblematic"), which no spinner's
#: dictionary put there (:mod:`despin.register`).
BOOK_REVIEW = (
    "The essayist returns, in this slim volume, to the metropolis of her childhood. "
    "She recalls the commencement ceremony at which her father, a reticent proprietor "
    "of a hardware emporium, wept openly, and the autumn afternoons when individuals "
    "of every description congregated in the plaza to dispute the merits of the "
    "mayor. Her prose is luminous and exacting. She is candid about the jealousies "
    "that fractured her family, and she resists the temptation to sentimentalize the "
    "tenements, the shuttered factories, or the ramshackle tavern where her "
    "grandfather recited ballads. Additionally, she furnishes an account of the "
    "municipal authorities' attempts to raze the old quarter, an episode she regards "
    "as emblematic of the era's contempt for the dwellings of the poor."
    "\n\n"
    "Critics have occasionally dismissed such memoirs as nostalgic. This one is "
    "nothing of the kind. Its author is an astute observer of commerce and custom, "
    "attentive to the cadence of conversation and to the myriad small humiliations "
    "that poverty inflicts. She depicts her mother's perseverance without "
    "embellishment, and she concludes with a meditation on solitude that is as "
    "austere as it is consoling. Few recent books have rendered a vanished "
    "neighborhood with such fidelity."
)

#: The README's spun example.
SPUN = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves. Residents advised AFP information company that 1000’s of individuals "
    "had fled the metropolis within the days earlier than the assault."
)


def test_a_guide_full_of_hyphenated_topic_words_is_left_alone():
    result = despin.clean(TAX_GUIDE)
    assert result.changes == ()
    assert result.spin < 0.5


def test_mean_swap_is_the_candidates_mean_probability_of_not_being_kept():
    assert restore._mean_swap([]) == 0.0
    assert restore._mean_swap([[[0.9, 0.1]], [[0.3, 0.7], [0.5, 0.25, 0.25]]]) == pytest.approx(
        (0.1 + 0.7 + 0.5) / 3
    )


def test_where_context_finds_few_swaps_only_fingerprints_are_restored(monkeypatch):
    assert restore.CONTEXT_GATE is not None
    plain = despin.clean(SPUN)
    assert len(plain.changes) > 8
    # Above every candidate's mean the gate leaves only fingerprints ("1000’s").
    monkeypatch.setattr(restore, "CONTEXT_GATE", 1.0)
    gated = despin.clean(SPUN)
    assert {c.spun for c in gated.changes} == {"1000’s", "information company"}
    assert all(c.reason.startswith("fingerprint") for c in gated.changes)
    assert {c.spun for c in plain.changes} > {"mentioned", "metropolis", "individuals"}


@pytest.mark.parametrize("seed", range(6))
def test_spun_news_at_the_lowest_tested_rate_clears_the_gate(seed):
    """A text spun at 0.3 is restored as it would be with the gate switched off."""
    text = sample_news()[seed]
    spun = despin.spin(text, rate=0.3, seed=seed).text
    with_gate = despin.clean(spun)
    restore_gate = restore.CONTEXT_GATE
    try:
        restore.CONTEXT_GATE = None
        without = despin.clean(spun)
    finally:
        restore.CONTEXT_GATE = restore_gate
    assert with_gate.changes
    assert with_gate.changes == without.changes


def test_a_review_in_a_rich_register_is_left_alone(monkeypatch):
    result = despin.clean(BOOK_REVIEW)
    assert result.changes == ()
    d = despin.Despinner()
    c = d._compile()
    assert unexplained_share(*split(BOOK_REVIEW), c.index, c.scorer.model) > REGISTER_GATE
    # It is the register test that keeps it: without it nine of its words were "restored".
    monkeypatch.setattr(despinner, "REGISTER_GATE", 1.0)
    assert len(despin.clean(BOOK_REVIEW).changes) >= 5


@pytest.mark.parametrize("rate", [0.3, 0.95])
def test_spun_news_is_below_the_register_gate(rate):
    d = despin.Despinner()
    c = d._compile()
    for seed, text in enumerate(sample_news()):
        spun = despin.spin(text, rate=rate, seed=seed).text
        assert unexplained_share(*split(spun), c.index, c.scorer.model) <= REGISTER_GATE
