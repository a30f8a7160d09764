"""Model enrichment: suggestions become open holes with source=model, never facts."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lift_tui.ir import HoleKind, HoleStatus
from lift_tui.reverse import lift_source
from lift_tui.reverse.enrich import (
    function_source,
    iter_enriched,
    usable_precondition,
    with_precondition_holes,
    with_summary_candidate,
)

from .conftest import lift_one

CODE = textwrap.dedent(
    """
    class Stats:
        @staticmethod
        def mean(numbers, start=0):
            assert start >= 0
            total = start
            for n in numbers:
                total += n
            return total / len(numbers)
    """
)


def _mean():
    return lift_one(CODE, "Stats.mean")


def test_function_source_is_the_dedented_definition_with_decorators() -> None:
    text = function_source(_mean(), CODE)
    assert text.startswith("@staticmethod\ndef mean(numbers, start=0):")
    assert text.rstrip().endswith("return total / len(numbers)")


@pytest.mark.parametrize(
    ("proposed", "kept"),
    [
        ("len(numbers)>0", "len(numbers) > 0"),
        ("numbers is not None", "numbers is not None"),
        ("start >= 0", None),  # already stated by the code
        ("result > 0", None),  # not a parameter
        ("os.path.exists(numbers)", None),  # an unknown global
        ("True", None),
        ("numbers", None),  # bare truthiness
        ("len(numbers) >", None),  # does not parse
        ("(x := 1) > 0", None),
    ],
)
def test_only_parseable_expressions_over_parameters_survive(proposed: str, kept: str | None) -> None:
    assert usable_precondition(_mean(), proposed) == kept


def test_precondition_holes_are_open_model_suggestions_and_respect_keep() -> None:
    ir = _mean()
    out = with_precondition_holes(
        ir, ["len(numbers) > 0", "start < 0", "len(numbers) > 0"], keep=lambda _ir, e: e != "start < 0"
    )
    added = [h for h in out.holes if h.kind is HoleKind.precondition]
    assert [(h.identifier, h.target, h.candidates) for h in added] == [
        ("precondition_1", "assertions.precondition.1", ["len(numbers) > 0"])
    ]
    assert added[0].status is HoleStatus.open and added[0].provenance.source.value == "model"
    assert added[0].type_hint == "bool expr over (numbers, start)"
    assert out.assertions == ir.assertions, "a suggestion never becomes an assertion"


def test_summary_candidate_keeps_the_hole_open() -> None:
    out = with_summary_candidate(_mean(), "  Average of   the numbers. ")
    hole = out.hole("summary")
    assert hole.candidates == ["Average of the numbers."] and hole.status is HoleStatus.open
    assert hole.provenance.source.value == "model" and hole.provenance.confidence < 0.5
    assert out.intent.summary is None


def test_unreadable_source_yields_the_static_irs(tmp_path: Path) -> None:
    report = lift_source(CODE, str(tmp_path / "gone.py"))
    assert list(iter_enriched(report, enricher=object())) == report.functions  # type: ignore[arg-type]


def test_model_that_cannot_load_leaves_the_static_result(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(CODE)
    env = {**os.environ, "LIFT_MODEL__PATH": str(tmp_path / "missing.gguf")}
    result = subprocess.run(
        [sys.executable, "-m", "lift_tui", "reverse", str(tmp_path / "m.py")],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 0
    assert "Stats.mean(numbers, start=0)  [1 pre, " in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "model not loaded" in lines[0] and "missing.gguf" in lines[0]


@pytest.mark.model
def test_real_model_enriches_a_function_without_docstring(model_engine) -> None:
    from lift_tui.llm.lm import lm_for
    from lift_tui.reverse.enrich import Enricher

    enricher = Enricher(lm_for(model_engine))
    report = lift_source(CODE, "stats.py")
    (ir,) = iter_enriched(report, CODE, enricher=enricher)
    assert enricher.failures == []
    summary = ir.hole("summary")
    assert summary.status is HoleStatus.open and summary.candidates
    assert summary.provenance.source.value == "model"
    assert ir.intent.summary is None and ir.assertions == report.functions[0].assertions
    for hole in ir.holes:
        if hole.kind is HoleKind.precondition:
            assert hole.provenance.source.value == "model"
            assert usable_precondition(report.functions[0], hole.candidates[0]) == hole.candidates[0]
