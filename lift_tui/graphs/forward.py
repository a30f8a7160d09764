"""The forward graph: prompt → IR with typed holes → z3 → code → validated code.

ExtractIntent → GenerateSignature ∥ ExtractConstraints → MergeToIR → DetectHoles →
ValidateIR → GenerateCode → ValidateCode, built with pydantic-graph's builder API and run
by the persistent runner (registered as ``"forward"``), so a killed run resumes from its
last completed step. The steps call :mod:`lift_tui.forward.steps`; blocking work runs in
a worker thread so the two parallel branches and the caller's event loop stay live.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field
from pydantic_graph import GraphBuilder, StepContext

from lift_tui.forward import steps
from lift_tui.forward.codegen import CodegenResult, Validator, generate_code
from lift_tui.forward.model_calls import Engine
from lift_tui.forward.result import ForwardResult, TraceEntry
from lift_tui.forward.steps import ModelAnswer
from lift_tui.forward.validation import validate, with_counterexample
from lift_tui.ir import IR

from .runner import register_graph

NAME = "forward"


class ForwardState(BaseModel):
    """What the run carries between steps; saved after every step."""

    prompt: str
    generate_code: bool = True
    best_of: int = 8
    """How many candidates to sample (``Settings.forward_candidates`` unless given)."""
    temperature: float = 0.8
    intent: ModelAnswer | None = None
    drafts: list[str] | None = None
    """Whole functions the signature step sampled (the model's own arity); reused as code candidates."""
    errors: list[str] = Field(default_factory=list)


class MergedIR(BaseModel):
    ir: IR
    rejected: list[dict[str, str]] = Field(default_factory=list)


class CheckedIR(BaseModel):
    ir: IR
    check: dict[str, Any] = Field(default_factory=dict)


class GeneratedCode(BaseModel):
    ir: IR
    check: dict[str, Any] = Field(default_factory=dict)
    code: CodegenResult | None = None


@dataclasses.dataclass
class ForwardDeps:
    """The model (loaded lazily, None when it cannot load) and the code validator."""

    engine_factory: Callable[[], Engine | None]
    validate: Validator = validate
    counterexample_budget_s: float | None = None
    """CrossHair's time per search; None reads the settings."""
    settings: Any = None
    """The start-up ``Settings`` (candidates, temperature); None: the process settings (library use)."""
    _engine: Any = dataclasses.field(default=None, repr=False)
    _tried: bool = False
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False)

    def engine(self) -> Engine | None:
        """Load once; the parallel branches call this from worker threads, so it is locked."""
        with self._lock:
            if not self._tried:
                self._tried = True
                self._engine = self.engine_factory()
            return self._engine


def default_engine(settings: Any = None) -> Engine | None:
    """The embedded (or configured) model, loaded; None if it cannot load (holes instead of guesses)."""
    from lift_tui.llm.engine import get_engine
    from lift_tui.settings import get_settings

    settings = settings or get_settings()
    engine = get_engine(settings.model, settings.cache_dir)
    engine.load()
    return engine


def default_deps() -> ForwardDeps:
    return ForwardDeps(engine_factory=default_engine)


async def _thread(fn: Callable[..., Any], *args: Any) -> Any:
    import anyio

    return await anyio.to_thread.run_sync(fn, *args)


