"""The holes benchmark on a small slice of the real standard library (full run: `lift-tui bench holes`)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from lift_tui.bench import holes as bench
from lift_tui.bench.holes_score import equivalent
from lift_tui.reverse import lift_source


@pytest.fixture(scope="module")
def stdlib_items() -> dict[str, list[bench.Item]]:
    return bench.corpus(limit=3)


def test_hidden_annotations_and_guards_are_found_in_the_stdlib(stdlib_items) -> None:
    items = stdlib_items
    for kind in bench.KINDS:  # at most `limit` per split
        assert {i.split for i in items[kind]} == {"dev", "heldout"} and len(items[kind]) == 6
    for item in items["param"] + items["return"]:
        assert item.hidden[0] and item.edited != item.file.read_text(encoding="utf-8")


def test_the_split_is_a_fixed_hash_of_the_function() -> None:
    assert bench.split_of("rich", "console.py", "Console.print") == bench.split_of(
        "rich", "console.py", "Console.print"
    )
    splits = {bench.split_of("c", "m.py", f"f{i}") for i in range(20)}
    assert splits == {"dev", "heldout"}


def test_run_reports_accuracy_and_calibration_per_split_and_kind(stdlib_items) -> None:
    args = argparse.Namespace(limit=3, model=False, model_limit=0, no_check=False, misses=50)
    result = bench.run(args)
    for part in bench.SPLITS:
        for kind in bench.KINDS:
            stats = result["without_model"][part][kind]
            assert stats["items"] == 3
            assert 0.0 <= stats["top1"] <= stats["top3"] <= stats["found_at_all"] <= 1.0
        assert result["without_model"][part]["all"]["items"] == 9
        calibration = result["without_model"][part]["calibration"]
        assert sum(b["candidates"] for b in calibration["bands"]) == calibration["candidates"]
        assert calibration["candidates"] == 0 or 0.0 <= calibration["ece"] <= 1.0
    assert all(m["qualname"] and m["kind"] in bench.KINDS for m in result["dev_misses"])
    every = [i for kind in bench.KINDS for i in stdlib_items[kind]]
    held = {(i.file.name, i.qualname) for i in every if i.split == "heldout"}
    assert held and not [m for m in result["dev_misses"] if (m["file"], m["qualname"]) in held]
    assert result["with_model"] is None and result["goals_top3"]["param"] == 0.85


def test_calibration_error_of_known_points() -> None:
    from lift_tui.bench.holes_score import calibration

    perfect = calibration([(0.95, True)] * 19 + [(0.95, False)])
    assert perfect["ece"] == 0.0
    worst = calibration([(0.9, False)] * 10)
    assert worst["ece"] == 0.9 and worst["bands"][0]["band"] == "0.9-1.0"


def test_a_held_out_corpus_gives_items_from_every_file(tmp_path: Path) -> None:
    (tmp_path / "shapes.py").write_text(
        "def area(width: float, height: float) -> float:\n"
        "    if width < 0:\n"
        "        raise ValueError('negative width')\n"
        "    return width * height\n",
        encoding="utf-8",
    )
    items = bench.corpus(limit=10, root=tmp_path)
    assert sorted(i.hidden[0] for i in items["param"] + items["return"]) == ["float", "float", "float"]
    assert [i.hidden for i in items["guard"]] == [["not width < 0"]]  # as reverse mode lifts it
    args = argparse.Namespace(limit=10, model=False, model_limit=0, no_check=False, corpus=[tmp_path])
    result = bench.run(args)
    (name, found), = result["corpora"].items()
    assert name == tmp_path.name and found["path"] == str(tmp_path)
    assert sum(found[part]["guard"]["items"] for part in bench.SPLITS) == 1


def test_guards_about_a_length_compare_as_truth_values() -> None:
    ir = lift_source("def first(seq):\n    return seq[0]\n").functions[0]
    assert equivalent("len(seq) > 0", "len(seq)", ir)
    assert not equivalent("len(seq) > 1", "len(seq)", ir)
    assert not equivalent("seq != 0", "seq", ir)  # a guessed number is not a truth value
