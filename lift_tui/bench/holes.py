"""``lift-tui bench holes``: top-1/top-3 accuracy of hole candidates on holes with known answers.

Known answers come from real code: the standard library of this interpreter. For a type
item one annotation (a parameter's or the return's) is removed from the module source; for
a guard item one leading ``if cond: raise`` guard is removed and a precondition hole is
opened in its place. The edited module is written to a temporary file, re-lifted, and the
hidden value is looked up in the ranked candidates (types compared in canonical form,
guards by text or, when z3 can decide it, logical equivalence). Nothing here is tuned to
the corpus; items are taken in file order, every k-th when there are more than the limit.
"""

from __future__ import annotations

import argparse
import ast
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SKIP_PARTS = {"test", "tests", "idlelib", "site-packages", "lib2to3", "turtledemo", "__pycache__"}
GUARD_MODULES = (
    "statistics.py",
    "fractions.py",
    "textwrap.py",
    "datetime.py",
    "random.py",
    "bisect.py",
    "heapq.py",
    "shlex.py",
    "base64.py",
    "calendar.py",
    "ipaddress.py",
    "string.py",
    "graphlib.py",
    "zoneinfo/_zoneinfo.py",
    "_pydecimal.py",
    "colorsys.py",
    "quopri.py",
    "gettext.py",
    "difflib.py",
    "tomllib/_parser.py",
)


@dataclass
class Item:
    kind: str  # "type" or "guard"
    file: Path
    qualname: str
    target: str
    hidden: list[str]
    edited: str
    line: int


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit", type=int, default=400, help="at most this many items per kind (default 400)"
    )
    parser.add_argument("--model", action="store_true", help="also rank with the local model (slow)")
    parser.add_argument("--model-limit", type=int, default=30, help="items per kind for the model run")
    parser.add_argument("--no-check", action="store_true", help="skip the z3 checks while ranking")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="a folder of annotated code to hold out (default: the standard library); every file "
        "gives type and guard items",
    )


def _stdlib() -> Path:
    return Path(sysconfig.get_paths()["stdlib"])


