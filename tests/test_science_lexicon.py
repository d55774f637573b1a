"""The science lexicon (tortured phrases of papers): it loads and says what it claims.

It is loaded by path, from the checkout, until the package ships it; these tests check the
file's content (pairs, provenance, fingerprints), not restoration, which the end-to-end tests
cover.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from despin.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
PATH = ROOT / "lexicons" / "science.tsv"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(PATH)


@pytest.fixture(scope="module")
def pairs(lexicon):
    return {(e.spun.lower(), e.restored.lower()): e for e in lexicon}


def test_it_is_named_science_and_within_the_row_budget(lexicon):
    assert lexicon.name == "science"
    assert 5_000 < len(lexicon) < 40_000


def test_the_header_cites_the_source_and_its_checksum():
    head = [line for line in PATH.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(head)
    assert "Cabanac" in text
    assert "2107.06751" in text
    assert re.search(r"sha256 [0-9a-f]{64}", text)
    assert "scripts/build_science_lexicon.py" in text
    counted = re.search(r"Counts: (\d+) rows", text)
    assert counted is not None


def test_the_header_count_is_the_row_count(lexicon):
    text = PATH.read_text(encoding="utf-8")
    counted = re.search(r"Counts: (\d+) rows", text)
    assert counted is not None
    assert int(counted.group(1)) == len(lexicon)


def test_no_entry_restores_a_phrase_to_itself(lexicon):
    same = [e.spun for e in lexicon if e.spun.lower() == e.restored.lower()]
    assert same == []


def test_every_entry_says_where_it_comes_from(lexicon):
    kinds = Counter(e.provenance.split(":", 1)[0] for e in lexicon)
    assert set(kinds) <= {"pps", "mythes"}
    assert kinds["pps"] > 7_000
    for e in lexicon:
        if e.provenance.startswith("pps:"):
            assert re.match(r"pps:tortured\.csv;papers=\d+", e.provenance), e.provenance
        else:
            assert e.provenance.startswith("mythes:first-sense;term="), e.provenance


def test_weights_grow_with_the_number_of_papers(lexicon):
    attested = [
        e for e in lexicon if e.provenance.startswith("pps:") and "inflected" not in e.provenance
    ]
    by_papers = sorted(attested, key=lambda e: int(e.provenance.split("papers=")[1].split(";")[0]))
    weights = [e.weight for e in by_papers]
    assert weights == sorted(weights)
    assert weights[0] >= 0.6
    assert weights[-1] <= 0.99


def test_spun_forms_carry_no_editorial_notes(lexicon):
    # PPS queries and notes ("(?)", "[...]", quotes, "~5") must not leak into what is matched;
    # punctuation written by the spinner ("sq. accreditation", "TCP/IP bundle") stays.
    for e in lexicon:
        assert not re.search(r"[()\[\]\"?~]", e.spun), e.spun
        assert not re.search(r"[\[\]\"?~]|\(\?\)|https?:", e.restored), e.restored


@pytest.mark.parametrize(
    ("spun", "restored"),
    [
        ("counterfeit consciousness", "artificial intelligence"),
        ("profound learning", "deep learning"),
        ("colossal information", "big data"),
        ("irregular woods", "random forest"),
        ("bolster vector machine", "support vector machine"),
        ("mean square blunder", "mean square error"),
        ("signal to clamor", "signal to noise"),
        ("neural organization", "neural network"),
    ],
)
def test_known_tortured_phrases_are_there_as_fingerprints(pairs, spun, restored):
    entry = pairs[(spun, restored)]
    assert entry.context.fingerprint
    assert entry.provenance.startswith("pps:")


def test_plurals_of_noun_phrases_are_generated(pairs):
    entry = pairs[("profound neural organizations", "deep neural networks")]
    assert entry.provenance.endswith(";inflected")
    # already plural, and a mass noun: no made-up plural
    assert ("irregular woodss", "random forests") not in pairs
    assert not any(s == "colossal informations" for s, _ in pairs)


def test_ordinary_english_is_not_a_fingerprint(pairs):
    # "malignant growth" is plain English for cancer: kept, but only where the paper says cancer.
    entry = pairs[("malignant growth", "cancer")]
    assert not entry.context.fingerprint
    assert entry.context.doc is not None
    assert entry.context.doc.search("A study of lung CANCER.")
    assert not entry.context.doc.search("A study of plant growth.")


def test_correct_phrases_of_science_are_left_out(pairs):
    spun = {s for s, _ in pairs}
    assert "hazard ratio" not in spun  # PPS lists it for "relative risk"; it is a real statistic
    assert "dimensionality reduction" not in spun


def test_second_order_spinning_is_restored_to_the_original(pairs):
    # "vicinity unit" < "area unit" < "are": both steps of the paraphrasing tool are undone.
    assert ("vicinity unit", "are") in pairs


def test_thesaurus_candidates_are_marked_and_not_ordinary_english(lexicon):
    mythes = [e for e in lexicon if e.provenance.startswith("mythes:")]
    assert mythes
    spun = {e.spun for e in mythes}
    assert "random wood" not in spun  # attested in the PPS list: the PPS row wins
    assert "training phase" not in spun  # ordinary English
    for e in mythes:
        term = e.provenance.split("term=")[1].split(";")[0]
        assert term == e.restored
