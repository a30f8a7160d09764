"""The model as a candidate source and `optimize`, on the real embedded model (few, short)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lift_tui.holes import CandidateSource, suggest
from lift_tui.ir import IR


@pytest.fixture
def holes_lm(model_engine):
    from lift_tui.holes import model_source
    from lift_tui.llm.lm import embedded_lm

    model_source.use_lm(embedded_lm(model_engine))
    yield model_source
    model_source.use_lm(None)


@pytest.mark.model
def test_model_candidates_are_merged_and_checked(holes_lm, lifted: dict[str, IR]) -> None:
    ir = lifted["label"]
    found = holes_lm.model_candidates(ir, ir.hole("width_type"))
    assert holes_lm.last_error is None
    assert 1 <= len(found) <= 4
    assert all(c.source is CandidateSource.model and 0 <= c.confidence <= 0.4 for c in found)
    ranked = suggest(ir, "width_type", use_model=True, top=None)
    assert ranked[0].value == "int"  # static call-site evidence still leads
    model_values = {c.value for c in found}
    assert any(c.value in model_values for c in ranked)  # model values appear (merged or on their own)
    assert all(c.type_ok or c.value in model_values for c in ranked)


@pytest.mark.model
def test_optimize_compiles_saves_and_reloads(holes_lm, tmp_path: Path, lifted: dict[str, IR]) -> None:
    from lift_tui.holes.history import record_accepted
    from lift_tui.holes.optimize import optimize
    from lift_tui.llm.programs import load_program
    from lift_tui.store import open_store

    store = open_store(tmp_path / "lift.db")
    answers = [
        ("greet", "name_type", "str"),
        ("greet", "loud_type", "bool"),
        ("label", "width_type", "int"),
        ("mean", "scale_type", "float"),
    ]
    for qualname, hole, value in answers:
        record_accepted(store, lifted[qualname], lifted[qualname].hole(hole), value, "human")
    report = optimize(store, output=tmp_path / "program.json")
    assert report.optimizer == "BootstrapFewShot" and report.train == 3 and report.held_out == 1
    assert 0.0 <= report.before <= 1.0 and 0.0 <= report.after <= 1.0
    program = load_program("hole_suggestion", tmp_path / "program.json")
    demos = program.predictors()[0].demos
    assert demos and any("str" in json.dumps(dict(d), default=str) for d in demos)
    store.close()


def test_optimize_with_too_few_examples_is_a_clear_error(tmp_path: Path) -> None:
    from lift_tui.store import open_store

    open_store(tmp_path / "lift.db").close()
    done = subprocess.run(
        [sys.executable, "-m", "lift_tui", "optimize", "--db", str(tmp_path / "lift.db")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "need at least 4 accepted hole resolutions" in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.model
def test_model_propagation_adds_only_well_formed_constraints(holes_lm, lifted: dict[str, IR]) -> None:
    import ast

    from lift_tui.holes import apply_resolution, propagate

    ir = apply_resolution(lifted["mean"], "numbers_type", "list[float]")
    plain = propagate(ir, "numbers_type").hole("return_type").constraints
    with_model = propagate(ir, "numbers_type", use_model=True).hole("return_type").constraints
    assert holes_lm.last_error is None
    assert with_model[: len(plain)] == plain
    for extra in with_model[len(plain) :]:
        names = {n.id for n in ast.walk(ast.parse(extra, mode="eval")) if isinstance(n, ast.Name)}
        assert names <= {"numbers", "scale", "result"} | set(dir(__builtins__))
