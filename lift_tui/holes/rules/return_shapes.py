"""Return-type rules about the *shape* of the answer rather than the returned expression alone:
the type a docstring's first line leads with (Google style ``"bool: Whether ..."``), the
instance returned as ``Self``, the annotation an imported base class gives the same method,
the module's own spelling of a bare container (``dict`` written ``dict[str, Any]`` everywhere
else), ``T | None`` when some paths return None and the others are untyped, and ``NoReturn``
for a body that ends by exiting.

Each rule reads only the function, its module and (for bases) the modules those import.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from lift_tui.analysis.index import all_functions, memo, nodes_of
from lift_tui.analysis.literals import literal_type
from lift_tui.analysis.members import lineage
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import normalize_type, parse_expr, with_none

from ..evidence import Evidence
from .hierarchy import owner_def, self_type

# Words a docstring's first line may start with before a colon that are section titles, not types.
_SECTION_WORDS = frozenset(
    {
        "Args", "Arguments", "Attributes", "Example", "Examples", "Note", "Notes", "Raises", "Return",
        "Returns", "See", "Todo", "TODO", "Usage", "Warning", "Warnings", "Yields", "Deprecated",
        "Parameters", "References", "Important", "Tip", "Hint", "Caution", "Danger", "Summary",
    }
)
_PREFIX = re.compile(r"^\s*([A-Za-z_][\w.]*(?:\[[^\n]*?\])?(?:\s*\|\s*[A-Za-z_][\w.\[\], ]*)*):\s+\S")


def prefix_type(text: str | None) -> str | None:
    """The type a line leads with before a colon (``"int | None: the result"``), if it is one."""
    m = _PREFIX.match(text.splitlines()[0]) if text else None
    if m is None or m.group(1).split("[", 1)[0] in _SECTION_WORDS:
        return None
    return normalize_type(m.group(1))


def doc_prefix_evidence(fn: FunctionSource, returns_text: str | None = None) -> list[Evidence]:
    """A docstring whose first line reads ``"float: Get the current time"``: Google style's way to
    state a property's or getter's type; and a Returns section written ``int | None: the result``,
    whose union or subscripted type the docstring parser leaves in the description."""
    found = []
    hint = prefix_type(returns_text)
    if hint is not None:
        found.append(Evidence(hint, "docstring", f"the docstring's Returns section says {hint}", 0.7))
    hint = prefix_type(ast.get_docstring(fn.node))
    if hint is not None:
        found.append(Evidence(hint, "docstring", f"the docstring's first line starts with `{hint}:`", 0.7))
    return found


def self_evidence(fn: FunctionSource, values: list[ast.expr | None]) -> list[Evidence]:
    """A method that returns ``self`` (a fluent or builder method) or ``cls(...)`` (an alternate
    constructor) is typed ``Self`` in current code, or its class (with the class's type
    parameters when it is generic)."""
    built = any(
        isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "cls" for v in values
    )  # an alternate constructor: `return cls(...)`
    if not built and not any(isinstance(v, ast.Name) and v.id == "self" for v in values):
        return []
    cls = owner_def(fn.module, fn.node)
    why = "the method returns `cls(...)`" if built else "the method returns `self`"
    found = [Evidence("Self", "self", why, 0.6)]
    if cls is not None:
        found.append(Evidence(self_type(fn.module, cls), "self", why, 0.45))
    return found


def inherited_return_evidence(fn: FunctionSource) -> list[Evidence]:
    """The return annotation of the same method on a base class, found across modules (an
    override keeps its base's contract). Bases in the same module are :mod:`.hierarchy`'s."""
    cls = owner_def(fn.module, fn.node)
    if cls is None or fn.node.name in ("__init__", "__new__"):
        return []
    for module, base in lineage(fn.module, cls, skip_self=True):
        if module is fn.module:
            continue
        for stmt in base.body:
            if (
                isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
                and stmt.name == fn.node.name
                and stmt.returns is not None
            ):
                hint = ast.unparse(stmt.returns).strip("'\"")
                why = f"`{base.name}.{stmt.name}` (imported base) is annotated {hint}"
                return [Evidence(hint, "override", why, 0.7)]
    return []


_NOT_CONTAINERS = frozenset({"Optional", "Union", "Literal", "Annotated", "ClassVar", "Final"})


def _spellings(module: ast.Module) -> dict[str, Counter[str]]:
    """Every subscripted annotation of the module by its head: ``{"dict": {"dict[str, Any]": 9}}``."""

    def build(m: ast.Module) -> dict[str, Counter[str]]:
        notes: list[ast.expr] = []
        for fn in all_functions(m):
            args = fn.args
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            notes += [a.annotation for a in every if a is not None and a.annotation is not None]
            if fn.returns is not None:
                notes.append(fn.returns)
        notes += [n.annotation for n in nodes_of(m, ast.AnnAssign)]  # type: ignore[attr-defined]
        found: dict[str, Counter[str]] = {}
        for note in notes:
            if isinstance(note, ast.Constant) and isinstance(note.value, str):
                note = parse_expr(note.value) or note
            for sub in ast.walk(note):
                if not isinstance(sub, ast.Subscript):
                    continue
                canon = normalize_type(ast.unparse(sub))
                if canon is None or "[" not in canon:
                    continue
                head = canon.split("[", 1)[0]
                if head not in _NOT_CONTAINERS:
                    found.setdefault(head, Counter())[canon] += 1
        return found

    return memo(module, "annotation_spellings", build)


def spelled_evidence(fn: FunctionSource, evidence: list[Evidence]) -> list[Evidence]:
    """A bare type the rules found (``dict``, ``list``, ``DOMQuery``) as this module spells it
    with arguments elsewhere (``dict[str, Any]``, ``DOMQuery[QueryType]``): code bases reuse their
    own parameterisations, and a bare generic is rare in annotated code."""
    spellings = _spellings(fn.module)
    extra: list[Evidence] = []
    for item in evidence:
        canon = normalize_type(item.value)
        if canon is None or "[" in canon or "|" in canon or canon not in spellings:
            continue
        for rank, (hint, count) in enumerate(spellings[canon].most_common(2)):
            if count < 2:
                break  # a spelling seen once is no convention
            why = f"{item.rationale}; this module writes {canon} as {hint} ({count}×)"
            extra.append(Evidence(hint, item.tag, why, item.weight * (0.7 if rank == 0 else 0.5)))
    return extra


def optional_evidence(
    values: list[ast.expr | None], kinds: list[str | None], evidence: list[Evidence]
) -> list[Evidence]:
    """Some paths return None and the others could not be typed: the answer is ``T | None`` for a
    ``T`` another rule proposes (a docstring, the name, an override), not None alone."""
    returns_none = any(v is None or literal_type(v) == "None" for v in values)
    if not returns_none or all(k is not None for k in kinds):
        return []
    extra = []
    for item in evidence:
        canon = normalize_type(item.value)
        if canon is None or canon in ("None", "NoReturn", "Any") or canon.endswith("| None"):
            continue
        why = f"{item.rationale}; other paths return None"
        extra.append(Evidence(with_none(canon), item.tag, why, item.weight * 0.9))
    return extra


_EXITS = frozenset({"exit", "_exit", "abort"})


def exits_evidence(fn: FunctionSource) -> list[Evidence]:
    """A body that ends by calling ``sys.exit``/``self.exit``/``os._exit``/``abort`` never returns."""
    last = fn.node.body[-1] if fn.node.body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
        return []
    func = last.value.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in _EXITS:
        return []
    return [Evidence("NoReturn", "exits", f"the body ends by calling `{ast.unparse(func)}`", 0.7)]



def literal_evidence(values: list[ast.expr | None]) -> list[Evidence]:
    """Every path returns one of a few string (or int/bool) literals: ``Literal[...]`` states them,
    as typed code spells a closed set of answers."""
    if len(values) < 2 or not all(isinstance(v, ast.Constant) for v in values):
        return []
    constants = list(dict.fromkeys(v.value for v in values if isinstance(v, ast.Constant)))
    kinds = {type(c) for c in constants}
    if len(constants) < 2 or len(constants) > 6 or not (kinds <= {str} or kinds <= {int}):
        return []
    hint = f"Literal[{', '.join(repr(c) for c in constants)}]"
    return [Evidence(hint, "literal", f"every path returns one of {len(constants)} literals", 0.4)]


def tuple_evidence(distinct: list[str]) -> list[Evidence]:
    """Returned tuples whose elements all have one type (``(a, b, c)`` of one class, or tuples of
    several lengths): ``tuple[T, ...]``, the variable-length spelling."""
    elements: set[str] = set()
    lengths: set[int] = set()
    for hint in distinct:
        node = parse_expr(hint)
        if not (isinstance(node, ast.Subscript) and ast.unparse(node.value) == "tuple"):
            return []
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if any(isinstance(p, ast.Constant) and p.value is Ellipsis for p in parts):
            return []
        elements |= {ast.unparse(p) for p in parts}
        lengths.add(len(parts))
    untyped = "Any" in elements
    elements.discard("Any")
    if len(elements) != 1 or (len(lengths) == 1 and (untyped or lengths.pop() < 2)):
        return []  # one length with an untyped element says nothing of a uniform tuple
    hint = f"tuple[{elements.pop()}, ...]"
    return [Evidence(hint, "returns", "the returned tuples hold one type of element", 0.55)]


def _named_annotations(module: ast.Module) -> dict[str, Counter[str]]:
    """Annotations by the name they annotate: parameters, ``x: T`` and ``self.x: T`` (a leading
    underscore dropped), across the module."""

    def build(m: ast.Module) -> dict[str, Counter[str]]:
        found: dict[str, Counter[str]] = {}
        for fn in all_functions(m):
            args = fn.args
            for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if a.annotation is not None and a.arg not in ("self", "cls"):
                    found.setdefault(a.arg.lstrip("_"), Counter())[ast.unparse(a.annotation)] += 1
        for node in nodes_of(m, ast.AnnAssign):
            target = node.target  # type: ignore[attr-defined]
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            if name:
                found.setdefault(name.lstrip("_"), Counter())[ast.unparse(node.annotation)] += 1  # type: ignore[attr-defined]
        return found

    return memo(module, "named_annotations", build)


def named_value_evidence(fn: FunctionSource) -> list[Evidence]:
    """A getter or property named for a value the module annotates elsewhere (``pid`` beside a
    ``pid: int`` parameter, ``get_mode`` beside ``self._mode: str``) returns that value's type."""
    getter = fn.node.name.lstrip("_").startswith("get_") or any(
        ast.unparse(d).split(".")[-1] in ("property", "cached_property") for d in fn.node.decorator_list
    )
    stem = fn.node.name.lstrip("_").removeprefix("get_")
    if not getter or not stem or fn.node.name.startswith("__"):
        return []  # only a getter is named for the value it gives; `quote()` is no `quote` flag
    seen = _named_annotations(fn.module).get(stem)
    if not seen:
        return []
    (hint, count), total = seen.most_common(1)[0], sum(seen.values())
    why = f"`{stem}` is annotated {hint} in {count} of {total} place(s) of this module"
    return [Evidence(hint.strip("'\""), "named", why, 0.4 if count == total else 0.25)]


def neighbourhood_prior(fn: FunctionSource) -> list[Evidence]:
    """When nothing else speaks: the return types most common among the function's neighbours (the
    other methods of its class, or the module's functions), a weak prior that fills an empty list."""
    cls = owner_def(fn.module, fn.node)
    pool = [s for s in cls.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)] if cls else [
        s for s in fn.module.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    seen: Counter[str] = Counter(
        ast.unparse(s.returns).strip("'\"")
        for s in pool
        if s is not fn.node and s.returns is not None and not s.name.startswith("__")
    )
    for vacuous in ("None", "Any", "NoReturn"):
        seen.pop(vacuous, None)
    where = "class" if cls else "module"
    return [
        Evidence(hint, "neighbours", f"{count} other function(s) of this {where} return {hint}", 0.1)
        for hint, count in seen.most_common(3)
        if count >= 2
    ]


def generic_class_evidence(fn: FunctionSource, evidence: list[Evidence]) -> list[Evidence]:
    """A bare generic class the rules found (``TreeNodes``, ``Decision``) returned from a method
    of a class with the same type parameters: annotated code writes the parameters it has in
    scope (``TreeNodes[TreeDataType]``), and a bare generic is rare there."""
    from lift_tui.analysis.classes import classes

    owner = owner_def(fn.module, fn.node)
    if owner is None:
        return []
    in_scope = set(_parameters(self_type(fn.module, owner)))
    local = classes(fn.module)
    extra: list[Evidence] = []
    for item in evidence:
        cls = local.get(normalize_type(item.value) or "")
        if cls is None:
            continue
        hint = self_type(fn.module, cls)
        wanted = _parameters(hint)
        if wanted and set(wanted) <= in_scope:
            why = f"{item.rationale}; {cls.name} is generic in {', '.join(wanted)}, as this class is"
            extra.append(Evidence(hint, item.tag, why, item.weight * 0.9))
    return extra


def _parameters(hint: str) -> list[str]:
    node = parse_expr(hint)
    if not isinstance(node, ast.Subscript):
        return []
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return [ast.unparse(p) for p in parts]
