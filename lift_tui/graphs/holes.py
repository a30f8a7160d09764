"""The hole-resolution graph: SelectNextHole → GenerateSuggestions → WaitForUser → ApplyResolution →
PropagateConstraints → RecordDecision → RerankDependents → CheckCompleteness → loop.

This is the one path by which a hole is decided — the TUI, ``lift-tui apply`` and headless callers
all run it (through :meth:`lift_tui.service.Workspace.decide`): accept / give / skip / refine →
apply → propagate → record (the hole event and, for a fill, the accepted example with its
source) → re-rank the holes the resolution touched → pick the next hole and wait.

Built from pydantic-graph ``BaseNode`` classes on the builder API and run by the persistent
runner (registered as ``"holes"``), so every completed node is journaled and a killed run
resumes where it stopped. "Waiting for the user" ends the run with ``status="awaiting_user"``
and the ranked candidates; the user's answer starts the next run as its input
(:class:`HoleDecision`), with the IR carried in the state. Headless callers may set
``auto_accept`` to accept the best candidate above a confidence (and skip holes with none).
"""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_graph import BaseNode, End, GraphBuilder, GraphRunContext, StepContext

from lift_tui.holes import Candidate, apply_resolution, propagate, skip_hole, suggest
from lift_tui.ir import IR, Hole, HoleStatus

from .hole_order import next_hole
from .runner import register_graph, run_graph

NAME = "holes"
__all__ = ["HoleDecision", "HoleGraphOutput", "HoleGraphState", "next_hole", "run_holes"]


class HoleDecision(BaseModel):
    """The user's answer for one hole: accept a candidate, give a value, skip it, or refine it
    into smaller holes. ``source`` is where an accepted value came from (static, history, model)."""

    hole: str
    action: Literal["accept", "give", "skip", "refine"]
    value: str | None = None
    source: str = "human"

    @property
    def event(self) -> str:
        """The store's name for this decision (``HoleAction``)."""
        return {"accept": "accepted", "give": "given", "skip": "skipped", "refine": "refined"}[self.action]


class HoleGraphState(BaseModel):
    ir: IR
    use_model: bool = False
    top: int = 6
    auto_accept: float | None = None
    """Headless mode: accept the best candidate whose confidence is at least this; skip otherwise."""
    current: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    reranked: dict[str, list[Candidate]] = Field(default_factory=dict)
    """Fresh candidates of the open holes the last resolution narrowed (hole id -> ranked)."""
    last: str | None = None
    """The hole decided last: the next one is looked for after it, so the user moves on, not back."""
    decisions: list[HoleDecision] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)


class HoleGraphOutput(BaseModel):
    status: Literal["awaiting_user", "complete"]
    ir: IR
    hole: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    reranked: dict[str, list[Candidate]] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)


@dataclasses.dataclass
class HoleDeps:
    """Optional store: history candidates come from it and decisions are recorded in it.

    ``key`` names the function's versions in the store (the session's key for it); the
    qualname is used when it is not given.
    """

    store: Any = None
    session_id: str | None = None
    key: str | None = None


