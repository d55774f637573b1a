"""Checks on lexicons/sources/news-curated.tsv, the hand-curated table of the seed-001 spinner.

The file is reviewed like code, so these tests hold it to what its header promises: every row
names where it comes from and how a build may inflect it, no row maps a form onto itself, the
context-free weights of one original form make a probability distribution, every ``seed:001`` row
is really in the seed, and every ``fingerprint`` row is something clean news does not say.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
try:
    import despin  # noqa: F401
except ImportError:  # running from a source checkout without an install
    sys.path.insert(0, str(ROOT / "src"))

from despin.lexicon import Entry, Lexicon, load_lexicon  # noqa: E402
from despin.tokens import normalize, split  # noqa: E402

LEXICON = ROOT / "lexicons" / "sources" / "news-curated.tsv"
CLEAN_DEV = ROOT / "benchmarks" / "data" / "clean" / "dev"
SEED = ROOT.parent / "shared" / "seeds" / "001_a10201b5957d3b0c.txt"

PROVENANCE = re.compile(
    r"^(?P<source>seed:001|spinner-observed);pos=(?P<pos>noun|verb|adj|adv|phrase)$"
)
#: endings a build may add to a noun/verb base (seed attestation allows them on the last word)
SUFFIXES = ("s", "es", "d", "ed", "ing")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(LEXICON)


def _pos(entry: Entry) -> str:
    match = PROVENANCE.match(entry.provenance)
    assert match, entry.provenance
    return match["pos"]


def _is_word(token: str) -> bool:
    return token[:1].isalnum() or token[:1] == "_"


def _same_word(key: str, base: str, *, inflect: bool) -> bool:
    """``key`` is ``base`` or, with ``inflect``, a regular inflection of it (utilizing)."""
    if key == base:
        return True
    if not inflect:
        return False
    stems = (base, base[:-1]) if base.endswith("e") else (base,)
    return any(key == stem + ending for stem in stems for ending in SUFFIXES if ending)


def _matches(entry: Entry, text: str, *, inflect: bool = False) -> Iterator[int]:
    """Yield the token positions where ``entry`` fires in ``text``, honouring its context.

    A deliberately small re-implementation of the lexicon semantics on
    :func:`despin.tokens.split` tokens, so these tests do not depend on the restorer: the
    words of a phrase are consecutive tokens (a mark breaks a phrase), ``prev``/``next`` see
    the neighbouring word as written, or the empty string where the neighbour is a mark or
    the edge of the text, and ``cased`` compares the surface words exactly.
    """
    ctx = entry.context
    if ctx.doc is not None and not ctx.doc.search(text):
        return
    surfaces, keys = split(text)
    want = split(entry.spun)[1]
    n = len(want)
    for i in range(len(keys) - n + 1):
        if keys[i : i + n - 1] != want[:-1]:
            continue
        if not _same_word(keys[i + n - 1], want[-1], inflect=inflect):
            continue
        if ctx.cased and " ".join(surfaces[i : i + n]) != normalize_apostrophes(entry.spun):
            continue
        prev_word = surfaces[i - 1] if i > 0 and _is_word(surfaces[i - 1]) else ""
        j = i + n
        next_word = surfaces[j] if j < len(surfaces) and _is_word(surfaces[j]) else ""
        if ctx.prev is not None and not ctx.prev.fullmatch(prev_word):
            continue
        if ctx.next is not None and not ctx.next.fullmatch(next_word):
            continue
        yield i


def normalize_apostrophes(text: str) -> str:
    return text.replace("\u2019", "'")


def _clean_dev_texts() -> dict[str, str]:
    if not CLEAN_DEV.is_dir():
        pytest.skip(f"no clean dev articles at {CLEAN_DEV}")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(CLEAN_DEV.glob("*.txt"))}
    if len(texts) < 10:
        pytest.skip("too few clean dev articles to judge fingerprints against")
    return texts


def test_parses_with_its_name(lexicon: Lexicon) -> None:
    assert lexicon.name == "news-curated"
    assert 250 <= len(lexicon) <= 600


def test_no_identity_pairs(lexicon: Lexicon) -> None:
    same = [e.source for e in lexicon if normalize(e.spun) == normalize(e.restored)]
    assert same == []


def test_every_provenance_names_a_source_and_a_pos(lexicon: Lexicon) -> None:
    bad = [(e.line, e.provenance) for e in lexicon if not PROVENANCE.match(e.provenance)]
    assert bad == []


def test_inflectable_entries_are_single_word_base_forms(lexicon: Lexicon) -> None:
    """A build can only inflect one plain word; anything else must say pos=phrase."""
    bad = [
        e.source
        for e in lexicon
        if _pos(e) != "phrase"
        and not (e.spun.isalpha() and e.restored.isalpha() and e.spun.islower())
    ]
    assert bad == []


def test_context_free_weights_form_a_distribution(lexicon: Lexicon) -> None:
    """p(spun | restored) over the spinner's plain outputs for one original cannot exceed 1."""
    total: defaultdict[str, float] = defaultdict(float)
    for e in lexicon:
        if e.context.is_plain:
            total[normalize(e.restored)] += e.weight
    over = {restored: round(w, 3) for restored, w in total.items() if w > 1.0 + 1e-9}
    assert over == {}


