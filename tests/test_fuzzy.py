"""Fuzzy matching: spelling and spacing variants of spun forms in spun text."""

from __future__ import annotations

import despin

SPUN = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the {city}, the place they have been preparing to defend "
    "themselves. Residents advised AFP information company that {thousands} of individuals had fled."
)


def restored(city: str, thousands: str) -> dict[str, tuple[str, float, str]]:
    result = despin.clean(SPUN.format(city=city, thousands=thousands))
    assert result.revert() == SPUN.format(city=city, thousands=thousands)
    return {c.spun: (c.restored, c.confidence, c.reason) for c in result.changes}


def test_spacing_and_punctuation_variants_of_a_number_form():
    for variant in ("1,000's", "1000 's", "1,000’s"):
        changes = restored("metropolis", variant)
        assert changes[variant][0] == "thousands", variant


def test_hyphenation_and_near_spelling_report_their_score():
    changes = restored("metro-polis", "1000's")
    assert changes["metro-polis"][0] == "city"
    changes = restored("metropolls", "1000's")
    word, confidence, reason = changes["metropolls"]
    assert word == "city"
    assert "similarity 0.9" in reason
    assert confidence < restored("metropolis", "1000's")["metropolis"][1]


def test_fuzzy_matching_never_touches_clean_text():
    text = "The metro-politan council met on Tuesday; 1,000 residents attended the hearing."
    assert despin.clean(text).changes == ()


def _with_user_lexicon(tmp_path):
    """The built-ins plus one user entry whose spun form no dictionary knows."""
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# despin-lexicon v1\nspun\trestored\tweight\tcontext\tprovenance\n"
        "frobnicated\tannounced\t0.9\t\tuser:test\n",
        encoding="utf-8",
    )
    return despin.Despinner(extra_lexicons=[path])


def test_user_lexicon_entries_match_near_spellings_in_spun_text(tmp_path):
    d = _with_user_lexicon(tmp_path)
    text = SPUN.format(city="metropolis", thousands="1000's") + " The mayor frobnicatted a curfew."
    changes = {c.spun: c for c in d.clean(text).changes}
    assert changes["frobnicatted"].restored == "announced"
    assert changes["frobnicatted"].confidence < 0.97


def test_another_inflection_of_a_form_is_not_a_near_spelling(tmp_path):
    """'frobnicates' is not a typo of 'frobnicated': restoring it as 'announced' would get
    the tense wrong; a real typo of the same form still matches."""
    d = _with_user_lexicon(tmp_path)
    base = SPUN.format(city="metropolis", thousands="1000's")
    for other in ("frobnicates", "frobnicating"):
        changes = {c.spun for c in d.clean(f"{base} The mayor {other} a curfew.").changes}
        assert other not in changes, other
    typo = {c.spun: c.restored for c in d.clean(f"{base} The mayor frobnicatde a curfew.").changes}
    assert typo["frobnicatde"] == "announced"
