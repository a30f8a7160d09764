"""Run pydantic-graph 2.x graphs so that a run killed anywhere resumes where it stopped.

pydantic-graph 2.x has no state persistence, and its public iteration API cannot
see a fork mid-flight (join reducers and join-started tasks stay inside the runner),
so this runner journals instead of snapshotting the frontier: every step of the
builder graph (``GraphBuilder`` steps and ``BaseNode`` classes added with
``g.node(...)``/``.to(NodeClass)``) is wrapped so that, when it completes, its output
and the state right after it are written to the store in one transaction. On resume
the graph runs again from its start with the last saved state; a step whose journal
entry exists returns the saved output without running, so nothing completed runs
twice and parallel branches (broadcast fork -> join) resume correctly.

Rules for graphs run here: the state is a Pydantic model; step outputs and graph
inputs/outputs are JSON-serialisable by Pydantic (their type hints are used to decode
them); steps are idempotent (one that was running when the process died runs again);
decisions, transforms and reducers are pure (they run again on resume). Steps that
mutate the state should do so after their last ``await``, or a parallel sibling's
snapshot may capture a half-done mutation.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import importlib
import json
import time
import warnings
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, get_type_hints

from .events import GraphEvent, GraphFailed, GraphFinished, NodeFinished, NodeStarted

if TYPE_CHECKING:
    from pydantic_graph import Graph, Step

    from lift_tui.store import StepRecord, Store

EventCallback = Callable[[GraphEvent], None]
Render = Callable[[Any, str, "list[StepRecord]"], dict[str, Any]]
OnComplete = Callable[["Store", str, int, Any], None]

# Graphs whose module registers them on import, so a fresh process (``sessions resume``) finds them.
GRAPH_MODULES: dict[str, str] = {
    "forward": "lift_tui.graphs.forward",
    "holes": "lift_tui.graphs.holes",
}


class GraphNotRegistered(LookupError):
    """No graph of that name is known to this program."""


@dataclasses.dataclass(frozen=True)
class GraphSpec:
    name: str
    factory: Callable[[], Graph[Any, Any, Any, Any]]
    deps_factory: Callable[[], Any] | None = None
    render: Render | None = None
    on_complete: OnComplete | None = None

    def deps(self) -> Any:
        """The graph's default dependencies (None if it declares no factory)."""
        return self.deps_factory() if self.deps_factory is not None else None


_REGISTRY: dict[str, GraphSpec] = {}


def register_graph(
    name: str,
    factory: Callable[[], Graph[Any, Any, Any, Any]],
    *,
    deps_factory: Callable[[], Any] | None = None,
    render: Render | None = None,
    on_complete: OnComplete | None = None,
) -> None:
    """Make ``name`` runnable and resumable. ``render(output, session_id, steps)`` shapes resume's JSON.

    ``on_complete(store, session_id, run_id, output)`` keeps what a finished run produced (e.g. the
    IR and code as session artifacts). It runs on every path that finishes a run — first run or
    resume — before the run is marked complete, so a process killed in between runs it again on
    resume: it must be idempotent (key what it saves by ``run_id``).
    """
    _REGISTRY[name] = GraphSpec(name, factory, deps_factory, render, on_complete)


def registered_graph(name: str) -> GraphSpec:
    if name not in _REGISTRY and name in GRAPH_MODULES:
        try:
            importlib.import_module(GRAPH_MODULES[name])
        except ImportError as error:  # name the broken module instead of "no graph named ..."
            raise GraphNotRegistered(f"graph {name!r} cannot be loaded: {error}") from error
    if name not in _REGISTRY:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise GraphNotRegistered(f"no graph named {name!r} is registered in this lift-tui (known: {known})")
    return _REGISTRY[name]


def default_render(output: Any, session_id: str, steps: list[StepRecord]) -> dict[str, Any]:
    from pydantic_core import to_jsonable_python

    return {
        "session": session_id,
        "output": to_jsonable_python(output, fallback=repr),
        "trace": [{"node": s.node_id, "seconds": s.seconds} for s in steps],
    }


# -- encoding of inputs/outputs --------------------------------------------------------------


def _node_classes(graph: Graph[Any, Any, Any, Any]) -> dict[str, type]:
    from pydantic_graph.step import NodeStep

    return {node_id: node.node_type for node_id, node in graph.nodes.items() if isinstance(node, NodeStep)}


