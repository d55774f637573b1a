"""scripts/build_news_lexicon.py: how curated rows and thesaurus rows are merged."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import build_news_lexicon as build

from despin.lexicon import parse_context


def _pair(spun: str, restored: str, weight: float, source: str, context: str = "") -> build.Pair:
    provenance = "seed:001;pos=phrase" if source == "curated" else "mythes:sense1;pos=verb"
    return build.Pair(
        spun, restored, weight, provenance, "verb", source, False, parse_context(context)
    )


def test_heavier_thesaurus_row_beats_a_light_plain_curated_row() -> None:
    (row,) = build.merge(
        [_pair("stated", "said", 0.1, "curated")], [_pair("stated", "said", 0.39, "thesaurus")]
    )
    assert (row.source, row.weight) == ("thesaurus", 0.39)


def test_heavier_curated_row_stands() -> None:
    (row,) = build.merge(
        [_pair("mentioned", "said", 0.9, "curated")], [_pair("mentioned", "said", 0.2, "thesaurus")]
    )
    assert (row.source, row.weight) == ("curated", 0.9)


def test_curated_row_with_a_context_is_its_own_entry() -> None:
    rows = build.merge(
        [_pair("Might", "May", 0.9, "curated", "cased")],
        [_pair("Might", "May", 0.95, "thesaurus")],
    )
    assert sorted((r.source, r.weight) for r in rows) == [("curated", 0.9), ("thesaurus", 0.95)]


def test_a_number_word_is_never_a_spun_form() -> None:
    # "billion" for "million" is in the thesaurus; restoring it would change a stated fact.
    assert build.synonym_problem("billion", "million", "noun") == "number"
    assert build.synonym_problem("dozens", "lots", "noun") == "number"
    assert build.synonym_problem("meg", "million", "noun") == ""


def test_the_news_lexicon_never_restores_a_number_word() -> None:
    rows = build.load_lexicon(build.OUT)
    numbers = {e.spun for e in rows if e.spun.lower() in build.NUMBER_WORDS}
    assert numbers == set()


def test_spelling_variants_inside_a_word_are_not_synonyms() -> None:
    # Restoring one spelling for the other would change the text's spelling, not undo a spin.
    for uk, us in (
        ("favourite", "favorite"),
        ("colours", "colors"),
        ("neighbourhoods", "neighborhoods"),
        ("organisational", "organizational"),
    ):
        assert build.synonym_problem(uk, us, "noun") == "spelling", uk
    assert build.synonym_problem("tour", "tor", "noun") == ""
