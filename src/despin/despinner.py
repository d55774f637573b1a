"""The Despinner: a configured, reusable pipeline (match -> channel -> detect -> restore).

A :class:`Despinner` holds only its configuration; the compiled index and the
language model are built on first use, under a lock, and shared read-only after
that, so one instance serves many threads. Pickling keeps the configuration and
drops the compiled state, so instances travel cheaply to worker processes, Dask
workers or ``datasets.map`` and recompile there once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
import numbers
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from despin.changes import Cleaned, build_changes, check_text, compose
from despin.channel import Scorer
from despin.detect import (
    Detection,
    Evidence,
    LexicalEvidence,
    interval,
    log_bayes_factor,
    probability,
    rate_given_spun,
    segments,
)
from despin.fuzzy import fuzzy_occurrences
from despin.index import Index, Occurrence
from despin.langmodel import default_model
from despin.language import mask_other_languages
from despin.lexicon import Lexicon, RawLexicon, builtin_names, load_builtin_rows, load_lexicon
from despin.rates import family_rates, local_spin, token_runs
from despin.register import REGISTER_GATE, unexplained_share
from despin.restore import DOCUMENT_FLOOR, MIN_DISTINCT, WEAK_GATE, decide
from despin.tokens import is_word, spans, split

__all__ = ["DEFAULT_LEXICONS", "Despinner"]

#: The built-in lexicons used when none are named.
DEFAULT_LEXICONS: tuple[str, ...] = ("news",)
#: Most passes :meth:`Despinner.clean` makes over a spun text to reach a fixed point
#: (almost every text settles after its second pass confirms the first).
MAX_PASSES = 4

LexiconSpec = str | os.PathLike[str] | Lexicon


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while the tables are built.

    Loading allocates about a million objects that form no cycles; every few hundred
    allocations would otherwise trigger a collection that walks them again (about a
    tenth of the time to the first result).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(specs: Sequence[LexiconSpec]) -> tuple[Lexicon | RawLexicon, ...]:
    """Built-in names read fast (validated in CI); files and objects fully validated."""
    with _no_gc():
        return tuple(
            load_builtin_rows(s) if isinstance(s, str) and s in builtin_names() else load_lexicon(s)
            for s in specs
        )


def _confidence(value: object) -> float:
    """``value`` as a confidence cut-off, checked: 2 or NaN would silently mean none or all."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        msg = f"min_confidence must be a number between 0 and 1, not {value!r}"
        raise TypeError(msg)
    share = float(value)
    if not 0.0 <= share <= 1.0:
        msg = f"min_confidence must be between 0 and 1, not {value!r}"
        raise ValueError(msg)
    return share


@dataclass(frozen=True, slots=True)
class _Compiled:
    index: Index
    scorer: Scorer
    lexical: LexicalEvidence
    #: Whether every one-word fingerprint key is counted: then the gate need look for
    #: them among the document's hits only (true of the built-in lexicons).
    counts_fingerprints: bool

    def model_count(self, keys: tuple[str, ...]) -> float:
        return math.exp(self.scorer.model.sequence(keys, None, None))


@dataclass(frozen=True, slots=True)
class _Pass:
    surfaces: list[str]
    keys: list[str]
    specials: list[Occurrence]
    #: The keys that carry evidence on their own (see :meth:`LexicalEvidence.hits`).
    hits: list[str]
    llr: list[float]
    spin: float


