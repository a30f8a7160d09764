"""``lift-tui bench forward``: the forward pipeline on prompts whose checks it never sees.

Corpora (:mod:`.forward_corpus`): ``own`` (five prompt styles), ``humaneval`` (published
problems, as published and as derived prose) and ``reimpl`` (docstrings of real library
functions, checked against the originals). Every item lies in ``dev`` or ``heldout`` by a
fixed hash; tune on dev, report both.

Per item: the pipeline (``graphs.forward.run_forward``) and, side by side on the same item,
the raw model (prompt -> greedy code, no IR, no constraint; ``--no-raw`` skips it). Each
answer is scored on the hidden check, on whether it parses and on whether its signature
matches what the prompt states. The report aggregates per cell (corpus, style, split), per
(corpus, split) and per split: pass rate beside the raw model's, parseable rate, signature
rate, median and p95 seconds end to end. Per-item rows only with ``--rows`` (they show
prompts' ids; keep them out of anything about held-out items that the pipeline's authors read).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .forward_corpus import Item, load
from .forward_score import Outcome, parses, score, signature_matches_facts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="dev",
                        help="which half (default dev; held-out is for measuring, never for tuning)")
    parser.add_argument("--corpus", choices=("own", "humaneval", "reimpl", "all"), default="all")
    parser.add_argument("--style", default=None, help="only this style (e.g. prose, named, docstring)")
    parser.add_argument("--limit", type=int, default=None,
                        help="at most N items per (corpus, style, split) cell")
    parser.add_argument("--best-of", type=int, default=None,
                        help="code candidates per prompt (default: the pipeline's)")
    parser.add_argument("--rows", action="store_true", help="also print one row per item")
    parser.add_argument("--no-raw", dest="raw", action="store_false",
                        help="skip the raw model (prompt -> code, no IR, no constraint) side by side")
    parser.add_argument("--no-pipeline", dest="pipeline", action="store_false",
                        help="score only the raw model")
    parser.add_argument("--db", dest="bench_db", type=Path, default=None, help="database (default: temp)")


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 3)


def _order(item: Item) -> str:
    """A fixed shuffle inside a cell, so ``--limit`` samples a cell rather than its first-written items."""
    return hashlib.sha256(f"lift-tui/forward-order:{item.key}".encode()).hexdigest()


def select(items: list[Item], limit: int | None) -> list[Item]:
    cells: dict[tuple[str, str, str], list[Item]] = {}
    for item in items:
        cells.setdefault((item.corpus, item.style, item.split), []).append(item)
    chosen: list[Item] = []
    for key in sorted(cells):
        chosen += sorted(cells[key], key=_order)[:limit]
    return chosen


def _raw_code(engine: Any, prompt: str) -> str:
    """What the model writes with no IR and no constraint: the first fenced or plain code block."""
    text = engine.generate_text([{"role": "user", "content": f"Write a Python function. {prompt}"}], 200)
    if "```" in text:
        parts = text.split("```")
        text = parts[1].removeprefix("python").removeprefix("py") if len(parts) > 1 else text
    return text


def _judge(item: Item, code: str, seconds: float, prefix: str) -> dict[str, Any]:
    outcome: Outcome = score(item, code)
    return {
        f"{prefix}pass": outcome.passed,
        f"{prefix}checks_passed": outcome.passed_checks,
        f"{prefix}checks": outcome.checks,
        f"{prefix}parses": parses(code),
        f"{prefix}signature_ok": signature_matches_facts(code, item.facts),
        f"{prefix}seconds": round(seconds, 3),
        f"{prefix}detail": outcome.detail,
    }


def _run_pipeline(
    item: Item, store: Any, deps: Any, best_of: int | None
) -> tuple[str, float, str, dict[str, float]]:
    from lift_tui.graphs.forward import run_forward

    engine = deps.engine()
    if engine is not None and hasattr(engine, "clear_cache"):
        engine.clear_cache()  # no answer carried over from an earlier item
    kwargs = {"best_of": best_of} if best_of is not None else {}
    started = time.perf_counter()
    try:
        result = run_forward(item.prompt, store=store, deps=deps, **kwargs)
        code, error = result.code or "", "; ".join(result.errors)
        nodes = {t.node: t.seconds for t in result.trace}
    except Exception as exc:  # noqa: BLE001 - a crash on one prompt is a failed item, not a failed bench
        code, error, nodes = "", f"{type(exc).__name__}: {exc}", {}
    return code, time.perf_counter() - started, error, nodes


def _no_dspy_cache() -> None:
    """DSPy's disk cache outlives a run: a second run on the same items would time cache lookups,
    not the model (the engine's own result cache is cleared per item in :func:`_run_pipeline`)."""
    from lift_tui.llm.dspy_setup import import_dspy

    import_dspy().configure_cache(enable_disk_cache=False, enable_memory_cache=False)


def run_items(items: list[Item], args: argparse.Namespace) -> list[dict[str, Any]]:
    from lift_tui.graphs.forward import default_deps
    from lift_tui.store import open_store

    db = args.bench_db or Path(tempfile.mkdtemp(prefix="lift-bench-")) / "bench.db"
    store = open_store(db)
    deps = default_deps()
    _no_dspy_cache()
    rows: list[dict[str, Any]] = []
    try:
        for index, item in enumerate(items, 1):
            row: dict[str, Any] = {
                "corpus": item.corpus, "style": item.style, "split": item.split, "id": item.id
            }
            if args.pipeline:
                code, seconds, error, nodes = _run_pipeline(item, store, deps, args.best_of)
                row.update(_judge(item, code, seconds, ""))
                row["error"], row["node_seconds"] = error, nodes
            if args.raw:
                engine = deps.engine()
                started = time.perf_counter()
                raw = _raw_code(engine, item.prompt) if engine is not None else ""
                row.update(_judge(item, raw, time.perf_counter() - started, "raw_"))
            rows.append(row)
            verdict = " ".join(
                f"{name}={'pass' if row.get(key) else 'fail'}"
                for name, key, on in (("forward", "pass", args.pipeline), ("raw", "raw_pass", args.raw))
                if on
            )
            print(f"[{index}/{len(items)}] {item.corpus}/{item.style}/{item.split} {verdict}",
                  file=sys.stderr, flush=True)
    finally:
        store.close()
    return rows


def _share(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rows if r.get(key) is not None]
    return round(sum(bool(v) for v in values) / len(values), 3) if values else None


def aggregate(rows: list[dict[str, Any]], pipeline: bool = True, raw: bool = True) -> dict[str, Any]:
    """Pass, parse and signature rates and latency of one group of rows."""
    out: dict[str, Any] = {"items": len(rows)}
    for prefix, on in (("", pipeline), ("raw_", raw)):
        if not on:
            continue
        seconds = [r[f"{prefix}seconds"] for r in rows]
        out[f"{prefix}pass_rate"] = _share(rows, f"{prefix}pass")
        out[f"{prefix}passed"] = sum(bool(r[f"{prefix}pass"]) for r in rows)
        out[f"{prefix}parseable"] = _share(rows, f"{prefix}parses")
        out[f"{prefix}signature_matches_facts"] = _share(rows, f"{prefix}signature_ok")
        out[f"{prefix}seconds"] = {
            "median": round(statistics.median(seconds), 3) if seconds else None,
            "p95": _pct(seconds, 0.95),
        }
    out["with_stated_facts"] = sum(r.get("signature_ok", r.get("raw_signature_ok")) is not None for r in rows)
    return out


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    def grouped(*keys: str) -> dict[str, Any]:
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault("/".join(row[k] for k in keys), []).append(row)
        return {name: aggregate(group, args.pipeline, args.raw) for name, group in sorted(groups.items())}

    out: dict[str, Any] = {
        "selection": {"split": args.split, "corpus": args.corpus, "style": args.style, "limit": args.limit},
        "per_split": grouped("split"),
        "per_corpus": grouped("corpus", "split"),
        "per_cell": grouped("corpus", "style", "split"),
    }
    per_node: dict[str, list[float]] = {}
    for row in rows:
        for node, seconds in row.get("node_seconds", {}).items():
            per_node.setdefault(node, []).append(seconds)
    out["per_node_s"] = {node: {"median": round(statistics.median(v), 3), "p95": _pct(v, 0.95)}
                         for node, v in per_node.items()}
    if args.rows:
        out["rows"] = rows
    return out


def _fail(message: str) -> SystemExit:
    print(f"lift-tui bench forward: {message}", file=sys.stderr)
    return SystemExit(2)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from .forward_humaneval import HumanEvalMissing

    if not (args.pipeline or args.raw):
        raise _fail("--no-pipeline with --no-raw leaves nothing to measure")
    try:
        items = select(load(args.corpus, args.split, args.style), args.limit)
    except HumanEvalMissing as error:
        raise _fail(str(error)) from None
    if not items:
        raise _fail("no items match --corpus/--split/--style (styles: prose, named, examples, doctest, "
                    "terse; humaneval: docstring, prose; reimpl: docstring)")
    return report(run_items(items, args), args)