@dataclasses.dataclass
class Begin(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    """Entry: with the user's decision go straight to applying it, else pick the next hole."""

    decision: HoleDecision | None = None

    async def run(self, ctx: GraphRunContext[HoleGraphState, HoleDeps]) -> ApplyResolution | SelectNextHole:
        if self.decision is not None:
            return ApplyResolution(decision=self.decision)
        return SelectNextHole()


@dataclasses.dataclass
class SelectNextHole(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    async def run(
        self, ctx: GraphRunContext[HoleGraphState, HoleDeps]
    ) -> GenerateSuggestions | End[HoleGraphOutput]:
        hole = next_hole(ctx.state.ir, ctx.state.last)
        if hole is None:
            ctx.state.current = None
            return End(HoleGraphOutput(status="complete", ir=ctx.state.ir, reranked=ctx.state.reranked,
                                       errors=ctx.state.errors))
        ctx.state.current = hole.identifier
        return GenerateSuggestions(hole=hole.identifier)


@dataclasses.dataclass
class GenerateSuggestions(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    hole: str

    async def run(self, ctx: GraphRunContext[HoleGraphState, HoleDeps]) -> WaitForUser:
        import anyio

        state = ctx.state
        ranked = await anyio.to_thread.run_sync(
            lambda: suggest(
                state.ir, self.hole, use_model=state.use_model, top=state.top, store=ctx.deps.store
            )
        )
        state.candidates = ranked
        return WaitForUser(hole=self.hole)


@dataclasses.dataclass
class WaitForUser(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    hole: str

    async def run(
        self, ctx: GraphRunContext[HoleGraphState, HoleDeps]
    ) -> ApplyResolution | End[HoleGraphOutput]:
        state = ctx.state
        if state.auto_accept is None:
            return End(
                HoleGraphOutput(
                    status="awaiting_user",
                    ir=state.ir,
                    hole=self.hole,
                    candidates=state.candidates,
                    reranked=state.reranked,
                    errors=state.errors,
                )
            )
        best = next(
            (
                c
                for c in state.candidates
                if c.type_ok and c.satisfiable is not False and c.confidence >= state.auto_accept
            ),
            None,
        )
        if best is None:
            return ApplyResolution(decision=HoleDecision(hole=self.hole, action="skip"))
        return ApplyResolution(
            decision=HoleDecision(hole=self.hole, action="accept", value=best.value, source=best.source.value)
        )


@dataclasses.dataclass
class ApplyResolution(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    decision: HoleDecision

    async def run(
        self, ctx: GraphRunContext[HoleGraphState, HoleDeps]
    ) -> PropagateConstraints | RecordDecision | GenerateSuggestions | CheckCompleteness:
        from lift_tui.holes import HoleError, refine

        state, decision = ctx.state, self.decision
        hole = state.ir.hole(decision.hole)
        if hole is None or hole.status is not HoleStatus.open:
            why = "there is no such hole" if hole is None else f"it is already {hole.status.value}"
            state.errors.append(f"?{decision.hole}: {why}; decision ignored")
            return CheckCompleteness()
        try:
            if decision.action == "skip":
                new = skip_hole(state.ir, decision.hole)
            elif decision.action == "refine":
                new = refine(state.ir, decision.hole)
            elif decision.value is None or not decision.value.strip():
                raise HoleError(f"{hole.reference}: no value given; type one or skip the hole")
            else:
                new = apply_resolution(state.ir, decision.hole, decision.value, decision.source)
        except HoleError as error:
            state.errors.append(str(error))
            return GenerateSuggestions(hole=decision.hole)  # stay at the hole the user is deciding
        state.ir, state.last = new, decision.hole
        state.decisions.append(decision)
        if decision.action in ("skip", "refine"):
            return RecordDecision(decision=decision, hole=hole)
        return PropagateConstraints(decision=decision, hole=hole)


@dataclasses.dataclass
class PropagateConstraints(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    decision: HoleDecision
    hole: Hole
    """The hole as it was before the decision (what the accepted example describes)."""

    async def run(self, ctx: GraphRunContext[HoleGraphState, HoleDeps]) -> RecordDecision:
        import anyio

        state = ctx.state
        before = {h.identifier: list(h.constraints) for h in state.ir.open_holes()}
        state.ir = await anyio.to_thread.run_sync(
            lambda: propagate(state.ir, self.decision.hole, use_model=state.use_model)
        )
        touched = [h.identifier for h in state.ir.open_holes() if h.constraints != before.get(h.identifier)]
        return RecordDecision(decision=self.decision, hole=self.hole, touched=touched)


@dataclasses.dataclass
class RecordDecision(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    """The hole event with the IR the decision produced (propagation included) and, for a fill, the
    accepted example with its source, in the session's store."""

    decision: HoleDecision
    hole: Hole
    touched: list[str] = dataclasses.field(default_factory=list)

    async def run(
        self, ctx: GraphRunContext[HoleGraphState, HoleDeps]
    ) -> RerankDependents | CheckCompleteness:
        store, session, decision = ctx.deps.store, ctx.deps.session_id, self.decision
        if store is not None and session is not None:
            from lift_tui.holes.history import record_accepted

            ir, hole = ctx.state.ir, self.hole
            key = ctx.deps.key or ir.metadata.qualname or ir.signature.name
            store.record_resolution(session, key, hole.identifier, decision.event, decision.value,
                                    source=decision.source, ir=ir,
                                    cause=f"{decision.event}:{hole.identifier}")
            if decision.action in ("accept", "give") and decision.value is not None:
                record_accepted(store, ir, hole, decision.value, decision.source, session)
        return RerankDependents(holes=self.touched) if self.touched else CheckCompleteness()


@dataclasses.dataclass
class RerankDependents(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    """Rank again every open hole the resolution narrowed, so their suggestions are fresh when shown."""

    holes: list[str]

    async def run(self, ctx: GraphRunContext[HoleGraphState, HoleDeps]) -> CheckCompleteness:
        import anyio

        state, store = ctx.state, ctx.deps.store

        def rank() -> dict[str, list[Candidate]]:
            return {h: suggest(state.ir, h, top=state.top, store=store) for h in self.holes}

        state.reranked = await anyio.to_thread.run_sync(rank) if self.holes else {}
        return CheckCompleteness()


@dataclasses.dataclass
class CheckCompleteness(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    async def run(
        self, ctx: GraphRunContext[HoleGraphState, HoleDeps]
    ) -> SelectNextHole | End[HoleGraphOutput]:
        if not ctx.state.ir.open_holes():
            ctx.state.current = None
            ctx.state.candidates = []
            return End(HoleGraphOutput(status="complete", ir=ctx.state.ir, reranked=ctx.state.reranked,
                                       errors=ctx.state.errors))
        return SelectNextHole()


def build_graph():  # noqa: ANN201 - the builder's generic type is long
    g = GraphBuilder(
        state_type=HoleGraphState,
        deps_type=HoleDeps,
        input_type=HoleDecision | None,
        output_type=HoleGraphOutput,
    )

    @g.step
    async def begin(ctx: StepContext[HoleGraphState, HoleDeps, HoleDecision | None]) -> Begin:
        return Begin(decision=ctx.inputs)

    g.add(
        g.edge_from(g.start_node).to(begin),
        g.node(Begin),
        g.node(SelectNextHole),
        g.node(GenerateSuggestions),
        g.node(WaitForUser),
        g.node(ApplyResolution),
        g.node(PropagateConstraints),
        g.node(RecordDecision),
        g.node(RerankDependents),
        g.node(CheckCompleteness),
    )
    return g.build()


register_graph(NAME, build_graph, deps_factory=HoleDeps)


def run_holes(
    store: Any,
    session_id: str | None,
    state: HoleGraphState,
    decision: HoleDecision | None = None,
    on_event: Any = None,
    *,
    history: bool = True,
    key: str | None = None,
) -> HoleGraphOutput:
    """One leg of the loop: apply ``decision`` (if any) and run until the next hole needs the user,
    or every hole is settled. Journaled in ``session_id`` of ``store`` so a killed leg resumes; with
    no store (a database that cannot open) the same graph runs in memory and records nothing."""
    if store is None or session_id is None:
        import anyio

        graph = build_graph()
        return anyio.run(partial(graph.run, state=state, deps=HoleDeps(), inputs=decision, infer_name=False))
    deps = HoleDeps(store=store if history else None, session_id=session_id, key=key)
    return run_graph(store, session_id, NAME, state, decision, on_event, deps=deps)
