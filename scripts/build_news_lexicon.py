#!/usr/bin/env python3
"""Build lexicons/news.tsv: what a thesaurus spinner writes for common English words.

Run from the repository root::

    python scripts/build_news_lexicon.py            # writes lexicons/news.tsv, prints a summary

The output is deterministic for fixed inputs (the header records their versions and hashes).
Two sources are merged; despin never reads either thesaurus at run time:

1. ``lexicons/sources/news-curated.tsv`` (lexicon format): hand-curated pairs of the real
   spinner, read from spun seed articles. Copied through with their context and provenance.
   When the provenance names a part of speech (``seed:001;pos=verb``) the inflected pairs
   are generated too (provenance ``...;inflected``). Curated rows win ties, except against a
   heavier thesaurus row for the same plain pair (see :func:`merge`).
2. MyThes ``th_en_US_v2.dat`` checked against WordNet 3.0 (see ``scripts/thesaurus.py``): for
   the ``N`` most frequent English words (wordfreq), lemmatised, each plain synonym ``s`` of a
   word ``w`` gives ``s > w`` (spun > restored), then the inflected pairs with the same tag on
   both sides (``metropolises > cities``, ``advised > told``).

Weight of ``s > w`` = p(spinner writes s | w), a channel model of a spinner that looks ``w``
up and picks among what the thesaurus lists:

* part of speech: share_p = (SemCor tags of w as p + 1) / sum over w's parts of speech;
* sense: prior DECAY_SENSE ** (e - 1), normalised over all of w's senses of that POS, where
  e = min(MyThes file position, WordNet sense number): first-listed and most-frequent senses
  both count as "first" (MyThes does not list senses in WordNet's frequency order). When
  WordNet has no tagged sense for (w, POS) its order is arbitrary (airline: "air hose"
  first), so the senses get equal priors;
* position in the sense: DECAY_POS ** j, normalised over the kept synonyms of the sense;
* everything times REPLACE_RATE (a spinner leaves some words alone), so the weights of one
  word's synonyms sum to <= REPLACE_RATE < 1. A pair reached through several senses or
  parts of speech gets the sum.

Rows under MIN_WEIGHT and synonyms beyond PER_WORD per word are dropped; ``N`` and
``PER_WORD`` are chosen so the file stays under MAX_ROWS rows (the runtime parses it at start).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import inflect  # noqa: E402
import thesaurus  # noqa: E402

# The checkout's despin.lexicon, without the rest of the package (see inflect.load_despin).
_lexicon = inflect.load_despin("lexicon")
Context = _lexicon.Context
Entry = _lexicon.Entry
format_lexicon = _lexicon.format_lexicon
load_lexicon = _lexicon.load_lexicon
parse_lexicon = _lexicon.parse_lexicon

CURATED = ROOT / "lexicons" / "sources" / "news-curated.tsv"
OUT = ROOT / "lexicons" / "news.tsv"

TOP_N = 25_000  # wordfreq top_n_list("en", TOP_N): the words whose spinning we undo
PER_WORD = 5  # at most this many spun forms (base forms) per restored word
MIN_WEIGHT = 0.005  # drop thesaurus pairs a spinner would almost never produce
MAX_ROWS = 100_000
REPLACE_RATE = 0.9
DECAY_SENSE = 0.3
DECAY_POS = 0.6
# A generated inflection's original must be a word English text uses (wordfreq knows it:
# restoring a form it has never seen would write a wrong inflection into the text). Its
# spun side needs no frequency, like a thesaurus synonym: rare synonyms ("unexampled",
# "hebdomad") and their rare inflections ("twelvemonths", "exportations") are what a
# spinner writes and clean news does not, the best evidence there is, and a wrong one
# ("fts") is never met. (Requiring Zipf 1.5 of both lost 3-4 points of recall on the
# dev split; Zipf 0.5 of generated spun forms 1.8.)
MIN_ZIPF = 0.5
MAX_WORDS = 4


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: never restored from the thesaurus route (their MyThes entries are odd
# noun senses: "in" = inch/Indiana, "a" = ampere, "be" = exist) and never accepted as the
# spun form (a spinner swapping "get" for "have" would be undetectable and is not what the
# thesaurus says). Content words among the most frequent ones are kept on purpose.
STOP_WORDS = _words(
    """
    a an the this that these those some any each every either neither both all no none
    i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    one ones who whom whose which what whatever whoever where when why how there here
    be am is are was were been being have has had having do does did done doing
    will would shall should can could may might must ought
    and or but nor so yet if then than because though although while whether unless until
    of in on at by for with from to into onto upon about above below over under after before
    since through throughout during without within among between against toward towards
    across along around behind beyond near off out up down per via
    not also just only very too quite rather more most less least much many few
    such same other another own else ever never always often again still even
    s t d ll m re ve o y
    """
)

# Cardinal number words: never accepted as a spun form. A number states a fact; the
# thesaurus offers other numbers for them ("billion" for "million", "trillion" for
# "billion"), other senses ("club" for "nine", "century" for "hundred") and vague
# quantities ("lots" for "dozens"), and restoring any of them changes what the text says.
# The opposite direction stays ("meg" > "million", "1000's" > "thousands"), and so do
# decades, which the curated rows restore ("Nineties" > "1990s").
NUMBER_WORDS = _words(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion trillion dozen
    ones twos threes fours fives sixes sevens eights nines tens hundreds thousands millions
    billions trillions dozens
    """
)

