"""The holes benchmark on a small slice of the real standard library (full run: `lift-tui bench holes`)."""

from __future__ import annotations

import argparse

from lift_tui.bench import holes as bench


def test_hidden_annotations_and_guards_are_found_in_the_stdlib() -> None:
    items = bench.corpus(limit=8)
    assert len(items["type"]) == 8 and len(items["guard"]) == 8
    for item in items["type"]:
        assert item.hidden[0] and item.edited != item.file.read_text(encoding="utf-8")


def test_run_reports_accuracy_without_the_model() -> None:
    args = argparse.Namespace(limit=6, model=False, model_limit=0, no_check=False)
    result = bench.run(args)
    for kind in ("type", "guard"):
        stats = result["without_model"][kind]
        assert stats["items"] == 6
        assert 0.0 <= stats["top1"] <= stats["top3"] <= stats["found_at_all"] <= 1.0
    assert result["with_model"] is None and result["goal_top3"] == 0.85
