"""Build-time readers for the thesauri a spinner draws on: MyThes (OpenOffice) and WordNet 3.0.

Build-time only: the runtime must never read these files (see HELPERS.md). Stdlib only.

MyThes ``th_en_US_v2.dat`` is generated from WordNet 3.0: a headword line ``word|n`` is
followed by ``n`` sense lines ``(pos)|item|item...``, one per WordNet synset of the word
in WordNet's sense order. Items annotated ``(generic term)`` (hypernym), ``(similar term)``,
``(related term)``, ``(antonym)`` are not synonyms. :func:`read_mythes` keeps every item and
flags it: ``Sense.kinds`` runs parallel to ``Sense.synonyms`` with ``""`` for a plain
synonym and ``"generic"``, ``"similar"``, ``"related"``, ``"antonym"``... otherwise.

Known MyThes quirks, both fixed when a :class:`WordNet` is passed to :func:`read_mythes`:

* for a linked synset (generic, related...) the generator often writes *all* its lemmas but
  annotates only the last, so plain-looking items leak in
  (``military (adj)|discipline|subject|...|branch of knowledge (related term)``,
  ``abandon (verb)|discard|fling|toss|...|put away (generic term)``). Plain items that are
  not lemmas of the sense's own synset are flagged ``"unlisted"``.
* senses are *not* in WordNet's frequency order (``country``: "state, land" comes before
  "state, nation, land, commonwealth"), and some senses are missing. Each sense is matched
  to its synset by content and ``Sense.rank`` gives the WordNet sense number.

>>> wn = read_wordnet()
>>> [s.lemmas for s in wn.synsets("city", "noun")][0]
('city', 'metropolis', 'urban center')
>>> wn.sense_counts("city", "noun"), wn.tagsense_cnt("say", "verb")
([103, 13, 1], 8)
>>> first_sense_synonyms("city")
('metropolis', 'urban center')
>>> first_sense_synonyms("military", "adj")
()
>>> [(s.rank, s.plain()[:2]) for s in mythes()["country"]][:2]
[(2, ('state', 'land')), (1, ('state', 'nation'))]
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "MYTHES_PATH",
    "POS_NAMES",
    "WORDNET_DIR",
    "Sense",
    "Synset",
    "WordNet",
    "first_sense_synonyms",
    "mythes",
    "read_mythes",
    "read_wordnet",
    "wordnet",
]

MYTHES_PATH = "/usr/share/mythes/th_en_US_v2.dat"
WORDNET_DIR = "/usr/share/wordnet"
POS_NAMES = ("noun", "verb", "adj", "adv")
_ANNOTATIONS = {
    "(generic term)": "generic",
    "(similar term)": "similar",
    "(related term)": "related",
    "(antonym)": "antonym",
}
_WN_POS = {"noun": "noun", "verb": "verb", "adj": "adj", "adv": "adv"}
_SS_TYPE_POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
_SENSEKEY_POS = {"1": "noun", "2": "verb", "3": "adj", "4": "adv", "5": "adj"}


class Sense(NamedTuple):
    """One MyThes sense: its part of speech and its items, flagged by ``kinds``.

    ``rank`` is the matching WordNet sense number (1 = most frequent sense of that POS), or 0
    when unknown (read without WordNet, or no synset shares a plain item).
    """

    pos: str
    synonyms: tuple[str, ...]
    kinds: tuple[str, ...]
    rank: int = 0

    def plain(self) -> tuple[str, ...]:
        """The items that are synonyms proper (no generic/similar/related/antonym/unlisted)."""
        return tuple(s for s, k in zip(self.synonyms, self.kinds, strict=True) if not k)


class Synset(NamedTuple):
    """A WordNet synset: byte offset in ``data.<pos>``, type (n/v/a/s/r), lemmas, gloss."""

    offset: int
    ss_type: str
    lemmas: tuple[str, ...]
    gloss: str


def _parse_item(item: str) -> tuple[str, str]:
    item = item.strip()
    if item.endswith(")"):
        start = item.rfind(" (")
        if start > 0:
            note = item[start + 1 :]
            return item[:start].strip(), _ANNOTATIONS.get(note, note.strip("()").replace(" ", "-"))
    return item, ""


def read_mythes(path: str = MYTHES_PATH, wordnet: WordNet | None = None) -> dict[str, list[Sense]]:
    """Headword (lower-cased) -> its senses in file order (see the module docstring).

    With ``wordnet``, each sense is matched to its WordNet synset (``Sense.rank``) and plain
    items missing from that synset are flagged ``"unlisted"`` (see the module docstring).
    """
    senses: dict[str, list[Sense]] = {}
    with open(path, encoding="utf-8") as handle:
        encoding = handle.readline().strip()
        if encoding.upper() not in ("UTF-8", "UTF8"):
            msg = f"{path}: expected a UTF-8 MyThes file, found encoding {encoding!r}"
            raise ValueError(msg)
        word = ""
        for line in handle:
            line = line.rstrip("\n")
            if not line.startswith("("):
                word = line.rsplit("|", 1)[0].lower()
                senses.setdefault(word, [])
                continue
            pos_text, _, rest = line.partition("|")
            pos = pos_text.strip("()")
            items = [_parse_item(i) for i in rest.split("|") if i.strip()]
            senses[word].append(Sense(pos, tuple(i for i, _ in items), tuple(k for _, k in items)))
    if wordnet is not None:
        for word, word_senses in senses.items():
            senses[word] = _check_against_wordnet(word, word_senses, wordnet)
    return senses


def _check_against_wordnet(word: str, senses: list[Sense], wn: WordNet) -> list[Sense]:
    """Match each sense to its WordNet synset by shared lemmas; flag leaked items "unlisted".

    MyThes neither keeps WordNet's sense order nor always annotates every item of a linked
    synset, so the match is by content: the synset of the same POS sharing most plain items,
    ties going to the one with fewest other lemmas, then to the more frequent sense.
    """
    checked: list[Sense] = []
    lowered = word.lower()
    for sense in senses:
        plain = {item.lower() for item in Sense(sense.pos, sense.synonyms, sense.kinds).plain()}
        synsets = wn.synsets(word, sense.pos) if sense.pos in _WN_POS else []
        best, best_score = -1, (0, 0)
        for number, synset in enumerate(synsets):
            lemmas = {lemma.lower() for lemma in synset.lemmas} - {lowered}
            score = (len(plain & lemmas), -len(lemmas - plain))
            if score[0] and (best < 0 or score > best_score):
                best, best_score = number, score
        lemmas = {lemma.lower() for lemma in synsets[best].lemmas} if best >= 0 else set()
        kinds = tuple(
            kind or ("" if item.lower() in lemmas else "unlisted")
            for item, kind in zip(sense.synonyms, sense.kinds, strict=True)
        )
        checked.append(Sense(sense.pos, sense.synonyms, kinds, best + 1))
    return checked


class WordNet:
    """Reader for a WordNet 3.0 database directory (index.*, data.*, cntlist.rev).

    ``synsets(lemma, pos)`` lists synsets in WordNet's sense order (most frequent first);
    ``sense_counts`` gives each sense's SemCor tag count from ``cntlist.rev`` and
    ``tagsense_cnt`` how many senses were tagged at all, so callers can tell whether the
    first sense really dominates.
    """

    def __init__(self, directory: str = WORDNET_DIR) -> None:
        self.directory = Path(directory)
        self._index: dict[str, dict[str, tuple[int, tuple[int, ...]]]] = {}
        self._data: dict[str, bytes] = {}
        self._counts: dict[tuple[str, str], dict[int, int]] | None = None

    def _load_index(self, pos: str) -> dict[str, tuple[int, tuple[int, ...]]]:
        if pos not in self._index:
            table: dict[str, tuple[int, tuple[int, ...]]] = {}
            with (self.directory / f"index.{_WN_POS[pos]}").open(encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith(" "):
                        continue
                    fields = line.split()
                    synset_cnt, p_cnt = int(fields[2]), int(fields[3])
                    tagsense = int(fields[5 + p_cnt])
                    offsets = tuple(int(f) for f in fields[6 + p_cnt : 6 + p_cnt + synset_cnt])
                    table[fields[0].replace("_", " ")] = (tagsense, offsets)
            self._index[pos] = table
        return self._index[pos]

    def lemmas(self, pos: str) -> list[str]:
        """All lemmas of a POS (lower case, spaces for underscores), sorted."""
        return sorted(self._load_index(pos))

    def tagsense_cnt(self, lemma: str, pos: str) -> int:
        """Number of senses of ``lemma`` tagged in semantic concordances (0 if unknown)."""
        entry = self._load_index(pos).get(lemma.lower())
        return entry[0] if entry else 0

    def synset(self, offset: int, pos: str) -> Synset:
        """The synset at byte ``offset`` of ``data.<pos>``."""
        return self._synset(offset, pos)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one reader per build, kept for its life
    def _synset(self, offset: int, pos: str) -> Synset:
        if pos not in self._data:
            self._data[pos] = (self.directory / f"data.{_WN_POS[pos]}").read_bytes()
        data = self._data[pos]
        end = data.index(b"\n", offset)
        line = data[offset:end].decode("utf-8")
        head, _, gloss = line.partition(" | ")
        fields = head.split()
        w_cnt = int(fields[3], 16)
        words = []
        for i in range(w_cnt):
            raw = fields[4 + 2 * i]
            if raw.endswith(")") and "(" in raw:  # adjective markers: (a), (p), (ip)
                raw = raw[: raw.index("(")]
            words.append(raw.replace("_", " "))
        return Synset(offset, fields[2], tuple(words), gloss.strip())

    def synsets(self, lemma: str, pos: str) -> list[Synset]:
        """Synsets of ``lemma`` as ``pos`` ("noun"|"verb"|"adj"|"adv"), in sense order."""
        entry = self._load_index(pos).get(lemma.lower())
        return [self._synset(o, pos) for o in entry[1]] if entry else []

    def sense_counts(self, lemma: str, pos: str) -> list[int]:
        """Tag count of each sense of ``lemma``, in sense order (0 where untagged)."""
        if self._counts is None:
            counts: dict[tuple[str, str], dict[int, int]] = {}
            path = self.directory / "cntlist.rev"
            if path.is_file():
                with path.open(encoding="utf-8") as handle:
                    for line in handle:
                        key, number, count = line.split()
                        word, _, rest = key.partition("%")
                        sense_pos = _SENSEKEY_POS.get(rest[:1], "")
                        slot = counts.setdefault((word.replace("_", " "), sense_pos), {})
                        slot[int(number)] = slot.get(int(number), 0) + int(count)
            self._counts = counts
        entry = self._load_index(pos).get(lemma.lower())
        if not entry:
            return []
        slot = self._counts.get((lemma.lower(), pos), {})
        return [slot.get(i, 0) for i in range(1, len(entry[1]) + 1)]


def read_wordnet(directory: str = WORDNET_DIR) -> WordNet:
    """A lazy :class:`WordNet` reader over ``directory``."""
    return WordNet(directory)


@functools.cache
def wordnet() -> WordNet:
    """The shared default WordNet reader."""
    return read_wordnet()


@functools.cache
def mythes() -> dict[str, list[Sense]]:
    """The shared default MyThes table, checked against WordNet."""
    return read_mythes(wordnet=wordnet())


def first_sense_synonyms(
    word: str, pos: str | None = None, *, by_frequency: bool = False
) -> tuple[str, ...]:
    """Plain synonyms of the first MyThes sense of ``word`` (of ``pos`` if given).

    "First" is MyThes file order, as a spinner using that file sees it; with
    ``by_frequency`` it is the sense with the lowest WordNet sense number instead.

    >>> first_sense_synonyms("country"), first_sense_synonyms("country", by_frequency=True)[:2]
    (('state', 'land'), ('state', 'nation'))
    """
    senses = [s for s in mythes().get(word.lower(), ()) if pos is None or s.pos == pos]
    if by_frequency:
        senses = sorted(senses, key=lambda s: (s.rank or 1_000, senses.index(s)))
    return senses[0].plain() if senses else ()
