"""Stage 4b, restoration: decide, occurrence by occurrence, whether and how to restore.

Occurrences on consecutive words are decoded together by the channel (so "authorities
forces" is read with "government" as a possible left neighbour of "forces"), and the
other occurrences of a form in the text inform each one (see :func:`_consistent`). The
swap rate given to the channel is the local spin probability
times the document's estimated rate: in a text the detector believes clean only forms
that are nearly impossible in clean English (fingerprints) can win; in a heavily spun
text weak forms such as "mentioned" are restored when their context favours it.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from despin import channel
from despin.articles import ARTICLES, article_for
from despin.case import transfer_case
from despin.channel import Lattice, Scorer, log_priors, normalise
from despin.index import Occurrence
from despin.rates import family_terms
from despin.tokens import INVISIBLE, LINE_BREAKS, normalize
from despin.verbatim import is_verbatim

__all__ = ["Decision", "decide"]

#: Weak forms need the spinning to show in this many distinct words (by their first five
#: letters, so "halts" and "halting" count once): two forms of one word in a short
#: clean paragraph are a coincidence, twenty different ones are a spinner.
MIN_DISTINCT = 4
#: A family's weak forms are restored only where its own swap rate reaches this: one
#: tortured phrase in an abstract makes the text "spun", not its thesaurus words.
FAMILY_GATE = 0.15
#: Lowest swap rate the channel is given: a clean-looking text is still not proof.
RATE_FLOOR = 1e-4
#: Weak forms ("mentioned", "authorities") prove nothing in a text that reads as clean:
#: they are restored only where the document's spin probability and its paragraph's
#: (:func:`local_spin`) reach WEAK_GATE (or see PASSAGE_GATE). Fingerprints are always
#: eligible.
WEAK_GATE = 0.9
#: A spun passage inside a clean page may leave the page as a whole below WEAK_GATE.
#: Its weak forms are restored all the same where the page still reaches DOCUMENT_FLOOR
#: and the passage's paragraph reads as spun beyond doubt (PASSAGE_GATE): chosen on the
#: dev split's mixed articles, with no change on any clean set (85 articles and odd
#: texts, 49 MB of /usr/share/doc prose).
DOCUMENT_FLOOR = 0.5
PASSAGE_GATE = 0.999


class Decision(NamedTuple):
    """A restoration chosen for one occurrence (a named tuple: one is built per
    restoration, and a frozen dataclass costs several times more to create)."""

    start: int
    end: int
    restored: str
    confidence: float
    source: str
    reason: str


#: Words, runs of space, and single other characters. Invisible characters (see
#: :data:`despin.tokens.INVISIBLE`) go with the word or space they follow or precede: they
#: are in neither's key.
_PIECES = re.compile(rf"\w[\w{INVISIBLE}]*|[\s{INVISIBLE}]+|[^\w\s]")


@functools.lru_cache(maxsize=4096)  # pure; a text repeats its swaps ("mentioned" > "said")
def shared_affixes(spun: str, restored: str) -> tuple[int, int, int, int]:
    """The whole words both share at the start and at the end: their lengths in ``spun``
    (lead, trail), then in ``restored`` (lead, trail).

    Apostrophe styles count as equal, so the text keeps its own, and so do invisible
    characters (which ``spun`` may hold and ``restored`` does not: the lengths differ).

    >>> shared_affixes("such because the", "such as the")
    (5, 4, 5, 4)
    >>> shared_affixes("authorities’s", "government's")
    (0, 2, 0, 2)
    >>> shared_affixes("metropolis", "city")
    (0, 0, 0, 0)
    >>> shared_affixes("we’re", "we are")
    (0, 0, 0, 0)
    >>> shared_affixes("with\u200bin the", "in the")
    (0, 4, 0, 4)
    >>> shared_affixes("within \u200bthe", "in the")
    (0, 5, 0, 4)
    >>> shared_affixes("safety for\u00adces", "security forces")
    (0, 8, 0, 7)
    """
    a = _PIECES.findall(spun)
    b = _PIECES.findall(restored)
    norm_a = list(map(normalize, a))
    norm_b = list(map(normalize, b))
    i = 0
    while i < min(len(a), len(b)) - 1 and norm_a[i] == norm_b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - 1 - i and norm_a[-1 - j] == norm_b[-1 - j]:
        j += 1
    # Trim whole words only: a shared prefix must end at a space, a shared suffix start
    # at a space or an apostrophe ("’s"); "we’re" > "we are" stays one change.
    while i and not _is_space(a[i - 1]):
        i -= 1
    while j and not (_is_space(a[len(a) - j]) or a[len(a) - j] in "'’ʼ"):
        j -= 1
    return (
        _length(a[:i]),
        _length(a[len(a) - j :] if j else []),
        _length(b[:i]),
        _length(b[len(b) - j :] if j else []),
    )


def _is_space(piece: str) -> bool:
    """Whether a piece of :data:`_PIECES` is space (perhaps with invisible characters)."""
    return piece[0].isspace() or piece[0] in INVISIBLE


def _length(pieces: list[str]) -> int:
    return sum(map(len, pieces))


_SENTENCE_END = frozenset(".!?:;" + LINE_BREAKS)
_OPENERS = frozenset(" \t\"'“‘(«[—–-")


def _is_name(text: str, start: int, end: int) -> bool:
    """True for a Capitalised word that does not begin a sentence, heading or quote."""
    first = text[start]
    if not first.isupper() or text[start:end].isupper():
        return False
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i >= 0 and text[i] not in _SENTENCE_END


class _Candidate(NamedTuple):
    """An occurrence that may be restored, with the options its gates allow.

    A named tuple, not a frozen dataclass: one is built per occurrence of a spun text,
    and a tuple is several times cheaper to create.
    """

    occ: Occurrence
    start: int
    end: int
    priors: list[float]
    #: The paragraph's spin probability (an option's swap rate is this times its
    #: family's rate in the text).
    local: float


class _OptionRates(dict[str, float]):
    """Swap rate given to the channel for each family in one paragraph, filled on use:
    a few families serve every option of the paragraph."""

    def __init__(self, local: float, rates: dict[str, float]) -> None:
        super().__init__()
        self.local = local
        self.rates = rates

    def __missing__(self, family: str) -> float:
        rate = self[family] = _option_rate(self.local, self.rates, family)
        return rate


def _option_rate(local: float, rates: dict[str, float], family: str) -> float:
    """The swap rate the channel is given for an option: its paragraph's spin times its
    family's rate in the text, floored at :data:`RATE_FLOOR`."""
    return max(local * rates.get(family, 0.5), RATE_FLOOR)


