"""A known lexicon as the prior of a learned one (despin.learn_prior)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from despin.learn import known_rows, learn
from despin.learn_prior import (
    MIN_EXPOSURE,
    MIN_PRIOR_WEIGHT,
    PRIOR_PROVENANCE,
    KnownPair,
    agreement,
    prior_entries,
)
from despin.lexicon import Entry, family_of


def pair(spun: str, restored: str, weight: float = 0.5) -> KnownPair:
    return KnownPair(spun, restored, weight, "news")


def key(words: str) -> tuple[str, ...]:
    return tuple(words.split())


# 40 originals, each with two known pairs; every original seen 100 times at rate 0.5.
KNOWN = [pair(f"spun{i}{x}", f"orig{i}") for i in range(40) for x in "ab"]
OCCURRENCES = Counter({key(f"orig{i}"): 100 for i in range(40)})


def test_agreement_is_the_share_of_known_pairs_the_documents_show():
    everything = {(key(k.restored), key(k.spun)) for k in KNOWN}
    assert agreement(KNOWN, everything, OCCURRENCES, 0.5) == 1.0
    # Each original shows one of its two pairs, and would have shown both (lam = 25).
    half = {(key(k.restored), key(k.spun)) for k in KNOWN if k.spun.endswith("a")}
    assert agreement(KNOWN, half, OCCURRENCES, 0.5) == pytest.approx(0.5, abs=1e-3)
    assert agreement(KNOWN, set(), OCCURRENCES, 0.5) == 0.0


def test_agreement_needs_evidence():
    everything = {(key(k.restored), key(k.spun)) for k in KNOWN}
    # Originals the documents lack say nothing.
    assert agreement(KNOWN, everything, Counter(), 0.5) == 0.0
    # Three originals seen once can show at most ~3 swaps: too few to judge a spinner.
    few = Counter({key(f"orig{i}"): 1 for i in range(3)})
    assert agreement(KNOWN, everything, few, 0.5) == 0.0
    assert MIN_EXPOSURE > 6


def test_prior_entries_weigh_known_pairs_by_their_posterior():
    known = [
        *KNOWN,
        pair("metropolis", "city", 0.6),  # an original the documents never show
        pair("mentioned", "said", 0.4),  # shown 100 times, never swapped this way
        pair("stated", "said", 0.4),  # learned already
    ]
    occurrences = Counter({**OCCURRENCES, key("said"): 100})
    seen = {(key(k.restored), key(k.spun)) for k in KNOWN if k.spun.endswith("a")}
    seen.add((key("said"), key("stated")))
    learned = [Entry("stated", "said", 0.9, provenance="learned:n=20;docs=9")]
    a, entries = prior_entries(known, learned, seen, occurrences, 0.5, "mine")
    assert a == pytest.approx(agreement(known, seen, occurrences, 0.5))
    by_pair = {(e.spun, e.restored): e for e in entries}
    # Never seen: the known weight times the agreement.
    assert by_pair[("metropolis", "city")].weight == pytest.approx(0.6 * a, rel=1e-3)
    assert by_pair[("metropolis", "city")].provenance == f"{PRIOR_PROVENANCE}news;p={a:.3g}"
    assert family_of(by_pair[("metropolis", "city")].provenance) == "prior"
    # Contradicted by 100 occurrences (lam = 20): its posterior is ~e^-20, below the floor.
    assert ("mentioned", "said") not in by_pair
    assert 0.4 * a * math.exp(-20) < MIN_PRIOR_WEIGHT
    # Learned or shown: the learned entries speak for those.
    assert ("stated", "said") not in by_pair
    assert not any(e.spun.endswith("a") for e in entries)
    assert all(e.lexicon == "mine" for e in entries)


def test_a_spinner_unlike_the_known_lexicon_gets_no_prior():
    text = "The city said the council met on Monday in the city. " * 4
    spun = "The burg said the council met on Monday in the burg. " * 4
    pairs = [(text * 3, spun * 3) for _ in range(10)]
    prior = known_rows(["news"])
    lexicon = learn(pairs, inflect=False, known=[], prior=prior)
    assert {(e.spun, e.restored) for e in lexicon} == {("burg", "city")}
    assert lexicon.description.endswith("prior: news, agreement 0.00")


def news_like_corpus(prior: list[KnownPair]) -> tuple[list[str], str, str]:
    """300 originals in short sentences, each spun to the news lexicon's favourite synonym."""
    best: dict[str, KnownPair] = {}
    for k in prior:
        plain = " " not in k.restored and " " not in k.spun and k.restored.isalpha()
        if plain and (k.restored not in best or k.weight > best[k.restored].weight):
            best[k.restored] = k
    spun_forms = {k.spun for k in best.values()}
    words = sorted(w for w in best if best[w].weight >= 0.5 and w not in spun_forms)[:300]
    original = "".join(f"Then {w} was noted. " for w in words)
    spun = "".join(f"Then {best[w].spun} was noted. " for w in words)
    return words, original, spun


def test_a_spinner_like_the_known_lexicon_gets_its_other_pairs():
    # The documents show 300 originals; the prior brings the news lexicon's other pairs.
    prior = known_rows(["news"])
    words, original, spun = news_like_corpus(prior)
    lexicon = learn([(original, spun)] * 4, inflect=False, known=[], prior=prior)
    agreement_share = float(lexicon.description.rsplit(" ", 1)[1])
    assert agreement_share > 0.3
    prior_pairs = {
        (e.spun, e.restored) for e in lexicon if e.provenance.startswith(PRIOR_PROVENANCE)
    }
    unseen = [k for k in prior if k.restored not in words and k.weight >= 0.1]
    assert unseen
    assert all((k.spun, k.restored) in prior_pairs for k in unseen[:200] if " " not in k.spun)


def test_cli_adds_the_prior_unless_told_not_to(tmp_path, capsys):
    from despin.cli import build_parser
    from despin.learn_command import run_learn
    from despin.lexicon import load_lexicon

    _words, original, spun = news_like_corpus(known_rows(["news"]))
    argv = []
    for i in range(4):
        (tmp_path / f"o{i}.txt").write_text(original, encoding="utf-8")
        (tmp_path / f"s{i}.txt").write_text(spun, encoding="utf-8")
        argv += [str(tmp_path / f"o{i}.txt"), str(tmp_path / f"s{i}.txt")]
    families = {}
    for flags in ([], ["--no-prior"]):
        out = tmp_path / "spinner.tsv"
        args = build_parser().parse_args(["learn", *argv, "-o", str(out), *flags])
        assert run_learn(args) == 0
        families[tuple(flags)] = Counter(family_of(e.provenance) for e in load_lexicon(out))
    assert families[()]["prior"] > 1000
    assert families[("--no-prior",)]["prior"] == 0
    assert families[()]["learned"] == families[("--no-prior",)]["learned"]
    assert "from the prior (news, agreement 0." in capsys.readouterr().err
