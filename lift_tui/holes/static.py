"""Model-free candidates ("valid hole fits"): evidence from the function's own code.

For a type hole: the docstring, defaults, isinstance checks, how the value is used, the
functions it is passed to, how the same name is annotated elsewhere in the module, and the
returned expressions. For a precondition hole: guards over the parameters suggested by their
types and uses. For a value hole: names in scope of the right type, and literals.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from lift_tui.ir import IR, Hole

from .ast_match import plain_call, subject
from .conventions import call_site_evidence, is_stub, module_aliases, name_prior, package_evidence
from .doc_words import described_type_evidence
from .flows import named_type_evidence, narrowed_return_evidence, stream_usage_evidence
from .hierarchy import (
    attribute_sink_evidence,
    override_evidence,
    protocol_parameter_evidence,
    self_return_evidence,
    type_parameter_evidence,
)
from .imports import remember_path
from .infer import (
    Evidence,
    ExprTyper,
    all_functions,
    body_nodes,
    element_of,
    literal_type,
    module_functions,
    owner_classes,
    returned_exprs,
)
from .models import Candidate, CandidateSource
from .protocols import neighbour_return_evidence, protocol_family_evidence
from .related import related_evidence
from .source import FunctionSource
from .typetext import normalize_expr, normalize_type, parse_expr, union, with_none
from .usage import usage_evidence

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
_ABSTRACT_ONLY = {"None", "Sized", "Iterable", "Callable"}


def param_of_target(target: str) -> str | None:
    match = re.fullmatch(r"signature\.parameters\.([A-Za-z_]\w*)\.type_hint", target)
    return match.group(1) if match else None


def merge(evidence: list[Evidence], source: CandidateSource = CandidateSource.static) -> list[Candidate]:
    """One candidate per distinct value; independent evidence raises confidence (noisy-or)."""
    groups: dict[str, list[Evidence]] = {}
    for item in evidence:
        key = normalize_type(item.value) or normalize_expr(item.value) or item.value.strip()
        groups.setdefault(key, []).append(item)
    merged: list[Candidate] = []
    for value, items in groups.items():
        miss = 1.0
        for item in items:
            miss *= 1.0 - min(max(item.weight, 0.0), 0.99)
        rationales = list(dict.fromkeys(i.rationale for i in items))
        merged.append(
            Candidate(
                value=value,
                rationale="; ".join(rationales[:3]),
                confidence=round(1.0 - miss, 3),
                source=source,
                evidence=sorted({i.tag for i in items}),
            )
        )
    merged.sort(key=lambda c: -c.confidence)
    return merged


def _owner_class(fn: FunctionSource) -> str | None:
    return owner_classes(fn.module).get(id(fn.node))


def _param_types(ir: IR) -> dict[str, str | None]:
    return {p.name: p.type_hint for p in ir.signature.parameters}


def _typer(ir: IR, fn: FunctionSource) -> ExprTyper:
    params = _param_types(ir)
    owner = _owner_class(fn)
    for special in ("self", "cls"):
        if special in params and params[special] is None and owner:
            params[special] = owner if special == "self" else f"type[{owner}]"
    return ExprTyper(fn.node, fn.module, params, owner)


def _docstring(fn: FunctionSource):  # -> docstring_parser.Docstring | None
    text = ast.get_docstring(fn.node)
    if not text:
        return None
    import docstring_parser

    try:
        return docstring_parser.parse(text)
    except (docstring_parser.ParseError, ValueError):
        return None


def _doc_type(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = re.sub(r",?\s*optional$", "", text.strip())
    return normalize_type(cleaned)


def _lifter(hole: Hole) -> list[Evidence]:
    return [
        Evidence(c, "lifter", "seen by the lifter", 0.3)
        for c in hole.candidates
        if c.strip() and c.strip() not in ("ellipsis", "Ellipsis")
    ]


def _module_convention(fn: FunctionSource, name: str) -> list[Evidence]:
    seen: Counter[str] = Counter()
    for item in all_functions(fn.module):
        if item is not fn.node:
            args = item.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if arg.arg == name and arg.annotation is not None:
                    seen[ast.unparse(arg.annotation)] += 1
    return [
        Evidence(
            hint,
            "module",
            f"`{name}: {hint}` in {count} other function(s) of this module",
            min(0.45 + 0.1 * count, 0.8),
        )
        for hint, count in seen.most_common(3)
    ]


def _isinstance_types(fn: FunctionSource, name: str) -> list[Evidence]:
    found = []
    for item in body_nodes(fn.node):
        if plain_call(item, "isinstance", 2) and subject(item) == name:
            spec = item.args[1]
            parts = spec.elts if isinstance(spec, ast.Tuple) else [spec]
            hint = union([ast.unparse(p) for p in parts])
            found.append(
                Evidence(hint, "isinstance", f"`isinstance({name}, {ast.unparse(spec)})` in the body", 0.55)
            )
    return found


def _same_class_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """In a method, ``other`` (the binary-method idiom) or a parameter whose attributes are also
    ``self``'s attributes is probably an instance of the same class."""
    owner = _owner_class(fn)
    args = fn.node.args.args
    if owner is None or not args or args[0].arg != "self" or name == "self":
        return []
    found: list[Evidence] = []
    if name == "other":
        found.append(Evidence(owner, "binary-method", f"`other` in a method of {owner}", 0.35))
    own_attrs: set[str] = set()
    param_attrs: set[str] = set()
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Attribute) and isinstance(item.value, ast.Name):
            if item.value.id == "self":
                own_attrs.add(item.attr)
            elif item.value.id == name:
                param_attrs.add(item.attr)
    shared = sorted(own_attrs & param_attrs)
    if shared:
        found.append(Evidence(owner, "attributes", f"`{name}.{shared[0]}` mirrors `self.{shared[0]}`", 0.4))
    return found


