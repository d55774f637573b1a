"""Build src/despin/data/spinner.tsv.gz: the thesaurus of despin's simulated spinner.

Run from the repository root: ``python scripts/build_spinner.py``. Build-time only; the
runtime (``despin.spinner``) reads nothing but the table written here.

The table imitates a classic thesaurus spinner, and it is built independently of despin's
restoration lexicons (``lexicons/`` is never read), so that evaluating despin on spun text
is not circular. Policy:

* Source: MyThes ``th_en_US_v2.dat`` (WordNet 3.0 synsets in MyThes' own sense order),
  read by ``scripts/thesaurus.py`` and checked against WordNet, which flags items that are
  not synonyms proper (generic / similar / related term, antonym, and items leaked from a
  linked synset).
* Every headword, whatever its frequency, single- or multi-word, is replaced by the first
  1-3 plain synonyms of its first sense in file order that has any usable synonym.
  Proper-noun senses (``tell`` = William Tell) and proper-noun synonyms are skipped.
* Inflection-aware: for each part of speech of a headword, the first usable sense of that
  POS gives synonyms for the headword's inflected forms, inflected the same way by
  ``scripts/inflect.py`` (``cities`` > ``metropolises``, ``told`` > ``stated``). When one
  surface form is claimed by several readings (``said``: the adjective "said" or the past
  of "say"), the reading whose lemma and POS are more frequent in WordNet's SemCor tag
  counts (``cntlist.rev``) wins; ties go to the headword itself, then to lemma order.
* Skipped forms: function words (articles, pronouns, auxiliaries and modals, prepositions,
  conjunctions, determiners), numbers, single words of fewer than 3 letters, and anything
  the runtime tokeniser (``despin.tokens.WORD``) would not see as the same word sequence.
* Multi-word proper names (``united nations``) get a row with no replacement: when the
  text writes them as names (a capital after the first word: ``United Nations``, not
  ``the city``), the runtime matches them longest-first and leaves them alone, so their
  words are not spun one by one.

Row format: ``form<TAB>replacement1|replacement2...``, all lower case, sorted by form,
after ``#`` header comments. The gzip stream has no timestamp or file name, so the same
inputs give byte-identical output.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from inflect import POS_TAGS, inflections, lemmatize  # noqa: E402
from thesaurus import MYTHES_PATH, POS_NAMES, WORDNET_DIR, Sense, mythes, wordnet  # noqa: E402
from wordfreq import zipf_frequency  # noqa: E402

from despin.tokens import WORD  # noqa: E402

OUT = ROOT / "src" / "despin" / "data" / "spinner.tsv.gz"
MAX_ALTERNATIVES = 3

# Function words: a spinner that swapped these would wreck the grammar, and real ones don't.
_FUNCTION_WORDS_TEXT = """
    a an the this that these those some any each every either neither both all no none
    another such what which whose whom who whatever whichever whoever whomever
    i me my mine myself you your yours yourself yourselves he him his himself she her hers
    herself it its itself we us our ours ourselves they them their theirs themselves one
    ones oneself someone somebody something anyone anybody anything everyone everybody
    everything nobody nothing noone thee thou thy
    be am is are was were been being have has had having do does did done doing
    will would shall should can could may might must ought need dare wo ca
    aboard about above across after against along alongside amid amidst among amongst
    around as at atop before behind below beneath beside besides between beyond but by
    concerning considering despite down during except excluding following for from in
    inside into like minus near of off on onto opposite out outside over past per plus
    regarding round save since than through throughout till to toward towards under
    underneath unlike until unto up upon versus via with within without
    and or nor so yet because although though while whereas if unless whether whenever
    wherever when where why how then once lest
    not there here many much more most few fewer less least several own other
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

_NUMBER_WORDS_TEXT = """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion hundreds thousands millions
    billions trillions dozen dozens first second third fourth fifth sixth seventh eighth
    ninth tenth
"""
NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())


