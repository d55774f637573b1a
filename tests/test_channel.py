"""The noisy channel's arithmetic: joint decoding of adjacent occurrences is exact."""

from __future__ import annotations

import itertools
import math

import pytest

import despin
from despin.channel import _LOG_FP, KEEP_PIVOT, KEEP_RATE_WEIGHT, LM_WEIGHT, Scorer, log_priors
from despin.index import Occurrence


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    compiled = despin.Despinner()._compile()
    return compiled.scorer


def _occurrences(scorer: Scorer, text: str) -> list[Occurrence]:
    return scorer.index.occurrences(text)


def _priors(occ: Occurrence) -> list[float]:
    return log_priors([0.6] * len(occ.options), occ, 0.3)


def _joint_score(
    scorer: Scorer, links: list[tuple[Occurrence, list[float]]], states: tuple[int, ...]
) -> float:
    """Score of one joint reading, written out the slow way: priors plus the LM of the
    whole chain, phrase by phrase, as the channel defines it."""
    model = scorer.model
    total = 0.0
    words: list[tuple[str, ...]] = []
    for (occ, priors), s in zip(links, states):
        keys = occ.keys if s == 0 else occ.options[s - 1].keys
        total += priors[s]
        if s == 0 and any(o.fingerprint for o in occ.options):
            total += LM_WEIGHT * _LOG_FP
        words.append(keys)
    first, last = links[0][0], links[-1][0]
    fit = model.sequence(words[0], first.prev, None)
    for before, keys in itertools.pairwise(words):
        fit += model.cond(before[-1], keys[0])
        fit += model.sequence(keys, None, None) - model.logp(keys[0])
    if last.next is not None:
        fit += model.cond(words[-1][-1], last.next)
    return total + LM_WEIGHT * fit


def test_chain_of_one_is_the_plain_channel(scorer: Scorer) -> None:
    (occ,) = [o for o in _occurrences(scorer, "officials mentioned on Saturday") if o.first == 1]
    priors = _priors(occ)
    (probs,) = scorer.chain([(occ, priors)])
    readings = [occ.keys, *(o.keys for o in occ.options)]
    logs = [
        p + LM_WEIGHT * scorer.model.sequence(k, occ.prev, occ.next)
        for p, k in zip(priors, readings)
    ]
    top = max(logs)
    expected = [math.exp(v - top) for v in logs]
    assert probs == pytest.approx([e / sum(expected) for e in expected])


def test_chain_marginals_equal_brute_force_enumeration(scorer: Scorer) -> None:
    occs = _occurrences(scorer, "the authorities forces mentioned")
    chain = [o for o in occs if o.first >= 1]
    assert [o.first for o in chain] == [1, 2, 3], chain
    links = [(occ, _priors(occ)) for occ in chain]
    marginals = scorer.chain(links)
    sizes = [len(priors) for _occ, priors in links]
    brute = [[0.0] * n for n in sizes]
    scores = {s: _joint_score(scorer, links, s) for s in itertools.product(*map(range, sizes))}
    top = max(scores.values())
    z = sum(math.exp(v - top) for v in scores.values())
    for states, value in scores.items():
        for i, s in enumerate(states):
            brute[i][s] += math.exp(value - top) / z
    for got, want in zip(marginals, brute):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
        assert sum(got) == pytest.approx(1.0)


def test_right_neighbours_reading_changes_the_decision(scorer: Scorer) -> None:
    """Decoded jointly, a word is judged next to its neighbour's likely original: the
    marginal differs from scoring it beside the spun neighbour as written."""
    occs = _occurrences(scorer, "the authorities forces mentioned")
    links = [(occ, _priors(occ)) for occ in occs if occ.first >= 1]
    joint = scorer.chain(links)
    alone = [scorer.chain([link])[0] for link in links]
    assert joint != alone


def _candidate(scorer: Scorer, text: str, first: int):
    from despin.restore import _Candidate

    (occ,) = [o for o in _occurrences(scorer, text) if o.first == first]
    return _Candidate(occ, 0, 1, _priors(occ), 0.6)


