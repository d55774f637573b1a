"""Build src/despin/data/language_markers.tsv.gz: the words that tell English from other languages.

Run from the repository root: ``python scripts/build_language_markers.py``. Build-time
only; the runtime (``despin.language``) reads nothing but the table written here.

despin's lexicons and its detector's calibration are English. A French paragraph has
none of the English originals whose presence is evidence of clean text, and some of its
words are English spun forms ("utile", "comportent"), so before this table despin read
French, Italian or Portuguese pages as spun and "restored" them. The runtime counts two
kinds of marker in each paragraph (a stopword test, the oldest form of language
identification) and leaves alone a paragraph with more markers of other languages than
of English.

Markers, from wordfreq's frequency lists (the words of its Latin-script languages):

* English: among English's ``TOP_N`` most frequent words, those at least
  ``ENGLISH_MARGIN`` (in Zipf units, log10 of frequency per billion words) more frequent
  in English than in every other language: "the", "and", "which", "would"... but not
  "a", "in" or "was", which French, Italian or German use as much.
* Other languages: among each language's ``TOP_N`` most frequent words, those at least
  ``OTHER_MARGIN`` more frequent there than in English and not common in English (Zipf
  below ``ENGLISH_RARE``): "les", "und", "della"... but not "de", "la" or "die", which
  English text writes in names or as words of its own.

Only alphabetic words, lower case. Row format: ``word<TAB>language`` (``en`` for English
markers, otherwise the language where the word is most frequent), sorted by language
then word, after ``#`` header comments. The gzip stream has no timestamp or file name,
so the same inputs give byte-identical output.
"""

from __future__ import annotations

import gzip
import math
from importlib.metadata import version
from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "despin" / "data" / "language_markers.tsv.gz"

#: wordfreq's languages written in the Latin alphabet (a word in another script never
#: matches an English lexicon entry, so it needs no marker to be left alone).
LANGUAGE_CODES = "ca cs da de es fi fil fr hu id is it lt lv ms nb nl pl pt ro sh sk sl sv tr vi"
LANGUAGES = tuple(LANGUAGE_CODES.split())
TOP_N = 300
ENGLISH_MARGIN = 1.5
OTHER_MARGIN = 2.0
ENGLISH_RARE = 4.5


def zipf_table(language: str) -> dict[str, float]:
    """Zipf frequency of every word wordfreq lists for ``language``."""
    return {w: math.log10(f) + 9.0 for w, f in wordfreq.get_frequency_dict(language).items()}


def markers() -> list[tuple[str, str]]:
    english = zipf_table("en")
    others = {lang: zipf_table(lang) for lang in LANGUAGES}
    rows: dict[str, str] = {}
    for word in wordfreq.top_n_list("en", TOP_N):
        if word.isalpha() and all(
            english[word] - table.get(word, 0.0) >= ENGLISH_MARGIN for table in others.values()
        ):
            rows[word] = "en"
    for lang in LANGUAGES:
        for word in wordfreq.top_n_list(lang, TOP_N):
            here = english.get(word, 0.0)
            if not word.isalpha() or word in rows or here >= ENGLISH_RARE:
                continue
            if others[lang][word] - here < OTHER_MARGIN:
                continue
            # The language that uses the word most (for the record; the runtime only
            # asks whether a word is English's or another language's).
            rows[word] = max(LANGUAGES, key=lambda lg: (others[lg].get(word, 0.0), lg == lang))
    return sorted(((w, lang) for w, lang in rows.items()), key=lambda r: (r[1] != "en", r[1], r[0]))


def main() -> int:
    rows = markers()
    header = [
        "# despin language markers v1",
        f"# Built by scripts/build_language_markers.py from wordfreq {version('wordfreq')}",
        f"# (top {TOP_N} words a language; English markers {ENGLISH_MARGIN} Zipf above every",
        f"# other language; other languages' markers {OTHER_MARGIN} above English and below",
        f"# Zipf {ENGLISH_RARE} in English). Languages: en {' '.join(LANGUAGES)}",
        "word\tlanguage",
    ]
    text = "\n".join([*header, *(f"{w}\t{lang}" for w, lang in rows)]) + "\n"
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    OUT.write_bytes(data)
    english = sum(1 for _, lang in rows if lang == "en")
    print(
        f"wrote {OUT.relative_to(ROOT)}: {english} English markers, "
        f"{len(rows) - english} of {len(LANGUAGES)} other languages, {len(data):,} bytes gzip"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
