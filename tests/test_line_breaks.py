"""Every kind of line break ends a paragraph as "\\n" does.

Files from Windows end their lines with "\\r\\n", old Mac files with "\\r", and word
processors and web pages write U+2028 and U+2029. Read as spaces, they made a text's
paragraphs one, and a spun paragraph's spin spilled over the clean ones around it (34
wrong changes in the clean paragraphs of 30 test articles with "\\r" line ends).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import despin
from despin.testing import news_texts, sample_news
from despin.tokens import split

BREAKS = ["\r\n", "\r", "\u2028", "\u2029", "\f"]


@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_a_line_break_token_is_a_newline_and_a_wrapped_line_is_not(brk):
    surfaces, keys = split(f"It ended.{brk}Next day{brk}it rained,{brk}and then{brk}Snow")
    # "day" and "rained," end lines that a lower-case word continues: wraps, not breaks.
    words = ["it", "ended", ".", "\n", "next", "day", "it", "rained", ",", "and", "then"]
    assert keys == [*words, "\n", "snow"]
    assert surfaces[3] == surfaces[11] == brk


@given(news_texts(min_paragraphs=2, max_paragraphs=4), st.sampled_from(BREAKS))
def test_news_reads_the_same_whatever_its_line_breaks(text, brk):
    assert split(text.replace("\n", brk))[1] == split(text)[1]


@pytest.mark.parametrize("brk", BREAKS, ids=repr)
def test_a_spun_passage_is_restored_alone_whatever_the_line_breaks(brk):
    """Two spun paragraphs in a clean article: restored as with "\\n", clean ones untouched."""
    article = sample_news()[5]
    paragraphs = article.split("\n\n")
    middle = len(paragraphs) // 2
    spun = [despin.spin(paragraphs[j], rate=0.95, seed=j).text for j in (middle - 1, middle)]
    mixed = "\n\n".join([*paragraphs[: middle - 1], *spun, *paragraphs[middle + 1 :]])
    expected = despin.clean(mixed)
    assert expected.changes
    result = despin.clean(mixed.replace("\n", brk))
    assert [c.restored for c in result.changes] == [c.restored for c in expected.changes]
    assert result.text == expected.text.replace("\n", brk)


def _hyphenate_lines(text: str, width: int = 50) -> str:
    """``text`` hard-wrapped at ``width``, long words split at a line's end with a hyphen,
    as PDF and OCR text has them."""
    lines, line = [], ""
    for word in text.split(" "):
        if len(line) + 1 + len(word) <= width:
            line = f"{line} {word}".strip()
        elif len(word) > 7 and word.isalpha():
            half = len(word) // 2
            lines.append(f"{line} {word[:half]}-".strip())
            line = word[half:]
        else:
            lines.append(line)
            line = word
    return "\n".join([*lines, line])


def test_a_word_hyphenated_at_a_line_end_is_one_word():
    surfaces, keys = split("the metro-\npolis was calm, the metro-\r\n  polis too.\n\nNext")
    words = ["the", "metropolis", "was", "calm", ",", "the", "metropolis", "too", "."]
    assert keys == [*words, "\n", "\n", "next"]
    assert surfaces[1] == "metro-\npolis"


def test_spun_text_hyphenated_at_line_ends_is_restored_as_unwrapped():
    spun = (
        "The provincial governor mentioned on Saturday that authorities forces had retreated "
        "to the airport on the outskirts of the metropolis, the place they have been "
        "preparing to defend themselves. Residents advised AFP information company that "
        "1000’s of individuals had fled the metropolis within the days earlier than the "
        "assault."
    )
    wrapped = _hyphenate_lines(spun)
    assert "-\n" in wrapped
    plain, result = despin.clean(spun), despin.clean(wrapped)
    assert [c.restored for c in result.changes] == [c.restored for c in plain.changes]
    assert result.revert() == wrapped


@pytest.mark.parametrize("index", range(6))
def test_clean_news_hyphenated_at_line_ends_stays_unchanged(index):
    text = _hyphenate_lines(sample_news()[index])
    result = despin.clean(text)
    assert result.changes == ()
