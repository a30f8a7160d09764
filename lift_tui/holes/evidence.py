"""Evidence: one fact found in the code (or said by a source) that proposes a value for a hole,
and the one rule that turns facts into a candidate's confidence.

Each fact has a ``tag`` naming the rule family that found it (``isinstance``, ``default``,
``doctest``...). Facts of different families are independent ways of knowing, so they combine
by noisy-or; several facts of one family are the same way of knowing seen again (two
``isinstance`` checks, or the lifter's candidate that a usage rule derives once more), so only
the strongest of them counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from lift_tui.analysis.typetext import normalize_expr, normalize_type

from .models import Candidate, CandidateSource

# Named strengths for new rules (older rules still spell their numbers in place): a fact that
# fixes the value (a literal passed in an example, a type seen in a traced call), one that
# states it in words, and one that only suggests it.
SHOWN = 0.75
STATED = 0.5
SUGGESTED = 0.3

# Tags that restate another family's fact rather than adding one: the lifter's candidates are
# what reverse mode's own typing rules saw in the body, which the usage rules see again.
RESTATED = frozenset({"lifter"})


@dataclass(frozen=True)
class Evidence:
    value: str
    tag: str
    rationale: str
    weight: float


def confidence(items: list[Evidence]) -> float:
    """Noisy-or over families, the strongest fact per family; restated facts count only alone."""
    strongest: dict[str, float] = {}
    for item in items:
        weight = min(max(item.weight, 0.0), 0.99)
        strongest[item.tag] = max(strongest.get(item.tag, 0.0), weight)
    own = {tag: weight for tag, weight in strongest.items() if tag not in RESTATED}
    miss = 1.0
    for weight in (own or strongest).values():
        miss *= 1.0 - weight
    return round(1.0 - miss, 3)


def merge(evidence: list[Evidence], source: CandidateSource = CandidateSource.static) -> list[Candidate]:
    """One candidate per distinct value, its confidence by :func:`confidence`."""
    groups: dict[str, list[Evidence]] = {}
    for item in evidence:
        key = normalize_type(item.value) or normalize_expr(item.value) or item.value.strip()
        groups.setdefault(key, []).append(item)
    merged: list[Candidate] = []
    for value, items in groups.items():
        rationales = list(dict.fromkeys(i.rationale for i in items))
        merged.append(
            Candidate(
                value=value,
                rationale="; ".join(rationales[:3]),
                confidence=confidence(items),
                source=source,
                evidence=sorted({i.tag for i in items}),
            )
        )
    merged.sort(key=lambda c: -c.confidence)
    return merged

