"""Text that must stay as written: web and e-mail addresses, paths, hashtags, qualified names.

A spinner rewrites prose, not addresses: it cannot change "example.com/metropolis" without
breaking the link, so a word inside an address is the original's, whatever it looks like.
Restoring it would break what the spinner left intact. The restorer asks
:func:`is_verbatim` of every occurrence it may change (a few per spun paragraph; clean
text never gets here), so the test works on the one whitespace-delimited chunk around
the occurrence, not on the whole text.
"""

from __future__ import annotations

import re

__all__ = ["is_verbatim"]

#: What makes a chunk of text (no whitespace in it) verbatim.
_VERBATIM = re.compile(
    r"""
      ://                     # a URL with its scheme: https://example.com/city
    | ^www\.                  # a web address without one
    | @[\w-]+\.\w             # an e-mail address: desk@example.com
    | ^[@\#]\w                # a handle or a hashtag: @afp, #city
    | \w::\w                  # a qualified name: Acquire::http, std::vector
    | ^[~.]{0,2}/[^/]+/       # a path: /srv/data/, ./bin/run, ~/notes/
    | [^\W\d_]\.[a-z]{2}      # a domain or a dotted name: example.com, os.path
    """,
    re.VERBOSE,
)
#: Whitespace, brackets and quotes end a chunk. Brackets and quotes enclose an address
#: ("(see example.com/city)") or separate it from prose written against it (Markdown's
#: "[the city](https://example.com/city)").
_BOUNDARY = re.compile(r"""[\s()\[\]{}<>"'“”‘’«»]""")
#: How far from the occurrence a chunk is looked at, each way: past any real address
#: (browsers stop near 2,000 characters), and a bound on the work, so that a long run of
#: words with no space between them ("city,people,city,...") costs no more per
#: occurrence than a short one (scanning it whole made cleaning it quadratic).
_REACH = 2048


def is_verbatim(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies in an address, path, tag or qualified name.

    >>> text = "Officials at https://example.com/metropolis said #metropolis was calm."
    >>> [is_verbatim(text, m.start(), m.end()) for m in re.finditer("metropolis", text)]
    [True, True]
    >>> text = "[the metropolis](https://example.com/metropolis)"
    >>> [is_verbatim(text, m.start(), m.end()) for m in re.finditer("metropolis", text)]
    [False, True]
    >>> is_verbatim("The metropolis was calm.", 4, 14)
    False
    """
    low = max(0, start - _REACH)
    # The last boundary before the occurrence is the first one of the reversed text.
    before = _BOUNDARY.search(text[low:start][::-1])
    i = start - before.start() if before else low
    high = min(len(text), end + _REACH)
    after = _BOUNDARY.search(text, end, high)
    j = after.start() if after else high
    if i == start and j == end:  # the occurrence is a chunk of its own: prose
        return False
    return _VERBATIM.search(text[i:j]) is not None
