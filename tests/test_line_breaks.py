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