def _self_evident(scorer: Scorer, keys: tuple[str, ...]) -> bool:
    """Whether a fingerprint proves spinning on its own, in a text that does not read as
    spun: a phrase English does not produce ("such because", "counterfeit consciousness")
    or a coinage ("flip-slump", "authorities's"). A word the language model knows, however
    odd ("mavens", "oldsters", "try" after "failed"), a number ("1000's") or a pair the
    bigram table holds is something people write: it waits for the gates."""
    if len(keys) == 1:
        (word,) = keys
        return not scorer.model.knows(word) and not any(c.isdigit() for c in word)
    return len(keys) > 2 or not scorer.model.bigram(keys[0], keys[1])


def _tidies_articles(occurrences: Sequence[Occurrence]) -> bool:
    """Whether the spinner fixes the article after its swaps, as far as the text shows.

    A spinner that leaves articles as they were writes "an metropolis" where the
    original had "an urban area": one spun form whose "a" or "an" does not agree with it
    shows such a spinner, and its articles are then the original's own, evidence of the
    original word's sound. Where every one agrees, the spinner may have fixed them ("an
    army" > "a military"), and the written article says nothing of the original's.
    """
    return not any(
        occ.prev in ARTICLES and article_for(occ.keys[0]) not in (None, occ.prev)
        for occ in occurrences
    )


def _with_own_articles(scorer: Scorer, occ: Occurrence, priors: list[float]) -> list[float]:
    """``priors`` with each option scored after the article it needs, not the written one:
    the language model's ``log P(first word | article)`` is the channel's only use of
    the article, so the difference is added to the option's log-prior."""
    prev = occ.prev
    assert prev is not None
    cond = scorer.model.cond
    out = [priors[0]]
    for prior, option in zip(priors[1:], occ.options):
        first = option.keys[0]
        own = article_for(first) or prev
        if own != prev:
            prior += channel.LM_WEIGHT * (cond(own, first) - cond(prev, first))
        out.append(prior)
    return out


