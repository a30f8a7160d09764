"""Rules for a function's return type: data-model protocols, the docstring's Returns section,
what is yielded or returned (typed by :mod:`lift_tui.analysis.exprtype`), functions of the same
name or the same name family, overrides, and stubs.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.imports import remember_path
from lift_tui.analysis.index import all_functions, body_nodes, module_functions, owner_classes, returned_exprs
from lift_tui.analysis.literals import join_types, literal_type, value_type
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import element_of, parse_expr, union
from lift_tui.ir import IR, Hole

from ..evidence import SHOWN, Evidence
from .conventions import is_stub, module_aliases, name_prior
from .doc_words import described_type_evidence
from .flows import narrowed_return_evidence
from .hierarchy import override_evidence, self_return_evidence, type_parameter_evidence
from .params import doc_type, parsed_docstring
from .protocols import neighbour_return_evidence, protocol_family_evidence
from .registry import Site
from .return_shapes import (
    doc_prefix_evidence,
    exits_evidence,
    generic_class_evidence,
    inherited_return_evidence,
    literal_evidence,
    named_value_evidence,
    neighbourhood_prior,
    optional_evidence,
    self_evidence,
    spelled_evidence,
    tuple_evidence,
)


def example_results(ir: IR) -> list[Evidence]:
    """The literal results the function's examples show (``>>> f(2)`` then ``4``)."""
    shown = [(e.expected, value_type(parse_expr(e.expected))) for e in ir.examples if parse_expr(e.expected)]
    if not shown or not all(kind for _, kind in shown):
        return []
    joined = join_types([kind for _, kind in shown if kind])
    if joined is None:
        return []
    why = f"the example result `{shown[0][0][:40]}`" + (
        f" (and {len(shown) - 1} more)" if len(shown) > 1 else ""
    )
    return [Evidence(joined, "example", why, SHOWN)]


_DUNDER_RETURNS = {
    "__init__": "None",
    "__repr__": "str",
    "__str__": "str",
    "__len__": "int",
    "__hash__": "int",
    "__bool__": "bool",
    "__eq__": "bool",
    "__ne__": "bool",
    "__lt__": "bool",
    "__le__": "bool",
    "__gt__": "bool",
    "__ge__": "bool",
    "__contains__": "bool",
    "__format__": "str",
    "__setitem__": "None",
    "__delitem__": "None",
    "__setattr__": "None",
    "__delattr__": "None",
    "__post_init__": "None",
    "__index__": "int",
    "__int__": "int",
    "__float__": "float",
    "__bytes__": "bytes",
    "__fspath__": "str",
    "__init_subclass__": "None",
    "__set_name__": "None",
    "__exit__": "bool | None",
    "__aexit__": "bool | None",
    "__complex__": "complex",
    "__del__": "None",
}


def _join_tuples(hints: list[str], aliases: dict[str, list[str]] | None = None) -> str | None:
    """``tuple[Pos, str]`` and ``tuple[Pos, list]`` -> ``tuple[Pos, str | list]``; 3+ kinds -> ``Any``;
    a column's uninferred (``Any``) entries are left out."""
    rows: list[list[str]] = []
    for hint in hints:
        node = parse_expr(hint)
        if not (isinstance(node, ast.Subscript) and ast.unparse(node.value) == "tuple"):
            return None
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        rows.append([ast.unparse(e) for e in elts])
    if len(rows) < 2 or len({len(r) for r in rows}) != 1:
        return None
    columns = []
    for column in zip(*rows, strict=True):
        # `Any` here means "not inferred": it does not veto the kinds that were
        kinds = list(dict.fromkeys(k for k in column if k != "Any"))
        if kinds == ["None"] and "Any" in column:
            kinds = []  # None beside untyped values: the column's type is unknown, not None
        if len(kinds) == 2:
            # an alias and the type it names (`Pos` and `int`) are one kind, spelled as the alias
            for alias, target in (kinds, kinds[::-1]):
                if alias in (aliases or {}).get(target, []):
                    kinds = [alias]
                    break
        columns.append("Any" if not kinds or len(kinds) > 2 else union(kinds))  # `X | None`, None: `X | None`
    return f"tuple[{', '.join(columns)}]"


def _yielded_types(fn: FunctionSource, typer: ExprTyper) -> set[str | None]:
    """What the generator yields: each ``yield x``'s type, each ``yield from xs``'s element type."""
    found: set[str | None] = set()
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Yield):
            # a bare `yield` (a context manager's) yields None
            found.add(typer.type_of(item.value) if item.value is not None else "None")
        elif isinstance(item, ast.YieldFrom):
            found.add(element_of(typer.type_of(item.value)))
    return found


