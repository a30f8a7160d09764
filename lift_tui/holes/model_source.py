"""Candidates from the local model: the HoleSuggestion DSPy program, with few-shot examples taken
from this user's accepted resolutions, and the optimised program when ``lift-tui optimize`` saved one.

The LM is built once per process and used through ``dspy.context`` (not ``dspy.configure``), so
the TUI's worker threads can call in. A generation failure costs the model's candidates for that
hole, never the static ones: it is kept in :data:`last_error` and the caller carries on.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from lift_tui.ir import IR, Hole

from .describe import hole_text, specification_text
from .models import Candidate, CandidateSource

PROGRAM = "hole_suggestion"
MODEL_CONFIDENCE_SCALE = 0.4
"""A 135M model's self-reported confidence is not calibrated; it is scaled down before merging."""

_LOCK = threading.Lock()
_LM: Any = None
_SETTINGS: Any = None
last_error: str | None = None


def configure(settings: Any) -> None:
    """Start-up hands its settings down: the LM and the compiled program's path follow them."""
    global _SETTINGS, _LM
    with _LOCK:
        if _SETTINGS is not None and (_SETTINGS.model, _SETTINGS.cache_dir) != (settings.model,
                                                                                 settings.cache_dir):
            _LM = None  # another model: build its LM on next use
        _SETTINGS = settings


def program_path() -> Path:
    if _SETTINGS is not None:
        return _SETTINGS.program_dir() / f"{PROGRAM}.json"
    from lift_tui.settings import get_settings

    return get_settings().program_dir() / f"{PROGRAM}.json"


def ensure_model() -> Any:
    """The DSPy LM for the configured model (embedded or served), loaded once; raises if it cannot load."""
    global _LM
    with _LOCK:
        if _LM is None:
            from lift_tui.llm.lm import build_lm

            _LM = build_lm(_SETTINGS)
        return _LM


def use_lm(lm: Any) -> None:
    """Use an LM built elsewhere (tests share one loaded engine)."""
    global _LM
    with _LOCK:
        _LM = lm


def load_hole_program() -> Any:
    """The optimised program if one was saved, else the seeded one."""
    from lift_tui.llm.programs import ProgramFileError, build_program, load_program

    path = program_path()
    if path.exists():
        try:
            return load_program(PROGRAM, path)
        except ProgramFileError:
            pass
    return build_program(PROGRAM)


def history_demos(store: Any, ir: IR, hole: Hole, limit: int = 2) -> list[Any]:
    """DSPy examples from this user's accepted resolutions, nearest slot first."""
    if store is None:
        return []
    from .history import PROGRAM as STORED
    from .history import accepted_demo, slot_key

    key = slot_key(ir, hole)
    rows = [e for e in store.examples(program=STORED) if e.inputs.get("specification")]
    rows.sort(key=lambda e: (e.inputs.get("slot") != key, e.inputs.get("kind") != hole.kind.value, -e.id))
    demos = (accepted_demo(row) for row in rows[:limit])
    return [demo for demo in demos if demo is not None]


def model_candidates(ir: IR, hole: Hole, store: Any = None) -> list[Candidate]:
    """Up to four model candidates (empty, with :data:`last_error` set, if the model fails)."""
    global last_error
    try:
        lm = ensure_model()
        from lift_tui.llm.adapter import CompactJSONAdapter
        from lift_tui.llm.dspy_setup import import_dspy

        dspy = import_dspy()
        program = load_hole_program()
        extra = history_demos(store, ir, hole)
        if extra:
            for predictor in program.predictors():
                predictor.demos = [*extra, *predictor.demos][:3]
        with dspy.context(lm=lm, adapter=CompactJSONAdapter()):
            prediction = program(specification=specification_text(ir), hole=hole_text(hole))
        suggestions = prediction.suggestions
    except Exception as error:  # noqa: BLE001 - the model is an optional source; static ones remain
        last_error = f"{type(error).__name__}: {error}"
        return []
    last_error = None
    found: list[Candidate] = []
    for item in suggestions.candidates:
        found.append(
            Candidate(
                value=item.value.strip(),
                rationale=item.rationale,
                confidence=round(item.confidence * MODEL_CONFIDENCE_SCALE, 3),
                source=CandidateSource.model,
                evidence=["model"],
            )
        )
    return found


def dependent_constraints(ir: IR, resolved: Hole, dependents: list[Hole]) -> dict[str, list[str]]:
    """InferDependentConstraints: expressions the resolution implies for each dependent hole.

    Only expressions that parse and read nothing but the function's parameters (and ``result``)
    are kept; a model failure gives no constraints and sets :data:`last_error`.
    """
    global last_error
    if not dependents or resolved.resolution is None:
        return {}
    try:
        lm = ensure_model()
        from lift_tui.llm.adapter import CompactJSONAdapter
        from lift_tui.llm.dspy_setup import import_dspy
        from lift_tui.llm.programs import build_program

        dspy = import_dspy()
        program = build_program("infer_dependent_constraints")
        with dspy.context(lm=lm, adapter=CompactJSONAdapter()):
            prediction = program(
                resolved=f"{resolved.reference} = {resolved.resolution.value}",
                dependents="\n".join(hole_text(h) for h in dependents),
            )
        implied = prediction.implied.constraints
    except Exception as error:  # noqa: BLE001 - optional source, as above
        last_error = f"{type(error).__name__}: {error}"
        return {}
    from lift_tui.analysis.typetext import BUILTIN_NAMES, free_names, parse_expr

    allowed = {p.name for p in ir.signature.parameters} | BUILTIN_NAMES | {"result"}
    wanted = {h.identifier for h in dependents}
    found: dict[str, list[str]] = {}
    for item in implied:
        node = parse_expr(item.expression)
        if item.hole.removeprefix("?") in wanted and node is not None and free_names(node) <= allowed:
            found.setdefault(item.hole.removeprefix("?"), []).append(item.expression)
    return found
