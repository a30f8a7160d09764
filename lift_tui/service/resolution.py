"""Deciding a hole: the one path the TUI and the CLI share (DESIGN.md §1.2).

Every accept, given value, skip or refine runs one leg of the hole-resolution graph
(:mod:`lift_tui.graphs.holes`) on the function's current IR: apply → propagate → record the
event and the accepted example with its source → re-rank the holes the resolution narrowed →
select the next hole and stop, waiting for the user. The leg is journaled in the session, so
a session quit (or killed) mid-resolution resumes at the hole the graph was waiting on.
The new IR goes on the function's undo history like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from lift_tui.ir import IR

from .availability import ServiceError

if TYPE_CHECKING:
    from .workspace import Workspace

Action = Literal["accept", "give", "skip", "refine"]


@dataclass
class Resolution:
    """What one decision produced: the new IR, where the graph waits now, fresh rankings."""

    key: str
    ir: IR
    hole: str
    action: Action
    value: str | None = None
    next_hole: str | None = None
    """The hole the graph selected next (``None`` when every hole is settled)."""
    candidates: list[Any] = field(default_factory=list)
    """Ranked ``Candidate``s of ``next_hole``."""
    reranked: dict[str, list[Any]] = field(default_factory=dict)
    """Hole id -> ranked candidates, for every open hole the resolution narrowed."""
    recorded: bool = False
    """Whether the event and example reached the store (False without a database)."""


def decision(hole: str, action: Action, value: str | None = None, source: str = "human") -> Any:
    """A ``HoleDecision`` (the graph's input), so callers above need not import the graph layer."""
    from lift_tui.graphs.holes import HoleDecision

    return HoleDecision(hole=hole.removeprefix("?"), action=action, value=value, source=str(source))


def decide(
    workspace: Workspace,
    key: str,
    hole: str,
    action: Action,
    value: str | None = None,
    source: str = "human",
    *,
    session_id: str | None = None,
    on_event: Any = None,
) -> Resolution:
    """Run one leg of the hole graph for this decision; a refused decision raises :class:`ServiceError`."""
    from lift_tui.graphs.holes import HoleGraphState, run_holes

    from .session import store_key

    chosen = decision(hole, action, value, source)
    workspace.configure()
    store = workspace.store if session_id is not None else None
    with workspace._lock:
        ir = workspace.current(key)
        state = HoleGraphState(ir=ir, top=9)
        try:
            out = run_holes(store, session_id, state, chosen, on_event, key=store_key(ir))
        except Exception as error:  # a store fault mid-leg: one line, the IR is unchanged
            from lift_tui.store import StoreError

            if isinstance(error, StoreError):
                raise ServiceError(f"could not record the decision: {error}") from error
            raise
        if out.errors:
            raise ServiceError(out.errors[0])
        workspace.history.push(key, out.ir)
    return Resolution(
        key=key,
        ir=out.ir,
        hole=chosen.hole,
        action=action,
        value=value,
        next_hole=out.hole if out.status == "awaiting_user" else None,
        candidates=list(out.candidates),
        reranked=dict(out.reranked),
        recorded=store is not None,
    )


AUTO_FLOOR = 0.5
"""The least confidence ``a`` fills a hole with on its own: likelier right than wrong.

Static confidences are calibrated (:mod:`lift_tui.holes.calibration`): a candidate at 0.5 is right
about half the time on the benchmark's held-out split. (Before calibration the raw 0.5-0.6 band
was right only 25-29% of the time, so the same number now asks for more.)"""

BEST_FLOOR = 0.6
"""The default least confidence :func:`accept_best` (``apply --best``, ``suggest --write``) writes
into the code unattended: 0.6-0.7 calibrated is right about two times in three on held-out code,
where the raw 0.6-0.7 band was right about 40% of the time."""


def auto_decision(candidates: list[Any], identifier: str) -> Any:
    """The candidate ``a`` may fill on its own: exactly one fits (proven satisfiable ones first), or
    the best leads the next by 0.3 confidence; otherwise :class:`ServiceError` says why not.

    A lone candidate must also be likelier right than wrong (confidence >= 0.5, calibrated): one
    weak guess is not a standout just because nothing else was found."""
    fitting = [
        c for c in candidates if c.type_ok and c.satisfiable is not False and c.confidence >= AUTO_FLOOR
    ]
    proven = [c for c in fitting if c.satisfiable is True]
    pick = proven if proven else fitting
    if len(pick) != 1 and not (len(pick) > 1 and pick[0].confidence - pick[1].confidence >= 0.3):
        raise ServiceError(
            f"?{identifier}: no single candidate stands out "
            f"({len(pick)} fit); pick one with 1-9 or give a value with v"
        )
    return pick[0]


def pending_hole(store: Any, session_id: str) -> tuple[IR, str, list[Any]] | None:
    """Where the session's latest hole-graph leg waits: (IR, hole, ranked candidates), or None.

    A leg killed mid-way is finished first (its completed nodes are not run again), so a crash
    between applying a decision and selecting the next hole still resumes at the right hole.
    """
    import json

    from lift_tui.graphs.holes import NAME, HoleDeps, HoleGraphOutput, HoleGraphState
    from lift_tui.graphs.runner import resume_graph
    from lift_tui.store import SessionStatus

    from .session import store_key

    runs = [r for r in store.runs(session_id) if r.graph == NAME]
    if not runs:
        return None
    run = runs[-1]
    if run.status is SessionStatus.complete:
        saved = json.loads(store.run_payload(run.id)["output"] or "{}").get("value")
        output = HoleGraphOutput.model_validate(saved) if saved else None
    elif run.status in (SessionStatus.interrupted, SessionStatus.failed) and store.latest_run(
        session_id
    ).id == run.id:  # resume_graph finishes the session's latest run
        state = HoleGraphState.model_validate_json(store.run_payload(run.id)["state"] or "{}")
        deps = HoleDeps(store=store, session_id=session_id, key=store_key(state.ir))
        output = resume_graph(store, session_id, deps=deps)
    else:
        return None  # still running in another process
    if output is None or output.status != "awaiting_user" or output.hole is None:
        return None
    return output.ir, output.hole, list(output.candidates)


def accept_best(workspace: Workspace, key: str, min_confidence: float = BEST_FLOOR,
                session_id: str | None = None) -> list[Resolution]:
    """Accept, hole by hole in the graph's order, the best candidate that fits its type, does not make
    the IR unsatisfiable and has at least ``min_confidence``; holes with none stay open."""
    from lift_tui.graphs.hole_order import dependency_order

    done: list[Resolution] = []
    tried: set[str] = set()
    while True:
        ir = workspace.current(key)
        todo = [h for h in dependency_order(ir.open_holes()) if h.identifier not in tried]
        if not todo:
            return done
        hole = todo[0]
        tried.add(hole.identifier)
        ranked = workspace.suggest(key, hole.identifier, top=None)
        best = next((c for c in ranked if c.type_ok and c.satisfiable is not False
                     and c.confidence >= min_confidence), None)
        if best is not None:
            done.append(decide(workspace, key, hole.identifier, "accept", best.value, str(best.source),
                               session_id=session_id))
