"""Calls inside assertions: the builtins and ``str`` methods that z3 can express exactly.

``s.count(literal)`` and ``sum(xs)`` are recursive z3 functions (exact). Anything with no
exact z3 counterpart (``s.isdigit``, ``s.lower``, ``sorted`` ...) is reported as
untranslated rather than approximated, so a ``sat`` or ``unsat`` never rests on a guess.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .pytypes import describe
from .translate import _NUMERIC, Untranslatable, Val

if TYPE_CHECKING:
    from .translate import Translator


def _arity(node: ast.Call, *counts: int) -> None:
    if len(node.args) not in counts or any(isinstance(a, ast.Starred) for a in node.args):
        raise Untranslatable(f"unexpected arguments: {ast.unparse(node)}")


def builtin_call(t: Translator, node: ast.Call) -> Val:
    z3 = t.z3
    assert isinstance(node.func, ast.Name)
    name = node.func.id
    if name in t.env or name in t.missing:
        raise Untranslatable(f"calling the parameter {name!r} is not modelled")
    if name in ("all", "any"):
        return _quantified(t, node, name == "all")
    if name == "isinstance":
        _arity(node, 2)
        value = t.tr(node.args[0])
        spec = node.args[1]
        elts = spec.elts if isinstance(spec, ast.Tuple) else [spec]
        if not all(isinstance(e, ast.Name) for e in elts):
            raise Untranslatable(f"isinstance with a type that is not modelled: {ast.unparse(node)}")
        return t.isinstance_of(value, [e.id for e in elts], node)  # type: ignore[attr-defined]
    args = [t.tr(a) for a in node.args]
    defined = t._def(*args)
    if name == "len":
        _arity(node, 1)
        (v,) = args
        if v.type == "str" or isinstance(v.type, tuple):
            return Val(z3.Length(v.expr), "int", defined)
        raise Untranslatable(f"len of {describe(v.type)}")
    if name == "abs":
        _arity(node, 1)
        (v,) = args
        if v.type not in _NUMERIC:
            raise Untranslatable(f"abs of {describe(v.type)}")
        kind = "float" if v.type == "float" else "int"
        e = t._num(v, kind)
        return Val(z3.If(e < 0, -e, e), kind, defined)
    if name in ("min", "max"):
        if len(node.args) < 2:
            raise Untranslatable(f"{name} of a single iterable is not modelled: {ast.unparse(node)}")
        if any(a.type not in _NUMERIC for a in args):
            raise Untranslatable(f"{name} of non-numbers is not modelled")
        kind = "float" if any(a.type == "float" for a in args) else "int"
        acc = t._num(args[0], kind)
        for a in args[1:]:
            e = t._num(a, kind)
            acc = z3.If(e < acc, e, acc) if name == "min" else z3.If(e > acc, e, acc)
        return Val(acc, kind, defined)
    if name == "bool":
        _arity(node, 1)
        return Val(t.truthy(args[0]), "bool", defined)
    if name == "float":
        _arity(node, 1)
        if args[0].type not in _NUMERIC:
            raise Untranslatable(f"float() of {describe(args[0].type)}")
        return Val(t._num(args[0], "float"), "float", defined)
    if name == "int":
        _arity(node, 1)
        v = args[0]
        if v.type in ("int", "bool"):
            return Val(t._num(v, "int"), "int", defined)
        if v.type == "float":  # truncation toward zero
            return Val(z3.If(v.expr >= 0, z3.ToInt(v.expr), -z3.ToInt(-v.expr)), "int", defined)
        raise Untranslatable(f"int() of {describe(v.type)}")
    if name == "sum":
        _arity(node, 1)
        return _sum(t, args[0])
    if name == "str" and len(args) == 1 and args[0].type == "str":
        return args[0]
    raise Untranslatable(f"the function {name}() is not modelled")


_SERIAL = itertools.count()
_STR_METHODS = ("startswith", "endswith", "find", "count")


def _recursive(t: Translator, key: str, build: Callable[[Any, Any], Any], domain: Any, codomain: Any) -> Any:
    """A z3 recursive function, defined once per translator: exact (no approximation), though
    problems using it are more often ``unknown``."""
    cache: dict[str, Any] = t.__dict__.setdefault("_recursive", {})
    if key not in cache:
        z3 = t.z3
        serial = next(_SERIAL)  # z3 names are global: never reuse one for a new definition
        fn = z3.RecFunction(f"__{key}_{serial}", domain, codomain)
        arg = z3.Const(f"__{key}_arg_{serial}", domain)
        z3.RecAddDefinition(fn, [arg], build(fn, arg))
        cache[key] = fn
    return cache[key]


def _count(t: Translator, receiver: Val, node: ast.expr) -> Val:
    """``s.count(lit)`` for a literal: Python counts non-overlapping occurrences left to right."""
    z3 = t.z3
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        raise Untranslatable("str.count() is modelled only with a literal argument")
    lit = node.value
    if lit == "":
        return Val(z3.Length(receiver.expr) + 1, "int", receiver.defined)
    k = len(lit)

    def body(fn: Any, s: Any) -> Any:
        n = z3.Length(s)
        return z3.If(
            n < k,
            z3.IntVal(0),
            z3.If(
                z3.PrefixOf(z3.StringVal(lit), s),
                1 + fn(z3.SubString(s, k, n - k)),
                fn(z3.SubString(s, 1, n - 1)),
            ),
        )

    fn = _recursive(t, f"count{lit!r}", body, z3.StringSort(), z3.IntSort())
    return Val(fn(receiver.expr), "int", receiver.defined)


def _sum(t: Translator, seq: Val) -> Val:
    z3 = t.z3
    if not (isinstance(seq.type, tuple) and seq.type[1] in ("int", "float")):
        raise Untranslatable(f"sum of {describe(seq.type)} is not modelled")
    elem = seq.type[1]

    def body(fn: Any, xs: Any) -> Any:
        n = z3.Length(xs)
        zero = z3.IntVal(0) if elem == "int" else z3.RealVal(0)
        return z3.If(n == 0, zero, xs[0] + fn(z3.Extract(xs, 1, n - 1)))

    fn = _recursive(t, f"sum_{elem}", body, t._sort(seq.type), t._sort(elem))
    return Val(fn(seq.expr), elem, seq.defined)


def method_call(t: Translator, node: ast.Call) -> Val:
    z3 = t.z3
    assert isinstance(node.func, ast.Attribute)
    receiver = t.tr(node.func.value)
    method = node.func.attr
    if receiver.type != "str" or method not in _STR_METHODS:
        raise Untranslatable(f"the method {describe(receiver.type)}.{method}() is not modelled")
    _arity(node, 1)
    arg_node = node.args[0]
    if method == "count":
        return _count(t, receiver, arg_node)
    if method in ("startswith", "endswith") and isinstance(arg_node, ast.Tuple):
        options = [t.tr(e) for e in arg_node.elts]
    else:
        options = [t.tr(arg_node)]
    if any(o.type != "str" for o in options):
        raise Untranslatable(f"{method} with a non-string argument")
    defined = t._def(receiver, *options)
    if method == "find":
        return Val(z3.IndexOf(receiver.expr, options[0].expr, 0), "int", defined)
    test = z3.PrefixOf if method == "startswith" else z3.SuffixOf
    conds = [test(o.expr, receiver.expr) for o in options]
    return Val(z3.Or(*conds) if len(conds) != 1 else conds[0], "bool", defined)


def _quantified(t: Translator, node: ast.Call, universal: bool) -> Val:
    """``all(p(x) for x in xs)`` over a list, a string or ``range``: a bounded quantifier over the index."""
    z3 = t.z3
    _arity(node, 1)
    gen = node.args[0]
    if not isinstance(gen, ast.GeneratorExp | ast.ListComp) or len(gen.generators) != 1:
        raise Untranslatable(f"{ast.unparse(node)}: only one 'for' over a list, str or range is modelled")
    comp = gen.generators[0]
    if not isinstance(comp.target, ast.Name) or comp.is_async:
        raise Untranslatable(f"{ast.unparse(node)}: the loop target must be a single name")
    i = t.fresh_int("i")
    element, in_range, outer_defined = _iteration(t, comp.iter, i)
    saved = t.env.get(comp.target.id)
    t.env[comp.target.id] = element
    try:
        body = t.tr(gen.elt)
        filters = [t.tr(c) for c in comp.ifs]
    finally:
        if saved is None:
            t.env.pop(comp.target.id, None)
        else:
            t.env[comp.target.id] = saved
    guard = z3.And(in_range, *[t._and(f.defined, t.truthy(f)) for f in filters])
    value = t.truthy(body)
    if universal:
        expr = z3.ForAll([i], z3.Implies(guard, value))
    else:
        expr = z3.Exists([i], z3.And(guard, value))
    # Evaluating the body must not raise for any element (a slight over-approximation for
    # all()/any(), which stop early; documented in the module docstring of translate).
    inner = [body.defined, *[f.defined for f in filters]]
    inner = [d for d in inner if d is not None]
    defined = outer_defined
    if inner:
        everywhere = z3.ForAll([i], z3.Implies(in_range, z3.And(*inner)))
        defined = t._and(defined, everywhere)
    return Val(expr, "bool", defined)


def _iteration(t: Translator, iter_node: ast.expr, i: object) -> tuple[Val, object, object]:
    z3 = t.z3
    if (
        isinstance(iter_node, ast.Call)
        and isinstance(iter_node.func, ast.Name)
        and iter_node.func.id == "range"
        and not iter_node.keywords
        and 1 <= len(iter_node.args) <= 2
    ):
        bounds = [t.tr(a) for a in iter_node.args]
        if any(b.type not in ("int", "bool") for b in bounds):
            raise Untranslatable("range() bounds must be integers")
        lo = t._num(bounds[0], "int") if len(bounds) == 2 else z3.IntVal(0)
        hi = t._num(bounds[-1], "int")
        return Val(i, "int"), z3.And(lo <= i, i < hi), t._def(*bounds)
    seq = t.tr(iter_node)
    in_range = z3.And(0 <= i, i < z3.Length(seq.expr))
    if seq.type == "str":
        return Val(z3.SubString(seq.expr, i, 1), "str"), in_range, seq.defined
    if isinstance(seq.type, tuple):
        return Val(seq.expr[i], seq.type[1]), in_range, seq.defined
    raise Untranslatable(f"iterating over {describe(seq.type)} is not modelled")
