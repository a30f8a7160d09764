"""The persistent runner in-process: real parallel branches, events, failure then resume, registry."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest
from pydantic import BaseModel, Field
from pydantic_graph import GraphBuilder, StepContext, reduce_list_append

from lift_tui.graphs.events import GraphFailed, GraphFinished, NodeFinished, NodeStarted
from lift_tui.graphs.runner import (
    GraphNotRegistered,
    arun_graph,
    register_graph,
    registered_graph,
    resume_graph,
    run_graph,
)
from lift_tui.store import SessionStatus, Store


class ForkState(BaseModel):
    spans: dict[str, list[float]] = Field(default_factory=dict)
    fail_in_b: bool = False
    calls: list[str] = Field(default_factory=list)


def build_fork_graph() -> Any:
    g = GraphBuilder(state_type=ForkState, input_type=int, output_type=list[int])

    async def branch(ctx: StepContext[ForkState, None, int], name: str, delta: int) -> int:
        started = time.monotonic()
        failing = name == "b" and ctx.state.fail_in_b
        await anyio.sleep(0.5 if failing else 0.3)  # a is saved before b fails
        if failing:
            raise RuntimeError("b broke")
        ctx.state.spans[name] = [started, time.monotonic()]
        ctx.state.calls.append(name)
        return ctx.inputs + delta

    @g.step
    async def a(ctx: StepContext[ForkState, None, int]) -> int:
        return await branch(ctx, "a", 1)

    @g.step
    async def b(ctx: StepContext[ForkState, None, int]) -> int:
        return await branch(ctx, "b", 2)

    collect = g.join(reduce_list_append, initial_factory=list[int])

    @g.step
    async def total(ctx: StepContext[ForkState, None, list[int]]) -> list[int]:
        ctx.state.calls.append("total")
        return sorted(ctx.inputs)

    g.add(
        g.edge_from(g.start_node).to(a, b),
        g.edge_from(a, b).to(collect),
        g.edge_from(collect).to(total),
        g.edge_from(total).to(g.end_node),
    )
    return g.build()


register_graph("test-fork", build_fork_graph)


def test_parallel_branches_run_concurrently_and_are_saved(store: Store) -> None:
    sid = store.create_session("fork", "forward").id
    events: list[Any] = []
    output = run_graph(store, sid, "test-fork", ForkState(), 10, events.append)
    assert output == [11, 12]
    run = store.latest_run(sid)
    assert run is not None and run.status is SessionStatus.complete and run.completed_nodes == 3
    state = ForkState.model_validate_json(store.run_payload(run.id)["state"] or "")
    (a0, a1), (b0, b1) = state.spans["a"], state.spans["b"]
    assert a0 < b1 and b0 < a1, "the two branches did not overlap"
    started = [e.node for e in events if isinstance(e, NodeStarted)]
    finished = [e.node for e in events if isinstance(e, NodeFinished)]
    assert sorted(started) == sorted(finished) == ["a", "b", "total"]
    assert started[:2] in (["a", "b"], ["b", "a"]) and isinstance(events[-1], GraphFinished)
    assert events[-1].output == [11, 12] and events[-1].session_id == sid


def test_failed_node_marks_the_run_failed_and_resume_finishes_it(store: Store) -> None:
    sid = store.create_session("fails", "forward").id
    events: list[Any] = []
    with pytest.raises(RuntimeError, match="b broke"):
        run_graph(store, sid, "test-fork", ForkState(fail_in_b=True), 10, events.append)
    assert isinstance(events[-1], GraphFailed) and "b broke" in events[-1].error
    info = store.get_session(sid)
    assert info.status is SessionStatus.failed
    run = store.latest_run(sid)
    assert run is not None and "b broke" in (run.error or "")
    # Fix the cause in the saved state (as a user fixing input would), then resume.
    saved = ForkState.model_validate_json(store.run_payload(run.id)["state"] or "")
    saved.fail_in_b = False
    store.connection.conn.execute(
        "UPDATE graph_runs SET state = ? WHERE id = ?", (saved.model_dump_json(), run.id)
    )
    assert resume_graph(store, sid) == [11, 12]
    final = ForkState.model_validate_json(store.run_payload(run.id)["state"] or "")
    assert final.calls.count("a") == 1, "a completed before the failure and must not run again"
    assert store.get_session(sid).status is SessionStatus.complete


def test_cancelled_run_is_interrupted(store: Store) -> None:
    sid = store.create_session("cancel", "forward").id

    async def main() -> None:
        with anyio.move_on_after(0.1):
            await arun_graph(store, sid, "test-fork", ForkState(), 1)

    anyio.run(main)
    assert store.get_session(sid).status is SessionStatus.interrupted
    assert resume_graph(store, sid) == [2, 3]


def test_unknown_graph_and_non_model_state(store: Store) -> None:
    sid = store.create_session("x", "forward").id
    with pytest.raises(GraphNotRegistered, match="no graph named 'nope'"):
        registered_graph("nope")
    with pytest.raises(TypeError, match="Pydantic model"):
        run_graph(store, sid, "test-fork", {"not": "a model"}, 1)
    assert store.latest_run(sid) is None
