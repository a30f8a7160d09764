"""A small real graph for the runner tests: a linear start, a parallel fork/join, then BaseNode classes.

Every step appends ``start NAME`` / ``done NAME`` lines to the log file named in the state, so a
test can check that nothing completed ran twice. ``LIFT_TEST_PAUSE_AT=NAME`` makes that step
announce itself (file ``reached-NAME`` in ``LIFT_TEST_DIR``) and block, so a test can SIGKILL the
process in the middle of exactly that step.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_graph import BaseNode, End, GraphBuilder, GraphRunContext, StepContext, reduce_list_append

from lift_tui.graphs.runner import register_graph

NAME = "sample"


class SampleState(BaseModel):
    log_path: str
    prompt: str = "x"
    done: dict[str, str] = Field(default_factory=dict)


def _enter(state: SampleState, name: str) -> None:
    with open(state.log_path, "a") as log:
        log.write(f"start {name}\n")
    if os.environ.get("LIFT_TEST_PAUSE_AT") == name:
        folder = Path(os.environ["LIFT_TEST_DIR"])
        (folder / f"reached-{name}").write_text(str(os.getpid()))
        while not (folder / "go").exists():
            time.sleep(0.01)


def _leave(state: SampleState, name: str, value: str) -> None:
    state.done[name] = value
    with open(state.log_path, "a") as log:
        log.write(f"done {name}\n")


@dataclass
class Check(BaseNode[SampleState, None, str]):
    items: list[str]

    async def run(self, ctx: GraphRunContext[SampleState, None]) -> Finish:
        _enter(ctx.state, "Check")
        _leave(ctx.state, "Check", "+".join(self.items))
        return Finish(count=len(self.items))


@dataclass
class Finish(BaseNode[SampleState, None, str]):
    count: int

    async def run(self, ctx: GraphRunContext[SampleState, None]) -> End[str]:
        _enter(ctx.state, "Finish")
        _leave(ctx.state, "Finish", str(self.count))
        return End(f"{ctx.state.prompt}:{self.count}:{sorted(ctx.state.done)}")


def build_graph():  # noqa: ANN201 - the builder's generic type is long
    g = GraphBuilder(state_type=SampleState, input_type=str, output_type=str)

    @g.step
    async def intent(ctx: StepContext[SampleState, None, str]) -> str:
        _enter(ctx.state, "intent")
        _leave(ctx.state, "intent", ctx.inputs.upper())
        return ctx.inputs.upper()

    @g.step
    async def signature(ctx: StepContext[SampleState, None, str]) -> str:
        _enter(ctx.state, "signature")
        _leave(ctx.state, "signature", f"sig({ctx.inputs})")
        return f"sig({ctx.inputs})"

    @g.step
    async def constraints(ctx: StepContext[SampleState, None, str]) -> str:
        _enter(ctx.state, "constraints")
        _leave(ctx.state, "constraints", f"pre({ctx.inputs})")
        return f"pre({ctx.inputs})"

    collect = g.join(reduce_list_append, initial_factory=list[str])

    @g.step
    async def merge(ctx: StepContext[SampleState, None, list[str]]) -> Check:
        _enter(ctx.state, "merge")
        items = sorted(ctx.inputs)
        _leave(ctx.state, "merge", ",".join(items))
        return Check(items=items)

    g.add(
        g.edge_from(g.start_node).to(intent),
        g.edge_from(intent).to(signature, constraints),
        g.edge_from(signature, constraints).to(collect),
        g.edge_from(collect).to(merge),
        g.node(Check),
        g.node(Finish),
    )
    return g.build()


register_graph(NAME, build_graph)
