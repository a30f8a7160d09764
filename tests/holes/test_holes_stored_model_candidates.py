"""Candidates the model proposed during reverse enrichment are offered when the hole is shown."""

from __future__ import annotations

from lift_tui.holes import suggest
from lift_tui.reverse import lift_source
from lift_tui.reverse.enrich import with_precondition_holes, with_summary_candidate

SOURCE = '''
def mean(numbers):
    total = 0
    for n in numbers:
        total += n
    return total / len(numbers)
'''


def lifted():
    return lift_source(SOURCE, "mean.py").functions[0]


def test_model_summary_and_precondition_are_offered_as_model_candidates() -> None:
    ir = with_summary_candidate(lifted(), "Return the mean of a list of numbers.")
    ir = with_precondition_holes(ir, ["len(numbers) > 0"], None)
    summary = {c.value: c.source.value for c in suggest(ir, "summary", check=False)}
    assert summary.get("Return the mean of a list of numbers.") == "model"
    pre = [h for h in ir.open_holes() if h.kind.value == "precondition"][0]
    values = [c.value for c in suggest(ir, pre.identifier, check=False)]
    assert "len(numbers) > 0" in values


def test_lifter_holes_get_no_model_candidates() -> None:
    sources = {c.source.value for c in suggest(lifted(), "summary", check=False)}
    assert "model" not in sources
