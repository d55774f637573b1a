"""scripts/inflect.py: the build-time inflector behind the lexicons' inflected rows.

Every test runs twice: with WordNet's exception lists (when /usr/share/wordnet is installed)
and with an empty directory in its place, which forces the built-in irregular table and the
regular rules; CI machines without WordNet therefore still run all of them.
"""

from __future__ import annotations

import doctest
import gzip
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import inflect


@pytest.fixture(params=["wordnet", "fallback"])
def wordnet_dir(request, tmp_path):
    if request.param == "fallback":
        return str(tmp_path)  # no *.exc files here
    return inflect.WORDNET_DIR


VERBS = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "seize": ("seizes", "seized", "seized", "seizing"),
    "assault": ("assaults", "assaulted", "assaulted", "assaulting"),
    "advise": ("advises", "advised", "advised", "advising"),
    "run": ("runs", "ran", "run", "running"),
    "stop": ("stops", "stopped", "stopped", "stopping"),
    "die": ("dies", "died", "died", "dying"),
    "lie": ("lies", "lay", "lain", "lying"),
    "go": ("goes", "went", "gone", "going"),
    "get": ("gets", "got", "gotten", "getting"),
    "make": ("makes", "made", "made", "making"),
    "capture": ("captures", "captured", "captured", "capturing"),
    "carry": ("carries", "carried", "carried", "carrying"),
    "fix": ("fixes", "fixed", "fixed", "fixing"),
    "agree": ("agrees", "agreed", "agreed", "agreeing"),
    "be": ("is", "was", "been", "being"),
    "have": ("has", "had", "had", "having"),
}


@pytest.mark.parametrize("lemma", sorted(VERBS))
def test_verb_forms(lemma, wordnet_dir):
    forms = inflect.inflections(lemma, "verb", wordnet_dir=wordnet_dir)
    assert tuple(forms[t] for t in ("VBZ", "VBD", "VBN", "VBG")) == VERBS[lemma]


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("appal", ("appals", "appalled", "appalled", "appalling")),
        ("instal", ("instals", "installed", "installed", "installing")),
        ("travel", ("travels", "traveled", "traveled", "traveling")),
    ],
)
def test_stressed_final_l_doubles(lemma, forms, wordnet_dir):
    # "appaling" is a misspelling a restoration would write into the text. (Their forms are
    # also those of "appall" and "install", so lemmatize may give either back.)
    found = inflect.inflections(lemma, "verb", wordnet_dir=wordnet_dir)
    assert tuple(found[t] for t in ("VBZ", "VBD", "VBN", "VBG")) == forms


@pytest.mark.parametrize(
    ("lemma", "plural"),
    [
        ("assault", "assaults"),
        ("city", "cities"),
        ("metropolis", "metropolises"),
        ("church", "churches"),
        ("box", "boxes"),
        ("day", "days"),
        ("man", "men"),
        ("spokesman", "spokesmen"),
        ("human", "humans"),
        ("child", "children"),
        ("series", "series"),
    ],
)
def test_noun_plurals(lemma, plural, wordnet_dir):
    assert inflect.inflections(lemma, "noun", wordnet_dir=wordnet_dir) == {"NNS": plural}


@pytest.mark.parametrize(
    ("noun", "plural"),
    [
        ("druthers", "druthers"),
        ("amends", "amends"),
        ("athletics", "athletics"),
        ("lens", "lenses"),
        ("bus", "buses"),
        ("glass", "glasses"),
        ("crisis", "crises"),
    ],
)
def test_plural_only_nouns_are_not_pluralised_again(noun, plural, wordnet_dir):
    """A thesaurus lists plural-only nouns as synonyms; "druthers" has no "drutherses"."""
    assert inflect.inflections(noun, "noun", wordnet_dir=wordnet_dir) == {"NNS": plural}


@pytest.mark.parametrize(
    ("noun", "plural"),
    [
        ("armed forces", "armed forces"),
        ("authorities", "authorities"),
        ("belongings", "belongings"),
        ("oxen", "oxen"),
        ("city", "cities"),
        ("status", "statuses"),
        ("gas", "gases"),
    ],
)
def test_plurals_of_known_nouns_stay_as_they_are(noun, plural):
    """With the packaged lemma table (what despin ships), a noun that is the plural of a
    known noun is its own plural: "armed forces" for "militaries", not "armed forceses"."""
    from despin.inflect import inflections

    assert inflections(noun, "noun") == {"NNS": plural}


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("big", {"JJR": "bigger", "JJS": "biggest"}),
        ("large", {"JJR": "larger", "JJS": "largest"}),
        ("happy", {"JJR": "happier", "JJS": "happiest"}),
        ("cool", {"JJR": "cooler", "JJS": "coolest"}),
        ("good", {"JJR": "better", "JJS": "best"}),
        ("beautiful", {}),
        ("tired", {}),
        ("well known", {}),
    ],
)
def test_adjective_comparison_only_for_short_ones(lemma, forms, wordnet_dir):
    assert inflect.inflections(lemma, "adj", wordnet_dir=wordnet_dir) == forms


