"""The language stage: text in another language than English is left alone (despin.language)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import despin
from despin.cli import main
from despin.language import MASK, _may_hold_code, load_markers, mask_other_languages
from despin.resources import data_lines
from despin.tokens import is_word, split

ROOT = Path(__file__).resolve().parents[1]
OTHER_LANGUAGES = sorted((ROOT / "benchmarks" / "data" / "other_languages").glob("*.txt"))
#: The README's spun example, two paragraphs of the same spinner.
SPUN = (
    "The provincial governor mentioned on Saturday that authorities forces had retreated to "
    "the airport on the outskirts of the metropolis, the place they have been preparing to "
    "defend themselves.",
    "Residents advised AFP information company that 1000’s of individuals had fled the "
    "metropolis within the days earlier than the assault.",
)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def pairs(result: despin.Cleaned) -> list[tuple[str, str]]:
    """What a cleaning restored, as (spun, restored) pairs in text order."""
    return [(c.spun, c.restored) for c in result.changes]


def test_there_are_six_languages():
    assert {p.stem for p in OTHER_LANGUAGES} == {"de", "es", "fr", "it", "nl", "pt"}


def test_markers_tell_english_from_other_languages():
    markers = load_markers()
    assert {"the", "which", "would", "because"} <= markers.english
    assert {"les", "und", "della", "niet", "para", "jest"} <= markers.other
    assert not markers.english & markers.other
    assert all(w.isalpha() and w == w.lower() for w in markers.english | markers.other)
    # Words English writes in names ("de la Cruz") or as its own ("die") mark nothing.
    assert not {"de", "la", "die", "a", "in", "of", "was"} & (markers.english | markers.other)


def test_shipped_table_is_what_the_build_script_writes():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_language_markers
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    lines = data_lines("language_markers.tsv.gz")
    shipped = [tuple(line.split("\t")) for line in lines if line and line[0] != "#"][1:]
    assert shipped == build_language_markers.markers()


@pytest.mark.parametrize("path", OTHER_LANGUAGES, ids=lambda p: p.stem)
def test_other_languages_come_back_unchanged(path):
    text = read(path)
    result = despin.clean(text)
    assert result.changes == ()
    assert result.text == text
    detection = despin.detect(text)
    assert detection.words == 0
    assert detection.other_language_words > 80
    assert detection.evidence == ()
    assert result.spin == pytest.approx(detection.spin, abs=1e-4)
    assert detection.spin == pytest.approx(despin.detect("").spin)


def test_french_words_that_are_english_spun_forms_stay_french():
    # "utile" is a spun "useful" and "connexions" a spun "connections" to the lexicon.
    (french,) = (p for p in OTHER_LANGUAGES if p.stem == "fr")
    text = read(french)
    assert "utile" in text
    assert "connexions" in text
    assert despin.clean(text).text == text


@pytest.mark.parametrize("path", OTHER_LANGUAGES, ids=lambda p: p.stem)
def test_a_paragraph_in_another_language_inside_a_spun_article(path):
    quoted = read(path).split("\n\n")[0].strip()
    english = "\n\n".join(SPUN)
    mixed = "\n\n".join([SPUN[0], quoted, SPUN[1]])
    alone = despin.clean(english)
    result = despin.clean(mixed)
    start = mixed.index(quoted)
    end = start + len(quoted)
    # The quoted paragraph is untouched and the English around it restored as it is alone.
    assert all(c.end <= start or c.start >= end for c in result.changes)
    assert result.text.split("\n\n")[1] == quoted
    assert pairs(result) == pairs(alone)
    assert len(alone.changes) >= 8
    detection = despin.detect(mixed)
    assert detection.other_language_words == sum(map(is_word, split(quoted)[0]))
    assert detection.is_spun


def mask(text: str) -> tuple[list[str], list[str]]:
    """The keys of ``text`` and the same masked."""
    keys = split(text)[1]
    return keys, mask_other_languages(text, keys)


def test_one_foreign_word_or_name_does_not_mask_an_english_paragraph():
    keys, masked = mask(
        "Officials said the talks with Les Echos and the mayor of Oslo would resume."
    )
    assert masked is keys


def test_a_short_paragraph_goes_with_its_document():
    _, masked = mask("Paris, mardi\nLes habitants de la ville ont été invités à rester chez eux.")
    assert all(k == MASK for k in masked if is_word(k))
    keys, masked = mask(
        "Paris, Tuesday\nResidents of the city were told that they should stay home."
    )
    assert masked is keys


def test_a_paragraph_needs_more_markers_of_another_language_than_of_english():
    title = "Les Misérables und die Welt"
    english, masked = mask(f"Officials said that the show, {title}, would open there.")
    assert load_markers().counts(english) == (5, 3)
    assert masked is english
    german, masked = mask(f"{title}, the show")
    assert load_markers().counts(german) == (1, 3)
    assert all(k == MASK for k in masked if is_word(k))


@given(
    st.lists(st.sampled_from(["the", "which", "les", "und", "dans", "city", "\n", ",", "(", "="]))
)
def test_masking_keeps_every_token_and_only_hides_words(keys):
    masked = mask_other_languages(" ".join(keys), keys)
    assert len(masked) == len(keys)
    for before, after in zip(keys, masked, strict=True):
        assert after == before or (after == MASK and is_word(before))
    assert not is_word(MASK)


def test_cli_detect_reports_words_in_another_language(capsys):
    (french,) = (p for p in OTHER_LANGUAGES if p.stem == "fr")
    words = sum(map(is_word, split(read(french))[0]))
    assert main(["detect", "--format", "text", str(french)]) == 0
    line = capsys.readouterr().out
    assert f"\tclean\t0 words (+{words} in another language)\t0 findings" in line
    assert main(["detect", str(french)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["words"], record["other_language_words"]) == (0, words)
    assert main(["clean", str(french)]) == 0
    assert capsys.readouterr().out == read(french)


#: Our own program, written with identifiers that are spun forms of the news lexicon.
PROGRAM = '''import itertools


def metropolis_step(state, proposal, rng):
    """One step of the Metropolis sampler: accept the proposal or keep the state."""
    ratio = proposal.density / state.density
    return proposal if rng.random() < ratio else state


class Authorities:
    def __init__(self, officers, individuals):
        self.officers = list(officers)
        self.individuals = {i.name: i for i in individuals}

    def advised(self, individual):
        return [o for o in self.officers if o.mentioned(individual)]

    def workplace(self, individual):
        return self.individuals.get(individual, None)


def assault_units(units, navy=False):
    for unit in itertools.chain(units):
        if navy and unit.navy:
            yield unit.metropolis, unit.authorities
'''


def test_a_program_is_left_alone():
    # Read as prose, its identifiers made it spun (0.996) and 12 of them were "restored".
    result = despin.clean(PROGRAM)
    assert result.changes == ()
    detection = despin.detect(PROGRAM)
    assert detection.words == 0
    assert detection.other_language_words == sum(map(is_word, split(PROGRAM)[0]))


def test_a_code_block_inside_a_spun_article():
    snippet = "    for unit in units:\n        if unit.navy:\n            print(unit.metropolis)"
    mixed = "\n\n".join([SPUN[0], snippet, SPUN[1]])
    result = despin.clean(mixed)
    assert result.text.split("\n\n")[1] == snippet
    alone = despin.clean("\n\n".join(SPUN))
    assert pairs(result) == pairs(alone)


def test_prose_with_brackets_and_figures_is_read():
    text = (
        "The index (FTSE 100) rose 1.2% to 7,412.5 on Monday; the pound [GBP=] was flat at "
        "$1.27, and the government said the figures (revised) would be published in May."
    )
    keys, masked = mask(text)
    assert masked is keys


def test_a_long_quotation_in_another_language_does_not_make_an_article_a_program():
    # Brackets make the code test run; the French paragraphs hold most of the words, but
    # they are French, not code, so the English paragraphs are still read.
    (french,) = (p for p in OTHER_LANGUAGES if p.stem == "fr")
    first = SPUN[0].replace("on Saturday", "on Saturday (August 7; Kabul time [GMT+4:30])")
    mixed = "\n\n".join([first, read(french).strip(), SPUN[1]])
    keys, masked = mask(mixed)
    assert _may_hold_code(mixed, len(keys))
    assert sum(map(is_word, keys)) < 2 * (sum(map(is_word, keys)) - sum(map(is_word, masked)))
    alone = despin.clean("\n\n".join([first, SPUN[1]]))
    result = despin.clean(mixed)
    assert len(alone.changes) >= 8
    assert pairs(result) == pairs(alone)


def test_a_quotation_in_another_language_inside_an_english_paragraph():
    quote = (
        "« C'est une mesure utile pour les connexions entre les réseaux de la région, "
        "qui comportent encore des incertitudes »"
    )
    text = f"{SPUN[0]} {SPUN[1]} Le ministre a déclaré : {quote}, and the officers mentioned it."
    result = despin.clean(text)
    start = text.index("Le ministre")
    end = text.index(quote) + len(quote)
    assert all(c.end <= start or c.start >= end for c in result.changes)
    assert text[start:end] in result.text
    alone = despin.clean(f"{SPUN[0]} {SPUN[1]}")
    restored = pairs(result)
    assert restored[: len(alone.changes)] == pairs(alone)


def test_a_title_in_another_language_inside_an_english_sentence_is_left_as_written():
    keys, masked = mask("The film “Les Misérables und die Welt” opened in the city.")
    hidden = [k for k, m in zip(keys, masked, strict=True) if m == MASK]
    assert hidden == ["les", "misérables", "und", "die", "welt"]
