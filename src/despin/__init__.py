"""despin: undo machine "spinning" (thesaurus synonym substitution) of text.

>>> import despin
>>> result = despin.clean("The Taliban captured the metropolis.")
>>> result.revert()
'The Taliban captured the metropolis.'
>>> despin.apply_changes("The Taliban captured the metropolis.", result.changes) == result.text
True
"""

from __future__ import annotations

import threading
from typing import Any

from despin.changes import Change, Cleaned, apply_changes
from despin.despinner import Despinner
from despin.detect import Detection, Evidence, Segment
from despin.lexicon import Entry, Lexicon, LexiconError, load_lexicon
from despin.spinner import Spun, spin

__all__ = [
    "Change",
    "Cleaned",
    "Despinner",
    "Detection",
    "Entry",
    "Evidence",
    "Lexicon",
    "LexiconError",
    "Segment",
    "Spun",
    "__version__",
    "apply_changes",
    "clean",
    "detect",
    "load_lexicon",
    "spin",
]

__version__ = "0.1.0"

_default: Despinner | None = None
_default_lock = threading.Lock()


def _get_default() -> Despinner:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Despinner()
    return _default


def clean(text: str, **options: Any) -> Cleaned:
    """Restore spun forms in ``text`` with the default :class:`Despinner`.

    Options are those of :class:`Despinner` (``lexicons``, ``extra_lexicons``,
    ``min_confidence``); passing any builds a one-off instance, so for repeated
    calls with options create a :class:`Despinner` once instead.
    """
    if not options:
        return _get_default().clean(text)
    if set(options) == {"min_confidence"}:
        return _get_default().clean(text, min_confidence=options["min_confidence"])
    return Despinner(**options).clean(text)


def detect(text: str, **options: Any) -> Detection:
    """Spin probability of ``text`` with its evidence (default :class:`Despinner`)."""
    if not options:
        return _get_default().detect(text)
    return Despinner(**options).detect(text)
