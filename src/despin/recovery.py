"""Recovery: how much of a simulated spinner's work despin undoes on a corpus.

:func:`recovery` spins each text with :func:`despin.spin`, cleans the result and scores
it against the spinner's own change log: a measurement (see :mod:`despin.check` for the
invariants that must hold, and ``despin check`` for both in CI).

>>> report = recovery(["Officials said the city would act."], rate=1.0)
>>> report.substitutions > 0 and 0.0 <= report.share <= 1.0
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import despin
from despin.changes import Change, Cleaned
from despin.despinner import Despinner

__all__ = ["DocumentRecovery", "RecoveryReport", "Texts", "named_texts", "recovery", "resolve"]

#: Documents: one text, ``{name: text}``, or texts and ``(name, text)`` pairs.
Texts = str | Mapping[str, str] | Iterable[str | tuple[str, str]]


def named_texts(texts: Texts) -> list[tuple[str, str]]:
    """Documents as (name, text); unnamed ones are called ``#0``, ``#1``, ..."""
    if isinstance(texts, str):
        return [("#0", texts)]
    if isinstance(texts, Mapping):
        return [(str(k), v) for k, v in texts.items()]
    named = []
    for i, item in enumerate(texts):
        if isinstance(item, tuple):
            name, text = item
            named.append((str(name), text))
        else:
            named.append((f"#{i}", item))
    return named


def resolve(despinner: Despinner | None) -> Despinner:
    return despin._get_default() if despinner is None else despinner


@dataclass(frozen=True, slots=True)
class DocumentRecovery:
    """How much of the spinner's work on one document despin undid.

    ``restored`` of the ``substitutions`` read exactly as the original after cleaning;
    of despin's ``changes`` to the spun text, ``spurious`` lie outside every substitution.
    """

    document: str
    substitutions: int
    restored: int
    changes: int
    spurious: int

    @property
    def share(self) -> float:
        """Restored share of the substitutions (NaN when there were none)."""
        return self.restored / self.substitutions if self.substitutions else math.nan

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, with the share (``null`` when undefined)."""
        share = None if math.isnan(self.share) else round(self.share, 4)
        return {**asdict(self), "share": share}


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """:func:`recovery` over a corpus: totals, per document, and the worst documents."""

    rate: float
    seed: int
    documents: tuple[DocumentRecovery, ...]

    @property
    def substitutions(self) -> int:
        return sum(d.substitutions for d in self.documents)

    @property
    def restored(self) -> int:
        return sum(d.restored for d in self.documents)

    @property
    def changes(self) -> int:
        return sum(d.changes for d in self.documents)

    @property
    def spurious(self) -> int:
        return sum(d.spurious for d in self.documents)

    @property
    def share(self) -> float:
        """Restored share of all substitutions (NaN when the spinner made none)."""
        return self.restored / self.substitutions if self.substitutions else math.nan

    def worst(self, n: int = 5) -> list[DocumentRecovery]:
        """The ``n`` documents with the lowest restored share (most substitutions first on ties)."""
        scored = [d for d in self.documents if d.substitutions]
        return sorted(scored, key=lambda d: (d.share, -d.substitutions, d.document))[:n]

    def __str__(self) -> str:
        share = "n/a" if math.isnan(self.share) else f"{self.share:.1%}"
        return (
            f"recovery at spin rate {self.rate:g}, seed {self.seed}: "
            f"{self.restored}/{self.substitutions} substitutions restored exactly ({share}); "
            f"despin made {self.changes} changes, {self.spurious} outside any substitution"
        )

    def to_dict(self, worst: int = 5) -> dict[str, Any]:
        """JSON-ready summary with every document and the ``worst`` names."""
        share = None if math.isnan(self.share) else round(self.share, 4)
        return {
            "rate": self.rate,
            "seed": self.seed,
            "substitutions": self.substitutions,
            "restored": self.restored,
            "share": share,
            "changes": self.changes,
            "spurious": self.spurious,
            "worst": [d.document for d in self.worst(worst)],
            "documents": [d.to_dict() for d in self.documents],
        }


def score_recovery(name: str, spun: despin.Spun, cleaned: Cleaned) -> DocumentRecovery:
    """Score ``cleaned`` (a clean of ``spun.text``) against the spinner's own log.

    A substitution at ``[out_start, out_end)`` of the spun text counts as restored when
    no change of despin crosses its edges and, with despin's changes inside it applied,
    it reads exactly the original; a change inside no substitution is spurious.
    """
    changes = cleaned.changes
    restored = 0
    inside_any = 0
    k = 0
    for sub in spun.changes:
        a, b = sub.out_start, sub.out_end
        while k < len(changes) and changes[k].end <= a:
            k += 1
        inside: list[Change] = []
        crossing = False
        j = k
        while j < len(changes) and changes[j].start < b:
            c = changes[j]
            crossing = crossing or c.start < a or c.end > b
            inside.append(c)
            j += 1
        if not crossing:
            inside_any += len(inside)
        region = spun.text[a:b]
        for c in reversed(inside):
            region = region[: c.start - a] + c.restored + region[c.end - a :]
        if not crossing and region == sub.spun:
            restored += 1
    spurious = len(changes) - inside_any
    return DocumentRecovery(name, len(spun.changes), restored, len(changes), spurious)


def recovery(
    texts: Texts,
    rate: float = 0.5,
    seed: int = 0,
    despinner: Despinner | None = None,
) -> RecoveryReport:
    """Spin each text with :func:`despin.spin` (``rate``, ``seed``), clean it, and report the
    share of the spinner's substitutions restored exactly, overall and per document."""
    d = resolve(despinner)
    docs = []
    for name, text in named_texts(texts):
        spun = despin.spin(text, rate, seed)
        docs.append(score_recovery(name, spun, d.clean(spun.text)))
    return RecoveryReport(float(rate), int(seed), tuple(docs))
