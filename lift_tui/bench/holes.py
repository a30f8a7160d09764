"""``lift-tui bench holes``: top-1/top-3 accuracy and calibration of hole candidates on holes
with known answers.

Known answers come from real annotated code: the standard library of this interpreter, or
folders given with ``--corpus`` (typed packages nobody here wrote). For a type item one
annotation (a parameter's or the return's) is removed from the module source; for a guard
item one leading ``if cond: raise`` guard is removed and a precondition hole is opened in its
place. The edited module is written to a temporary file, re-lifted, and the hidden value is
looked up in the ranked candidates (see :mod:`.holes_score`).

Every function falls in the ``dev`` or the ``heldout`` split by a hash of its corpus, file and
qualname, so the split is fixed without anyone choosing it. Misses are only ever printed for
``dev`` items (``--misses``); held-out items are scored in aggregate only. Results are given per
corpus, per split and per kind (parameter types, return types, guards). Nothing here is tuned to
a corpus; items are taken in file order, every k-th when there are more than the limit.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .holes_items import KINDS, SPLITS, Item, _stdlib, corpus, split_of

__all__ = ["KINDS", "SPLITS", "Item", "add_arguments", "corpus", "report", "run", "score", "split_of"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit",
        type=int,
        default=400,
        help="at most this many items per corpus, split and kind (default 400)",
    )
    parser.add_argument("--model", action="store_true", help="also rank with the local model (slow)")
    parser.add_argument("--model-limit", type=int, default=30, help="items per kind for the model run")
    parser.add_argument("--no-check", action="store_true", help="skip the z3 checks while ranking")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=None,
        help="a folder of annotated code (repeatable; default: the standard library); every file "
        "gives type and guard items",
    )
    parser.add_argument(
        "--split", choices=[*SPLITS, "both"], default="both", help="which split to score (default both)"
    )
    parser.add_argument(
        "--run", action="store_true", help="also run each function's examples in the sandbox (slow)"
    )
    parser.add_argument(
        "--fit-calibration",
        type=Path,
        default=None,
        metavar="PATH",
        help="write the confidence calibration fitted on the dev split to PATH "
        "(the shipped one is lift_tui/holes/calibration.json)",
    )
    parser.add_argument(
        "--without",
        action="append",
        default=[],
        metavar="RULE",
        help="leave out a registered parameter-type rule (repeatable; an ablation)",
    )
    parser.add_argument(
        "--misses", type=int, default=0, help="list up to N misses of the dev split (never held-out ones)"
    )


def _prepare(item: Item, workdir: Path, index: int) -> tuple[Any, Any] | None:
    """The re-lifted IR and the hole standing for the hidden element (``None`` if lifting lost it)."""
    from lift_tui.ir import Hole, HoleKind
    from lift_tui.reverse import lift_file

    file = _mirror(item.file, workdir / f"item{index}")
    file.write_text(item.edited, encoding="utf-8")
    # Overloads and property setters share a qualname: the one whose lines hold the edited def.
    same = [f for f in lift_file(file).functions if f.metadata.qualname == item.qualname]
    ir = next(
        (f for f in same if f.metadata.lines and f.metadata.lines[0] <= item.line <= f.metadata.lines[1]),
        same[0] if same else None,
    )
    if ir is None:
        return None
    if item.kind != "guard":
        hole = next((h for h in ir.holes if h.target == item.target), None)
        return (ir, hole) if hole is not None else None
    over = ", ".join(
        f"{p.name}: {p.type_hint}" if p.type_hint else p.name
        for p in ir.signature.parameters
        if p.name not in ("self", "cls")
    )
    hole = Hole(
        identifier="hidden_guard",
        kind=HoleKind.precondition,
        target=f"assertions.precondition.{len(ir.preconditions)}",
        type_hint=f"bool expr over ({over})",
    )
    ir = ir.model_copy(update={"holes": [*ir.holes, hole]})
    return ir, hole


def _mirror(original: Path, folder: Path) -> Path:
    """Where the edited copy of ``original`` goes: a tree of real folders from its top-level
    package down to it, every other entry on the way a symlink to the real one, so relative
    imports (``from ..base import X``) and package conventions see the real code around it but
    never the original (unedited) file."""
    top = original.parent
    while (top / "__init__.py").is_file() and (top.parent / "__init__.py").is_file():
        top = top.parent
    if not (top / "__init__.py").is_file():
        top = original.parent  # a top-level module: its siblings are its neighbours
    real, copy = top, folder / top.name
    for part in [None, *original.relative_to(top).parts]:
        if part is not None:
            real, copy = real / part, copy / part
        if real == original:
            return copy
        copy.mkdir(parents=True, exist_ok=True)
        nxt = original.relative_to(real).parts[0]
        for entry in sorted(real.iterdir()):
            wanted = entry.is_dir() or entry.suffix == ".py"
            if entry.name not in (nxt, "__pycache__") and wanted:
                (copy / entry.name).symlink_to(entry)
    return copy


@dataclass
class Outcome:
    item: Item
    rank: int | None
    seconds: float | None
    shown: list[tuple[str, float, bool]]  # value, confidence, right: the top three


def score(items: list[Item], *, use_model: bool, check: bool, run: bool = False) -> list[Outcome]:
    from lift_tui.holes import suggest

    from .holes_score import correct

    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="lift-bench-holes-") as temp:
        for index, item in enumerate(items):
            prepared = _prepare(item, Path(temp), index)
            if prepared is None:
                outcomes.append(Outcome(item, None, None, []))
                continue
            ir, hole = prepared
            start = time.perf_counter()
            candidates = suggest(
                ir, hole.identifier, use_model=use_model, top=None, check=check, run=run, calibrate=False
            )
            seconds = time.perf_counter() - start
            rank = None
            shown = []
            for position, candidate in enumerate(candidates, 1):
                right = correct(item.kind, candidate.value, item.hidden, ir)
                if position <= 3:
                    shown.append((candidate.value, candidate.confidence, right))
                if right:
                    rank = position
                    break
            for candidate in candidates[len(shown) : 3]:
                shown.append((candidate.value, candidate.confidence, False))
            outcomes.append(Outcome(item, rank, seconds, shown))
    return outcomes


def report(outcomes: list[Outcome], fitted: dict[str, Any] | None = None) -> dict[str, Any]:
    """Accuracy per kind (types = parameters and returns together, all = every item) and calibration:
    of the raw confidences, through the shipped table, and through ``fitted`` (fitted on dev)."""
    from .holes_score import calibration, mapped, summary

    def stats(chosen: list[Outcome]) -> dict[str, Any]:
        return summary(
            [o.rank for o in chosen],
            [o.seconds for o in chosen if o.seconds is not None],
            sum(1 for o in chosen if o.seconds is None),
        )

    result = {kind: stats([o for o in outcomes if o.item.kind == kind]) for kind in KINDS}
    result["type"] = stats([o for o in outcomes if o.item.kind != "guard"])
    result["all"] = stats(outcomes)
    points = [(o.item.kind, c, r) for o in outcomes for _, c, r in o.shown]
    result["calibration_raw"] = calibration([(c, r) for _, c, r in points])
    result["calibration"] = calibration(mapped(points, None))
    if fitted is not None:
        result["calibration_dev_fit"] = calibration(mapped(points, fitted))
    result["calibration_top1"] = calibration(
        mapped([(o.item.kind, o.shown[0][1], o.shown[0][2]) for o in outcomes if o.shown], None)
    )
    return result


def _misses(outcomes: list[Outcome], limit: int) -> list[dict[str, Any]]:
    dev = [o for o in outcomes if o.item.split == "dev" and (o.rank is None or o.rank > 3)]
    return [
        {
            "corpus": o.item.corpus,
            "file": o.item.file.name,
            "qualname": o.item.qualname,
            "kind": o.item.kind,
            "hidden": o.item.hidden,
            "rank": o.rank,
            "top3": [(v, c) for v, c, _ in o.shown],
        }
        for o in dev[:limit]
    ]


def _leave_out(names: list[str]) -> list[str]:
    from lift_tui.holes import static  # noqa: F401 - registers the rules
    from lift_tui.holes.rules.registry import PARAMETER_RULES

    unknown = sorted(set(names) - set(PARAMETER_RULES))
    if unknown:
        from lift_tui.cli.common import fail

        fail(f"no rule {unknown[0]!r}; rules: {', '.join(PARAMETER_RULES)}")
    for name in names:
        PARAMETER_RULES.pop(name)
    return sorted(names)


def run(args: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    roots = getattr(args, "corpus", None) or [None]
    if not isinstance(roots, list):
        roots = [roots]
    for root in roots:
        if root is not None and not root.is_dir():
            from lift_tui.cli.common import fail

            fail(f"{root}: not a folder; give a folder of Python files")
    check = not getattr(args, "no_check", False)
    split = getattr(args, "split", "both")
    left_out = _leave_out(getattr(args, "without", []) or [])
    outcomes: list[Outcome] = []
    result: dict[str, Any] = {"corpora": {}, "with_model": None}
    chosen_all: list[Item] = []
    for root in roots:
        items = corpus(max(1, args.limit), root, split)
        chosen = [i for kind in KINDS for i in items[kind]]
        chosen_all += chosen
        mine = score(chosen, use_model=False, check=check, run=getattr(args, "run", False))
        outcomes += mine
        name = chosen[0].corpus if chosen else str(root)
        result["corpora"][name] = {
            "path": str(root or _stdlib()),
            **{part: report([o for o in mine if o.item.split == part]) for part in SPLITS},
        }
    from .holes_score import fit_table

    fitted = fit_table([o for o in outcomes if o.item.split == "dev"])
    if getattr(args, "fit_calibration", None):
        fitted_path: Path = args.fit_calibration
        fitted_path.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    result["without_model"] = {
        part: report([o for o in outcomes if o.item.split == part], fitted) for part in SPLITS
    }
    if getattr(args, "misses", 0):
        result["dev_misses"] = _misses(outcomes, args.misses)
    if getattr(args, "model", False):
        result["with_model"] = {}
        for kind in KINDS:
            some = [i for i in chosen_all if i.kind == kind]
            subset = some[:: max(1, len(some) // max(1, args.model_limit))][: args.model_limit]
            result["with_model"][kind] = {
                "with": report(score(subset, use_model=True, check=check))[kind],
                "same_items_without_model": report(score(subset, use_model=False, check=check))[kind],
            }
    result["rules_left_out"] = left_out
    result["goals_top3"] = {"param": 0.85, "return": 0.90, "guard": 0.60, "ece": 0.1}
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result
