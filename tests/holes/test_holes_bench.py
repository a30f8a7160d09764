"""The holes benchmark on a small slice of the real standard library (full run: `lift-tui bench holes`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from lift_tui.bench import holes as bench
from lift_tui.reverse import lift_source


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


def test_a_held_out_corpus_gives_items_from_every_file(tmp_path: Path) -> None:
    (tmp_path / "shapes.py").write_text(
        "def area(width: float, height: float) -> float:\n"
        "    if width < 0:\n"
        "        raise ValueError('negative width')\n"
        "    return width * height\n",
        encoding="utf-8",
    )
    items = bench.corpus(limit=10, root=tmp_path)
    assert sorted(i.hidden[0] for i in items["type"]) == ["float", "float", "float"]
    assert [i.hidden for i in items["guard"]] == [["not width < 0"]]  # as reverse mode lifts it
    args = argparse.Namespace(limit=10, model=False, model_limit=0, no_check=False, corpus=tmp_path)
    result = bench.run(args)
    assert result["corpus"] == str(tmp_path) and result["without_model"]["guard"]["items"] == 1


def test_guards_about_a_length_compare_as_truth_values() -> None:
    ir = lift_source("def first(seq):\n    return seq[0]\n").functions[0]
    assert bench._equivalent("len(seq) > 0", "len(seq)", ir)
    assert not bench._equivalent("len(seq) > 1", "len(seq)", ir)
    assert not bench._equivalent("seq != 0", "seq", ir)  # a guessed number is not a truth value