def generator_convention_evidence(fn: FunctionSource, inner: str | None) -> list[Evidence]:
    """How the module annotates its other generator functions (``Iterable[Segment]``, or an alias
    such as ``RenderResult``): a module tends to spell the same kind of result the same way. An
    annotation naming a different element type than the one yielded here is left out."""
    seen: Counter[str] = Counter()
    for item in all_functions(fn.module):
        if item is fn.node or item.returns is None:
            continue
        if any("contextmanager" in ast.unparse(d) for d in item.decorator_list):
            continue  # a context manager yields once; it is no iterator
        _values, item_yields = returned_exprs(item)
        if not item_yields:
            continue
        hint = ast.unparse(item.returns)
        if inner and "[" in hint and not re.search(rf"\b{re.escape(inner)}\b", hint):
            continue
        seen[hint] += 1
    return [
        Evidence(
            hint,
            "module",
            f"{count} other generator(s) of this module return {hint}",
            min(0.3 + 0.05 * count, 0.5),
        )
        for hint, count in seen.most_common(2)
    ]


# Methods of Python's data model: unrelated classes give them unrelated types (`__iter__` yields
# something else in each). A library's own dunder protocol (`__rich_console__`) is one contract.
_DATA_MODEL = frozenset(
    {
        "__iter__",
        "__next__",
        "__aiter__",
        "__anext__",
        "__getitem__",
        "__enter__",
        "__aenter__",
        "__get__",
        "__call__",
        "__new__",
        "__add__",
        "__sub__",
        "__mul__",
        "__truediv__",
        "__floordiv__",
        "__mod__",
        "__pow__",
        "__and__",
        "__or__",
        "__xor__",
        "__radd__",
        "__rsub__",
        "__rmul__",
        "__rtruediv__",
        "__neg__",
        "__pos__",
        "__abs__",
        "__invert__",
        "__copy__",
        "__deepcopy__",
        "__reduce__",
        "__reduce_ex__",
        "__getstate__",
        "__getattr__",
        "__getattribute__",
        "__class_getitem__",
        "__await__",
        "__round__",
        "__reversed__",
        "__missing__",
        "__iadd__",
        "__isub__",
        "__ior__",
        "__iand__",
        "__matmul__",
        "__lshift__",
        "__rshift__",
    }
)


def _name_family_returns(fn: FunctionSource, name: str) -> list[Evidence]:
    """Functions named alike return alike: ``user_cache_dir`` next to an annotated ``user_data_dir``
    and ``site_data_dir``. Neighbours (the same class, or the module's functions) whose name ends
    in the same word count; agreement among them is what makes it evidence."""
    stem = name.strip("_")
    if "_" not in stem or stem.startswith("__"):
        return []
    suffix = stem.rsplit("_", 1)[1]
    if len(suffix) < 3:
        return []
    owner = owner_classes(fn.module).get(id(fn.node))
    seen: Counter[str] = Counter()
    for item in all_functions(fn.module):
        if item is fn.node or item.returns is None or item.name == name:
            continue
        if owner_classes(fn.module).get(id(item)) != owner:
            continue
        if item.name.strip("_").rsplit("_", 1)[-1] == suffix and "_" in item.name.strip("_"):
            seen[ast.unparse(item.returns)] += 1
    if not seen:
        return []
    (hint, count), total = seen.most_common(1)[0], sum(seen.values())
    if count < 2:
        return []
    weight = 0.45 if count == total else 0.25
    why = f"{count} of {total} neighbour(s) named `*_{suffix}` return {hint}"
    return [Evidence(hint, "family", why, weight)]


def _same_name_returns(fn: FunctionSource, name: str) -> list[Evidence]:
    if name in _DATA_MODEL or name in _DUNDER_RETURNS:
        return []
    seen: Counter[str] = Counter()
    for item in module_functions(fn.module).get(name, []):
        if item is not fn.node and item.returns is not None:
            seen[ast.unparse(item.returns)] += 1
    return [
        Evidence(hint, "module", f"`{name}` returns {hint} in {count} other place(s)", 0.5)
        for hint, count in seen.most_common(2)
    ]


def return_evidence(
    ir: IR, hole: Hole, fn: FunctionSource | None, known: list[Evidence] | None = None
) -> list[Evidence]:
    """Every rule's evidence for the return type, beside ``known`` (the lifter's and the traced
    calls' facts), which the widening rules (``T | None``, the module's spelling) also build on."""
    evidence = _return_evidence(ir, hole, fn, list(known or []))
    if fn is None:
        return evidence
    spelled = spelled_evidence(fn, [e for e in evidence if e.tag != "yield"])
    generic = generic_class_evidence(fn, evidence)
    return evidence + spelled + generic if evidence else neighbourhood_prior(fn)