def build_graph():  # noqa: ANN201 - the builder's generic type is long
    g = GraphBuilder(
        state_type=ForwardState, deps_type=ForwardDeps, input_type=str, output_type=ForwardResult
    )

    @g.step
    async def extract_intent(ctx: StepContext[ForwardState, ForwardDeps, str]) -> str:
        try:
            engine = await _thread(ctx.deps.engine)
        except Exception as error:  # noqa: BLE001 - a model that cannot load leaves holes
            engine = None
            ctx.state.errors.append(f"model unavailable: {error}")
        answer = await _thread(steps.extract_intent, engine, ctx.inputs)
        ctx.state.intent = answer
        return ctx.inputs

    @g.step
    async def generate_signature(ctx: StepContext[ForwardState, ForwardDeps, str]) -> ModelAnswer:
        state = ctx.state
        return await _thread(lambda: steps.generate_signature(
            _engine_or_none(ctx.deps), ctx.inputs, state.best_of, state.temperature))

    @g.step
    async def extract_constraints(ctx: StepContext[ForwardState, ForwardDeps, str]) -> ModelAnswer:
        return await _thread(lambda: steps.extract_constraints(_engine_or_none(ctx.deps), ctx.inputs))

    collect = g.join(collect_by_kind, initial_factory=list[ModelAnswer])

    @g.step
    async def merge_to_ir(ctx: StepContext[ForwardState, ForwardDeps, list[ModelAnswer]]) -> MergedIR:
        intent = ctx.state.intent or ModelAnswer(kind="intent", error="missing")
        ir, rejected = steps.merge_to_ir(ctx.state.prompt, intent, ctx.inputs)
        signature = next((a for a in ctx.inputs if a.kind == "signature"), None)
        ctx.state.drafts = signature.data.get("drafts") if signature is not None else None
        return MergedIR(ir=ir, rejected=[dataclasses.asdict(r) for r in rejected])

    @g.step
    async def detect_holes(ctx: StepContext[ForwardState, ForwardDeps, MergedIR]) -> IR:
        return steps.detect_holes(ctx.inputs.ir, ctx.inputs.rejected)

    @g.step
    async def validate_ir(ctx: StepContext[ForwardState, ForwardDeps, IR]) -> CheckedIR:
        ir, check = await _thread(steps.validate_ir, ctx.inputs)
        return CheckedIR(ir=ir, check=check)

    @g.step(node_id="generate_code")
    async def generate_code_step(ctx: StepContext[ForwardState, ForwardDeps, CheckedIR]) -> GeneratedCode:
        engine = await _thread(_engine_or_none, ctx.deps)  # a resume may load the model here
        if not ctx.state.generate_code or engine is None:
            return GeneratedCode(ir=ctx.inputs.ir, check=ctx.inputs.check)
        state = ctx.state
        result = await _thread(lambda: generate_code(
            ctx.inputs.ir, engine, ctx.deps.validate, n=state.best_of, temperature=state.temperature,
            functions=state.drafts,
        ))
        if result.ir is None:
            return GeneratedCode(ir=ctx.inputs.ir, check=ctx.inputs.check, code=result)
        # the code took the model's own parameter names: check the renamed IR again (z3 names them)
        ir, check = await _thread(steps.validate_ir, result.ir)
        return GeneratedCode(ir=ir, check=check, code=result.model_copy(update={"ir": None}))

    @g.step
    async def validate_code(ctx: StepContext[ForwardState, ForwardDeps, GeneratedCode]) -> ForwardResult:
        made = ctx.inputs
        errors = list(ctx.state.errors)
        if made.code is None:
            return ForwardResult(ir=made.ir, check=made.check, errors=errors)
        validation = await _thread(ctx.deps.validate, made.ir, made.code.code)
        if _worth_a_search(made.ir):  # CrossHair looks for an input that breaks a postcondition
            validation = await _thread(
                with_counterexample, validation, made.ir, made.code.code,
                ctx.deps.counterexample_budget_s or _process_settings().counterexample_budget_s,
            )
        validation["candidates"] = [c.model_dump(mode="json") for c in made.code.candidates]
        return ForwardResult(ir=made.ir, code=made.code.code, validation=validation, check=made.check,
                             errors=errors)

    g.add(
        g.edge_from(g.start_node).to(extract_intent),
        g.edge_from(extract_intent).to(generate_signature, extract_constraints),
        g.edge_from(generate_signature, extract_constraints).to(collect),
        g.edge_from(collect).to(merge_to_ir),
        g.edge_from(merge_to_ir).to(detect_holes),
        g.edge_from(detect_holes).to(validate_ir),
        g.edge_from(validate_ir).to(generate_code_step),
        g.edge_from(generate_code_step).to(validate_code),
        g.edge_from(validate_code).to(g.end_node),
    )
    return g.build()