def _chains(candidates: Sequence[_Candidate]) -> list[list[_Candidate]]:
    """Runs of candidates on consecutive words, decoded together by the channel."""
    chains: list[list[_Candidate]] = []
    at = -1  # the token a candidate must start on to join the last chain (none: -1)
    for cand in candidates:
        occ = cand.occ
        if occ.first == at:
            chains[-1].append(cand)
        else:
            chains.append([cand])
        at = occ.last + 1 if occ.next is not None else -1
    return chains


def decide(
    scorer: Scorer,
    text: str,
    occurrences: Sequence[Occurrence],
    spans: Sequence[tuple[int, int]],
    paragraphs: Sequence[tuple[int, int, float]],
    doc_spin: float,
    rates: dict[str, float],
    *,
    min_confidence: float,
    corroborated: bool = True,
) -> list[Decision]:
    """Choose restorations for the occurrences of one document.

    ``corroborated`` says whether the evidence of spinning comes from enough distinct
    words (see :data:`MIN_DISTINCT`); without it only fingerprints are restored.
    """
    candidates: list[_Candidate] = []
    open_families = {fam for fam, rate in rates.items() if rate >= FAMILY_GATE}
    # The families' swap mass of a form, weighed by the text's rates: the same wherever
    # the form occurs (only the paragraph's spin multiplies it).
    swap_sums: dict[tuple[str, ...], float] = {}
    option_rates = _OptionRates(doc_spin, rates)
    tidy = scorer.context and _tidies_articles(occurrences)
    k = 0
    for occ in occurrences:
        start = spans[occ.first][0]
        end = spans[occ.last][1] - occ.suffix
        while k < len(paragraphs) and paragraphs[k][1] <= start:
            k += 1
        local = paragraphs[k][2] if k < len(paragraphs) else doc_spin
        gate_open = corroborated and (
            (doc_spin >= WEAK_GATE and local >= WEAK_GATE)
            or (doc_spin >= DOCUMENT_FLOOR and local >= PASSAGE_GATE)
        )
        if gate_open:
            allowed = tuple([o for o in occ.options if o.fingerprint or o.family in open_families])
        else:
            allowed = tuple([o for o in occ.options if o.fingerprint])
            if allowed and not _self_evident(scorer, occ.keys):
                allowed = ()
        if _is_name(text, start, end):
            # A capitalised word inside a sentence is a name ("United Nations", "Town
            # Hall"); only entries written for names ("Safety Council", cased) and
            # fingerprints ("Counterfeit Consciousness" in a title) apply.
            allowed = tuple([o for o in allowed if o.context.cased or o.fingerprint])
        if not allowed or is_verbatim(text, start, end):
            # Nothing may be restored here, or the occurrence is inside an address, a
            # path, a tag or a qualified name, which no spinner rewrites:
            # "example.com/metropolis" is the original's address.
            continue
        swap = swap_sums.get(occ.keys)
        if swap is None:
            # Its families' q: those of the form, whichever options the gates leave.
            terms = family_terms(scorer, occ)
            swap = swap_sums[occ.keys] = sum(rates.get(fam, 0.0) * q for fam, _a, q in terms)
        if len(allowed) != len(occ.options):
            occ = occ._replace(options=allowed)
        if option_rates.local != local:
            option_rates = _OptionRates(local, rates)
        rates_of_options = [option_rates[o.family] for o in allowed]
        spinner_rate = max([rates.get(o.family, 0.5) for o in allowed])
        priors = log_priors(rates_of_options, occ, min(local * swap, 0.95), spinner_rate)
        if (
            tidy
            and occ.prev in ARTICLES
            and not (candidates and candidates[-1].occ.last == occ.first - 1)
        ):
            priors = _with_own_articles(scorer, occ, priors)
        candidates.append(_Candidate(occ, start, end, priors, local))
    chains = _chains(candidates)
    # The language model's part of a chain is kept for _consistent's second decoding.
    lattices = [
        scorer.lattice([c.occ for c in chain])
        if len(chain) > 1 and scorer.joint and scorer.context
        else None
        for chain in chains
    ]
    posteriors = [
        scorer.chain([(c.occ, c.priors) for c in chain], lattice)
        for chain, lattice in zip(chains, lattices)
    ]
    if CONSISTENCY is not None:
        posteriors = _consistent(scorer, chains, posteriors, CONSISTENCY, lattices)
    fingerprints_only = CONTEXT_GATE is not None and _mean_swap(posteriors) < CONTEXT_GATE
    decisions: list[Decision] = []
    for chain, chain_posteriors in zip(chains, posteriors):
        for cand, probs in zip(chain, chain_posteriors):
            # Most candidates are kept or below the cut-off: C-level tests rule them out.
            top = max(probs)
            if probs[0] == top or top * cand.occ.score < min_confidence:
                continue
            if fingerprints_only and not cand.occ.options[probs.index(top) - 1].fingerprint:
                continue
            # An indefinite article before the occurrence may have to change with it.
            article = None
            if cand.occ.prev in ARTICLES:
                article = spans[cand.occ.first - 1]
                if decisions and decisions[-1].end > article[0]:
                    article = None  # part of the previous restoration: left as it is
            decision = _decision(text, cand, probs, rates, article)
            if decision is not None:
                decisions.append(decision)
    return decisions


