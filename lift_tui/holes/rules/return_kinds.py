"""Return-type rules that name a kind *above* what the body returns: the common base class of
the several classes a function returns (``DocstringParam``, ``DocstringRaises``... are each a
``DocstringMeta``), and the abstract spelling the module uses for a concrete container it
builds (a ``dict[str, str]`` built here, a ``Mapping[str, str]`` annotated elsewhere).

Annotated code states the contract, not the implementation: a function that returns one of
several subclasses is annotated with their base, and a module that hands out read-only views
says ``Mapping``/``Sequence`` where the body happens to build a dict or a list.
"""

from __future__ import annotations

import ast

from lift_tui.analysis.members import find_class, lineage
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import normalize_type, parse_expr

from ..evidence import Evidence
from .return_shapes import module_spellings

# Bases every class shares or that only mark a protocol: no contract of their own.
_VACUOUS_BASES = frozenset({"object", "Generic", "Protocol", "ABC", "NamedTuple", "TypedDict", "Enum"})


def _ancestors(fn: FunctionSource, name: str) -> list[str] | None:
    found = find_class(fn.module, name)
    if found is None:
        return None
    return [cls.name for _module, cls in lineage(*found)]


def common_base_evidence(fn: FunctionSource, distinct: list[str]) -> list[Evidence]:
    """Two or more classes returned: their nearest common ancestor (one of them, or a base)."""
    names = [d for d in distinct if d != "None"]
    if len(names) < 2 or not all(n.isidentifier() and n[:1].isupper() for n in names):
        return []
    chains = [_ancestors(fn, n) for n in names]
    if any(chain is None for chain in chains):
        return []
    first, *rest = [chain for chain in chains if chain is not None]
    shared = next((c for c in first if all(c in other for other in rest) and c not in _VACUOUS_BASES), None)
    if shared is None:
        return []
    hint = f"{shared} | None" if "None" in distinct else shared
    why = f"the {len(names)} returned classes are each a {shared}"
    return [Evidence(hint, "returns", why, 0.55)]


# A concrete container and the abstract heads a module may annotate it with.
_ABSTRACT = {"dict": ("Mapping",), "list": ("Sequence", "Iterable"), "set": ("AbstractSet", "Iterable")}


def abstract_spelling_evidence(fn: FunctionSource, evidence: list[Evidence]) -> list[Evidence]:
    """``dict[K, V]`` found, ``Mapping[K, V]`` (the same arguments) annotated in this module."""
    spellings = module_spellings(fn.module)
    extra: list[Evidence] = []
    for item in evidence:
        node = parse_expr(normalize_type(item.value) or "")
        if not isinstance(node, ast.Subscript) or ast.unparse(node.value) not in _ABSTRACT:
            continue
        arguments = ast.unparse(node.slice)
        for head in _ABSTRACT[ast.unparse(node.value)]:
            hint = normalize_type(f"{head}[{arguments}]")
            if hint and spellings.get(head, {}).get(hint):
                why = f"{item.rationale}; this module annotates such values as {hint}"
                extra.append(Evidence(hint, item.tag, why, item.weight * 0.85))
    return extra
