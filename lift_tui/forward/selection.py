"""Choosing among candidate implementations by running them (CodeT / MBR-exec style).

Every candidate runs in one sandboxed process on the IR's examples and on inputs drawn from
the IR's parameter types (:mod:`.probes`). A candidate's score adds, by weight:

- ``examples``: the share of the prompt's examples it gets right (what the user stated);
- ``contracts``: the share of drawn inputs meeting the preconditions on which it returns
  without raising and keeps the postconditions;
- ``agreement``: how many other candidates return the same value on the same drawn inputs
  (independent samples that agree are more likely right; raising agrees with nothing, and a
  candidate that returns one value whatever the input earns no agreement);
- ``roundtrip``: the bidirectional check — the model's own text lifted back with reverse mode
  has the IR's arity, parameter names and types (:mod:`.roundtrip`).

A candidate that ignores a parameter keeps its place but loses its agreement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lift_tui.ir import IR

WEIGHTS = {"examples": 4.0, "contracts": 1.0, "agreement": 2.0, "roundtrip": 0.5}


@dataclass
class Scored:
    """One candidate's score and its parts, in [0, 1] each (the total is weighted)."""

    id: str
    parts: dict[str, float] = field(default_factory=dict)
    examples_passed: int = 0
    examples_total: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return round(sum(WEIGHTS[k] * v for k, v in self.parts.items()), 4)


def _answer(row: dict[str, Any]) -> str | None:
    """What the candidate returned on this input, or None when it raised, timed out or was skipped."""
    return row.get("out") if "out" in row else None


def score(
    ir: IR,
    ids: Sequence[str],
    rows: dict[str, list[dict[str, Any]]],
    n_examples: int,
    roundtrip: dict[str, float],
    ignores: dict[str, str | None],
) -> list[Scored]:
    """Scores for ``ids`` from their batch rows: the first ``n_examples`` rows are the IR's examples."""
    drawn = range(n_examples, max((len(r) for r in rows.values()), default=n_examples))
    answers = {i: [_answer(r) for r in rows.get(i, [])] for i in ids}
    scored = []
    for cid in ids:
        own = rows.get(cid, [])
        s = Scored(id=cid, examples_total=n_examples)
        s.examples_passed = sum(bool(r.get("equal")) for r in own[:n_examples])
        s.parts["examples"] = s.examples_passed / n_examples if n_examples else 0.0
        valid = [own[k] for k in drawn
                 if k < len(own) and own[k].get("pres", True) and "bad_call" not in own[k]]
        kept = [r for r in valid if "out" in r and r.get("posts", True)]
        s.parts["contracts"] = len(kept) / len(valid) if valid else 0.0
        mine = [answers[cid][k] if k < len(answers[cid]) else None for k in drawn]
        returned = [a for a in mine if a is not None]
        constant = len(set(returned)) <= 1 and len(returned) >= 3
        agree = []
        for k, answer in zip(drawn, mine, strict=True):
            if answer is None:
                agree.append(0.0)
                continue
            others = [answers[o][k] for o in ids if o != cid and k < len(answers[o])]
            agree.append(Counter(others)[answer] / max(len(ids) - 1, 1))
        s.parts["agreement"] = 0.0 if (constant or ignores.get(cid) or not agree) else sum(agree) / len(agree)
        s.parts["roundtrip"] = roundtrip.get(cid, 0.0)
        if constant:
            s.notes.append("returns the same value for every drawn input")
        if ignores.get(cid):
            s.notes.append(str(ignores[cid]))
        failed = [r for r in own[:n_examples] if not r.get("equal")]
        if failed:
            s.notes.append(f"{len(failed)} of {n_examples} example(s) fail")
        scored.append(s)
    return scored


def ranked(scored: Sequence[Scored], order: Sequence[str]) -> list[Scored]:
    """Best first; ties keep the order the candidates were made in (the greedy one first)."""
    position = {cid: index for index, cid in enumerate(order)}
    return sorted(scored, key=lambda s: (-s.total, position.get(s.id, len(position))))