#: Where the channel, reading each candidate in its context, finds a swap in fewer than
#: this share of them on average, the text is not restored but for fingerprints. The
#: detector's evidence is each word alone; a text rich in the thesaurus's words (an
#: essay, a court judgment, WordNet's own example sentences) can read as spun to it while
#: in context most of those words are kept. Documents spun at the lowest rate the
#: simulator tests (0.3) have 0.16-0.29 (3 of 59, dev and test, less: 0.11-0.157); real
#: spun text far more (the seed 0.89); WordNet's examples 0.05-0.14. Set at 0.12 on the
#: dev split and WordNet's examples, then raised to 0.16 after a held-out set of formal web
#: prose (194 excerpts) lost 17 words in a court judgment (0.150: "the final decree" >
#: "the final rule") and a literary analysis (0.142: "the novel's" > "the new's"). Its cost
#: is lighter spinning than the simulator's range: recall at rate 0.3 44.7% > 43.6% (test),
#: at 0.2 35.0% > 21.0%, at 0.15 21.9% > 14.5%. None switches it off.
CONTEXT_GATE: float | None = 0.16


def _mean_swap(posteriors: Sequence[Sequence[Sequence[float]]]) -> float:
    """The candidates' mean probability of being a swap (of not being kept)."""
    keep = [probs[0] for chain in posteriors for probs in chain]
    return 1.0 - sum(keep) / len(keep) if keep else 0.0


#: Concentration of the per-document reading of a spun form (one sense per discourse):
#: a spinner writes the same synonym for the same word throughout a text, so the other
#: occurrences of a form say how to read this one. None switches it off.
CONSISTENCY: float | None = 1.0
_KEEP: tuple[str, ...] = ()
_KEYS = operator.attrgetter("keys")


def _readings(cand: _Candidate) -> tuple[tuple[str, ...], ...]:
    return (_KEEP, *map(_KEYS, cand.occ.options))


def _tally(
    tally: dict[tuple[str, ...], float], cand: _Candidate, probs: Sequence[float]
) -> dict[tuple[str, ...], float]:
    """Add an occurrence's posterior to its form's soft count of each reading."""
    for reading, p in zip(_readings(cand), probs):
        tally[reading] = tally.get(reading, 0.0) + p
    return tally


