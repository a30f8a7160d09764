"""Typed holes for what the code does not say: missing annotations and missing docstrings.

A hole carries the evidence found in the body as ``candidates`` (types, most telling
first) and ``constraints`` (the facts behind them), so whoever fills it later - a person,
the model or the solver - starts from what is known rather than from nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

from lift_tui.analysis.literals import literal_type
from lift_tui.ir import HoleKind, ParameterKind

from . import confidence
from .body import Data, FunctionBody, names_in
from .text import shortened, unparse
from .typing_rules import expression_type, local_types, looked_up, summed_iterables

_STR_METHODS = {
    "startswith", "endswith", "lower", "upper", "strip", "lstrip", "rstrip", "split", "rsplit",
    "splitlines", "encode", "format", "casefold", "isdigit", "isalpha", "isspace", "title", "zfill",
    "removeprefix", "removesuffix", "partition", "rpartition", "isidentifier", "expandtabs", "join",
}  # fmt: skip
_METHOD_TYPES = {
    "append": "list", "extend": "list", "insert": "list", "sort": "list",
    "items": "dict", "keys": "dict", "values": "dict", "setdefault": "dict", "popitem": "dict",
    "add": "set", "discard": "set", "union": "set", "issubset": "set",
    "decode": "bytes", "read": "IO", "write": "IO", "readline": "IO", "close": "IO",
    "group": "re.Match", "match": "re.Pattern", "fullmatch": "re.Pattern", "sub": "re.Pattern",
}  # fmt: skip
_SELF_NAMES = ("self", "cls", "mcs", "metacls")
_VARIADIC = (ParameterKind.var_positional, ParameterKind.var_keyword)


class _Evidence:
    """Candidate types and facts per parameter name, in order of first sighting."""

    def __init__(self, names: Iterable[str]) -> None:
        names = list(names)
        self.candidates: dict[str, list[str]] = {n: [] for n in names}
        self.facts: dict[str, list[str]] = {n: [] for n in names}

    def add(self, name: str, candidate: str | None, fact: str) -> None:
        if name not in self.candidates:
            return
        if candidate and candidate not in self.candidates[name]:
            self.candidates[name].append(candidate)
        if fact not in self.facts[name]:
            self.facts[name].append(fact)


_NAME = ast.Name


def _collect(body: FunctionBody, evidence: _Evidence) -> None:
    """Evidence from calls, loops, operators, comparisons, subscripts and awaits, in that order.

    The order of first sightings orders the candidates, so the groups are read one after
    the other as ``of_type`` listed them. Most nodes involve no parameter still to type:
    a type check on the operands skips them before any fact (f-string, unparse) is built.
    """
    wanted = evidence.candidates
    groups = body.by_type
    for node in groups.get(ast.Call, ()):
        func = node.func  # type: ignore[attr-defined]
        if type(func) is _NAME:
            if func.id == "isinstance" and len(node.args) == 2:  # type: ignore[attr-defined]
                _isinstance_evidence(node, wanted, evidence)  # type: ignore[arg-type]
            elif func.id == "len" and node.args:  # type: ignore[attr-defined]
                if target := _name(node.args[0], wanted):  # type: ignore[attr-defined]
                    evidence.add(target, "Sized", "len() is taken")
            elif func.id in wanted:
                evidence.add(func.id, "Callable", "is called")
        elif type(func) is ast.Attribute and type(func.value) is _NAME and func.value.id in wanted:
            if func.attr in _STR_METHODS:
                evidence.add(func.value.id, "str", f"str method .{func.attr}() is called")
            elif func.attr in _METHOD_TYPES:
                evidence.add(func.value.id, _METHOD_TYPES[func.attr], f".{func.attr}() is called")
    for node_type in (ast.For, ast.AsyncFor, ast.comprehension):
        for node in groups.get(node_type, ()):
            if target := _name(node.iter, wanted):  # type: ignore[attr-defined]
                evidence.add(target, "Iterable", "is iterated over")
    for node in groups.get(ast.BinOp, ()):
        if _name(node.left, wanted) or _name(node.right, wanted):  # type: ignore[attr-defined]
            _operand_evidence(node, wanted, evidence)  # type: ignore[arg-type]
    for node in groups.get(ast.Compare, ()):
        if len(node.ops) == 1 and (_name(node.left, wanted) or _name(node.comparators[0], wanted)):  # type: ignore[attr-defined]
            _comparison_evidence(node, wanted, evidence)  # type: ignore[arg-type]
    for node in groups.get(ast.Subscript, ()):
        if target := _name(node.value, wanted):  # type: ignore[attr-defined]
            index = node.slice  # type: ignore[attr-defined]
            if isinstance(index, ast.Slice):
                evidence.add(target, "Sequence", "is sliced")
            elif isinstance(index, ast.Constant) and isinstance(index.value, str):
                evidence.add(target, "Mapping", f"indexed by {index.value!r}")
            elif isinstance(index, ast.Constant) and isinstance(index.value, int):
                evidence.add(target, "Sequence", f"indexed by {index.value}")
    for node in groups.get(ast.Await, ()):
        if target := _name(node.value, wanted):  # type: ignore[attr-defined]
            evidence.add(target, "Awaitable", "is awaited")


def _name(node: ast.AST, wanted: dict[str, list[str]]) -> str | None:
    """A parameter still to type, else None: facts about other names would be dropped anyway."""
    return node.id if type(node) is _NAME and node.id in wanted else None  # type: ignore[attr-defined]


def _isinstance_evidence(node: ast.Call, wanted: dict[str, list[str]], evidence: _Evidence) -> None:
    target = _name(node.args[0], wanted)
    if target:
        types = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
        for t in types:
            text = unparse(t)
            evidence.add(target, text, f"isinstance check against {text}")


def _operand_evidence(node: ast.BinOp, wanted: dict[str, list[str]], evidence: _Evidence) -> None:
    for mine, other in ((node.left, node.right), (node.right, node.left)):
        kind = literal_type(other, displays=True)
        if (target := _name(mine, wanted)) and kind and kind != "None":
            operator = type(node.op).__name__
            evidence.add(target, kind, f"{operator} with a {kind} literal")
        elif target := _name(mine, wanted):
            evidence.add(target, None, f"operand of {type(node.op).__name__}")


def _comparison_evidence(node: ast.Compare, wanted: dict[str, list[str]], evidence: _Evidence) -> None:
    left, right = node.left, node.comparators[0]
    for mine, other in ((left, right), (right, left)):
        target = _name(mine, wanted)
        if target and (kind := literal_type(other, displays=True)):
            if isinstance(node.ops[0], ast.In | ast.NotIn) and mine is right:
                evidence.add(target, "Container", f"membership tested with a {kind}")
            else:
                evidence.add(target, kind, f"compared with {unparse(other)}")


def _provenance(line: int, path: str | None, detail: str) -> Any:
    return confidence.provenance(confidence.HOLE_GUESS, path, line, None, detail)


def takes_no_hole(parameter: Data, index: int, in_class: bool, decorators: list[str]) -> bool:
    """``self``/``cls`` of a method are implied by the class, so they get no type hole."""
    return (
        in_class
        and index == 0
        and parameter["name"] in _SELF_NAMES
        and parameter["kind"] in (ParameterKind.positional_only, ParameterKind.positional_or_keyword)
        and "staticmethod" not in decorators
    )


def _default_nodes(args: ast.arguments) -> dict[str, ast.expr]:
    positional = [*args.posonlyargs, *args.args]
    found = {
        a.arg: d
        for a, d in zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    }
    found.update((a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None)
    return found


def hole_id(parameter_name: str) -> str:
    return f"{parameter_name}_type"


def parameter_holes(
    body: FunctionBody, parameters: list[Data], in_class: bool, decorators: list[str], path: str | None
) -> list[Data]:
    missing = [
        p
        for index, p in enumerate(parameters)
        if p["type_hint"] is None and not takes_no_hole(p, index, in_class, decorators)
    ]
    if not missing:
        return []
    evidence = _Evidence(p["name"] for p in missing)
    if any(p["default"] is not None for p in missing):
        defaults = _default_nodes(body.node.args)
        for p in missing:
            if p["name"] in defaults:
                kind = literal_type(defaults[p["name"]], displays=True)
                evidence.add(p["name"], kind, f"default is {p['default']}")
    for name in summed_iterables(body):
        evidence.add(name, "list[float]", "its items are summed or used in arithmetic")
        evidence.add(name, "list[int]", "its items are summed or used in arithmetic")
    _collect(body, evidence)
    holes = []
    for p in missing:
        if p["kind"] == ParameterKind.var_positional:
            what = f"type of each positional argument collected in *{p['name']}"
        elif p["kind"] == ParameterKind.var_keyword:
            what = f"type of each keyword argument value collected in **{p['name']}"
        else:
            what = f"type of parameter {p['name']}"
        holes.append(
            dict(
                identifier=hole_id(p["name"]),
                kind=HoleKind.type,
                target=f"signature.parameters.{p['name']}.type_hint",
                type_hint="type",
                description=f"{what} (no annotation)",
                # For *args/**kwargs the evidence is about the collection, not the element type.
                candidates=[] if p["kind"] in _VARIADIC else evidence.candidates[p["name"]],
                constraints=evidence.facts[p["name"]],
                provenance=_provenance(body.node.lineno, path, "missing annotation"),
            )
        )
    return holes


def return_hole(
    body: FunctionBody,
    parameters: list[Data],
    parameter_holes: list[Data],
    path: str | None,
    *,
    abstract: bool = False,
) -> Data:
    """The return type hole: literal types of returned values, pass-through parameters, generators.

    An ``abstract`` body (only ``raise NotImplementedError``) says nothing about the return type.
    """
    node = body.node
    annotations = {p["name"]: p["type_hint"] for p in parameters}
    open_types = {h["target"].split(".")[2]: h["identifier"] for h in parameter_holes}
    candidates: list[str] = []
    facts: list[str] = []
    dependencies: list[str] = []

    def candidate(value: str | None) -> None:
        if value and value not in candidates:
            candidates.append(value)

    if body.is_generator:
        candidate("AsyncIterator" if isinstance(node, ast.AsyncFunctionDef) else "Iterator")
        facts.append("yields values (generator)")
    returns = body.of_type(ast.Return)
    valued = [r for r in returns if r.value is not None]  # type: ignore[attr-defined]
    if abstract:
        facts.append("abstract body: the return type is not shown by the code")
    elif not valued and not body.is_generator:
        candidate("None")
        facts.append("never returns a value")
    env = {name: hint for name, hint in annotations.items() if hint}
    # Local types are worked out only for the names expression_type will look up; every
    # name of a returned value is needed only to find the parameter holes it depends on.
    typed: set[str] = set()
    for ret in valued:
        looked_up(ret.value, typed)  # type: ignore[attr-defined]
    if typed - env.keys():
        env.update(local_types(body, env, typed))
    value_names = [names_in(r.value) if open_types else () for r in valued]  # type: ignore[attr-defined]
    for ret, names in zip(valued, value_names, strict=True):
        assert isinstance(ret, ast.Return) and ret.value is not None
        value = ret.value
        kind = expression_type(value, env)
        if isinstance(value, ast.Name) and annotations.get(value.id):
            facts.append(f"returns parameter {value.id}")
        elif kind is not None and not isinstance(value, ast.Constant):
            facts.append(f"returns {shortened(value)}: {kind}")
        candidate(kind)
        for name in sorted(names) if open_types else ():
            if name in open_types and open_types[name] not in dependencies:
                dependencies.append(open_types[name])
                facts.append(f"returned value depends on {name}")
    if valued and len(valued) < len(returns):
        candidate("None")
        facts.append("some paths return no value")
    return dict(
        identifier="return_type",
        kind=HoleKind.type,
        target="signature.returns",
        type_hint="type",
        description="return type (no annotation)",
        candidates=candidates,
        constraints=facts,
        dependencies=dependencies,
        provenance=_provenance(node.lineno, path, "missing return annotation"),
    )


def summary_hole(name: str, line: int, path: str | None) -> Data:
    return dict(
        identifier="summary",
        kind=HoleKind.text,
        target="intent.summary",
        type_hint="str",
        description=f"what {name} is for, in one sentence (no docstring summary)",
        constraints=[f"describes function {name}"],
        provenance=_provenance(line, path, "missing docstring"),
    )
