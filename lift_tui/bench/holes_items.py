"""Items for ``bench holes``: one hidden annotation or guard each, from real annotated code, with
the fixed dev/held-out split (see :mod:`lift_tui.bench.holes`)."""

from __future__ import annotations

import ast
import hashlib
import sysconfig
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


KINDS = ("param", "return", "guard")


SPLITS = ("dev", "heldout")


@dataclass
class Item:
    kind: str  # "param", "return" or "guard"
    file: Path
    qualname: str
    target: str
    hidden: list[str]
    edited: str
    line: int
    corpus: str = "stdlib"
    split: str = "dev"


def split_of(corpus: str, relative: str, qualname: str) -> str:
    """``heldout`` for about half the functions, by a hash nobody picks: fixed across runs and machines."""
    digest = hashlib.sha256(f"{corpus}/{relative}::{qualname}".encode()).digest()
    return SPLITS[digest[0] & 1]


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
                    "param",
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
                Item("return", path, qualname, "signature.returns", [ast.unparse(r)], edited, fn.lineno)
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


def corpus(limit: int, root: Path | None = None, split: str = "both") -> dict[str, list[Item]]:
    """Items per kind from the standard library (or ``root``), in a stable order.

    In the standard library guards come from the modules listed in GUARD_MODULES; in another
    corpus every file gives them. ``limit`` applies to each split of each kind.
    """
    std = root or _stdlib()
    name = std.name if root is not None else "stdlib"
    found: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    for path in sorted(std.rglob("*.py")):
        rel = path.relative_to(std)
        if _SKIP_PARTS & set(rel.parts):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        items = _type_items(path, text, tree)
        if root is not None or str(rel) in GUARD_MODULES:
            items += _guard_items(path, text, tree)
        for item in items:
            item.corpus, item.split = name, split_of(name, rel.as_posix(), item.qualname)
            if split in ("both", item.split):
                found[item.kind].append(item)
    for kind, items in found.items():
        chosen: list[Item] = []
        for part in SPLITS:
            some = [i for i in items if i.split == part]
            if len(some) > limit:
                step = len(some) / limit
                some = [some[int(i * step)] for i in range(limit)]
            chosen += some
        found[kind] = sorted(chosen, key=lambda i: (str(i.file), i.line))
    return found

