"""``lift-tui bench forward``: the forward pipeline over 20 prompts with hidden reference tests.

Per prompt: schema-valid IR, code that parses with the IR's exact signature, code passing
its own IR's examples, code passing the reference tests (which the pipeline never sees);
latency per node and end to end (median, p95). Side by side, the raw model (prompt → code, no IR,
no constraint) on the same tests; ``--no-raw`` skips it.
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "forward" / "prompts.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DATA, help="prompts JSON (default tests/data/forward)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N prompts")
    parser.add_argument("--best-of", type=int, default=4, help="code candidates per prompt")
    parser.add_argument(
        "--no-raw", dest="raw", action="store_false",
        help="skip scoring the raw model (prompt -> code, no IR, no constraint) side by side",
    )
    parser.add_argument("--db", dest="bench_db", type=Path, default=None, help="database (default: temp)")


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 3)


def _signature_ok(ir: Any, code: str) -> bool:
    from lift_tui.forward.validation import signature_matches

    try:
        return signature_matches(ir, code)[0]
    except SyntaxError:
        return False


def _raw_code(engine: Any, prompt: str) -> str:
    """What the model writes with no IR and no constraint: the first fenced or plain code block."""
    text = engine.generate_text([{"role": "user", "content": f"Write a Python function. {prompt}"}], 200)
    if "```" in text:
        parts = text.split("```")
        text = parts[1].removeprefix("python").removeprefix("py") if len(parts) > 1 else text
    return text


def run(args: argparse.Namespace) -> dict[str, Any]:
    import tempfile

    from lift_tui.forward.validation import run_calls
    from lift_tui.graphs.forward import default_deps, run_forward
    from lift_tui.ir import IR
    from lift_tui.store import open_store

    items = json.loads(Path(args.data).read_text())["prompts"][: args.limit]
    db = args.bench_db or Path(tempfile.mkdtemp(prefix="lift-bench-")) / "bench.db"
    store = open_store(db)
    deps = default_deps()
    rows: list[dict[str, Any]] = []
    per_node: dict[str, list[float]] = {}
    try:
        for item in items:
            started = time.perf_counter()
            result = run_forward(item["prompt"], store=store, deps=deps, best_of=args.best_of)
            total = time.perf_counter() - started
            for t in result.trace:
                per_node.setdefault(t.node, []).append(t.seconds)
            row: dict[str, Any] = {"id": item["id"], "seconds": round(total, 3)}
            try:
                IR.model_validate_json(result.ir.model_dump_json()) if result.ir else None
                row["ir_valid"] = result.ir is not None
            except ValueError:
                row["ir_valid"] = False
            code = result.code or ""
            try:
                ast.parse(code)
                row["parses"] = bool(code)
            except SyntaxError:
                row["parses"] = False
            row["signature_ok"] = bool(result.ir and code and _signature_ok(result.ir, code))
            own = [(e.call, e.expected) for e in (result.ir.examples if result.ir else [])]
            row["own_examples_pass"] = bool(own) and all(ok for ok, _ in run_calls(code, own))
            outcomes = run_calls(code, [tuple(t) for t in item["tests"]])
            row["reference_pass"] = bool(outcomes) and all(ok for ok, _ in outcomes)
            row["reference_passed"] = sum(ok for ok, _ in outcomes)
            row["open_holes"] = len(result.ir.open_holes()) if result.ir else None
            row["candidates"] = len(result.validation.get("candidates", []))
            if args.raw:
                engine = deps.engine()
                raw = _raw_code(engine, item["prompt"]) if engine is not None else ""
                raw_out = run_calls(raw, [tuple(t) for t in item["tests"]])
                row["raw_reference_pass"] = bool(raw_out) and all(ok for ok, _ in raw_out)
            rows.append(row)
    finally:
        store.close()
    n = len(rows) or 1
    share = lambda key: round(sum(bool(r.get(key)) for r in rows) / n, 3)  # noqa: E731
    totals = [r["seconds"] for r in rows]
    report: dict[str, Any] = {
        "prompts": len(rows),
        "schema_valid_ir": share("ir_valid"),
        "code_parses": share("parses"),
        "signature_matches": share("signature_ok"),
        "passes_own_examples": share("own_examples_pass"),
        "passes_reference_tests": share("reference_pass"),
        "end_to_end_s": {"median": round(statistics.median(totals), 3) if totals else None,
                         "p95": _pct(totals, 0.95)},
        "per_node_s": {k: {"median": round(statistics.median(v), 3), "p95": _pct(v, 0.95)}
                       for k, v in per_node.items()},
        "rows": rows,
    }
    if args.raw:
        report["raw_model_passes_reference_tests"] = share("raw_reference_pass")
    return report