def _return_evidence(ir: IR, hole: Hole, fn: FunctionSource | None, known: list[Evidence]) -> list[Evidence]:
    evidence: list[Evidence] = known + example_results(ir)
    name = ir.signature.name
    if name in _DUNDER_RETURNS:
        evidence.append(
            Evidence(_DUNDER_RETURNS[name], "protocol", f"`{name}` returns this by protocol", 0.85)
        )
    if fn is None:
        return evidence
    remember_path(fn.module, ir.metadata.source_path)
    doc = parsed_docstring(fn)
    if doc is not None and doc.returns is not None:
        hint = doc_type(doc.returns.type_name)
        if hint:
            evidence.append(Evidence(hint, "docstring", f"the docstring's Returns section says {hint}", 0.7))
        else:
            evidence += described_type_evidence(doc.returns.description, "the return value")
    evidence += doc_prefix_evidence(fn, doc.returns.description if doc and doc.returns else None)
    site = Site(ir, hole, fn, None)
    typer = site.typer
    values, yields = returned_exprs(fn.node)
    if yields:
        yielded = _yielded_types(fn, typer)
        inner = f"[{yielded.pop()}]" if len(yielded) == 1 and None not in yielded else ""
        # an `async def` that yields is an asynchronous generator
        kind = "Async" if isinstance(fn.node, ast.AsyncFunctionDef) else ""
        tail = ", None]" if kind else ", None, None]"
        # a context manager's generator is an Iterator (what `contextmanager` takes), never
        # merely Iterable; it is as often spelled as the Generator it is
        managed = any("contextmanager" in ast.unparse(d) for d in fn.node.decorator_list)
        evidence.append(Evidence(f"{kind}Iterator{inner}", "yield", "the function yields", 0.6))
        if not managed:
            evidence.append(Evidence(f"{kind}Iterable{inner}", "yield", "the function yields", 0.45))
        generator = f"{kind}Generator{inner and inner[:-1] + tail}"
        evidence.append(Evidence(generator, "yield", "the function yields", 0.5 if managed else 0.35))
        evidence += generator_convention_evidence(fn, inner[1:-1] or None)
        evidence += _same_name_returns(fn, name)
        return evidence
    evidence += name_prior(name, returns=True)
    evidence += _same_name_returns(fn, name)
    evidence += _name_family_returns(fn, name)
    evidence += override_evidence(fn, None) or inherited_return_evidence(fn)
    evidence += named_value_evidence(fn)
    evidence += self_return_evidence(fn)
    evidence += protocol_family_evidence(fn, None)
    if is_stub(fn.node):
        # an abstract or protocol method: "no return value" says little about its type
        kept = [e for e in evidence if e.value not in ("None", "NoReturn")]
        kept += type_parameter_evidence(fn, 0.18)
        kept += neighbour_return_evidence(fn)
        return kept + [Evidence("None", "stub", "a declaration without a body; may return nothing", 0.15)]
    if not values or all(v is None or literal_type(v) == "None" for v in values):
        raises_only = not values and any(isinstance(n, ast.Raise) for n in fn.node.body)
        exits = exits_evidence(fn) if not values else []
        evidence.append(
            Evidence(
                "NoReturn" if raises_only else "None",
                "returns",
                "every path ends without a return value" if not raises_only else "the body only raises",
                0.4 if exits else 0.8,
            )
        )
        return evidence + exits
    evidence += self_evidence(fn, values)
    evidence += narrowed_return_evidence(fn, values)
    kinds = [typer.type_of(v) if v is not None else "None" for v in values]
    inferred = [k for k in kinds if k]
    distinct = list(dict.fromkeys(inferred))
    if any(d.startswith("tuple[") for d in distinct):
        distinct = [d for d in distinct if d != "tuple"]  # a bare `tuple` adds nothing to refined ones
    joined = _join_tuples(distinct, module_aliases(fn.module))
    if joined:
        evidence.append(Evidence(joined, "returns", "the returned tuples joined element by element", 0.78))
    if distinct:
        whole = union(distinct) if len(distinct) > 1 else distinct[0]
        complete = len(inferred) == len(kinds)
        evidence.append(
            Evidence(
                whole,
                "returns",
                f"{len(inferred)} of {len(kinds)} return(s) have this type",
                # None alone, beside untyped returns, is the one type the function surely widens
                0.75 if complete else 0.2 if distinct == ["None"] else 0.5,
            )
        )
        if len(distinct) > 1:
            for kind in distinct:
                if kind != "None":
                    evidence.append(Evidence(kind, "returns", "one of the returned types", 0.3))
    evidence += literal_evidence(values) + tuple_evidence(distinct)
    return evidence + optional_evidence(values, kinds, evidence)
