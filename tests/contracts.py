"""The change-log contract, asserted the same way by every property test."""

from __future__ import annotations

from despin import Cleaned, apply_changes


def assert_contracts(text: str, result: Cleaned) -> None:
    """Revert, replay, and exact, ordered, in-bounds spans with a source and a reason."""
    assert result.revert() == text
    assert apply_changes(text, result.changes) == result.text
    prev_end = prev_out_end = 0
    for c in result.changes:
        assert prev_end <= c.start < c.end <= len(text)
        assert prev_out_end <= c.out_start <= c.out_end <= len(result.text)
        assert text[c.start : c.end] == c.spun
        assert result.text[c.out_start : c.out_end] == c.restored
        assert c.spun != c.restored
        assert 0.0 <= c.confidence <= 1.0
        assert c.source
        assert c.reason
        prev_end, prev_out_end = c.end, c.out_end
