"""What imported names are, found statically: the imported module's file is located (never
imported or executed) and parsed, and the name looked up there.

``from datetime import datetime`` then ``return datetime(...)``: ``datetime`` is a class of
``datetime.py``, so the call makes a ``datetime``. An imported function with a return
annotation gives that annotation; an imported ``Pos = int`` is a type alias. Modules written
in C have no source to read; a small table gives the well-known return types of their most
used functions. Every lookup is memoised and any failure (missing module, syntax error,
unreadable file) just means "unknown".
"""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .index import memo
from .parse import parse_module
from .results import LIBRARY_RESULTS


@dataclass(frozen=True)
class Symbol:
    """A top-level name of a module file: a class, a function (with its return annotation, if
    any), a type alias (with its target), or a module."""

    kind: str  # "class", "function", "alias", "module"
    path: str
    returns: str | None = None


def remember_path(module: ast.Module, path: str | None) -> None:
    """Tie a parsed module to its file, so relative imports resolve against its folder."""
    if path:
        memo(module, "source_path", lambda _m: path)


def _module_path(module: ast.Module) -> str | None:
    return module.__dict__.get("_lift_memo", {}).get("source_path")


def _search_root(folder: str) -> str:
    """Where absolute imports of a file start: above its outermost package, else its folder."""
    current = Path(folder)
    while (current / "__init__.py").is_file() and current.parent != current:
        current = current.parent
    return str(current)


def _file_in(location: Path, name: str) -> Path | None:
    for candidate in (location / f"{name}.py", location / name / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1024)
def find_module_file(name: str, level: int, folder: str) -> str | None:
    """The ``.py`` file of module ``name`` imported with ``level`` leading dots from ``folder``;
    ``None`` for C modules, missing modules and anything that fails. Nothing is imported."""
    try:
        parts = [p for p in name.split(".") if p]
        if level:
            base = Path(folder)
            for _ in range(level - 1):
                base = base.parent
            if not parts:
                found = base / "__init__.py"
                return str(found) if found.is_file() else None
            location, rest = base, parts
        else:
            top, rest = parts[0], parts[1:]
            local = _file_in(Path(_search_root(folder)), top) if folder else None
            if local is not None:
                origin: str | None = str(local)
            else:
                spec = importlib.util.find_spec(top)  # a top-level name: finds, never executes
                origin = spec.origin if spec is not None else None
            if not origin or not origin.endswith(".py"):
                return None
            if not rest:
                return origin
            if not origin.endswith("__init__.py"):
                return None
            location = Path(origin).parent
        for index, part in enumerate(rest):
            found = _file_in(location, part)
            if found is None:
                return None
            if index == len(rest) - 1:
                return str(found)
            if found.name != "__init__.py":
                return None
            location = found.parent
    except (ImportError, ValueError, OSError, AttributeError):
        return None
    return None


@dataclass(frozen=True)
class _Binding:
    module: str  # the module's dotted name as written
    level: int
    name: str | None  # the imported name (None: the binding is the module itself)


def _bindings(module: ast.Module) -> dict[str, _Binding]:
    """Local name -> what it was imported as, from the module's top-level imports."""

    def build(m: ast.Module) -> dict[str, _Binding]:
        found: dict[str, _Binding] = {}
        for stmt in m.body:
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        found[alias.asname] = _Binding(alias.name, 0, None)
                    else:
                        top = alias.name.split(".")[0]
                        found.setdefault(top, _Binding(top, 0, None))
            elif isinstance(stmt, ast.ImportFrom):
                for alias in stmt.names:
                    if alias.name != "*":
                        found[alias.asname or alias.name] = _Binding(
                            stmt.module or "", stmt.level, alias.name
                        )
        return found

    return memo(module, "import_bindings", build)


def _alias_value(stmt: ast.stmt) -> tuple[str, ast.expr] | None:
    """``Pos = int``, ``Key = tuple[str, ...]``, ``X: TypeAlias = ...``: (name, target)."""
    from .typetext import is_type_expr

    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        name, value = stmt.targets[0].id, stmt.value
    elif (
        isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and stmt.value is not None
        and "TypeAlias" in ast.unparse(stmt.annotation)
    ):
        name, value = stmt.target.id, stmt.value
    else:
        return None
    if isinstance(value, ast.Constant) or not is_type_expr(value):
        return None
    if isinstance(value, ast.Name | ast.Attribute) and ast.unparse(value) not in _TYPE_NAMES:
        return None  # `x = y` is far more often a plain rebinding than an alias
    return name, value