def test_seed_entries_are_attested_in_the_seed(lexicon: Lexicon) -> None:
    if not SEED.is_file():
        pytest.skip(f"seed text not found at {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    missing = []
    for e in lexicon:
        if not e.provenance.startswith("seed:001"):
            continue
        plain = Entry(e.spun, e.restored, e.weight)  # attestation of the form, not its context
        if next(_matches(plain, seed, inflect=_pos(e) in ("noun", "verb")), None) is None:
            missing.append(e.source)
    assert missing == []


def test_seed_fingerprints_fire_on_the_seed_with_their_context(lexicon: Lexicon) -> None:
    """Guards the context regexes: a typo there would silently switch a fingerprint off."""
    if not SEED.is_file():
        pytest.skip(f"seed text not found at {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    silent = [
        e.source
        for e in lexicon
        if e.context.fingerprint
        and e.provenance.startswith("seed:001")
        and next(_matches(e, seed), None) is None
    ]
    assert silent == []


def test_single_word_fingerprints_are_rare_english(lexicon: Lexicon) -> None:
    """A context-free one-word fingerprint must be rare in English as a whole (zipf < 2)."""
    wordfreq = pytest.importorskip("wordfreq")
    checked = 0
    common = {}
    for e in lexicon:
        ctx = e.context
        if not ctx.fingerprint or " " in e.spun or not ctx.is_plain:
            continue
        if not e.spun.isalpha():
            continue  # digits and apostrophes: wordfreq guesses rather than counts; see below
        checked += 1
        zipf = wordfreq.zipf_frequency(e.spun, "en")
        if zipf >= 2.0:
            common[e.spun] = zipf
    assert checked > 0
    assert common == {}


def test_fingerprints_never_fire_on_clean_news(lexicon: Lexicon) -> None:
    texts = _clean_dev_texts()
    hits = [
        (e.source, name, position)
        for e in lexicon
        if e.context.fingerprint
        for name, text in texts.items()
        for position in _matches(e, text)
    ]
    assert hits == []


def test_clean_news_check_is_sensitive(lexicon: Lexicon) -> None:
    """The matcher above does find this spinner's ordinary-English outputs in clean news.

    This is what keeps the previous test meaningful, and it is also why those entries are
    not fingerprints: "authorities", "within the" or "have been" occur in clean articles.
    """
    texts = _clean_dev_texts()
    fired = {
        e.source
        for e in lexicon
        if not e.context.fingerprint
        for text in texts.values()
        if next(_matches(e, text), None) is not None
    }
    assert len(fired) >= 20, sorted(fired)