def test_other_occurrences_of_a_form_pull_its_reading_their_way(scorer: Scorer) -> None:
    """One sense per discourse: a form read as restored elsewhere in the text leans the
    same way here; a form seen once is decoded exactly as before."""
    from despin.restore import _consistent

    strong = _candidate(scorer, "officials mentioned on Saturday that", 1)
    weak = _candidate(scorer, "he mentioned it in passing", 1)
    alone = _candidate(scorer, "the metropolis was quiet", 1)
    chains = [[strong], [weak], [alone]]
    first = [scorer.chain([(c.occ, c.priors)]) for c in (strong, weak, alone)]
    again = _consistent(scorer, chains, first, 1.0)

    def restored(probs: list[float]) -> float:
        return 1.0 - probs[0]  # every reading but keeping it

    assert restored(first[0][0]) > restored(first[1][0])  # "... on Saturday that" is stronger
    assert restored(again[1][0]) > restored(first[1][0])  # the weak one moves the same way
    assert again[2] == first[2]  # "metropolis" occurs once: untouched


def test_only_restored_phrases_get_the_phrase_floor(scorer: Scorer) -> None:
    """A lexicon's restored phrase is a known unit of English ("according to"); the spun
    phrase as written earns its probability from the bigram table like any text."""
    (occ,) = [
        o for o in _occurrences(scorer, "officials said in line with the rules") if len(o.keys) > 1
    ]
    assert occ.keys == ("in", "line", "with")
    priors = _priors(occ)
    (probs,) = scorer.chain([(occ, priors)])
    model = scorer.model
    fits = [model.sequence(occ.keys, occ.prev, occ.next, floor=False)]
    fits += [model.sequence(o.keys, occ.prev, occ.next) for o in occ.options]
    logs = [p + LM_WEIGHT * f for p, f in zip(priors, fits)]
    top = max(logs)
    expected = [math.exp(v - top) for v in logs]
    assert probs == pytest.approx([e / sum(expected) for e in expected])
    assert model.sequence(occ.keys, None, None, floor=False) < model.sequence(occ.keys, None, None)


def test_shortcut_fits_equal_the_language_model_bit_for_bit(scorer: Scorer) -> None:
    """One-word readings are priced by rows and columns of pairs (and 0.0 inside a chain):
    exactly the floats :meth:`LanguageModel.sequence` gives, which the decisions rely on."""
    model = scorer.model
    text = "the authorities forces mentioned on Saturday that officials said in line with it"
    occs = _occurrences(scorer, text)
    assert any(len(o.keys) > 1 for o in occs)
    for occ in occs:
        readings = [occ.keys, *(o.keys for o in occ.options)]
        for prev, nxt in ((occ.prev, occ.next), (None, occ.next), (occ.prev, None), (None, None)):
            want = [model.sequence(k, prev, nxt, floor=s > 0) for s, k in enumerate(readings)]
            scorer.clear_caches()
            assert list(scorer._fits(prev, readings, nxt)) == want  # computed
            assert list(scorer._fits(prev, readings, nxt)) == want  # cached
    chain = [o for o in occs if 1 <= o.first <= 3]
    fits = scorer.lattice(chain).fits
    for i, occ in enumerate(chain):
        for s, keys in enumerate([occ.keys, *(o.keys for o in occ.options)]):
            if i == 0:
                fit = model.sequence(keys, occ.prev, None, floor=s > 0)
            else:
                fit = model.sequence(keys, None, None, floor=s > 0) - model.logp(keys[0])
            if i == len(chain) - 1 and occ.next is not None:
                fit += model.cond(keys[-1], occ.next)
            if s == 0 and any(o.fingerprint for o in occ.options):
                fit += _LOG_FP
            assert fits[i][s] == LM_WEIGHT * fit


def test_the_keep_prior_follows_the_texts_swap_rate(scorer: Scorer) -> None:
    (occ,) = [o for o in _occurrences(scorer, "officials mentioned on Saturday") if o.first == 1]
    rates = [0.6] * len(occ.options)
    plain = log_priors(rates, occ, 0.3)
    at_pivot = log_priors(rates, occ, 0.3, KEEP_PIVOT)
    light = log_priors(rates, occ, 0.3, 0.3)
    heavy = log_priors(rates, occ, 0.3, 0.95)
    # the options' priors never change; the keep prior is unchanged at the pivot, higher in a
    # lightly spun text and lower in a heavily spun one, by the weight times log(1 - r)
    assert plain[1:] == at_pivot[1:] == light[1:] == heavy[1:]
    assert at_pivot[0] == pytest.approx(plain[0])
    assert light[0] > plain[0] > heavy[0]
    assert light[0] - heavy[0] == pytest.approx(KEEP_RATE_WEIGHT * math.log(0.7 / 0.05))