def test_phrases_inflect_their_head(wordnet_dir):
    verb = inflect.inflections("get ready", "verb", wordnet_dir=wordnet_dir)
    assert verb == {
        "VBZ": "gets ready",
        "VBD": "got ready",
        "VBN": "gotten ready",
        "VBG": "getting ready",
    }
    assert inflect.inflections("urban center", "noun", wordnet_dir=wordnet_dir) == {
        "NNS": "urban centers"
    }
    assert inflect.inflections("piece of cake", "noun", wordnet_dir=wordnet_dir) == {
        "NNS": "pieces of cake"
    }


def test_tags_never_mix_parts_of_speech(wordnet_dir):
    for pos, tags in inflect.POS_TAGS.items():
        for lemma in ("attack", "head", "fall", "light"):
            assert set(inflect.inflections(lemma, pos, wordnet_dir=wordnet_dir)) <= set(tags)
    assert inflect.inflections("quickly", "adv", wordnet_dir=wordnet_dir) == {}


def test_case_of_the_head_is_kept(wordnet_dir):
    assert inflect.inflections("City", "noun", wordnet_dir=wordnet_dir) == {"NNS": "Cities"}
    assert inflect.inflections("Tell", "verb", wordnet_dir=wordnet_dir)["VBD"] == "Told"


@pytest.mark.parametrize(
    ("form", "pos", "lemma"),
    [
        ("said", "verb", "say"),
        ("told", "verb", "tell"),
        ("seizing", "verb", "seize"),
        ("stopped", "verb", "stop"),
        ("went", "verb", "go"),
        ("cities", "noun", "city"),
        ("metropolises", "noun", "metropolis"),
        ("bigger", "adj", "big"),
        ("series", "noun", "series"),
    ],
)
def test_lemmatize(form, pos, lemma, wordnet_dir):
    assert inflect.lemmatize(form, pos, wordnet_dir=wordnet_dir) == lemma


@pytest.mark.parametrize("lemma", sorted(VERBS))
def test_lemmatize_undoes_inflections(lemma, wordnet_dir):
    for form in inflect.inflections(lemma, "verb", wordnet_dir=wordnet_dir).values():
        assert inflect.lemmatize(form, "verb", wordnet_dir=wordnet_dir) == lemma


def test_syllables():
    assert [inflect.syllables(w) for w in ("big", "seize", "happy", "simple", "beautiful")] == [
        1,
        1,
        2,
        2,
        3,
    ]


def test_doctests():
    result = doctest.testmod(inflect, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.skipif(
    not (Path(inflect.WORDNET_DIR) / "verb.exc").is_file(), reason="WordNet is not installed"
)
def test_packaged_table_is_what_the_build_script_writes(tmp_path):
    import build_inflect_table

    out = tmp_path / "inflect.tsv.gz"
    assert build_inflect_table.main(["-o", str(out)]) == 0
    packaged = inflect.load_despin("inflect").TABLE
    # The table, not its gzip bytes: zlib's output differs across Python builds.
    rebuilt = gzip.decompress(out.read_bytes())
    assert rebuilt == gzip.decompress(packaged.read_bytes()), (
        "rebuild: scripts/build_inflect_table.py"
    )


def test_scripts_and_package_share_one_implementation():
    package = inflect.load_despin("inflect")
    assert inflect.syllables is package.syllables
    assert inflect.POS_TAGS is package.POS_TAGS


@pytest.mark.parametrize(
    ("word", "pos"), [("s", "noun"), ("y", "adj"), ("x", "verb"), ("", "noun")]
)
def test_one_letter_words_do_not_crash(word, pos, wordnet_dir):
    assert isinstance(inflect.inflections(word, pos, wordnet_dir=wordnet_dir), dict)
    assert isinstance(inflect.lemmatize(word, pos, wordnet_dir=wordnet_dir), str)
