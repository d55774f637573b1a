"""Generalising learned pairs to their other inflections, and despin.inflect's packaged table."""

from __future__ import annotations

import gzip

import pytest

from despin import inflect
from despin.learn import INFLECTED_WEIGHT, INFLECTION_PROVENANCE, learn, write_lexicon
from despin.lexicon import load_lexicon


def spun_with(table: dict[str, str], text: str) -> str:
    for original, spun in table.items():
        text = text.replace(f" {original} ", f" {spun} ")
    return text


def learn_from(table: dict[str, str], sentences: list[str], **kwargs):
    pairs = [(s, spun_with(table, s)) for s in sentences]
    return learn(pairs, **kwargs)


def by_pair(lexicon):
    return {(e.restored, e.spun): e for e in lexicon}


CITY_DOCS = [
    "the city council met on monday .",
    "a city in the north was quiet .",
    "the city was calm again .",
]


def test_a_learned_noun_pair_gives_its_plural_with_its_own_provenance():
    lex = by_pair(learn_from({"city": "metropolis"}, CITY_DOCS))
    source = lex[("city", "metropolis")]
    generated = lex[("cities", "metropolises")]
    assert source.provenance == "learned:n=3;docs=3"
    assert generated.provenance == f"{INFLECTION_PROVENANCE}from=city>metropolis;n=3"
    assert generated.weight == source.weight * INFLECTED_WEIGHT < source.weight
    assert set(lex) == {("city", "metropolis"), ("cities", "metropolises")}


def test_a_learned_verb_pair_gives_the_verb_forms():
    docs = [
        "the troops arrived at dawn .",
        "more aid arrived on friday .",
    ]
    lex = by_pair(learn_from({"arrived": "came"}, docs))
    assert {pair: e.provenance for pair, e in lex.items()} == {
        ("arrived", "came"): "learned:n=2;docs=2",
        ("arrive", "come"): f"{INFLECTION_PROVENANCE}from=arrived>came;n=2",
        ("arrives", "comes"): f"{INFLECTION_PROVENANCE}from=arrived>came;n=2",
        ("arriving", "coming"): f"{INFLECTION_PROVENANCE}from=arrived>came;n=2",
    }


def test_lexicalised_forms_are_read_as_forms():
    # WordNet also lists "bigger", "larger" (adjectives) and "spending", "passing" (nouns) as
    # lemmas; read as forms of big > large and spend > pass, the pairs generalise.
    docs = ["a bigger boat came .", "the bigger share went ."]
    lex = learn_from({"bigger": "larger"}, docs)
    assert {(e.restored, e.spun) for e in lex} == {("bigger", "larger"), ("biggest", "largest")}
    docs = ["the spending rose .", "more spending came ."]
    lex = learn_from({"spending": "passing"}, docs)
    assert {(e.restored, e.spun) for e in lex} == {
        ("spending", "passing"),
        ("spend", "pass"),
        ("spends", "passes"),
        ("spent", "passed"),
    }


def test_a_pair_that_reads_as_noun_and_as_verb_gives_nothing():
    # attack > assault is a noun pair and a verb pair: which forms the spinner keys to which
    # reading is unknown, so no form is guessed.
    docs = ["the attack began at night .", "an attack was repelled .", "the attack failed ."]
    lex = learn_from({"attack": "assault"}, docs)
    assert {(e.restored, e.spun) for e in lex} == {("attack", "assault")}


def test_an_ambiguous_form_is_left_out():
    # come back has one past form for two tags of return: "returned" could be "came back" or
    # "come back"; "return" and "returns" are nouns too. Nothing is certain, nothing is made.
    docs = ["they are returning home .", "ships were returning to port ."]
    lex = learn_from({"returning": "coming back"}, docs)
    assert {(e.restored, e.spun) for e in lex} == {("returning", "coming back")}


def test_generated_forms_must_be_the_pairs_part_of_speech_only():
    # warn > caution: "warning" is also a noun, so only warn and warns are generated.
    docs = ["police warned residents .", "officials warned of floods ."]
    lex = learn_from({"warned": "cautioned"}, docs)
    assert {(e.restored, e.spun) for e in lex} == {
        ("warned", "cautioned"),
        ("warn", "caution"),
        ("warns", "cautions"),
    }


