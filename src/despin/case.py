"""Carry the case of the spun text over to its restoration (``Might`` -> ``May``, ``METROPOLIS`` -> ``CITY``)."""

from __future__ import annotations

__all__ = ["transfer_case"]


def transfer_case(spun: str, restored: str) -> str:
    """Write ``restored`` in the case pattern of ``spun``.

    All-caps spun text gives all-caps output; a capitalised first letter is carried over;
    otherwise the lexicon's own spelling is kept (so ``UN`` or ``May`` stay as written).

    >>> transfer_case("Metropolis", "city")
    'City'
    >>> transfer_case("METROPOLIS", "city")
    'CITY'
    >>> transfer_case("metropolis", "city")
    'city'
    >>> transfer_case("Safety Council", "Security Council")
    'Security Council'
    """
    if spun.islower():  # the common case: no upper-case character at all
        return restored
    letters = [c for c in spun if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return restored.upper()
    if letters and letters[0].isupper() and spun[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored
