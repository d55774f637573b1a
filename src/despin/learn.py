"""Learn a spinner's lexicon from aligned original/spun texts.

Given documents before and after a spinner ran over them, :func:`learn` recovers
the spinner's table: which words and phrases it writes for which originals, and
how often (the channel probability a lexicon's ``weight`` column holds). The
result is an ordinary :class:`~despin.lexicon.Lexicon`, written with
:func:`write_lexicon` and reviewed like any other lexicon file.

How it works, and why:

* Both texts are tokenised into words (:data:`despin.tokens.WORD`) and single
  punctuation characters, compared by lookup key (so case and apostrophe style
  are not differences). A possessive ``'s`` is its own token, because spinners
  swap the stem and keep the suffix (``city's`` > ``metropolis's``).
* :func:`rapidfuzz.distance.Levenshtein.opcodes` aligns the token sequences.
  Neighbouring edits form a *changed stretch*. A stretch of same-length
  replacements is split word for word (adjacent one-word swaps are the common
  case at high spin rates); a stretch that changes length is a phrase swap, kept
  whole up to :data:`MAX_PHRASE` tokens a side, also across one unchanged article
  (``without a fight`` > ``and not using a battle``, where ``a`` survives). A bare
  insertion or deletion borrows a neighbouring word (``many`` > ``a great many``,
  ``police`` > ``police force``).
* That is all :func:`align` does. :func:`learn` then reads each phrase stretch in
  the light of the whole corpus (a few rounds of hard EM): a stretch explained by
  swaps seen elsewhere is counted as those swaps (``were preparing`` > ``have been
  getting ready`` is ``were`` > ``have been`` plus ``preparing`` > ``getting
  ready``; ``whole month`` > ``unscathed calendar month`` is ``whole`` >
  ``unscathed`` plus ``month`` > ``calendar month``); one that recurs on its own
  stays a phrase.
* Noise is filtered: one-off edits, number-only edits, edits to names,
  inflection and article-agreement edits, and spun forms claimed by many
  originals with no majority (see :func:`learn`). "One-off" is judged per lemma
  pair: ``said`` > ``stated`` and ``saying`` > ``stating`` seen once each are the
  same substitution seen twice.
* Learned pairs are generalised to their other inflections, because spinners are
  inflection-aware and 50 documents show few of a pair's forms: ``city`` >
  ``metropolis`` also gives ``cities`` > ``metropolises``, ``arrived`` > ``came``
  gives ``arrive`` > ``come``, ``arrives`` > ``comes`` and ``arriving`` >
  ``coming``. The forms come from :mod:`despin.inflect` (rules plus a packaged table
  of irregular forms and parts of speech from WordNet; no thesaurus), and only where
  the pair reads one way: one part of speech, one lemma pair, each generated form of
  that part of speech only and a word wordfreq knows (``attack`` > ``assault``, noun
  or verb, gives nothing; ``said`` > ``stated`` gives nothing either, since ``say``,
  ``says`` and ``saying`` are nouns too and the spinner may key them to the noun).
  Generated entries carry their own provenance
  (``learned:inflection;from=city>metropolis;n=12``) and half their source's weight.
* Weights are channel probabilities given a swap, like the built-in lexicons': the
  spinner's overall swap rate in the corpus is divided out, since restoration
  estimates each document's rate itself.
* A known lexicon (``despin learn``'s default: the built-in ``news``) helps twice: its
  pairs vouch for one-off swaps and split phrase stretches the corpus cannot explain,
  and, as a prior, it stands in for the originals the documents never show, each pair
  weighted by its posterior given how well the lexicon predicts this spinner on the
  originals they do show (see :mod:`despin.learn_prior`).

Known limit: when a spinner's phrase shares a word with its replacement (``news
conference`` > ``press conference``), the alignment only sees the differing core
and learns ``news`` > ``press``.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from despin.align import (
    MAX_PHRASE,
    PairKey,
    Region,
    Substitution,
    Token,
    align,
    borrow,
    changed_stretches,
    is_indel,
    region_key,
    split_regions,
    surface_of,
    tokenize,
)
from despin.index import form_keys
from despin.learn_inflect import (
    INFLECTED_WEIGHT,
    INFLECTION_PROVENANCE,
    inflected,
    zipf,
)
from despin.learn_inflect import reading as reading_of
from despin.learn_phrases import Doc, clean_edges, explanations, piece_key
from despin.learn_prior import KnownPair, known_pairs, known_rows, prior_entries
from despin.lexicon import (
    Entry,
    Lexicon,
    format_lexicon,
)
from despin.tokens import WORD, normalize

__all__ = [
    "COMMON_ZIPF",
    "INFLECTED_WEIGHT",
    "INFLECTION_PROVENANCE",
    "MAX_PHRASE",
    "MIN_SHARE",
    "KnownPair",
    "Substitution",
    "align",
    "known_pairs",
    "known_rows",
    "learn",
    "lexicon_text",
    "write_lexicon",
]

#: A word at or above this wordfreq Zipf frequency is "common" (not a name).
COMMON_ZIPF = 3.5
#: A spun form claimed by several originals with no majority keeps the ones with this share.
MIN_SHARE = 0.2

_LETTER = regex.compile(r"\p{L}")
_SENTENCE_END = frozenset(".!?…")
_OPENERS = frozenset("\"'“”‘’«»‹›([{—–-")
_ARTICLES = frozenset({"a", "an"})
_SUFFIXES = (
    ("ies", "y", "plural"),
    ("ied", "y", "past"),
    ("es", "", "plural"),
    ("ed", "", "past"),
    ("s", "", "plural"),
    ("d", "", "past"),
)


# --------------------------------------------------------------------------- learning


def _has_rare_word(phrase: str) -> bool:
    return any(
        _LETTER.search(m.group()) and zipf(normalize(m.group())) < COMMON_ZIPF
        for m in WORD.finditer(phrase)
    )


def _sentence_start(text: str, toks: Sequence[Token], i: int) -> bool:
    """True when token ``i`` opens a sentence, a line or the text (skipping opening quotes)."""
    j = i - 1
    while j >= 0 and toks[j].key in _OPENERS:
        j -= 1
    if j < 0 or toks[j].key in _SENTENCE_END:
        return True
    return "\n" in text[toks[j].end : toks[i].start]


def _looks_like_name(orig: str, spun: str, mid_sentence: bool) -> bool:
    """Both sides capitalised mid-sentence and each holds a word wordfreq finds uncommon."""
    return (
        mid_sentence
        and orig[:1].isupper()
        and spun[:1].isupper()
        and _has_rare_word(orig)
        and _has_rare_word(spun)
    )


def _stem(word: str) -> tuple[str, str]:
    """A crude stem and the inflection class of a word: ``""``, ``"plural"`` or ``"past"``."""
    kind = ""
    for suffix, replacement, suffix_kind in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word, kind = word[: -len(suffix)] + replacement, suffix_kind
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word, kind


def _is_inflection(orig: tuple[str, ...], spun: tuple[str, ...]) -> bool:
    """Same words up to inflection (``rise`` > ``rises``) or a/an agreement: an edit, not a swap.

    Only plural and past-tense endings count, and only a change of them: spinners do write
    ``ending`` for ``end``, ``earliest`` for ``earlier`` (first synonyms in a thesaurus) or
    ``traveled`` for ``travelled`` (spelling variants), editors rarely do.
    """
    if len(orig) != len(spun):
        return False
    for x, y in zip(orig, spun, strict=True):
        if x == y or (x in _ARTICLES and y in _ARTICLES):
            continue
        if not (x.isalpha() and y.isalpha()):
            return False
        (stem_x, kind_x), (stem_y, kind_y) = _stem(x), _stem(y)
        if stem_x != stem_y or kind_x == kind_y:
            return False
    return True


@dataclass(slots=True)
class _Tally:
    count: int = 0
    docs: set[int] = field(default_factory=set)
    surfaces: Counter[tuple[str, str]] = field(default_factory=Counter)
    named: int = 0


def learn(
    pairs: Iterable[tuple[str, str]],
    *,
    min_count: int = 2,
    name: str = "learned",
    inflect: bool = True,
    known: Iterable[tuple[str, str]] = (),
    prior: Sequence[KnownPair] = (),
) -> Lexicon:
    """Learn a spinner's lexicon from ``(original, spun)`` document pairs.

    Each pair is aligned (see :func:`align`), phrase stretches are read in the
    light of the whole corpus (see the module docstring), and the substitutions
    are counted case-folded. Kept are the ones that:

    * occur at least ``min_count`` times (one-off edits are editing, not a spinner),
      counting the forms of one lemma pair together: ``said`` > ``stated`` once and
      ``saying`` > ``stating`` once is the pair ``say`` > ``state`` twice (only when the
      pair reads one way, see :func:`despin.learn_inflect.reading`, and only with ``inflect``);
    * or, seen fewer times, are ``known``: ``(spun, restored)`` pairs another lexicon
      already vouches for (a one-off edit is indistinguishable from editing on its own,
      not when a thesaurus spinner is known to make exactly that swap; see
      :func:`known_pairs`); their provenance says ``known``;
    * have a letter in the spun form (``1990s`` > ``1990`` is an edit, ``1990s`` >
      ``Nineties`` and ``thousands`` > ``1000's`` are spinner patterns);
    * begin and end with a word on both sides (no stray punctuation);
    * are not name edits: an occurrence counts as a name when both sides are
      capitalised mid-sentence and each side holds a word below
      :data:`COMMON_ZIPF` in wordfreq (``Gadhafi`` > ``Qaddafi``; ``May`` > ``Might``
      stays); a substitution is dropped when most of its occurrences are names;
    * are not inflections or a/an agreement of the original (``rise`` > ``rises``);
    * are consistent: when a spun form comes from three or more originals and none
      has a majority, only originals with at least :data:`MIN_SHARE` of it stay.

    ``weight`` is the channel probability given a swap, as in the built-in lexicons:
    count(original > spun) / (count(original in the original texts) * the corpus swap
    rate, see :func:`_corpus_rate`), at most 1, rounded to 4 significant digits so a
    written file reads back identical; provenance is ``learned:n=COUNT;docs=DOCS``.

    With ``prior`` (a known lexicon's pairs, see :func:`known_rows`), the pairs the
    documents cannot speak for are added from it, weighted by how well that lexicon
    predicts this spinner on the words the documents do show (see
    :mod:`despin.learn_prior`); provenance ``prior:<lexicon>;p=<posterior>``.

    With ``inflect`` (the default) the other inflections of each learned pair are
    added too (``cities`` > ``metropolises`` from ``city`` > ``metropolis``), with
    provenance ``learned:inflection;from=RESTORED>SPUN;n=COUNT`` and
    :data:`INFLECTED_WEIGHT` times their source's weight; see :func:`despin.learn_inflect.inflected`.

    >>> pairs = [("The city said so.", "The metropolis said so."),
    ...          ("A city in the north.", "A metropolis in the north."),
    ...          ("The city council met.", "The city council met."),
    ...          ("He said it.", "He mentioned it.")]
    >>> for e in learn(pairs):
    ...     print(e.spun, e.restored, e.weight, e.provenance, sep=" | ")
    metropolis | city | 1.0 | learned:n=2;docs=2
    metropolises | cities | 0.5 | learned:inflection;from=city>metropolis;n=2
    >>> [(e.spun, e.restored, e.weight) for e in learn(pairs, inflect=False)]
    [('metropolis', 'city', 1.0)]
    """
    if min_count < 1:
        msg = f"min_count must be at least 1, got {min_count}"
        raise ValueError(msg)
    if not name.strip() or name != name.strip() or any(c in name for c in "\t\r\n"):
        msg = f"lexicon name must be non-empty, on one line, without outer spaces: {name!r}"
        raise ValueError(msg)
    texts: list[tuple[str, str, list[Token], list[Token], list[Region]]] = []
    sides: Counter[PairKey] = Counter()
    for original, spun in pairs:
        a, b = tokenize(original), tokenize(spun)
        stretches = changed_stretches(a, b)
        texts.append((original, spun, a, b, stretches))
        for r in stretches:
            if is_indel(r):
                for left in (False, True):
                    widened = borrow(a, r, left)
                    if widened is not None:
                        sides[region_key(a, b, widened)] += 1

    # Which neighbour an insertion borrows: the left one only when that reading is both more
    # frequent and has the higher channel probability (``police`` > ``police force``), so
    # ``the`` > ``the political`` does not win just because many insertions follow ``the``.
    # The corpus reading in explanations may still move it to the other side.
    borrowed = _count_ngrams((t[2] for t in texts), {key[0] for key in sides})

    def prefer_left(left: PairKey, right: PairKey) -> bool:
        more_often = sides[left] > sides[right]
        return more_often and sides[left] * borrowed[right[0]] > sides[right] * borrowed[left[0]]

    docs = [
        Doc(original, spun, a, b, split_regions(a, b, prefer_left, stretches))
        for original, spun, a, b, stretches in texts
    ]

    tallies: dict[PairKey, _Tally] = defaultdict(_Tally)
    vouched = {(form_keys(spun), form_keys(restored)) for spun, restored in known}
    readable = frozenset((restored, spun) for spun, restored in vouched)
    for number, piece in explanations(docs, min_count, known=readable):
        doc = docs[number]
        if not clean_edges(doc, piece):
            continue
        a0, a1, b0, b1 = piece
        orig = surface_of(doc.original, doc.a, a0, a1)
        spun_form = surface_of(doc.spun, doc.b, b0, b1)
        tally = tallies[piece_key(doc, piece)]
        tally.count += 1
        tally.docs.add(number)
        tally.surfaces[(normalize(orig), normalize(spun_form))] += 1
        mid = not _sentence_start(doc.original, doc.a, a0)
        if _looks_like_name(orig, spun_form, mid):
            tally.named += 1

    candidates: dict[PairKey, _Tally] = {
        key: tally
        for key, tally in tallies.items()
        if _LETTER.search(" ".join(key[1]))
        and tally.named * 2 <= tally.count
        and not _is_inflection(*key)
    }
    # Consistency: a spun form many originals claim, none with a majority, is alignment noise
    # for the originals with a small share.
    by_spun: dict[tuple[str, ...], list[PairKey]] = defaultdict(list)
    for key in candidates:
        by_spun[key[1]].append(key)
    dropped: set[PairKey] = set()
    for keys in by_spun.values():
        total = sum(candidates[k].count for k in keys)
        if len(keys) >= 3 and max(candidates[k].count for k in keys) * 2 <= total:
            dropped.update(k for k in keys if candidates[k].count < MIN_SHARE * total)
    # A pair seen fewer than min_count times is kept when its lemma pair is seen that often
    # in all its forms together (``said`` > ``stated`` once, ``saying`` > ``stating`` once).
    lemma_counts: Counter[tuple[str, str, str]] = Counter()
    readings: dict[PairKey, tuple[str, str, str]] = {}
    if inflect:
        for key, tally in candidates.items():
            reading = reading_of(" ".join(key[0]), " ".join(key[1]))
            if reading is not None and key not in dropped:
                readings[key] = reading
                lemma_counts[reading] += tally.count
    corroborated = {key for key in candidates if key in readable}
    kept = {
        key: tally
        for key, tally in candidates.items()
        if key not in dropped
        and (
            tally.count >= min_count
            or (key in readings and lemma_counts[readings[key]] >= min_count)
            or key in corroborated
        )
    }

    occurrences = _count_ngrams((doc.a for doc in docs), {key[0] for key in kept})
    swapped: Counter[tuple[str, ...]] = Counter()
    for key, tally in kept.items():
        swapped[key[0]] += tally.count
    rate = _corpus_rate(swapped, occurrences)
    entries: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    counts: dict[tuple[str, str], int] = {}
    for key, tally in sorted(kept.items(), key=lambda kv: (-kv[1].count, kv[0])):
        restored, spun_form = tally.surfaces.most_common(1)[0][0]
        if (spun_form, restored) in seen or spun_form == restored:
            continue
        seen.add((spun_form, restored))
        counts[(restored, spun_form)] = tally.count
        weight = min(1.0, tally.count / max(rate * occurrences[key[0]], tally.count))
        entries.append(
            Entry(
                spun=spun_form,
                restored=restored,
                weight=float(f"{weight:.4g}"),
                provenance=f"learned:n={tally.count};docs={len(tally.docs)}"
                + (";known" if tally.count < min_count and key in corroborated else ""),
                lexicon=name,
            )
        )
    if inflect:
        entries += inflected(entries, counts, name)
    description = f"learned from {len(docs)} aligned document pairs (min_count={min_count})"
    if prior:
        shown = set(tallies)
        originals = _count_ngrams((doc.a for doc in docs), {form_keys(k.restored) for k in prior})
        share, added = prior_entries(prior, entries, shown, originals, rate, name)
        entries += added
        lexicons = ", ".join(dict.fromkeys(k.lexicon for k in prior))
        description += f"; prior: {lexicons}, agreement {share:.2f}"
    entries.sort(key=lambda e: (e.spun, e.restored))
    return Lexicon(name, tuple(entries), "", description)


def _corpus_rate(swapped: Counter[tuple[str, ...]], occurrences: Counter[tuple[str, ...]]) -> float:
    """The spinner's swap rate over the corpus: swaps of learned originals per occurrence.

    A lexicon's ``weight`` is the channel probability given a swap, ``p(spun | original,
    swapped)``; restoration multiplies it by the swap rate it estimates in each document
    (see :mod:`despin.detect`). Dividing the learned count by this rate as well as by the
    original's occurrences keeps the spinner's rate out of the weight, so it is not
    counted twice.
    """
    total = sum(occurrences[key] for key in swapped)
    return min(1.0, sum(swapped.values()) / total) if total else 1.0


def _count_ngrams(
    sequences: Iterable[Sequence[Token]], wanted: set[tuple[str, ...]]
) -> Counter[tuple[str, ...]]:
    """How often each wanted key sequence occurs in the token sequences."""
    counts: Counter[tuple[str, ...]] = Counter()
    lengths = sorted({len(w) for w in wanted})
    for toks in sequences:
        keys = [t.key for t in toks]
        for n in lengths:
            for i in range(len(keys) - n + 1):
                gram = tuple(keys[i : i + n])
                if gram in wanted:
                    counts[gram] += 1
    return counts


def write_lexicon(lexicon: Lexicon, path: str | os.PathLike[str]) -> None:
    """Write ``lexicon`` as a lexicon file that :func:`~despin.lexicon.load_lexicon` reads back."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(lexicon_text(lexicon))


def lexicon_text(lexicon: Lexicon) -> str:
    return format_lexicon(lexicon.entries, name=lexicon.name, description=lexicon.description)
