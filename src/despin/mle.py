"""One-parameter maximum likelihood, shared by the stages that fit a single rate or share.

Both fits here (the share of spun paragraphs in :mod:`despin.rates`, a known lexicon's
agreement with a spinner in :mod:`despin.learn_prior`) maximise a concave
log-likelihood on an interval: its slope decreases, so the maximum is where the slope
crosses zero, found by bisection. The callers handle the interval's ends themselves
(a slope that stays positive or negative there, or is undefined at an end).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["slope_root"]


def slope_root(slope: Callable[[float], float], low: float, high: float, steps: int) -> float:
    """The point in ``[low, high]`` where a decreasing ``slope`` crosses zero, to within
    ``(high - low) / 2**(steps + 1)``.

    >>> round(slope_root(lambda x: 0.3 - x, 0.0, 1.0, 40), 6)
    0.3
    """
    for _ in range(steps):
        mid = (low + high) / 2
        if slope(mid) > 0:
            low = mid
        else:
            high = mid
    return (low + high) / 2
