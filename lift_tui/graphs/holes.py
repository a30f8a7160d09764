"""The hole-resolution graph: SelectNextHole → GenerateSuggestions → WaitForUser → ApplyResolution →
PropagateConstraints → CheckCompleteness → loop.

Built from pydantic-graph ``BaseNode`` classes on the builder API and run by the persistent
runner (registered as ``"holes"``), so every completed node is journaled and a killed run
resumes where it stopped. "Waiting for the user" ends the run with ``status="awaiting_user"``
and the ranked candidates; the user's answer starts the next run as its input
(:class:`HoleDecision`), with the IR carried in the state. Headless callers may set
``auto_accept`` to accept the best candidate above a confidence (and skip holes with none).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_graph import BaseNode, End, GraphBuilder, GraphRunContext, StepContext

from lift_tui.holes import Candidate, apply_resolution, propagate, skip_hole, suggest
from lift_tui.ir import IR, Hole, HoleKind, HoleStatus

from .runner import register_graph, run_graph

NAME = "holes"
_KIND_ORDER = {
    HoleKind.type: 0,
    HoleKind.value: 1,
    HoleKind.expression: 1,
    HoleKind.precondition: 2,
    HoleKind.postcondition: 3,
    HoleKind.text: 4,
}


class HoleDecision(BaseModel):
    """The user's answer for one hole: accept a candidate, give a value, or skip."""

    hole: str
    action: Literal["accept", "give", "skip"]
    value: str | None = None
    source: str = "human"


class HoleGraphState(BaseModel):
    ir: IR
    use_model: bool = False
    top: int = 6
    auto_accept: float | None = None
    """Headless mode: accept the best candidate whose confidence is at least this; skip otherwise."""
    current: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    decisions: list[HoleDecision] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)


class HoleGraphOutput(BaseModel):
    status: Literal["awaiting_user", "complete"]
    ir: IR
    hole: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)


@dataclasses.dataclass
class HoleDeps:
    """Optional store: history candidates come from it and accepted values are recorded in it."""

    store: Any = None
    session_id: str | None = None


def next_hole(ir: IR) -> Hole | None:
    """Dependency order: holes whose dependencies are settled first, then by kind, then IR order."""
    open_holes = ir.open_holes()
    if not open_holes:
        return None
    open_ids = {h.identifier for h in open_holes}

    def key(item: tuple[int, Hole]) -> tuple[int, int, int]:
        index, hole = item
        blocked = any(d.removeprefix("?") in open_ids for d in hole.dependencies)
        return (int(blocked), _KIND_ORDER.get(hole.kind, 5), index)

    return min(enumerate(open_holes), key=key)[1]


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
        hole = next_hole(ctx.state.ir)
        if hole is None:
            ctx.state.current = None
            return End(HoleGraphOutput(status="complete", ir=ctx.state.ir, errors=ctx.state.errors))
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
    ) -> PropagateConstraints | CheckCompleteness:
        from lift_tui.holes import HoleError

        state, decision = ctx.state, self.decision
        hole = state.ir.hole(decision.hole)
        if hole is None or hole.status is not HoleStatus.open:
            state.errors.append(f"?{decision.hole} is not an open hole; decision ignored")
            return CheckCompleteness()
        if decision.action == "skip" or decision.value is None:
            state.ir = skip_hole(state.ir, decision.hole)
            state.decisions.append(decision)
            self._record(ctx, hole, "skipped")
            return CheckCompleteness()
        try:
            state.ir = apply_resolution(state.ir, decision.hole, decision.value, decision.source)
        except HoleError as error:
            state.errors.append(str(error))
            return CheckCompleteness()
        state.decisions.append(decision)
        self._record(ctx, hole, "accepted" if decision.action == "accept" else "given")
        return PropagateConstraints(hole=decision.hole)

    def _record(self, ctx: GraphRunContext[HoleGraphState, HoleDeps], hole: Hole, action: str) -> None:
        store, session = ctx.deps.store, ctx.deps.session_id
        if store is None or session is None:
            return
        from lift_tui.holes.history import record_accepted

        qualname = ctx.state.ir.metadata.qualname or ctx.state.ir.signature.name
        store.record_resolution(
            session,
            qualname,
            hole.identifier,
            action,
            self.decision.value,
            source=self.decision.source,
            ir=ctx.state.ir,
            cause=f"resolution:{hole.identifier}",
        )
        if action != "skipped" and self.decision.value is not None:
            record_accepted(store, ctx.state.ir, hole, self.decision.value, self.decision.source, session)


@dataclasses.dataclass
class PropagateConstraints(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    hole: str

    async def run(self, ctx: GraphRunContext[HoleGraphState, HoleDeps]) -> CheckCompleteness:
        import anyio

        state = ctx.state
        state.ir = await anyio.to_thread.run_sync(
            lambda: propagate(state.ir, self.hole, use_model=state.use_model)
        )
        return CheckCompleteness()


@dataclasses.dataclass
class CheckCompleteness(BaseNode[HoleGraphState, HoleDeps, HoleGraphOutput]):
    async def run(
        self, ctx: GraphRunContext[HoleGraphState, HoleDeps]
    ) -> SelectNextHole | End[HoleGraphOutput]:
        if not ctx.state.ir.open_holes():
            ctx.state.current = None
            ctx.state.candidates = []
            return End(HoleGraphOutput(status="complete", ir=ctx.state.ir, errors=ctx.state.errors))
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
        g.node(CheckCompleteness),
    )
    return g.build()


register_graph(NAME, build_graph, deps_factory=HoleDeps)


def run_holes(
    store: Any,
    session_id: str,
    state: HoleGraphState,
    decision: HoleDecision | None = None,
    on_event: Any = None,
    *,
    history: bool = True,
) -> HoleGraphOutput:
    """One leg of the loop, journaled in ``session_id``: apply ``decision`` (if any) and run until the
    next hole needs the user, or every hole is settled."""
    deps = HoleDeps(store=store if history else None, session_id=session_id)
    return run_graph(store, session_id, NAME, state, decision, on_event, deps=deps)
