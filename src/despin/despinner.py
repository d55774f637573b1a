"""The Despinner: a configured, reusable pipeline (match -> channel -> detect -> restore).

A :class:`Despinner` holds only its configuration; the compiled index and the
language model are built on first use, under a lock, and shared read-only after
that, so one instance serves many threads. Pickling keeps the configuration and
drops the compiled state, so instances travel cheaply to worker processes, Dask
workers or ``datasets.map`` and recompile there once.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from despin.changes import Cleaned, _check_text, build_changes
from despin.channel import Scorer
from despin.detect import Detection, detect_scored
from despin.index import Index
from despin.langmodel import LanguageModel, default_model
from despin.lexicon import Lexicon, load_lexicon
from despin.restore import decide

__all__ = ["DEFAULT_LEXICONS", "Despinner"]

#: The built-in lexicons used when none are named.
DEFAULT_LEXICONS: tuple[str, ...] = ("news",)

LexiconSpec = str | os.PathLike[str] | Lexicon


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
        if not 0.0 <= min_confidence <= 1.0:
            msg = f"min_confidence must be between 0 and 1, not {min_confidence!r}"
            raise ValueError(msg)
        self.lexicon_specs: tuple[LexiconSpec, ...] = tuple(
            DEFAULT_LEXICONS if lexicons is None else lexicons
        ) + tuple(extra_lexicons)
        self.min_confidence = float(min_confidence)
        self._lock = threading.Lock()
        self._compiled: tuple[Index, Scorer] | None = None
        # Load the lexicons now, so a bad name or file fails at construction.
        self.lexicons: tuple[Lexicon, ...] = tuple(load_lexicon(s) for s in self.lexicon_specs)

    def __repr__(self) -> str:
        names = ", ".join(lex.name for lex in self.lexicons)
        return f"Despinner(lexicons=[{names}], min_confidence={self.min_confidence})"

    def __getstate__(self) -> dict[str, Any]:
        return {
            "lexicon_specs": self.lexicon_specs,
            "lexicons": self.lexicons,
            "min_confidence": self.min_confidence,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.lexicon_specs = state["lexicon_specs"]
        self.lexicons = state["lexicons"]
        self.min_confidence = state["min_confidence"]
        self._lock = threading.Lock()
        self._compiled = None

    def _compile(self) -> tuple[Index, Scorer]:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled
                if compiled is None:
                    index = Index(self.lexicons)
                    compiled = (index, Scorer(self._model(), index))
                    self._compiled = compiled
        return compiled

    @staticmethod
    def _model() -> LanguageModel:
        return default_model()

    def _analyse(self, text: str) -> tuple[Detection, list[Any], Scorer, Any]:
        index, scorer = self._compile()
        toks = index.tokens(text)
        occurrences = index.scan(text, toks)
        scored = [scorer.score(o) for o in occurrences]
        detection = detect_scored(text, toks, scored, index)
        return detection, scored, scorer, toks

    def detect(self, text: str) -> Detection:
        """Spin probability of ``text`` with its evidence (see :class:`Detection`)."""
        text = _check_text(text)
        return self._analyse(text)[0]

    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        """Restore spun forms in ``text``; return the cleaned text and the change log."""
        text = _check_text(text)
        threshold = self.min_confidence if min_confidence is None else min_confidence
        detection, scored, scorer, _toks = self._analyse(text)
        decisions = decide(scorer, scored, detection, min_confidence=threshold)
        cleaned = build_changes(
            text,
            ((d.start, d.end, d.restored, round(d.confidence, 4), d.source, d.reason) for d in decisions),
        )
        return dataclasses.replace(cleaned, spin=round(detection.spin, 4))

    def clean_many(self, texts: Iterable[str]) -> Iterable[Cleaned]:
        """Clean each text of an iterable, lazily."""
        for text in texts:
            yield self.clean(text)