class Reading(NamedTuple):
    """One way a surface form can arise: from ``lemma`` (as ``pos``) inflected for ``tag``."""

    score: int
    is_base: bool
    lemma: str
    pos: str
    tag: str
    replacements: tuple[str, ...]

    def key(self) -> tuple[int, int, str, int]:
        """Sort key: most frequent first, then the headword itself, then lemma order."""
        return (-self.score, 0 if self.is_base else 1, self.lemma, POS_NAMES.index(self.pos))


def words_ok(phrase: str) -> bool:
    """Every space-separated word is one whole runtime token (so lookups can find it)."""
    parts = phrase.split(" ")
    return all(part and WORD.fullmatch(part) for part in parts) and not any(
        ch.isdigit() for ch in phrase
    )


def form_ok(form: str) -> bool:
    """A surface form the spinner may swap."""
    if form != form.lower() or not words_ok(form):
        return False
    if " " in form:
        return True
    letters = sum(ch.isalpha() for ch in form)
    return letters >= 3 and form not in FUNCTION_WORDS and form not in NUMBER_WORDS


def proper_sense(word: str, sense: Sense) -> bool:
    """A sense in which the headword is a name: MyThes lists it capitalised (``Tell``)."""
    if any(item.lower() == word and item != item.lower() for item in sense.synonyms):
        return True
    if sense.rank and sense.pos in POS_NAMES:
        synsets = wordnet().synsets(word, sense.pos)
        if 0 < sense.rank <= len(synsets):
            own = [lemma for lemma in synsets[sense.rank - 1].lemmas if lemma.lower() == word]
            return bool(own) and all(lemma != lemma.lower() for lemma in own)
    return False


def usable(word: str, sense: Sense) -> tuple[str, ...]:
    """The synonyms of a sense a spinner would write: plain, common nouns, new, tokenisable."""
    if proper_sense(word, sense):
        return ()
    seen: list[str] = []
    for synonym in sense.plain():
        if synonym != synonym.lower() or synonym == word or not words_ok(synonym):
            continue
        if synonym in FUNCTION_WORDS or synonym in NUMBER_WORDS:
            continue  # person > someone, somebody: a spinner writes content words
        if synonym not in seen:
            seen.append(synonym)
    return tuple(seen)


def noun_plural(noun: str) -> str | None:
    """Plural of a noun, working around inflect.py pluralising plurals.

    ``inflections("authorities", "noun")`` gives ``authoritieses`` (also ``armed forceses``,
    ``politicses``, ``carieses``). A noun whose head word is already plural (WordNet
    lemmatises it to something else, or it ends in -ics) is its own plural; an -s noun whose
    generated plural wordfreq has never seen (``congerieses``) gets none.
    """
    plural = inflections(noun, "noun").get("NNS")
    if plural is None:
        return None
    changed = [p for n, p in zip(noun.split(" "), plural.split(" "), strict=False) if n != p]
    if not changed:
        return plural
    head = next(n for n, p in zip(noun.split(" "), plural.split(" "), strict=False) if n != p)
    if head.endswith("s"):
        if lemmatize(head, "noun") != head or head.endswith("ics"):
            return noun
        if zipf_frequency(changed[0], "en") == 0:
            return None
    return plural


def inflect_as(synonym: str, pos: str, tag: str) -> str | None:
    """``synonym`` inflected for ``tag``, or None when it has no such form."""
    if pos == "noun" and tag == "NNS":
        return noun_plural(synonym)
    return inflections(synonym, pos).get(tag)


def lemma_score(lemma: str, pos: str | None) -> int:
    """SemCor tag count of ``lemma`` as ``pos`` (all POS when None): how common the reading is."""
    wn = wordnet()
    return sum(sum(wn.sense_counts(lemma, p)) for p in ([pos] if pos else POS_NAMES))