# Words whose UK and US spellings no suffix rule relates (plough/plow): compared via US form.
_VARIANT_WORDS = {
    "plough": "plow",
    "draught": "draft",
    "tyre": "tire",
    "kerb": "curb",
    "cheque": "check",
    "grey": "gray",
    "programme": "program",
    "mould": "mold",
    "moult": "molt",
    "gaol": "jail",
    "smoulder": "smolder",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "storey": "story",
    "aluminium": "aluminum",
    "pyjamas": "pajamas",
    "jewellery": "jewelry",
    "axe": "ax",
    "manoeuvre": "maneuver",
    "whisky": "whiskey",
    "artefact": "artifact",
    "sulphur": "sulfur",
    "licence": "license",
    "defence": "defense",
    "offence": "offense",
    "pretence": "pretense",
    "analogue": "analog",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "judgement": "judgment",
    "ageing": "aging",
    "disc": "disk",
    "enquire": "inquire",
    "enquiry": "inquiry",
}
# Restored words that in news are overwhelmingly names: restoring "bomb" to "turkey" or
# "outdo" to "trump" would do harm, so the thesaurus route leaves them out.
NEWS_NAMES = _words("trump bush ford china turkey pence")

_SPELLING = (  # US/UK and other spelling variants, applied per word before comparing
    (re.compile(r"(?<=[a-z]{2})our"), "or"),  # colour/color, favourite/favorite; not tour/tor
    (re.compile(r"(?<=[a-z])is(e|ed|es|ing|ation|ations|ational)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"tre$"), "ter"),
    (re.compile(r"ogue$"), "og"),
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"ll(ed|ing|er)$"), r"l\1"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe(?=[a-z])"), "e"),
)
_ALLOWED = re.compile(r"[a-z]+(?:[-'][a-z]+)*(?: [a-z]+(?:[-'][a-z]+)*)*")

FAMOUS = (  # (what the original said, what the real spinner wrote)
    ("said", "mentioned"),
    ("told", "advised"),
    ("city", "metropolis"),
    ("government", "authorities"),
    ("officials", "officers"),
    ("military", "navy"),
    ("security", "safety"),
    ("people", "individuals"),
    ("country", "nation"),
    ("prison", "jail"),
    ("office", "workplace"),
    ("attack", "assault"),
    ("fighting", "preventing"),
    ("units", "items"),
    ("ground", "bottom"),
    ("fall", "autumn"),
    ("head", "top"),
    ("capture", "seize"),
    ("either", "both"),
    ("comment", "remark"),
    ("information", "data"),
    ("lost", "misplaced"),
    ("asked", "requested"),
    ("showed", "confirmed"),
    ("suggested", "recommended"),
)


@dataclass
class Pair:
    """A candidate row under construction."""

    spun: str
    restored: str
    weight: float
    provenance: str
    pos: str
    source: str  # "curated" | "thesaurus"
    inflected: bool = False
    context: Context = field(default_factory=Context)


def canonical(form: str) -> str:
    """Spelling-insensitive key: colour/color, urban centre/center, e-mail/email are equal."""
    words = []
    for word in form.lower().split(" "):
        word = _VARIANT_WORDS.get(word, word)
        for pattern, replacement in _SPELLING:
            word = pattern.sub(replacement, word)
        words.append(word.replace("-", ""))
    return "".join(words)


def zipf_ok(form: str, minimum: float = MIN_ZIPF) -> bool:
    """Every word of ``form`` is at least this frequent (wordfreq Zipf scale)."""
    return all(zipf_frequency(word, "en") >= minimum for word in re.split(r"[ -]", form) if word)


def is_rare_abbreviation(s: str, w: str) -> bool:
    """``s`` abbreviates ``w`` (same first letter, its letters in order: ``yr`` for ``year``,
    ``hr`` for ``hour``) and is rarer than it. Thesauri list such abbreviations and spinners
    write them; one more common than its word (``km``, ``tv``, ``ad``) is how news writes
    that word anyway, and restoring it would damage clean text."""
    letters = iter(w)
    return (
        s.isalpha()
        and s[:1] == w[:1]
        and all(c in letters for c in s)
        and zipf_frequency(s, "en") < zipf_frequency(w, "en")
    )


def synonym_problem(s: str, w: str, pos: str) -> str:
    """Why ``s`` is not a usable spun form of ``w`` (``""`` when it is)."""
    if any(c.isupper() for c in s):
        return "proper"
    if any(c.isdigit() for c in s):
        return "digit"
    if len(s.split(" ")) > MAX_WORDS:
        return "long"
    if len(s) < 3 and not is_rare_abbreviation(s, w):
        return "short"
    if not _ALLOWED.fullmatch(s):
        return "chars"
    if s == w or canonical(s) == canonical(w):
        return "spelling"
    if s in STOP_WORDS:
        return "function-word"
    if s in NUMBER_WORDS:
        return "number"
    forms = set(inflect.inflections(w, pos).values())
    if s in forms or w in set(inflect.inflections(s, pos).values()):
        return "inflected"
    if inflect.lemmatize(s, pos) == w or inflect.lemmatize(w, pos) == s:
        return "inflected"
    return ""


def base_words(n: int) -> tuple[dict[tuple[str, str], int], Counter[str]]:
    """(lemma, pos) -> frequency rank, for the top ``n`` words that MyThes lists."""
    mythes = thesaurus.mythes()
    bases: dict[tuple[str, str], int] = {}
    skipped: Counter[str] = Counter()
    for rank, word in enumerate(top_n_list("en", n)):
        if len(word) < 3 or not word.isalpha() or not word.isascii():
            skipped["not a word (or < 3 letters)"] += 1
            continue
        if word in STOP_WORDS or word in NEWS_NAMES:
            skipped["function word or name"] += 1
            continue
        found = False
        for sense_pos in dict.fromkeys(s.pos for s in mythes.get(word, ())):
            bases.setdefault((word, sense_pos), rank)
            found = True
        for pos in ("noun", "verb", "adj"):
            lemma = inflect.lemmatize(word, pos)
            if (
                lemma != word
                and lemma not in STOP_WORDS
                and lemma not in NEWS_NAMES
                and any(s.pos == pos for s in mythes.get(lemma, ()))
            ):
                bases.setdefault((lemma, pos), rank)
                found = True
        if not found:
            skipped["not in MyThes"] += 1
    return bases, skipped


def _lower_case_sense(wn: thesaurus.WordNet, w: str, pos: str, rank: int) -> bool:
    """Whether WordNet writes ``w`` in lower case in that sense (not "VIP", "Bush", "May").

    wordfreq lower-cases everything, so a restored "vip" would lose its capitals.
    """
    synsets = wn.synsets(w, pos)
    if rank > len(synsets):
        return True
    own = [lemma for lemma in synsets[rank - 1].lemmas if lemma.lower() == w]
    return not own or own[0] == w


def thesaurus_pairs(
    bases: dict[tuple[str, str], int], dropped: Counter[str]
) -> dict[str, list[Pair]]:
    """restored word -> its base-form pairs (one per spun form and POS), best first."""
    mythes = thesaurus.mythes()
    wn = thesaurus.wordnet()
    by_word: dict[str, list[Pair]] = defaultdict(list)
    pos_of: dict[str, list[str]] = defaultdict(list)
    for w, pos in sorted(bases, key=lambda b: (bases[b], b)):
        pos_of[w].append(pos)
    for w in sorted(pos_of):
        senses_all = mythes.get(w, [])
        all_pos = list(dict.fromkeys(s.pos for s in senses_all))
        tags = {p: sum(wn.sense_counts(w, p)) if p in thesaurus.POS_NAMES else 0 for p in all_pos}
        total = sum(tags[p] + 1 for p in all_pos)
        for pos in pos_of[w]:
            share = (tags[pos] + 1) / total
            senses = [s for s in senses_all if s.pos == pos]
            n_wn = len(wn.synsets(w, pos))
            if wn.tagsense_cnt(w, pos):
                priors = [DECAY_SENSE ** (min(k, s.rank or k) - 1) for k, s in enumerate(senses, 1)]
            else:  # no sense was ever tagged: neither order says which sense is common
                priors = [1.0] * len(senses)
            z = sum(priors)
            weights: dict[str, float] = defaultdict(float)
            best: dict[str, tuple[float, str]] = {}
            for k, (sense, prior) in enumerate(zip(senses, priors, strict=True), 1):
                if sense.rank and not _lower_case_sense(wn, w, pos, sense.rank):
                    dropped["restored word is a name or acronym in that sense"] += 1
                    continue
                kept = []
                for s in sense.plain():
                    problem = synonym_problem(s, w, pos)
                    if problem:
                        dropped[problem] += 1
                    elif s not in kept:
                        kept.append(s)
                if not kept:
                    continue
                q = [DECAY_POS**j for j in range(len(kept))]
                qz = sum(q)
                for s, qj in zip(kept, q, strict=True):
                    x = REPLACE_RATE * share * prior / z * qj / qz
                    weights[s] += x
                    if s not in best or x > best[s][0]:
                        wn_info = f"wn={sense.rank}/{n_wn}" if sense.rank else "wn=?"
                        best[s] = (x, f"mythes:sense{k};pos={pos};{wn_info}")
            for s, x in weights.items():
                by_word[w].append(Pair(s, w, x, best[s][1], pos, "thesaurus"))
    for pairs in by_word.values():
        pairs.sort(key=lambda p: (-p.weight, p.spun, p.pos))
    return by_word


def select(by_word: dict[str, list[Pair]], per_word: int, dropped: Counter[str]) -> list[Pair]:
    """Apply MIN_WEIGHT and PER_WORD (distinct spun forms per restored word); first-sense
    synonyms need only a quarter of MIN_WEIGHT and are not counted against PER_WORD."""
    chosen: list[Pair] = []
    for w in sorted(by_word):
        spun_seen: list[str] = []
        for pair in by_word[w]:
            # A word's first MyThes sense is where a spinner looks first (the issue's
            # spinner policy): its synonyms are kept down to a quarter of the floor, and
            # beyond the per-word limit.
            first = pair.provenance.startswith("mythes:sense1;")
            if pair.weight < (MIN_WEIGHT / 4 if first else MIN_WEIGHT):
                dropped["below min weight"] += 1
                continue
            if pair.spun not in spun_seen:
                if len(spun_seen) >= per_word and not first:
                    dropped["beyond per-word limit"] += 1
                    continue
                spun_seen.append(pair.spun)
            chosen.append(pair)
    return chosen


def inflect_pair(pair: Pair, dropped: Counter[str]) -> list[Pair]:
    """The pair's inflected forms, same tag on both sides; rare or unchanged forms skipped."""
    if pair.pos not in ("noun", "verb", "adj"):
        return []
    spun_forms = inflect.inflections(pair.spun, pair.pos)
    restored_forms = inflect.inflections(pair.restored, pair.pos)
    out: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for tag, spun in spun_forms.items():
        restored = restored_forms.get(tag)
        if restored is None:
            continue
        if spun.lower() == pair.spun.lower() and restored.lower() == pair.restored.lower():
            continue  # the base row itself
        if (spun, restored) in seen or spun.lower() == restored.lower():
            continue
        if not zipf_ok(restored):
            dropped["inflected form rare"] += 1
            continue
        seen.add((spun, restored))
        out.append(
            Pair(
                spun,
                restored,
                pair.weight,
                pair.provenance + ";inflected",
                pair.pos,
                pair.source,
                True,
                pair.context,
            )
        )
    return out


def _is_base_form(form: str, pos: str) -> bool:
    """Whether the head word of ``form`` is a lemma (inflecting "mentioned" makes no sense)."""
    words = form.lower().split(" ")
    head = words[0] if pos == "verb" else words[-1]
    return pos not in ("noun", "verb", "adj") or inflect.lemmatize(head, pos) == head


def curated_pairs(path: Path, dropped: Counter[str]) -> list[Pair]:
    """Curated entries, plus their inflections where the provenance gives ``pos=``."""
    if not path.exists():
        return []
    lexicon = parse_lexicon(path.read_text(encoding="utf-8"), source=str(path))
    pairs: list[Pair] = []
    for e in lexicon.entries:
        match = re.search(r"(?:^|;)pos=(noun|verb|adj|adv)\b", e.provenance)
        pos = match.group(1) if match else ""
        base = Pair(e.spun, e.restored, e.weight, e.provenance, pos, "curated", False, e.context)
        pairs.append(base)
        if pos and _is_base_form(e.spun, pos) and _is_base_form(e.restored, pos):
            pairs.extend(inflect_pair(base, dropped))
        elif pos:
            dropped["curated row not in base form: not inflected"] += 1
    return pairs


def merge(curated: list[Pair], derived: list[Pair]) -> list[Pair]:
    """One row per (spun, restored, context): curated first, then base forms, then the heaviest.

    Except where a plain curated row meets a thesaurus row: there the heavier wins.

    Curated rows that differ only in their context ("Might" > "May" before a day number,
    and after "in"/"since") are distinct entries and all kept.
    """
    rows: dict[tuple[str, str, str], Pair] = {}
    rank = {"curated": 0, "thesaurus": 1}
    for pair in [*curated, *derived]:
        context = getattr(pair.context, "text", pair.context) or ""
        key = (pair.spun.lower(), pair.restored, context if pair.source == "curated" else "")
        old = rows.get(key)
        if old is None:
            rows[key] = pair
            continue
        if old.source == pair.source == "thesaurus" and old.inflected == pair.inflected:
            # the same pair through another part of speech: the probabilities add up
            if pair.pos != old.pos:
                heavier = pair if pair.weight > old.weight else old
                rows[key] = Pair(
                    old.spun,
                    old.restored,
                    min(1.0, old.weight + pair.weight),
                    heavier.provenance,
                    heavier.pos,
                    old.source,
                    old.inflected,
                    old.context,
                )
            continue
        if pair.source != old.source and not context:
            # A plain curated row and a thesaurus row claim the same pair: each weight
            # says how often *some* spinner writes it, so the heavier claim stands,
            # with its own provenance (and so its family's swap rate at run time).
            if pair.weight > old.weight:
                rows[key] = pair
        elif (rank[pair.source], pair.inflected, -pair.weight) < (
            rank[old.source],
            old.inflected,
            -old.weight,
        ):
            rows[key] = pair
    return sorted(rows.values(), key=lambda p: (p.spun.lower(), p.spun, p.restored))


def _display(path: Path) -> str:
    """``path`` relative to the repository when inside it (keeps the header machine-free)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def source_versions(curated: Path) -> list[str]:
    """Versions and hashes of the inputs, for the header."""

    def sha(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "missing"

    def dpkg(package: str) -> str:
        try:
            result = subprocess.run(
                ["dpkg-query", "-W", "-f=${Version}", package],
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            return "?"
        return result.stdout.strip() or "?"

    mythes = Path(thesaurus.MYTHES_PATH)
    data_noun = Path(thesaurus.WORDNET_DIR) / "data.noun"
    return [
        f"MyThes {mythes} (Debian mythes-en-us {dpkg('mythes-en-us')}, sha256 {sha(mythes)})",
        f"WordNet 3.0 {thesaurus.WORDNET_DIR} (Debian wordnet-base {dpkg('wordnet-base')}, "
        f"data.noun sha256 {sha(data_noun)})",
        f"wordfreq {importlib.metadata.version('wordfreq')} (top_n_list and zipf_frequency, en)",
        f"curated {_display(curated)} (sha256 {sha(curated)})",
    ]


def build(
    top_n: int, per_word: int, curated_path: Path = CURATED
) -> tuple[list[Pair], dict[str, object]]:
    """Everything except writing: the rows and the figures for the header and summary."""
    dropped: Counter[str] = Counter()
    bases, skipped = base_words(top_n)
    by_word = thesaurus_pairs(bases, dropped)
    chosen = select(by_word, per_word, dropped)
    derived = list(chosen)
    for pair in chosen:
        derived.extend(inflect_pair(pair, dropped))
    curated = curated_pairs(curated_path, dropped)
    rows = merge(curated, derived)
    covered = {p.restored for p in chosen}
    stats: dict[str, object] = {
        "top_n": top_n,
        "per_word": per_word,
        "bases": len(bases),
        "covered": len(covered),
        "skipped": skipped,
        "dropped": dropped,
        "curated_in": len(curated),
        "curated_present": curated_path.exists(),
        "curated_path": curated_path,
        "thesaurus_pairs": chosen,
        "derived": derived,
    }
    return rows, stats


def to_entries(rows: list[Pair]) -> list[Entry]:
    return [
        Entry(p.spun, p.restored, round(p.weight, 4) or 0.0001, p.context, p.provenance)
        for p in rows
    ]


def header(rows: list[Pair], stats: dict[str, object]) -> list[str]:
    counts = Counter((p.source, p.inflected) for p in rows)
    curated_note = (
        "present" if stats["curated_present"] else "MISSING at build time (thesaurus route only)"
    )
    return [
        "Generated by: python scripts/build_news_lexicon.py  (do not edit; edit the sources",
        "and the script, then rebuild; see lexicons/README.md)",
        "Sources:",
        *(f"  {line}" for line in source_versions(Path(str(stats["curated_path"])))),
        f"Curated source: {curated_note}",
        f"Thesaurus route: top_n_list('en', {stats['top_n']}) lemmatised -> {stats['bases']}"
        f" (word, POS) bases; {stats['covered']} words restored;",
        f"  per word <= {stats['per_word']} spun forms, weight >= {MIN_WEIGHT} ({MIN_WEIGHT / 4} and no limit for first-sense synonyms), "
        f"replace rate {REPLACE_RATE}, sense decay {DECAY_SENSE}, position decay {DECAY_POS},",
        f"  synonyms with capitals, digits, > {MAX_WORDS} words, spelling variants,"
        f" inflections of the word and function words dropped; generated forms restoring"
        f" a word with zipf < {MIN_ZIPF}.",
        f"Rows: {len(rows)} = curated {counts[('curated', False)]}"
        f" + curated inflected {counts[('curated', True)]}"
        f" + thesaurus {counts[('thesaurus', False)]}"
        f" + thesaurus inflected {counts[('thesaurus', True)]}",
        "weight = p(spinner writes spun | original said restored); provenance mythes:senseK =",
        "K-th sense of that POS in MyThes file order, wn=R/N = WordNet sense number R of N.",
    ]


def famous_report(derived: list[Pair]) -> list[tuple[str, str, str]]:
    index: dict[tuple[str, str], Pair] = {}
    for p in derived:
        index.setdefault((p.spun, p.restored), p)
    report = []
    for original, spun in FAMOUS:
        p = index.get((spun, original))
        report.append((original, spun, f"{p.weight:.3f} {p.provenance}" if p else "-"))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top-n", type=int, default=TOP_N)
    parser.add_argument("--per-word", type=int, default=PER_WORD)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--curated", type=Path, default=CURATED, help="curated source TSV")
    parser.add_argument("--sample", type=int, default=40, help="random rows to show")
    args = parser.parse_args(argv)

    rows, stats = build(args.top_n, args.per_word, args.curated)
    if len(rows) > MAX_ROWS:
        print(f"error: {len(rows)} rows > {MAX_ROWS}; lower --top-n or --per-word", file=sys.stderr)
        return 1
    if not stats["curated_present"]:
        print(
            f"warning: {args.curated} is missing; built from the thesaurus route only",
            file=sys.stderr,
        )
    text = format_lexicon(
        to_entries(rows),
        name="news",
        description="thesaurus-spinner pairs for English news (curated + MyThes/WordNet)",
        comments=header(rows, stats),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    parse_lexicon(text, source=str(args.out))  # fail loudly on anything the loader rejects

    chosen = stats["thesaurus_pairs"]
    assert isinstance(chosen, list)
    derived = stats["derived"]
    assert isinstance(derived, list)
    print(f"wrote {args.out} ({len(rows)} rows, {len(text.encode()) / 1e6:.1f} MB)")
    print(
        f"base (word, POS) from top {stats['top_n']}: {stats['bases']}; "
        f"words restored: {stats['covered']}; skipped top words: {dict(stats['skipped'])}"
    )
    print(f"dropped candidates: {dict(sorted(dict(stats['dropped']).items()))}")
    by = Counter((p.source, p.pos or "-", "inflected" if p.inflected else "base") for p in rows)
    print("rows by source / POS / form:")
    for key, count in sorted(by.items()):
        print(f"  {'/'.join(key):32s} {count}")
    print("famous spinner pairs through the thesaurus route (before merging with curated):")
    for original, spun, found in famous_report(derived):
        print(f"  {original:>12s} > {spun:<12s} {found}")
    print(f"{args.sample} random rows:")
    for p in random.Random(20240501).sample(rows, min(args.sample, len(rows))):
        print(f"  {p.spun}\t{p.restored}\t{p.weight:.4g}\t{p.context.text}\t{p.provenance}")
    import time

    start = time.perf_counter()
    n = len(load_lexicon(args.out))
    print(f"load_lexicon: {n} entries in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