def _worth_a_search(ir: IR) -> bool:
    """A postcondition beyond the return type's isinstance check (selection already ran the code on
    drawn inputs and checked that one); only those are worth CrossHair's seconds."""
    from lift_tui.forward.assemble import RETURN_TYPE_DETAIL

    return any(a.provenance.detail != RETURN_TYPE_DETAIL for a in ir.postconditions)


def _process_settings() -> Any:
    """Only for library use without deps: the service passes the start-up settings in the deps."""
    from lift_tui.settings import get_settings

    return get_settings()


def collect_by_kind(current: list[ModelAnswer], answer: ModelAnswer) -> list[ModelAnswer]:
    """Join the parallel branches in a fixed order (by kind), not in the order they finished.

    The join's output is the next step's input, and the persistent runner replays a step by the
    digest of its input: a completion-order list would differ between a run and its resume and
    make ``merge_to_ir`` run twice.
    """
    return sorted([*current, answer], key=lambda a: a.kind)


def _engine_or_none(deps: ForwardDeps) -> Engine | None:
    try:
        return deps.engine()
    except Exception:  # noqa: BLE001 - already reported by extract_intent
        return None


def render(output: Any, session_id: str, step_records: list[Any]) -> dict[str, Any]:
    """``sessions resume`` prints the same JSON as ``forward --json``."""
    result = output if isinstance(output, ForwardResult) else ForwardResult.model_validate(output)
    result = result.model_copy(update={
        "session": session_id,
        "trace": [TraceEntry(node=s.node_id, seconds=round(s.seconds, 3)) for s in step_records],
    })
    return result.model_dump(mode="json")


def keep_artifacts(store: Any, session_id: str, run_id: int, output: Any) -> None:
    """Save the finished run's IR and code to the session, once per run (first run or resume).

    Keyed by the run id in the IR version's cause, so a resume after a kill between this save
    and the run's completion does not save twice; a missing code artifact is added on its own.
    """
    result = output if isinstance(output, ForwardResult) else ForwardResult.model_validate(output)
    if result.ir is None:
        return
    cause = f"node:forward run {run_id}"
    key = result.ir.metadata.qualname or result.ir.signature.name
    version = next((v for v in store.ir_history(session_id, key) if v.cause == cause), None)
    if version is None:
        version = store.save_ir(session_id, result.ir, cause, key=key)
    if result.code is None:
        return
    if any(a.ir_version == version.version for a in store.code_artifacts(session_id, key)):
        return
    store.save_code(session_id, key, result.code, result.validation, version.version)


register_graph(NAME, build_graph, deps_factory=default_deps, render=render, on_complete=keep_artifacts)


def run_forward(
    prompt: str,
    *,
    store: Any = None,
    generate_code: bool = True,
    on_event: Callable[[Any], None] | None = None,
    deps: ForwardDeps | None = None,
    best_of: int | None = None,
    session_id: str | None = None,
) -> ForwardResult:
    """Run the forward graph in ``session_id`` (a new session when None); its IR and code are saved
    by :func:`keep_artifacts`."""
    from lift_tui.store import open_store

    from .events import NodeFinished
    from .runner import run_graph

    prompt = prompt.strip()
    if not prompt:
        raise ValueError("the prompt is empty: describe the function you want")
    own = store is None
    store = open_store() if own else store
    trace: list[TraceEntry] = []

    def relay(event: Any) -> None:
        if isinstance(event, NodeFinished):
            trace.append(TraceEntry(node=event.node, seconds=round(event.seconds, 3)))
        if on_event is not None:
            on_event(event)

    try:
        if session_id is None:
            session = store.create_session(prompt[:80], origin="forward")
        else:
            session = store.get_session(session_id)
        deps = deps or default_deps()
        settings = deps.settings or _process_settings()
        state = ForwardState(
            prompt=prompt, generate_code=generate_code, best_of=best_of or settings.forward_candidates,
            temperature=settings.forward_temperature,
        )
        result: ForwardResult = run_graph(
            store, session.id, NAME, state, prompt, relay, deps=deps
        )
        return result.model_copy(update={"session": session.id, "trace": trace})
    finally:
        if own:
            store.close()