def readings() -> tuple[dict[str, list[Reading]], set[str]]:
    """Every candidate reading of every surface form, and the protected multi-word names."""
    by_form: dict[str, list[Reading]] = {}
    protected: set[str] = set()
    table = mythes()
    for word in sorted(table):
        senses = table[word]
        if " " in word and words_ok(word) and any(proper_sense(word, s) for s in senses):
            protected.add(word)
        if not form_ok(word):
            continue
        first_of_pos: dict[str, tuple[str, ...]] = {}
        base: tuple[str, tuple[str, ...]] | None = None
        for sense in senses:
            synonyms = usable(word, sense)
            if not synonyms:
                continue
            if base is None:
                base = (sense.pos, synonyms[:MAX_ALTERNATIVES])
            first_of_pos.setdefault(sense.pos, synonyms[:MAX_ALTERNATIVES])
        if base is None:
            continue
        score = lemma_score(word, None)
        by_form.setdefault(word, []).append(Reading(score, True, word, base[0], "", base[1]))
        for pos, synonyms in first_of_pos.items():
            if pos not in POS_TAGS:
                continue
            forms = inflections(word, pos)
            if pos == "noun":
                forms = {"NNS": plural} if (plural := noun_plural(word)) else {}
            pos_score = lemma_score(word, pos)
            for tag in POS_TAGS[pos]:
                form = forms.get(tag)
                if not form or form == word or not form_ok(form):
                    continue
                inflected = [inflect_as(s, pos, tag) for s in synonyms]
                replacements = tuple(r for r in inflected if r and r != form and words_ok(r))
                if replacements:
                    reading = Reading(pos_score, False, word, pos, tag, replacements)
                    by_form.setdefault(form, []).append(reading)
    return by_form, protected


def rows(by_form: dict[str, list[Reading]], protected: Iterable[str]) -> list[tuple[str, str]]:
    """One row per form: the winning reading's replacements (deduplicated, in order)."""
    out: dict[str, str] = {}
    for form, candidates in by_form.items():
        best = min(candidates, key=Reading.key)
        # the same form can come twice from one reading (VBD = VBN): keep the first tag's
        out[form] = "|".join(dict.fromkeys(r for r in best.replacements if r != form))
    for name in protected:
        out.setdefault(name, "")
    return sorted((form, reps) for form, reps in out.items() if reps or form in protected)


def header(table_rows: list[tuple[str, str]]) -> str:
    mythes_sum = hashlib.sha256(Path(MYTHES_PATH).read_bytes()).hexdigest()[:16]
    singles = sum(1 for form, reps in table_rows if reps and " " not in form)
    phrases = sum(1 for form, reps in table_rows if reps and " " in form)
    names = sum(1 for _, reps in table_rows if not reps)
    lines = [
        "# despin spinner thesaurus v1",
        "# built by scripts/build_spinner.py (see its docstring for the policy)",
        f"# sources: MyThes {MYTHES_PATH} (sha256 {mythes_sum}...), WordNet 3.0 {WORDNET_DIR}",
        "# policy: first 1-3 plain synonyms of the first usable sense (MyThes order);",
        "#   inflected forms from the first usable sense of their POS, inflected alike;",
        "#   form clashes go to the reading with the higher WordNet SemCor count;",
        "#   no function words, numbers, words under 3 letters or proper nouns.",
        "# an empty replacement list marks a multi-word proper name the spinner leaves alone",
        "#   (only where the text capitalises a word after the first: United Nations)",
        f"# rows: {singles} words, {phrases} phrases, {names} protected names",
        "# form\treplacement1|replacement2...",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    by_form, protected = readings()
    table_rows = rows(by_form, protected)
    text = header(table_rows) + "".join(f"{form}\t{reps}\n" for form, reps in table_rows)
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    sizes = Counter(len(reps.split("|")) for _, reps in table_rows if reps)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(table_rows)} rows, {len(data):,} bytes gzip")
    print("alternatives per row:", dict(sorted(sizes.items())))


if __name__ == "__main__":
    main()