def parameter_type_evidence(ir: IR, hole: Hole, fn: FunctionSource | None, name: str) -> list[Evidence]:
    evidence = _lifter(hole)
    if fn is not None:
        remember_path(fn.module, ir.metadata.source_path)
    param = ir.signature.parameter(name)
    default = param.default if param else None
    default_type = literal_type(parse_expr(default)) if default else None  # type: ignore[arg-type]
    if default_type and default_type != "None":
        evidence.append(
            Evidence(default_type, "default", f"the default `{default}` is a {default_type}", 0.6)
        )
    if fn is not None:
        doc = _docstring(fn)
        if doc is not None:
            for item in doc.params:
                hint = _doc_type(item.type_name) if item.arg_name == name else None
                if hint:
                    evidence.append(
                        Evidence(hint, "docstring", f"the docstring types `{name}` as {hint}", 0.7)
                    )
                elif item.arg_name == name:
                    evidence += described_type_evidence(item.description, f"`{name}`")
        evidence += _isinstance_types(fn, name)
        typer = _typer(ir, fn)
        evidence += usage_evidence(fn.node, name, typer)
        evidence += stream_usage_evidence(fn, name, typer)
        evidence += named_type_evidence(fn, name)
        evidence += _module_convention(fn, name)
        evidence += call_site_evidence(fn, name)
        evidence += package_evidence(ir.metadata.source_path, name)
        evidence += _same_class_evidence(fn, name)
        evidence += override_evidence(fn, name)
        evidence += attribute_sink_evidence(fn, name)
        evidence += protocol_parameter_evidence(fn, name)
        evidence += protocol_family_evidence(fn, name)
        if is_stub(fn.node):
            evidence += type_parameter_evidence(fn, 0.12)  # below the naming prior
    evidence += name_prior(name)
    if default_type == "None":
        evidence += _optional_peers(ir, name)
    optional = default_type == "None" or any(e.tag == "none-check" for e in evidence)
    concrete = [e for e in evidence if e.value not in ("None",)]
    if optional:
        reason = "the default is None" if default_type == "None" else f"`{name}` is compared with None"
        evidence = [
            Evidence(
                with_none(e.value),
                e.tag,
                f"{e.rationale}; {reason}",
                e.weight
                if normalize_type(e.value) and "None" in (normalize_type(e.value) or "")
                else e.weight * 0.9,
            )
            for e in concrete
        ] + [
            Evidence(e.value, e.tag, e.rationale, e.weight * 0.45)
            for e in concrete
            if "None" not in (normalize_type(e.value) or "")
        ]
    else:
        evidence = concrete
    return evidence