class Despinner:
    """Find and undo spinner substitutions.

    Args:
        lexicons: built-in lexicon names, lexicon file paths or :class:`Lexicon`
            objects; defaults to ``("news",)``.
        extra_lexicons: more lexicons added to ``lexicons`` (handy for "built-ins
            plus mine").
        min_confidence: restorations below this posterior are not made (0..1).

    >>> d = Despinner(min_confidence=0.9)
    >>> d.clean("The weather was fine on Tuesday.").text
    'The weather was fine on Tuesday.'
    """

    def __init__(
        self,
        lexicons: Sequence[LexiconSpec] | None = None,
        *,
        extra_lexicons: Sequence[LexiconSpec] = (),
        min_confidence: float = 0.5,
    ) -> None:
        if isinstance(lexicons, (str, os.PathLike, Lexicon)):
            lexicons = [lexicons]
        min_confidence = _confidence(min_confidence)
        self.lexicon_specs: tuple[LexiconSpec, ...] = tuple(
            DEFAULT_LEXICONS if lexicons is None else lexicons
        ) + tuple(extra_lexicons)
        self.min_confidence = float(min_confidence)
        self._lock = threading.Lock()
        self._compiled: _Compiled | None = None
        # Load the lexicons now, so a bad name or file fails at construction.
        self.lexicons = _load(self.lexicon_specs)

    def __repr__(self) -> str:
        names = ", ".join(lex.name for lex in self.lexicons)
        return f"Despinner(lexicons=[{names}], min_confidence={self.min_confidence})"

    def __getstate__(self) -> dict[str, Any]:
        # Built-in names travel as names and files as the contents loaded at construction,
        # not read again: a worker on another machine need not see the same files, and
        # a file changed or deleted since must not give workers another lexicon.
        return {
            "lexicon_specs": tuple(
                s if isinstance(s, str) and s in builtin_names() else loaded
                for s, loaded in zip(self.lexicon_specs, self.lexicons, strict=True)
            ),
            "min_confidence": self.min_confidence,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon_specs = state["lexicon_specs"]
        self.min_confidence = state["min_confidence"]
        self._lock = threading.Lock()
        self._compiled = None
        self.lexicons = _load(self.lexicon_specs)

    def _compile(self) -> _Compiled:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled
                if compiled is None:
                    with _no_gc():
                        index = Index(self.lexicons)
                        model = default_model()
                        lexical = LexicalEvidence(index, model)
                    compiled = _Compiled(
                        index,
                        Scorer(model, index),
                        lexical,
                        index.fingerprint_keys <= lexical.counted,
                    )
                    self._compiled = compiled
        return compiled

    def _fast(self, text: str) -> _Pass:
        """The pass every document gets: tokens, special occurrences, document evidence.

        Text not written in English (paragraphs, sentences or quotations in another
        language, code) is masked here, so that no later stage reads it (see
        :mod:`despin.language`).
        """
        c = self._compile()
        surfaces, keys = split(text)
        keys = mask_other_languages(text, keys)
        specials = c.index.scan(text, surfaces, keys, special_only=True)
        hits = c.lexical.hits(keys)
        llr = c.lexical.document(keys, specials, hits)
        return _Pass(surfaces, keys, specials, hits[0], llr, probability(llr))

    def detect(self, text: str) -> Detection:
        """Spin probability of ``text`` with its evidence (see :class:`Detection`)."""
        text = check_text(text)
        c = self._compile()
        p = self._fast(text)
        token_spans = spans(text)
        occurrences = c.index.scan(text, p.surfaces, p.keys)
        evidence = []
        for occ in occurrences:
            vector = c.lexical.occurrence_vector(occ)
            weight = vector[len(vector) // 2]
            if weight <= 0.05:
                continue
            option = max(occ.options, key=lambda o: o.weight * c.model_count(o.keys))
            start, end = token_spans[occ.first][0], token_spans[occ.last][1] - occ.suffix
            kind = "fingerprint" if option.fingerprint else ("strong" if weight > 2.0 else "weak")
            evidence.append(
                Evidence(start, end, text[start:end], option.restored, weight, kind, option.source)
            )
        evidence.sort(key=lambda e: -e.weight)
        marked = {occ.first for occ in occurrences}
        words = sum(map(is_word, p.keys))
        units = c.lexical.units(p.keys, p.specials)
        parts = (c.lexical, p.keys, token_spans, p.specials)
        return Detection(
            spin=p.spin,
            interval=interval(p.llr, words),
            rate=rate_given_spun(p.llr),
            words=words,
            other_language_words=sum(map(is_word, p.surfaces)) - words,
            log_bayes_factor=log_bayes_factor(p.llr),
            evidence=tuple(evidence),
            sentences=tuple(segments(*parts, marked, sentences=True, per_token=units)),
            paragraphs=tuple(segments(*parts, marked, sentences=False, per_token=units)),
        )

    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        """Restore spun forms in ``text``; return the cleaned text and the change log.

        Restoring words changes the context of others (a restored neighbour, a lower
        spin estimate), so a spun text is cleaned again until a pass changes nothing
        (at most :data:`MAX_PASSES`), and the logs are composed into one. That makes
        ``clean`` idempotent: cleaning its output changes nothing more.
        """
        text = check_text(text)
        threshold = self.min_confidence if min_confidence is None else _confidence(min_confidence)
        result = self._clean_once(text, threshold)
        passes = 1
        while result.changes and passes < MAX_PASSES:
            again = self._clean_once(result.text, threshold)
            if not again.changes:
                break
            result = compose(text, result, again)
            passes += 1
        return result

    def _clean_once(self, text: str, threshold: float) -> Cleaned:
        """One pass: detect, scan, decide, log."""
        c = self._compile()
        p = self._fast(text)
        spin = round(p.spin, 4)
        if (
            p.spin < DOCUMENT_FLOOR
            and c.index.fingerprint_keys.isdisjoint(p.hits if c.counts_fingerprints else p.keys)
            and not any(o.fingerprint for occ in p.specials for o in occ.options)
        ):
            # The common case: a clean text with no fingerprint. Below DOCUMENT_FLOOR only
            # fingerprints may be restored, so there is nothing to visit.
            return Cleaned(text, (), spin)
        token_spans = spans(text)
        units = c.lexical.units(p.keys, p.specials)
        paragraphs = local_spin(
            segments(
                c.lexical, p.keys, token_spans, p.specials, set(), sentences=False, per_token=units
            ),
            p.spin,
        )
        occurrences = c.index.scan(text, p.surfaces, p.keys)
        fuzzy = fuzzy_occurrences(c.index, c.scorer.model, p.keys, token_spans, occurrences)
        if fuzzy:
            occurrences = sorted([*occurrences, *fuzzy], key=lambda o: o.first)
        rates = family_rates(
            c.scorer, p.keys, occurrences, token_runs(token_spans, paragraphs, p.spin, WEAK_GATE)
        )
        decisions = decide(
            c.scorer,
            text,
            occurrences,
            token_spans,
            paragraphs,
            p.spin,
            rates,
            min_confidence=threshold,
            corroborated=c.lexical.distinct_evidence(p.keys, p.specials, units) >= MIN_DISTINCT
            and unexplained_share(p.surfaces, p.keys, c.index, c.scorer.model) <= REGISTER_GATE,
        )
        cleaned = build_changes(
            text,
            (
                (d.start, d.end, d.restored, round(d.confidence, 4), d.source, d.reason)
                for d in decisions
            ),
        )
        return dataclasses.replace(cleaned, spin=spin)

    def clean_many(self, texts: Iterable[str]) -> Iterable[Cleaned]:
        """Clean each text of an iterable, lazily."""
        for text in texts:
            yield self.clean(text)
