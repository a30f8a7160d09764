"""Calibrated confidence: a candidate's confidence is made to mean how often candidates like it
turn out right.

The raw confidence (from :func:`lift_tui.holes.evidence.confidence`) orders candidates well but
is not a probability. ``calibration.json`` maps it, per hole kind, through a monotone step
function fitted by isotonic regression (pool adjacent violators) on the *dev* split of
``lift-tui bench holes`` only (``--fit-calibration``); the held-out split is what shows whether
the map holds. A monotone map never changes the order of one hole's candidates.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("calibration.json")
Steps = list[tuple[float, float]]  # (upper bound of raw confidence, calibrated confidence)


def fit(points: list[tuple[float, bool]], min_block: int = 8) -> Steps:
    """Isotonic regression of rightness on raw confidence; blocks of at least ``min_block`` points.

    Points of equal confidence form one block first (a step cannot split them); a block is pooled
    with the one before it while their rates are out of order or the one before is too small.
    """
    blocks: list[list[float]] = []  # [upper, sum of right, count]
    for confidence, right in sorted(points):
        if blocks and blocks[-1][0] == confidence:
            blocks[-1][1] += float(right)
            blocks[-1][2] += 1.0
        else:
            blocks.append([confidence, float(right), 1.0])
    pooled: list[list[float]] = []
    for block in blocks:
        pooled.append(block)
        while len(pooled) > 1 and (
            pooled[-2][1] / pooled[-2][2] >= pooled[-1][1] / pooled[-1][2] or pooled[-2][2] < min_block
        ):
            upper, right_sum, count = pooled.pop()
            pooled[-1] = [upper, pooled[-1][1] + right_sum, pooled[-1][2] + count]
    if len(pooled) > 1 and pooled[-1][2] < min_block:
        upper, right_sum, count = pooled.pop()
        pooled[-1] = [upper, pooled[-1][1] + right_sum, pooled[-1][2] + count]
    return [(round(upper, 4), round(right_sum / count, 3)) for upper, right_sum, count in pooled]


def apply_steps(steps: Steps, confidence: float) -> float:
    if not steps:
        return confidence
    for upper, value in steps:
        if confidence <= upper:
            return value
    return steps[-1][1]


@lru_cache(maxsize=1)
def _table() -> dict[str, Steps]:
    try:
        data = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {kind: [(float(u), float(v)) for u, v in steps] for kind, steps in data.get("kinds", {}).items()}


def kind_of(hole_kind: str, target: str) -> str | None:
    """The calibration kind of a hole: ``param``, ``return`` or ``guard`` (others are not fitted)."""
    if hole_kind == "precondition":
        return "guard"
    if hole_kind == "type":
        return "return" if target == "signature.returns" else "param"
    return None


def calibrated(kind: str | None, confidence: float) -> float:
    """The confidence mapped through the shipped table (unchanged for kinds it does not cover)."""
    steps = _table().get(kind or "")
    return round(apply_steps(steps, confidence), 3) if steps else confidence