def _optional_peers(ir: IR, name: str) -> list[Evidence]:
    """Other parameters of the signature that also default to None: how they are annotated is
    how this function's author spells an optional setting."""
    seen: Counter[str] = Counter(
        p.type_hint
        for p in ir.signature.parameters
        if p.name != name and p.default == "None" and p.type_hint
    )
    return [
        Evidence(hint, "peers", f"{count} other parameter(s) defaulting to None are {hint}",
                 min(0.25 + 0.05 * count, 0.4))
        for hint, count in seen.most_common(1)
    ]


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
        if len(kinds) == 2:
            # an alias and the type it names (`Pos` and `int`) are one kind, spelled as the alias
            for alias, target in (kinds, kinds[::-1]):
                if alias in (aliases or {}).get(target, []):
                    kinds = [alias]
                    break
        columns.append("Any" if not kinds or len(kinds) > 2 else " | ".join(kinds))
    return f"tuple[{', '.join(columns)}]"


def _yielded_types(fn: FunctionSource, typer: ExprTyper) -> set[str | None]:
    """What the generator yields: each ``yield x``'s type, each ``yield from xs``'s element type."""
    found: set[str | None] = set()
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Yield) and item.value is not None:
            found.add(typer.type_of(item.value))
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
        Evidence(hint, "module", f"{count} other generator(s) of this module return {hint}",
                 min(0.3 + 0.05 * count, 0.5))
        for hint, count in seen.most_common(2)
    ]


# Methods of Python's data model: unrelated classes give them unrelated types (`__iter__` yields
# something else in each). A library's own dunder protocol (`__rich_console__`) is one contract.
_DATA_MODEL = frozenset(
    {
        "__iter__", "__next__", "__aiter__", "__anext__", "__getitem__", "__enter__", "__aenter__",
        "__get__", "__call__", "__new__", "__add__", "__sub__", "__mul__", "__truediv__",
        "__floordiv__", "__mod__", "__pow__", "__and__", "__or__", "__xor__", "__radd__", "__rsub__",
        "__rmul__", "__rtruediv__", "__neg__", "__pos__", "__abs__", "__invert__", "__copy__",
        "__deepcopy__", "__reduce__", "__reduce_ex__", "__getstate__", "__getattr__",
        "__getattribute__", "__class_getitem__", "__await__", "__round__", "__reversed__",
        "__missing__", "__iadd__", "__isub__", "__ior__", "__iand__", "__matmul__", "__lshift__",
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


def return_type_evidence(ir: IR, hole: Hole, fn: FunctionSource | None) -> list[Evidence]:
    evidence = _return_type_evidence(ir, hole, fn)
    return evidence + related_evidence(evidence)


def _return_type_evidence(ir: IR, hole: Hole, fn: FunctionSource | None) -> list[Evidence]:
    evidence = _lifter(hole)
    name = ir.signature.name
    if name in _DUNDER_RETURNS:
        evidence.append(
            Evidence(_DUNDER_RETURNS[name], "protocol", f"`{name}` returns this by protocol", 0.85)
        )
    if fn is None:
        return evidence
    remember_path(fn.module, ir.metadata.source_path)
    doc = _docstring(fn)
    if doc is not None and doc.returns is not None:
        hint = _doc_type(doc.returns.type_name)
        if hint:
            evidence.append(Evidence(hint, "docstring", f"the docstring's Returns section says {hint}", 0.7))
        else:
            evidence += described_type_evidence(doc.returns.description, "the return value")
    typer = _typer(ir, fn)
    values, yields = returned_exprs(fn.node)
    if yields:
        yielded = _yielded_types(fn, typer)
        inner = f"[{yielded.pop()}]" if len(yielded) == 1 and None not in yielded else ""
        evidence.append(Evidence(f"Iterator{inner}", "yield", "the function yields", 0.6))
        evidence.append(Evidence(f"Iterable{inner}", "yield", "the function yields", 0.45))
        evidence.append(
            Evidence(
                f"Generator{inner and inner[:-1] + ', None, None]'}", "yield", "the function yields", 0.35
            )
        )
        evidence += generator_convention_evidence(fn, inner[1:-1] or None)
        evidence += _same_name_returns(fn, name)
        return evidence
    evidence += name_prior(name, returns=True)
    evidence += _same_name_returns(fn, name)
    evidence += _name_family_returns(fn, name)
    evidence += override_evidence(fn, None)
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
        evidence.append(
            Evidence(
                "NoReturn" if raises_only else "None",
                "returns",
                "every path ends without a return value" if not raises_only else "the body only raises",
                0.8,
            )
        )
        return evidence
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
                0.75 if complete else 0.5,
            )
        )
        if len(distinct) > 1:
            for kind in distinct:
                if kind != "None":
                    evidence.append(Evidence(kind, "returns", "one of the returned types", 0.3))
    return evidence
