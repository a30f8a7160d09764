"""The forward graph through the persistent runner: without the model, then once with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lift_tui.graphs.events import NodeFinished, NodeStarted
from lift_tui.graphs.forward import ForwardDeps, run_forward
from lift_tui.store import open_store

NODES = [
    "extract_intent", "generate_signature", "extract_constraints", "merge_to_ir",
    "detect_holes", "validate_ir", "generate_code", "validate_code",
]


def test_without_a_model_the_ir_is_facts_plus_holes_and_the_session_is_saved(tmp_path: Path) -> None:
    store = open_store(tmp_path / "lift.db")
    events: list[object] = []
    result = run_forward(
        "Return the sum of the even numbers in a list, e.g. sum_of_evens([1, 2, 3, 4]) == 6.",
        store=store, deps=ForwardDeps(engine_factory=lambda: None), on_event=events.append,
    )
    assert sorted(t.node for t in result.trace) == sorted(NODES)
    assert {type(e) for e in events} >= {NodeStarted, NodeFinished}
    ir = result.ir
    assert ir is not None and ir.signature.name == "sum_of_evens"
    assert ir.signature.parameters[0].type_hint == "list[int]" and ir.signature.returns == "int"
    assert ir.intent.summary.startswith("Return the sum of the even numbers in a list, e.g. sum_of_evens(")
    assert ir.intent.provenance.source == "human"  # the user's own words, not a model's summary
    assert result.code is None and result.check["status"] == "sat"
    assert store.latest_irs(result.session)[0].ir.signature.name == "sum_of_evens"
    payload = result.model_dump(mode="json")
    assert set(payload) >= {"session", "ir", "code", "validation", "trace"}
    store.close()


def test_cli_rejects_an_empty_prompt(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lift_tui.cli.main", "forward", "  ", "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2 and "prompt is empty" in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.model
def test_real_model_end_to_end_gives_valid_ir_and_code_with_the_exact_signature(
    tmp_path: Path, model_engine: object
) -> None:
    store = open_store(tmp_path / "lift.db")
    result = run_forward("Tell whether an integer is even: is_even(4) == True and is_even(7) == False.",
                         store=store, deps=ForwardDeps(engine_factory=lambda: model_engine), best_of=2)
    store.close()
    assert result.ir is not None and result.code is not None, result.errors
    assert result.code.startswith("def is_even(")
    checks = {c["name"]: c["passed"] for c in result.validation["checks"]}
    assert checks["parses"] is True and checks["signature_matches"] is True
    assert result.validation["candidates"], "best-of-N recorded its candidates"


@pytest.mark.model
def test_cli_no_code_json(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "lift_tui.cli.main", "forward", "--json", "--no-code", "--db",
         str(tmp_path / "x.db"), "Add up the digits of n: digit_sum(123) == 6."],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    data = json.loads(proc.stdout)
    assert data["code"] is None and data["ir"]["signature"]["name"] == "digit_sum"
    assert [t["node"] for t in data["trace"]][0] == "extract_intent"


def test_a_failed_run_resumes_without_redoing_finished_nodes(tmp_path: Path) -> None:
    from lift_tui.graphs.runner import resume_graph

    store = open_store(tmp_path / "lift.db")
    calls: list[str] = []

    def engine_factory() -> None:
        calls.append("engine")
        return None

    def broken(ir: object) -> tuple:
        raise RuntimeError("disk on fire")

    import lift_tui.forward.steps as steps_module

    original = steps_module.validate_ir
    steps_module.validate_ir = broken  # a fault injected at one node, then removed
    try:
        with pytest.raises(RuntimeError, match="disk on fire"):
            run_forward("Tell whether an integer is even: is_even(4) == True.", store=store,
                        deps=ForwardDeps(engine_factory=engine_factory))
    finally:
        steps_module.validate_ir = original
    session = store.list_sessions()[0]
    events: list[object] = []
    result = resume_graph(store, session.id, events.append, deps=ForwardDeps(engine_factory=engine_factory))
    started = [e.node for e in events if isinstance(e, NodeStarted)]
    assert started == ["validate_ir", "generate_code", "validate_code"]
    assert result.ir.signature.name == "is_even" and result.check["status"] == "sat"
    store.close()
