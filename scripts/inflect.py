"""English inflection for build scripts: :mod:`despin.inflect` over WordNet's own files.

The rules live in the package (``src/despin/inflect.py``), which :mod:`despin.learn`
also uses at run time with its packaged table. The build reads WordNet directly
instead (``/usr/share/wordnet``, or ``$DESPIN_WORDNET_DIR``), so this module only
binds that directory as the default; without WordNet installed the built-in
irregular verbs and the rules still apply (so CI can run the tests).

>>> inflections("say", "verb")
{'VBZ': 'says', 'VBD': 'said', 'VBN': 'said', 'VBG': 'saying'}
>>> lemmatize("cities", "noun"), lemmatize("told", "verb")
('city', 'tell')
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["POS_TAGS", "WORDNET_DIR", "inflections", "lemmatize", "load_despin", "syllables"]

WORDNET_DIR = os.environ.get("DESPIN_WORDNET_DIR", "/usr/share/wordnet")
ROOT = Path(__file__).resolve().parents[1]


def load_despin(name: str) -> ModuleType:
    """The checkout's ``despin.<name>`` without running ``despin/__init__.py``.

    Build scripts need a module or two, not the whole package (whose other modules may be
    mid-edit, or need optional dependencies), so ``despin`` is registered as a bare
    package over ``src/despin`` and only the named module and what it imports are loaded.
    """
    if "despin" not in sys.modules:
        package = ModuleType("despin")
        package.__path__ = [str(ROOT / "src" / "despin")]
        sys.modules["despin"] = package
    return importlib.import_module(f"despin.{name}")


_inflect = load_despin("inflect")
POS_TAGS = _inflect.POS_TAGS
syllables = _inflect.syllables


def inflections(lemma: str, pos: str, *, wordnet_dir: str | None = None) -> dict[str, str]:
    """:func:`despin.inflect.inflections` with WordNet's files (see the module docstring)."""
    return _inflect.inflections(lemma, pos, wordnet_dir=wordnet_dir or WORDNET_DIR)  # type: ignore[no-any-return]


def lemmatize(word: str, pos: str, *, wordnet_dir: str | None = None) -> str:
    """:func:`despin.inflect.lemmatize` with WordNet's files (see the module docstring)."""
    return _inflect.lemmatize(word, pos, wordnet_dir=wordnet_dir or WORDNET_DIR)  # type: ignore[no-any-return]