def _encode(value: Any, hint: Any) -> Any:
    """A JSON-able, tagged form of a step output; BaseNode/End are tagged so they decode exactly."""
    from pydantic import TypeAdapter
    from pydantic_graph import BaseNode, End, JoinNode, StepNode

    if isinstance(value, StepNode | JoinNode):
        raise TypeError("the persistent runner cannot journal StepNode/JoinNode hand-offs; use edges instead")
    if isinstance(value, BaseNode):
        fields = (
            TypeAdapter(type(value)).dump_python(value, mode="json")
            if dataclasses.is_dataclass(value)
            else {}
        )
        return {"node": type(value).get_node_id(), "fields": fields}
    if isinstance(value, End):
        return {"end": TypeAdapter(Any).dump_python(value.data, mode="json")}
    return {"value": TypeAdapter(hint).dump_python(value, mode="json")}


def _decode(data: Any, hint: Any, graph: Graph[Any, Any, Any, Any]) -> Any:
    from pydantic import TypeAdapter
    from pydantic_graph import End

    if "node" in data:
        cls = _node_classes(graph).get(data["node"])
        if cls is None:
            raise ValueError(f"saved node {data['node']!r} is not part of this graph any more")
        if dataclasses.is_dataclass(cls):
            return TypeAdapter(cls).validate_python(data["fields"])
        return cls()
    if "end" in data:
        return End(TypeAdapter(graph.output_type).validate_python(data["end"]))
    return TypeAdapter(hint).validate_python(data["value"])


def _return_hint(step: Step[Any, Any, Any, Any]) -> Any:
    from pydantic_graph.step import NodeStep

    if isinstance(step, NodeStep):
        return Any
    try:
        return get_type_hints(step.call).get("return", Any)
    except Exception:  # unresolvable forward references: fall back to plain JSON
        return Any


def _digest(value: Any) -> str:
    from pydantic_core import to_json

    return hashlib.sha256(to_json(value, fallback=repr)).hexdigest()[:16]


# -- the journaling wrapper ------------------------------------------------------------------


class _Journal:
    """Wraps each step: replay a journaled output, or run it and journal output + state atomically."""

    def __init__(
        self,
        store: Store,
        run_id: int,
        session_id: str,
        graph: Graph[Any, Any, Any, Any],
        state: Any,
        entries: dict[str, str],
        on_event: EventCallback | None,
    ) -> None:
        self.store, self.run_id, self.session_id = store, run_id, session_id
        self.graph, self.state, self.entries, self.on_event = graph, state, entries, on_event
        self.counts: Counter[tuple[str, str]] = Counter()
        self.running: list[str] = []

    def emit(self, event: GraphEvent) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception as error:  # a broken display must not break the run
            warnings.warn(f"graph event callback failed: {error!r}", stacklevel=2)

    def wrap(self, step: Step[Any, Any, Any, Any]) -> Callable[[Any], Any]:
        hint = _return_hint(step)

        async def call(ctx: Any) -> Any:
            digest = _digest(ctx.inputs)
            occurrence = self.counts[(step.id, digest)]
            self.counts[(step.id, digest)] += 1
            key = f"{step.id}:{digest}:{occurrence}"
            if key in self.entries:
                return _decode(json.loads(self.entries[key]), hint, self.graph)
            self.running.append(step.id)
            try:
                self.store.set_current_node(self.run_id, ", ".join(self.running))
                self.emit(NodeStarted(step.id, self.session_id))
                started = time.perf_counter()
                output = await step.call(ctx)
                seconds = time.perf_counter() - started
            finally:
                self.running.remove(step.id)
            encoded = json.dumps(_encode(output, hint))
            self.store.record_step(
                self.run_id,
                step.id,
                key,
                encoded,
                self.state.model_dump_json(),
                seconds,
                ", ".join(self.running) or None,
            )
            self.entries[key] = encoded
            self.emit(NodeFinished(step.id, seconds, self.session_id))
            return output

        return call

    def wrapped_graph(self) -> Graph[Any, Any, Any, Any]:
        from pydantic_graph import Step

        nodes = dict(self.graph.nodes)
        for node_id, node in self.graph.nodes.items():
            if isinstance(node, Step):
                clone = copy.copy(node)
                clone._call = self.wrap(node)
                nodes[node_id] = clone
        return dataclasses.replace(self.graph, nodes=nodes)


