"""Fit the detector's calibration (``despin.detect.SLOPE``/``INTERCEPT``) on the dev split.

P(spun) = sigmoid(SLOPE * log Bayes factor + INTERCEPT) is a one-feature logistic
regression. Training data: the dev clean articles (whole, and cut into paragraphs and
150-word windows) and the dev part of the odd texts (machine translation, OCR...)
against spun copies of the same texts made by despin's independent simulator at rates
0.2-0.95 (the low rates give the two classes a realistic overlap on short pieces), classes weighted
to the prior :data:`PRIOR`. The test split is never read here.

Run: ``python -m benchmarks.calibrate`` and copy the printed constants into
``src/despin/detect.py``.
"""

from __future__ import annotations

import math

import despin
from benchmarks import common
from despin.detect import log_bayes_factor


def windows(text: str, size: int = 150) -> list[str]:
    words = text.split(" ")
    return [" ".join(words[i : i + size]) for i in range(0, len(words) - size + 1, size)]


def features(d: despin.Despinner) -> tuple[list[float], list[int]]:
    x: list[float] = []
    y: list[int] = []
    docs = common.clean_docs("dev") + common.odd_docs("dev")
    pieces = []
    for _name, text in docs:
        pieces.append(text)
        pieces += windows(text)
        pieces += common.paragraphs(text)
    for k, text in enumerate(pieces):
        llr = d._fast(text).llr
        x.append(log_bayes_factor(llr))
        y.append(0)
        for rate in (0.2, *common.RATES):
            spun = despin.spin(text, rate=rate, seed=100 + k).text
            x.append(log_bayes_factor(d._fast(spun).llr))
            y.append(1)
    return x, y


#: The share of spun documents the calibration assumes in the stream despin sees: most
#: text is clean, so a probability of 0.8 means "80% of such documents are spun" in a
#: stream where one document in five is spun.
PRIOR = 0.2


def fit(x: list[float], y: list[int], iters: int = 200) -> tuple[float, float]:
    """Weighted logistic regression by Newton's method, classes weighted to :data:`PRIOR`."""
    n1 = sum(y)
    n0 = len(y) - n1
    w = [PRIOR / n1 if t else (1 - PRIOR) / n0 for t in y]
    a, b = 0.5, 0.0
    for _ in range(iters):
        ga = gb = haa = hab = hbb = 0.0
        for xi, yi, wi in zip(x, y, w):
            z = max(min(a * xi + b, 50), -50)
            p = 1 / (1 + math.exp(-z))
            g = wi * (p - yi)
            ga += g * xi
            gb += g
            h = wi * p * (1 - p)
            haa += h * xi * xi
            hab += h * xi
            hbb += h
        # L2 on the slope keeps it finite when the classes separate perfectly.
        ga += 1e-3 * a
        haa += 1e-3
        det = haa * hbb - hab * hab
        if abs(det) < 1e-18:
            break
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a -= da
        b -= db
        if abs(da) + abs(db) < 1e-9:
            break
    return a, b


def main() -> None:
    d = despin.Despinner()
    x, y = features(d)
    a, b = fit(x, y)
    print(f"{len(y)} examples ({sum(y)} spun)")
    print(f"SLOPE = {a:.4f}")
    print(f"INTERCEPT = {b:.4f}")


if __name__ == "__main__":
    main()