def _qualnames(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    found: list[tuple[str, Any]] = []

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for stmt in body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((f"{prefix}{stmt.name}", stmt))
                walk(stmt.body, f"{prefix}{stmt.name}.<locals>.")
            elif isinstance(stmt, ast.ClassDef):
                walk(stmt.body, f"{prefix}{stmt.name}.")

    walk(tree.body, "")
    return found


def _offset(lines: list[str], line: int, col: int) -> int:
    return sum(len(x) for x in lines[: line - 1]) + len(lines[line - 1].encode()[:col].decode())


def _type_items(path: Path, text: str, tree: ast.Module) -> list[Item]:
    lines = text.splitlines(keepends=True)
    items: list[Item] = []
    for qualname, fn in _qualnames(tree):
        args = fn.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            if arg.annotation is None or arg.arg in ("self", "cls"):
                continue
            a = arg.annotation
            start = _offset(lines, arg.lineno, arg.col_offset) + len(arg.arg)
            end = _offset(lines, a.end_lineno or a.lineno, a.end_col_offset or 0)
            edited = text[:start] + text[end:]
            items.append(
                Item(
                    "type",
                    path,
                    qualname,
                    f"signature.parameters.{arg.arg}.type_hint",
                    [ast.unparse(a)],
                    edited,
                    fn.lineno,
                )
            )
        if fn.returns is not None:
            r = fn.returns
            r_start = _offset(lines, r.lineno, r.col_offset)
            arrow = text.rfind("->", 0, r_start)
            cut = arrow
            while cut > 0 and text[cut - 1] in " \t":
                cut -= 1
            end = _offset(lines, r.end_lineno or r.lineno, r.end_col_offset or 0)
            edited = text[:cut] + text[end:]
            items.append(
                Item("type", path, qualname, "signature.returns", [ast.unparse(r)], edited, fn.lineno)
            )
    return items


def _guard_items(path: Path, text: str, tree: ast.Module) -> list[Item]:
    from lift_tui.reverse import lift_source

    lines = text.splitlines(keepends=True)
    lifted = {ir.metadata.qualname: ir for ir in lift_source(text, str(path)).functions}
    items: list[Item] = []
    for qualname, fn in _qualnames(tree):
        body = fn.body
        first = (
            1
            if body
            and isinstance(body[0], ast.Expr)
            and isinstance(getattr(body[0], "value", None), ast.Constant)
            else 0
        )
        if len(body) <= first + 1:
            continue
        stmt = body[first]
        if not (
            isinstance(stmt, ast.If)
            and not stmt.orelse
            and len(stmt.body) == 1
            and isinstance(stmt.body[0], ast.Raise)
        ):
            continue
        ir = lifted.get(qualname)
        if ir is None:
            continue
        hidden = [
            a.expression
            for a in ir.preconditions
            if a.provenance.location and a.provenance.location.line == stmt.lineno
        ]
        if not hidden:
            continue
        edited = "".join(lines[: stmt.lineno - 1] + lines[(stmt.end_lineno or stmt.lineno) :])
        items.append(Item("guard", path, qualname, "assertions.precondition", hidden, edited, stmt.lineno))
    return items


def corpus(limit: int, root: Path | None = None) -> dict[str, list[Item]]:
    """Type and guard items from the standard library (or ``root``), in a stable order.

    In the standard library guards come from the modules listed in GUARD_MODULES; in another
    corpus every file gives them.
    """
    std = root or _stdlib()
    found: dict[str, list[Item]] = {"type": [], "guard": []}
    for path in sorted(std.rglob("*.py")):
        rel = path.relative_to(std)
        if _SKIP_PARTS & set(rel.parts):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        found["type"] += _type_items(path, text, tree)
        if root is not None or str(rel) in GUARD_MODULES:
            found["guard"] += _guard_items(path, text, tree)
    for kind, items in found.items():
        if len(items) > limit:
            step = len(items) / limit
            found[kind] = [items[int(i * step)] for i in range(limit)]
    return found


def _equivalent(a: str, b: str, ir: Any) -> bool:
    from lift_tui.holes.typetext import normalize_expr

    if normalize_expr(a) == normalize_expr(b) or _unordered(a) == _unordered(b):
        return True
    from lift_tui.verify.solver import check_assertions

    # Untyped parameters are tried as int, then float: "equivalent" means for numeric inputs.
    # One measured with len() in either guard is tried as a str (a sized value), so `len(seq)`
    # and `len(seq) > 0` can be compared at all.
    sized = _measured(a) | _measured(b)
    for hint in (None, "int", "float", "sized"):
        if hint == "sized" and not sized:
            continue
        params = [
            p.model_copy(update={"type_hint": p.type_hint or _guess(p.name, hint, sized)})
            for p in ir.signature.parameters
        ]
        bare = ir.model_copy(
            update={"assertions": [], "signature": ir.signature.model_copy(update={"parameters": params})}
        )
        # A precondition is a truth value (`len(seq)` and `len(seq) > 0` state the same guard), but
        # only with the declared types: under a guessed int, `s != 0` would "equal" a truthy `s`.
        # A sized value cannot be mistaken for a number, so truth values compare there too.
        truthy = hint in (None, "sized")
        differ = f"bool({a}) != bool({b})" if truthy else f"({a}) != ({b})"
        report = check_assertions(bare, [differ], timeout_ms=500)
        if report.status == "unsat" and not report.untranslated:
            return True
    return False


def _unordered(expression: str) -> str | None:
    """The guard with ``isinstance``'s class tuples sorted: ``(str, Text)`` and ``(Text, str)``
    admit the same values."""
    from lift_tui.holes.ast_match import plain_call

    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if plain_call(node, "isinstance", 2) and isinstance(node.args[1], ast.Tuple):
            node.args[1].elts.sort(key=ast.unparse)
    return ast.unparse(tree)


def _measured(expression: str) -> set[str]:
    """Names passed to ``len()`` in a guard."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return set()
    from lift_tui.holes.ast_match import plain_call, subject

    measured = {subject(node) for node in ast.walk(tree) if plain_call(node, "len")}
    return {name for name in measured if name is not None}


def _guess(name: str, hint: str | None, sized: set[str]) -> str | None:
    if hint == "sized":
        return "str" if name in sized else None
    return hint


def _prepare(item: Item, workdir: Path, index: int) -> tuple[Any, Any] | None:
    """The re-lifted IR and the hole standing for the hidden element (``None`` if lifting lost it)."""
    from lift_tui.ir import Hole, HoleKind
    from lift_tui.reverse import lift_file

    # The edited module sits in a folder of its own next to symlinks to its real siblings, so
    # package conventions see the real neighbours but never the original (unedited) file.
    folder = workdir / f"item{index}"
    folder.mkdir()
    for sibling in sorted(item.file.parent.glob("*.py")):
        if sibling != item.file:
            (folder / sibling.name).symlink_to(sibling)
    file = folder / item.file.name
    file.write_text(item.edited, encoding="utf-8")
    # Overloads and property setters share a qualname: the one whose lines hold the edited def.
    same = [f for f in lift_file(file).functions if f.metadata.qualname == item.qualname]
    ir = next(
        (f for f in same if f.metadata.lines and f.metadata.lines[0] <= item.line <= f.metadata.lines[1]),
        same[0] if same else None,
    )
    if ir is None:
        return None
    if item.kind == "type":
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


def _rank(item: Item, ir: Any, values: list[str]) -> int | None:
    from lift_tui.holes.typetext import same_type

    for rank, value in enumerate(values, 1):
        if item.kind == "type" and any(same_type(value, h) for h in item.hidden):
            return rank
        if item.kind == "guard" and any(_equivalent(value, h, ir) for h in item.hidden):
            return rank
    return None


def evaluate(items: list[Item], *, use_model: bool, check: bool) -> dict[str, Any]:
    from lift_tui.holes import suggest

    ranks: list[int | None] = []
    lost = 0
    seconds: list[float] = []
    with tempfile.TemporaryDirectory(prefix="lift-bench-holes-") as temp:
        for index, item in enumerate(items):
            prepared = _prepare(item, Path(temp), index)
            if prepared is None:
                lost += 1
                ranks.append(None)
                continue
            ir, hole = prepared
            start = time.perf_counter()
            candidates = suggest(ir, hole.identifier, use_model=use_model, top=None, check=check)
            seconds.append(time.perf_counter() - start)
            ranks.append(_rank(item, ir, [c.value for c in candidates]))
    n = len(items)
    seconds.sort()
    return {
        "items": n,
        "top1": round(sum(1 for r in ranks if r == 1) / n, 3) if n else None,
        "top3": round(sum(1 for r in ranks if r is not None and r <= 3) / n, 3) if n else None,
        "found_at_all": round(sum(1 for r in ranks if r is not None) / n, 3) if n else None,
        "no_hole_after_hiding": lost,
        "median_suggest_ms": round(1000 * seconds[len(seconds) // 2], 2) if seconds else None,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    start = time.perf_counter()
    root = getattr(args, "corpus", None)
    if root is not None and not root.is_dir():
        from lift_tui.cli.common import fail

        fail(f"{root}: not a folder; give a folder of Python files")
    items = corpus(max(1, args.limit), root)
    check = not getattr(args, "no_check", False)
    result: dict[str, Any] = {"corpus": str(root or _stdlib()), "without_model": {}, "with_model": None}
    for kind, chosen in items.items():
        result["without_model"][kind] = evaluate(chosen, use_model=False, check=check)
    both = items["type"] + items["guard"]
    result["without_model"]["all"] = (
        {
            key: round(
                sum(result["without_model"][k][key] * len(items[k]) for k in items if items[k]) / len(both), 3
            )
            for key in ("top1", "top3", "found_at_all")
        }
        if both
        else {}
    )
    if getattr(args, "model", False):
        result["with_model"] = {}
        for kind, chosen in items.items():
            subset = chosen[:: max(1, len(chosen) // max(1, args.model_limit))][: args.model_limit]
            result["with_model"][kind] = evaluate(subset, use_model=True, check=check)
            result["with_model"][kind]["same_items_without_model"] = evaluate(
                subset, use_model=False, check=check
            )
    result["goal_top3"] = 0.85
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result