async def _execute(
    store: Store,
    spec: GraphSpec,
    graph: Graph[Any, Any, Any, Any],
    run_id: int,
    session_id: str,
    state: Any,
    inputs: Any,
    deps: Any,
    on_event: EventCallback | None,
) -> Any:
    from lift_tui.store import SessionStatus

    journal = _Journal(store, run_id, session_id, graph, state, store.journal(run_id), on_event)
    try:
        output = await journal.wrapped_graph().run(state=state, deps=deps, inputs=inputs, infer_name=False)
    except BaseException as error:
        interrupted = not isinstance(error, Exception)
        status = SessionStatus.interrupted if interrupted else SessionStatus.failed
        message = f"{type(error).__name__}: {error}"
        try:
            store.finish_run(run_id, status, error=message)
        finally:
            journal.emit(GraphFailed(message, interrupted, session_id))
        raise
    if spec.on_complete is not None:
        spec.on_complete(store, session_id, run_id, output)
    encoded = json.dumps({"value": _adapter(graph.output_type).dump_python(output, mode="json")})
    store.finish_run(run_id, SessionStatus.complete, output=encoded)
    journal.emit(GraphFinished(output, session_id))
    return output


def _adapter(hint: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(hint)


def _check_state(state: Any) -> None:
    from pydantic import BaseModel

    if not isinstance(state, BaseModel):
        raise TypeError(f"graph state must be a Pydantic model to be saved, not {type(state).__name__}")


async def arun_graph(
    store: Store,
    session_id: str,
    name: str,
    state: Any,
    start_node: Any = None,
    on_event: EventCallback | None = None,
    *,
    deps: Any = None,
) -> Any:
    """Start graph ``name`` in the session; ``start_node`` is the graph's input (a node or a value)."""
    spec = registered_graph(name)
    graph = spec.factory()
    _check_state(state)
    deps = spec.deps() if deps is None else deps
    session_id = store.resolve_id(session_id)
    inputs = json.dumps(_encode(start_node, graph.input_type))
    run_id = store.start_run(session_id, name, inputs, state.model_dump_json())
    return await _execute(store, spec, graph, run_id, session_id, state, start_node, deps, on_event)


async def aresume_graph(
    store: Store, session_id: str, on_event: EventCallback | None = None, *, deps: Any = None
) -> Any:
    """Finish the latest run from its last completed node; a complete run returns its saved output."""
    from lift_tui.store import SessionStatus, StoreError, StoreErrorKind

    session_id = store.resolve_id(session_id)
    run = store.latest_run(session_id)
    if run is None:
        raise StoreError(f"session {session_id} has no graph run to resume", StoreErrorKind.not_found)
    spec = registered_graph(run.graph)
    graph = spec.factory()
    if run.status is SessionStatus.complete:
        output = store.run_payload(run.id)["output"]
        return _adapter(graph.output_type).validate_python(json.loads(output or "{}").get("value"))
    store.claim_run(session_id)
    payload = store.run_payload(run.id)
    state = graph.state_type.model_validate_json(payload["state"] or "{}")
    inputs = _decode(json.loads(payload["inputs"] or "{}"), graph.input_type, graph)
    deps = spec.deps() if deps is None else deps
    return await _execute(store, spec, graph, run.id, session_id, state, inputs, deps, on_event)


def run_graph(
    store: Store,
    session_id: str,
    name: str,
    state: Any,
    start_node: Any = None,
    on_event: EventCallback | None = None,
    *,
    deps: Any = None,
) -> Any:
    """Blocking :func:`arun_graph` (for threads and the CLI; use ``arun_graph`` inside an event loop)."""
    import anyio

    return anyio.run(partial(arun_graph, store, session_id, name, state, start_node, on_event, deps=deps))


def resume_graph(
    store: Store, session_id: str, on_event: EventCallback | None = None, *, deps: Any = None
) -> Any:
    """Blocking :func:`aresume_graph`."""
    import anyio

    return anyio.run(partial(aresume_graph, store, session_id, on_event, deps=deps))
