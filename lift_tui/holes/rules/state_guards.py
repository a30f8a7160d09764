"""Guards a method's class or module offers for its inputs, beyond a parameter's own type:

- a one-way flag of the object (``self._closed`` starts False and some method sets it True):
  methods of a closable, stoppable or finished object refuse to run once it is set;
- a module-level collection named for the parameter (``variant`` and
  ``_VALID_BUTTON_VARIANTS``): the values the parameter may take;
- a predicate of the class or module that takes exactly this argument
  (``self.is_valid_row_index(row_index)``): the check the code base itself spells;
- parameters the docstring says are exclusive ("only one of `before` or `after`"), or that
  no ``@overload`` of the function accepts together;
- what the body looks up in the object's own collections: ``self.locations[position]`` needs
  ``position in self.locations``, ``self.nodes[-1]`` needs ``self.nodes`` non-empty.
"""

from __future__ import annotations

import ast
import re

from lift_tui.analysis.classes import owner_def
from lift_tui.analysis.index import all_functions, memo, module_assignments
from lift_tui.analysis.parse import FunctionSource
from lift_tui.ir import IR

from ..evidence import Evidence


def _flag_writes(cls: ast.ClassDef) -> dict[str, list[tuple[str, bool]]]:
    """``{attr: [(method, value), ...]}`` for every ``self.attr = True/False`` in the class, and
    class-level ``attr = False`` (as written by ``"<class>"``)."""
    writes: dict[str, list[tuple[str, bool]]] = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign | ast.Assign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            value = stmt.value
            if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                for t in targets:
                    if isinstance(t, ast.Name):
                        writes.setdefault(t.id, []).append(("<class>", value.value))
        if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Assign | ast.AnnAssign):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if not (isinstance(value, ast.Constant) and isinstance(value.value, bool)):
                continue
            for t in targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    writes.setdefault(t.attr, []).append((stmt.name, value.value))
    return writes


def latch_guard_evidence(fn: FunctionSource) -> list[Evidence]:
    """``not self.X`` for a flag that starts False and only some method sets True (and ``self.X``
    for one that starts True and is only ever cleared): the object's "closed/stopped/finished"
    state, which its other methods refuse to work in."""
    cls = owner_def(fn.module, fn.node)
    if cls is None or fn.node.name in ("__init__", "__new__", "__post_init__"):
        return []
    latches = []
    for attr, writes in _flag_writes(cls).items():
        initial = [v for method, v in writes if method in ("__init__", "<class>", "__post_init__")]
        later = {v for method, v in writes if method not in ("__init__", "<class>", "__post_init__")}
        if len(set(initial)) == 1 and later == {not initial[0]}:
            latches.append((attr, initial[0]))
    if not latches or len(latches) > 3:
        return []  # many flags: no telling which one this method cares about
    weight = 0.35 if len(latches) == 1 else 0.25
    touched = {n.attr for n in ast.walk(fn.node) if isinstance(n, ast.Attribute) and _self_attr(n)}
    found = []
    for attr, initial in latches:
        guard = f"not self.{attr}" if initial is False else f"self.{attr}"
        why = f"`self.{attr}` starts {initial} and is set {not initial} once, by another method"
        # a method that itself reads or sets the flag works with that state
        found.append(Evidence(guard, "latch", why, weight + (0.15 if attr in touched else 0.0)))
    return found


_COLLECTION_CALLS = frozenset({"set", "frozenset", "tuple", "list"})


def _collections(module: ast.Module) -> list[str]:
    """Module-level names bound to a set, tuple, list or dict display (or a set/frozenset call)."""

    def build(m: ast.Module) -> list[str]:
        names = []
        for target, value in module_assignments(m):
            is_display = isinstance(value, ast.Set | ast.Tuple | ast.List | ast.Dict)
            is_call = (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id in _COLLECTION_CALLS
            )
            if isinstance(target, ast.Name) and (is_display or is_call):
                names.append(target.id)
        return names

    return memo(module, "collections", build)


def _singular(word: str) -> str:
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _words(name: str) -> list[str]:
    return [_singular(w.lower()) for w in name.split("_") if w]


_ALLOWING = {"valid", "allowed", "supported", "known", "accepted", "choices"}


def member_guard_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """``name in CONST`` for a module-level collection whose name names the parameter
    (``style`` and ``_VALID_LINE_STYLES``): the values it may take."""
    own = _words(name)
    if not own:
        return []
    found = []
    for const in _collections(fn.module):
        words = _words(const)
        if own[-1] in words and set(own) <= set(words):
            weight = 0.5 if _ALLOWING & set(words) else 0.35
            why = f"the module lists the {name} values in `{const}`"
            found.append(Evidence(f"{name} in {const}", "member", why, weight))
    return found[:2]


_PREDICATE = re.compile(r"^_?(is|has|can|check|valid|contains)_?|_(valid|exists)$")


def predicate_guard_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """``self.is_valid_x(x)`` / ``is_valid_x(x)``: a predicate of the class or module whose only
    argument has this parameter's name is the check the code base offers for it."""
    cls = owner_def(fn.module, fn.node)
    found = []
    for other in all_functions(fn.module):
        if other is fn.node or not _PREDICATE.search(other.name):
            continue
        args = [a.arg for a in [*other.args.posonlyargs, *other.args.args]]
        method = bool(args) and args[0] in ("self", "cls")
        if method and (cls is None or other not in cls.body):
            continue
        rest = args[1:] if method else args
        if rest != [name] or other.args.kwonlyargs:
            continue
        call = f"self.{other.name}({name})" if method else f"{other.name}({name})"
        found.append(Evidence(call, "predicate", f"`{other.name}` checks a `{name}`", 0.45))
    return found[:2]


