"""despin.testing: the strategies draw what they say, reproducibly, and shrink small."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import despin
from despin import apply_changes
from despin.testing import news_texts, sample_news, spun, spun_pairs

# find() and the deliberately failing properties below: reproducible, no example database.
EXACT = settings(database=None, derandomize=True, max_examples=300, deadline=None)
NEWS = sample_news()


def _env() -> dict[str, str]:
    """The environment for a fresh interpreter that imports despin the way this one does."""
    env = dict(os.environ)
    here = Path(despin.__file__).absolute().parent.parent
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(here), env.get("PYTHONPATH")) if p)
    return env


def _paragraphs(text: str) -> int:
    return text.count("\n\n") + 1


def _in_one_document(text: str, docs=NEWS) -> bool:
    return any(text in doc for doc in docs)


# --- news_texts ------------------------------------------------------------------------


@given(news_texts())
def test_news_texts_are_slices_of_one_shipped_article(text):
    assert text
    assert text == text.strip()
    assert _in_one_document(text)
    assert 1 <= _paragraphs(text) <= 3


@given(news_texts(min_paragraphs=2, max_paragraphs=2))
def test_paragraph_bounds_are_kept(text):
    assert _paragraphs(text) == 2
    assert _in_one_document(text)


def test_every_kind_of_slice_is_drawn():
    two_sentences = find(news_texts(), lambda t: "\n" not in t and ". " in t, settings=EXACT)
    three_paragraphs = find(news_texts(), lambda t: _paragraphs(t) == 3, settings=EXACT)
    assert _in_one_document(two_sentences)
    assert _in_one_document(three_paragraphs)


def test_sentences_do_not_break_inside_quotations():
    # "The whole house was jumping. I grabbed ..." is one sentence: the quote goes on.
    text = find(news_texts(), lambda t: t.startswith('"The whole house'), settings=EXACT)
    assert text.startswith('"The whole house was jumping. I grabbed the children')


def test_news_texts_from_files_folders_and_texts(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha one. Alpha two.\n\nAlpha three.", encoding="utf-8")
    (folder / "sub" / "b.txt").write_text("Beta one.\n\nBeta two.", encoding="utf-8")
    (folder / "ignored.md").write_text("Not this.", encoding="utf-8")
    single = tmp_path / "c.txt"
    single.write_text("Gamma one. Gamma two.", encoding="utf-8")
    docs = [
        "Alpha one. Alpha two.\n\nAlpha three.",
        "Beta one.\n\nBeta two.",
        "Gamma one. Gamma two.",
        "Delta is a text, not a path.",
    ]
    drawn = set()

    @settings(database=None, max_examples=200)
    @given(news_texts([folder, str(single), "Delta is a text, not a path."]))
    def check(text):
        assert _in_one_document(text, docs)
        assert "Not this" not in text
        drawn.add(text)

    check()
    assert {"Alpha one.", "Beta two.", "Gamma two.", "Delta is a text, not a path."} <= drawn


def test_a_document_without_blank_lines_splits_at_line_breaks():
    doc = "Headline here\nFirst paragraph. It has two sentences.\nSecond paragraph."
    texts = set()

    @settings(database=None, max_examples=200)
    @given(news_texts(doc, min_paragraphs=1, max_paragraphs=1))
    def check(text):
        texts.add(text)

    check()
    assert "Second paragraph." in texts
    assert "It has two sentences." in texts
    assert all(t.count("\n") == 0 for t in texts)


@pytest.mark.parametrize(
    ("corpus", "kwargs", "error"),
    [
        ("no/such/folder/", {}, FileNotFoundError),
        ("missing.txt", {}, FileNotFoundError),
        ([], {}, ValueError),
        (["   \n\n  "], {}, ValueError),
        (None, {"min_paragraphs": 0}, ValueError),
        (None, {"min_paragraphs": 3, "max_paragraphs": 2}, ValueError),
        ("One paragraph only.", {"min_paragraphs": 2}, ValueError),
    ],
)
def test_news_texts_rejects_bad_arguments_when_built(corpus, kwargs, error):
    with pytest.raises(error):
        news_texts(corpus, **kwargs)


def test_a_folder_without_txt_files_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match=r"no \.txt files"):
        news_texts(tmp_path)


# --- spun and spun_pairs ---------------------------------------------------------------


@given(spun(news_texts()))
def test_spun_carries_exact_ground_truth_and_is_reproducible(s):
    assert 0.1 <= s.rate <= 1.0
    assert 0 <= s.seed <= 2**16
    original = s.revert()
    assert _in_one_document(original)
    assert apply_changes(original, s.changes) == s.text
    assert despin.spin(original, s.rate, s.seed) == s


@given(spun(st.just(NEWS[0]), rate=0.3, seed=5))
def test_fixed_rate_and_seed_are_used(s):
    assert (s.rate, s.seed) == (0.3, 5)
    assert s == despin.spin(NEWS[0], 0.3, 5)


@given(spun_pairs(rate=(0.5, 0.9)))
def test_spun_pairs_carry_their_original(pair):
    original, s = pair
    assert 0.5 <= s.rate <= 0.9
    assert s.original == original
    assert _in_one_document(original)
    for c in s.changes:
        assert original[c.start : c.end] == c.spun
        assert s.text[c.out_start : c.out_end] == c.restored


@given(spun(news_texts(), rate=(0.7, 1.0), fix_articles=None))
def test_spun_with_fixed_articles_is_reproducible_too(s):
    original = s.revert()
    assert apply_changes(original, s.changes) == s.text
    assert despin.spin(original, s.rate, s.seed, fix_articles=s.fix_articles) == s
    if not s.fix_articles:
        assert s == despin.spin(original, s.rate, s.seed)


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(spun(news_texts(), rate=0.5, min_changes=2))
def test_min_changes(s):
    assert len(s.changes) >= 2


@pytest.mark.parametrize("rate", [-0.1, 1.5, (0.9, 0.5), (0.0, 2.0)])
def test_bad_rates_are_rejected(rate):
    with pytest.raises(ValueError, match="rate"):
        spun(news_texts(), rate=rate)


def test_strategies_are_deterministic_under_a_fixed_seed():
    def draw():
        return find(spun_pairs(), lambda p: len(p[1].changes) >= 4, settings=EXACT)

    assert draw() == draw()


# --- shrinking -------------------------------------------------------------------------


def test_news_texts_shrink_to_one_short_sentence():
    text = find(news_texts(), lambda t: "said" in t, settings=EXACT)
    assert "\n" not in text
    assert len(text) < 120, text


def test_a_long_text_shrinks_to_the_shortest_that_fails():
    text = find(news_texts(), lambda t: len(t) > 400, settings=EXACT)
    assert 400 < len(text) < 450, len(text)


def test_spun_shrinks_toward_few_substitutions_and_seed_zero():
    s = find(spun(news_texts()), lambda s: len(s.changes) >= 1, settings=EXACT)
    assert len(s.changes) == 1
    assert s.seed == 0
    assert len(s.original) < 80


def test_a_failing_property_reports_a_small_example():
    """The way a user meets shrinking: a property that is false, and the example it prints."""
    tried = []

    @EXACT
    @given(spun_pairs())
    def despin_restores_everything(pair):
        tried.append(pair)
        original, s = pair
        assert despin.clean(s.text).text == original

    with pytest.raises(AssertionError):
        despin_restores_everything()
    original, s = tried[-1]  # hypothesis replays the shrunk example last
    assert len(original) < 100, original
    assert len(s.changes) <= 2, s.changes
    assert s.rate < 0.5


# --- packaging -------------------------------------------------------------------------


def test_importing_despin_does_not_import_hypothesis():
    subprocess.run(
        [sys.executable, "-c", "import despin, sys; assert 'hypothesis' not in sys.modules"],
        env=_env(),
        check=True,
    )


def test_without_hypothesis_the_error_says_what_to_install():
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import despin.testing\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    ).stdout
    assert "pip install 'despin[testing]'" in out