_TYPE_NAMES = frozenset({"int", "float", "str", "bytes", "bool", "complex", "object", "dict", "list"})


def _top_level(module: ast.Module, path: str) -> dict[str, Symbol]:
    def build(m: ast.Module) -> dict[str, Symbol]:
        found: dict[str, Symbol] = {}
        for stmt in m.body:
            if isinstance(stmt, ast.ClassDef):
                found[stmt.name] = Symbol("class", path)
            elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                returns = ast.unparse(stmt.returns) if stmt.returns is not None else None
                found.setdefault(stmt.name, Symbol("function", path, returns))
            else:
                alias = _alias_value(stmt)
                if alias is not None:
                    found.setdefault(alias[0], Symbol("alias", path, ast.unparse(alias[1])))
        return found

    return memo(module, "top_level_symbols", build)


def _folder(module: ast.Module) -> str:
    path = _module_path(module)
    return str(Path(path).parent) if path else ""


def resolve(module: ast.Module, name: str, depth: int = 0) -> Symbol | None:
    """What the imported ``name`` of ``module`` is, following re-exports a few steps."""
    binding = _bindings(module).get(name)
    if binding is None or depth > 3:
        return None
    folder = _folder(module)
    if binding.level and not folder:
        return None
    target = find_module_file(binding.module, binding.level, folder)
    if binding.name is None:
        return Symbol("module", target) if target else None
    if target is not None:
        other = parse_module(target)
        if other is not None:
            remember_path(other, target)
            symbol = _top_level(other, target).get(binding.name)
            if symbol is not None:
                return symbol
            if binding.name in _bindings(other):
                return resolve(other, binding.name, depth + 1)
    dotted = ".".join(p for p in (binding.module, binding.name) if p)
    sub = find_module_file(dotted, binding.level, folder)  # `from pkg import submodule`
    return Symbol("module", sub) if sub else None


def dotted_name(module: ast.Module, expr: ast.expr) -> str | None:
    """``os.path`` for the expression ``os.path`` when ``os`` is an imported module."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    binding = _bindings(module).get(expr.id)
    if binding is None or binding.level:
        return None
    head = binding.module if binding.name is None else f"{binding.module}.{binding.name}"
    return ".".join([head, *reversed(parts)])


def imported_call_type(module: ast.Module, func: ast.expr) -> str | None:
    """The type a call of an imported callable makes: the class for a class, the annotated
    return for a function, the table's entry for a well-known module function."""
    if isinstance(func, ast.Name):
        symbol = resolve(module, func.id)
        if symbol is None:
            return None
        return func.id if symbol.kind == "class" else symbol.returns if symbol.kind == "function" else None
    if not isinstance(func, ast.Attribute):
        return None
    dotted = dotted_name(module, func)
    if dotted in LIBRARY_RESULTS:
        return LIBRARY_RESULTS[dotted]
    if isinstance(func.value, ast.Name):
        owner = resolve(module, func.value.id)
        if owner is not None and owner.kind == "module" and owner.path:
            other = parse_module(owner.path)
            if other is not None:
                symbol = _top_level(other, owner.path).get(func.attr)
                if symbol is not None and symbol.kind == "class":
                    return f"{func.value.id}.{func.attr}"
                if symbol is not None and symbol.kind == "function":
                    return symbol.returns
    return None


def imported_aliases(module: ast.Module) -> dict[str, list[str]]:
    """Type aliases the module imports (``from ._types import Pos`` where ``Pos = int``):
    canonical target -> local names."""
    from .typetext import normalize_type

    def build(m: ast.Module) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for local, binding in _bindings(m).items():
            if binding.name is None or not local[:1].isupper():
                continue  # aliases are named like classes; this keeps the lookups few
            symbol = resolve(m, local)
            if symbol is not None and symbol.kind == "alias" and symbol.returns:
                canon = normalize_type(symbol.returns)
                if canon and canon != local:
                    found.setdefault(canon, []).append(local)
        return found

    return memo(module, "imported_aliases", build)