_EXCLUSIVE = re.compile(
    r"only one of\s+`*(\w+)`*\s*(?:,|or|and)\s*`*(\w+)`*"
    r"|`*(\w+)`*\s+and\s+`*(\w+)`*\s+are\s+mutually\s+exclusive"
    r"|(?:not|never)\s+both\s+`*(\w+)`*\s+and\s+`*(\w+)`*",
    re.I,
)


def exclusive_guard_evidence(ir: IR, doc: str) -> list[Evidence]:
    """"Only one of `before` or `after` can be provided": not both of them given."""
    params = {p.name: p for p in ir.signature.parameters}
    found = []
    for m in _EXCLUSIVE.finditer(doc or ""):
        a, b = [g for g in m.groups() if g][:2]
        if a not in params or b not in params or a == b:
            continue
        why = f"the docstring says {m.group(0)!r}"
        optional = params[a].default == "None" and params[b].default == "None"
        both_given = f"not ({a} is not None and {b} is not None)"
        # optional parameters are mostly tested against None, flags by their truth; both are usual
        found.append(Evidence(both_given, "exclusive", why, 0.5 if optional else 0.3))
        found.append(Evidence(f"not ({a} and {b})", "exclusive", why, 0.45 if optional else 0.5))
    return found


def _overloads(fn: FunctionSource) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The ``@overload`` declarations of the function, beside it in its class or module."""
    cls = owner_def(fn.module, fn.node)
    body = cls.body if cls is not None else fn.module.body
    return [
        stmt
        for stmt in body
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef)
        and stmt is not fn.node
        and stmt.name == fn.node.name
        and any(ast.unparse(d).split(".")[-1] == "overload" for d in stmt.decorator_list)
    ]


def overload_exclusive_evidence(ir: IR, fn: FunctionSource) -> list[Evidence]:
    """Two optional parameters that no ``@overload`` of the function accepts together, while each
    has an overload of its own: the overloads say "one or the other", so not both are given."""
    overloads = _overloads(fn)
    if len(overloads) < 2:
        return []
    accepted = [
        {a.arg for a in [*o.args.posonlyargs, *o.args.args, *o.args.kwonlyargs]} for o in overloads
    ]
    optional = [p.name for p in ir.signature.parameters if p.default == "None"]
    found = []
    for i, a in enumerate(optional):
        for b in optional[i + 1 :]:
            only_a = any(a in s and b not in s for s in accepted)
            only_b = any(b in s and a not in s for s in accepted)
            if only_a and only_b and not any(a in s and b in s for s in accepted):
                why = f"no overload accepts both `{a}` and `{b}`"
                found.append(Evidence(f"not ({a} is not None and {b} is not None)", "exclusive", why, 0.5))
    return found[:2]


def _self_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def lookup_guard_evidence(fn: FunctionSource, names: list[str]) -> list[Evidence]:
    """``self.X[p]`` read by a parameter needs ``p in self.X`` (a mapping lookup), stored needs
    ``p not in self.X`` (an insert that must not overwrite); ``self.X[0]``/``self.X[-1]`` needs
    items in ``self.X``; ``getattr(obj, name)`` with no default needs ``hasattr(obj, name)``."""
    found: dict[str, Evidence] = {}
    for node in ast.walk(fn.node):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) == 2
            and all(isinstance(a, ast.Name) and a.id in names for a in node.args)
        ):
            # `getattr(obj, name)` without a default raises unless the attribute exists
            guard = f"hasattr({ast.unparse(node.args[0])}, {ast.unparse(node.args[1])})"
            found.setdefault(guard, Evidence(guard, "lookup", f"the body calls `{ast.unparse(node)}`", 0.4))
        if not (isinstance(node, ast.Subscript) and _self_attr(node.value)):
            continue
        where = ast.unparse(node.value)
        index = node.slice
        if isinstance(index, ast.Name) and index.id in names:
            if isinstance(node.ctx, ast.Store):
                why = f"the body stores `{ast.unparse(node)}`"
                guard, weight = f"{index.id} not in {where}", 0.3
            else:
                guard, why, weight = f"{index.id} in {where}", f"the body reads `{ast.unparse(node)}`", 0.4
            found.setdefault(guard, Evidence(guard, "lookup", why, weight))
        elif (
            isinstance(node.ctx, ast.Load)
            and isinstance(index, ast.Constant | ast.UnaryOp)
            and isinstance(getattr(index, "operand", index), ast.Constant)
        ):
            why = f"the body reads `{ast.unparse(node)}`"
            found.setdefault(where, Evidence(where, "lookup", why, 0.4))
            found.setdefault(f"len({where}) > 0", Evidence(f"len({where}) > 0", "lookup", why, 0.35))
    return list(found.values())


def state_guard_evidence(ir: IR, fn: FunctionSource, names: list[str], doc: str) -> list[Evidence]:
    """Every rule of this module, for the parameters ``names`` in the hole's scope."""
    found = latch_guard_evidence(fn) + exclusive_guard_evidence(ir, doc) + lookup_guard_evidence(fn, names)
    found += overload_exclusive_evidence(ir, fn)
    for name in names:
        found += member_guard_evidence(fn, name) + predicate_guard_evidence(fn, name)
    return found
