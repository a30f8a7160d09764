"""``bench forward`` reporting: sampling per cell, aggregation of real scores, the CLI end to end."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lift_tui.bench import forward as bench
from lift_tui.bench.forward_corpus import load_own

ROOT = Path(__file__).resolve().parents[2]


def test_limit_samples_every_cell_the_same_way() -> None:
    items = load_own()
    chosen = bench.select(items, 2)
    cells = {(i.corpus, i.style, i.split) for i in items}
    assert len(chosen) == 2 * len(cells)
    assert [i.key for i in bench.select(items, 2)] == [i.key for i in chosen]
    assert len(bench.select(items, None)) == len(items)


def test_report_aggregates_real_scores_per_cell_and_split() -> None:
    items = [i for i in load_own() if i.style == "terse" and i.id in {"reverse_string", "sum_list"}]
    assert len(items) == 2
    rows = []
    for item in items:
        row = {"corpus": item.corpus, "style": item.style, "split": item.split, "id": item.id}
        row.update(bench._judge(item, item.extra["solution"], 1.0, ""))
        row.update(bench._judge(item, "def f(x):\n    return None\n", 3.0, "raw_"))
        rows.append(row)
    args = argparse.Namespace(split="all", corpus="own", style="terse", limit=None, rows=False,
                              pipeline=True, raw=True)
    out = bench.report(rows, args)
    total = sum(cell["items"] for cell in out["per_split"].values())
    assert total == 2 and "rows" not in out
    for cell in out["per_cell"].values():
        assert cell["pass_rate"] == 1.0 and cell["raw_pass_rate"] == 0.0
        assert cell["parseable"] == 1.0 and cell["signature_matches_facts"] is None
        assert cell["seconds"]["median"] == 1.0 and cell["raw_seconds"]["p95"] == 3.0


@pytest.mark.model
@pytest.mark.slow
def test_bench_forward_runs_one_cell_end_to_end(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "lift_tui", "bench", "forward", "--corpus", "own", "--style", "terse",
         "--split", "dev", "--limit", "1", "--no-raw", "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, timeout=300, env=env, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    cell = out["per_cell"]["own/terse/dev"]
    assert cell["items"] == 1 and cell["parseable"] in (0.0, 1.0) and "raw_pass_rate" not in cell
    assert cell["seconds"]["median"] > 0