def _consistent(
    scorer: Scorer,
    chains: Sequence[list[_Candidate]],
    posteriors: list[list[list[float]]],
    alpha: float,
    lattices: Sequence[Lattice | None] | None = None,
) -> list[list[list[float]]]:
    """Decode again with each occurrence's prior informed by the other occurrences of its
    form: the Dirichlet-multinomial predictive ``(alpha * pi_j + n_j) / (alpha + N)``, where
    ``pi`` is the channel prior and ``n_j`` the soft count of reading ``j`` elsewhere."""
    # Most forms occur once in a text: only those that occur again are tallied up front,
    # and only the chains that hold one are decoded again (the others have no other
    # occurrence to learn from), in text order, as the tallies' sums need.
    forms = [[cand.occ.keys for cand in chain] for chain in chains]
    seen = Counter(itertools.chain.from_iterable(forms))
    counts: dict[tuple[str, ...], dict[tuple[str, ...], float]] = {
        keys: {} for keys, n in seen.items() if n > 1
    }
    again = [i for i, keys in enumerate(forms) if not counts.keys().isdisjoint(keys)]
    for i in again:
        for cand, probs in zip(chains[i], posteriors[i]):
            tally = counts.get(cand.occ.keys)
            if tally is not None:
                _tally(tally, cand, probs)
    out = posteriors.copy()
    for i in again:
        chain, chain_posteriors = chains[i], posteriors[i]
        links = []
        for cand, probs in zip(chain, chain_posteriors):
            # A form seen once is its own tally (two of its options may share a reading).
            tally = counts.get(cand.occ.keys) or _tally({}, cand, probs)
            priors = [
                math.log(alpha * pi + max(tally.get(r, 0.0) - p, 0.0) + 1e-12)
                for pi, r, p in zip(normalise(cand.priors), _readings(cand), probs)
            ]
            links.append((cand.occ, priors))
        if len(chain) == 1:
            # A lone occurrence's posterior is prior x likelihood: swap the prior, no
            # need to ask the language model again.
            (cand,), (probs,), ((_occ, priors),) = chain, chain_posteriors, links
            logs = [
                math.log(max(p, 1e-300)) + new - old
                for p, new, old in zip(probs, priors, cand.priors)
            ]
            out[i] = [normalise(logs)]
        else:
            out[i] = scorer.chain(links, lattices[i] if lattices is not None else None)
    return out


def _bare_possessive(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]`` is a plural with a bare possessive apostrophe
    ("the authorities' forces"), not a word in single quotes ("the 'authorities' said")."""
    return (
        text[end - 1 : end] in ("s", "S")
        and text[end : end + 1] in ("'", "’")
        and not text[end + 1 : end + 2].isalnum()  # "minors's" keeps its own "'s"
        and text[start - 1 : start] not in ("'", "‘")
    )


def _decision(
    text: str,
    cand: _Candidate,
    probs: Sequence[float],
    rates: dict[str, float],
    article: tuple[int, int] | None = None,
) -> Decision | None:
    """The restoration of a candidate whose most probable reading is not to keep it
    and is above the cut-off (as :func:`decide` checks), unless it changes nothing.

    ``article`` is the span of an "a" or "an" just before the candidate: a spinner that
    fixed it after its swap ("an army" > "a military") has it agree with the spun word,
    so the restoration takes it in and writes the one the original needs ("an army").
    """
    occ = cand.occ
    top = max(probs)
    best = probs.index(top)  # the first most probable reading (never NaN)
    confidence = top * occ.score
    option = occ.options[best - 1]
    start, end = cand.start, cand.end
    spun = text[start:end]
    restored = transfer_case(spun, option.restored)
    if _bare_possessive(text, start, end) and restored[-1:].lower() != "s":
        # A plural's bare possessive is a singular's "'s": "the authorities' forces" >
        # "the government's forces", not "the government' forces".
        restored += text[end] + ("S" if spun.isupper() else "s")
        end += 1
        spun = text[start:end]
    agreed = ""
    word = ""
    if article is not None:
        a_start, a_end = article
        written = text[a_start:a_end]
        needed = article_for(normalize(restored.split(" ", 1)[0]))
        if needed is not None and needed != written.lower() and text[a_end:start].isspace():
            agreed = f"; article {written!r} made to agree with it"
            word = spun  # what the reason names: the spun word, not the article with it
            restored = transfer_case(written, needed) + text[a_end:start] + restored
            start = a_start
            spun = text[start:end]
    lead, trail, restored_lead, restored_trail = shared_affixes(spun, restored)
    if lead or trail:
        # Log only what changed ("within the" > "in the" is "within" > "in"), and
        # keep the text's own spelling of the shared part ("authorities’s").
        start += lead
        end -= trail
        restored = restored[restored_lead : len(restored) - restored_trail]
        spun = text[start:end]
    if restored == spun:
        return None
    kind = "fingerprint" if option.fingerprint else "spun form"
    rate = _option_rate(cand.local, rates, option.family)
    if occ.score < 1.0:
        kind = f"near spelling (similarity {occ.score:.2f}) of {kind} {option.spun!r}:"
    reason = (
        f"{kind} {word or spun!r} read as {option.restored!r} (p={probs[best]:.2f}; "
        f"keep p={probs[0]:.2f}; {option.family} swap rate {rate:.2f}){agreed}"
    )
    return Decision(start, end, restored, confidence, option.source, reason)