def test_plurals_of_phrases_that_are_not_noun_phrases_are_not_made():
    docs = [f"the {w} fell without a fight on sunday ." for w in ("town", "port", "base")]
    lex = learn_from({"without a fight": "and not using a battle"}, docs)
    assert {(e.restored, e.spun) for e in lex} == {("without a fight", "and not using a battle")}


def test_a_determiner_is_no_noun_phrase_modifier():
    """WordNet lists "every" as an adjective; "every quarters" is still not English."""
    from despin.learn_inflect import _noun_phrase

    assert not _noun_phrase("every quarter")
    assert _noun_phrase("urban center")


def test_forms_of_one_lemma_pair_count_together_against_one_offs():
    docs = ["he said so on monday .", "she was saying so again ."]
    table = {"said": "stated", "saying": "stating"}
    lex = by_pair(learn_from(table, docs))
    assert lex[("said", "stated")].provenance == "learned:n=1;docs=1"
    assert lex[("saying", "stating")].provenance == "learned:n=1;docs=1"
    # A real one-off (no other form of its lemma pair) is still dropped.
    lex = by_pair(learn_from({"said": "stated"}, docs))
    assert lex == {}


def test_without_inflect_nothing_is_generated_or_grouped():
    lex = learn_from({"city": "metropolis"}, CITY_DOCS, inflect=False)
    assert {(e.restored, e.spun) for e in lex} == {("city", "metropolis")}
    docs = ["he said so on monday .", "she was saying so again ."]
    assert len(learn_from({"said": "stated", "saying": "stating"}, docs, inflect=False)) == 0


def test_an_observed_pair_is_never_replaced_and_other_spun_forms_coexist():
    docs = [
        *CITY_DOCS,
        "two cities voted .",
        "the cities grew .",
    ]
    table = {"city": "metropolis", "cities": "urban centers"}
    lex = by_pair(learn_from(table, docs))
    assert lex[("cities", "urban centers")].provenance == "learned:n=2;docs=2"
    assert lex[("cities", "metropolises")].provenance.startswith(INFLECTION_PROVENANCE)
    assert lex[("city", "urban center")].provenance.startswith(INFLECTION_PROVENANCE)


def test_generated_entries_survive_a_round_trip_through_a_file(tmp_path):
    lex = learn_from({"city": "metropolis"}, CITY_DOCS)
    path = tmp_path / "learned.tsv"
    write_lexicon(lex, path)

    def rows(lexicon):
        return [(e.spun, e.restored, e.weight, e.provenance) for e in lexicon]

    assert rows(load_lexicon(path)) == rows(lex)


# --------------------------------------------------------------------------- despin.inflect


def test_the_packaged_table_ships_and_reads():
    text = gzip.decompress(inflect.TABLE.read_bytes()).decode("utf-8")
    assert text.startswith("# despin inflection table v1\n")
    tables = inflect.parse_table(text)
    assert set(tables.exc["verb"]["go"]) >= {"went", "gone"}
    assert {"city", "metropolis"} <= tables.lemmas["noun"]


@pytest.mark.parametrize(
    ("word", "readings"),
    [
        ("cities", {("noun", "NNS", "city")}),
        ("told", {("verb", "VBD", "tell"), ("verb", "VBN", "tell")}),
        ("metropolises", {("noun", "NNS", "metropolis")}),
        ("zqrobrah", set()),
    ],
)
def test_analyses_with_the_packaged_table(word, readings):
    assert inflect.analyses(word) == readings


def test_packaged_inflections_match_the_rules():
    assert inflect.inflections("say", "verb") == {
        "VBZ": "says",
        "VBD": "said",
        "VBN": "said",
        "VBG": "saying",
    }
    assert inflect.inflections("child", "noun") == {"NNS": "children"}
    assert inflect.lemmatize("stopping", "verb") == "stop"
    assert inflect.parts_of_speech("attack") == {"noun", "verb"}


def test_format_and_parse_round_trip():
    tables = inflect.Tables(
        {"noun": {"child": ["children"]}, "verb": {"go": ["went", "gone"]}},
        {"noun": frozenset({"child", "city"}), "verb": frozenset({"go", "city"})},
    )
    back = inflect.parse_table(inflect.format_table(tables, ("a comment",)))
    assert back.exc["verb"] == {"go": ["went", "gone"]}
    assert back.exc["noun"] == {"child": ["children"]}
    assert back.lemmas["noun"] == {"child", "city"}
    assert back.lemmas["verb"] == {"go", "city"}
    assert back.lemmas["adj"] == frozenset()
