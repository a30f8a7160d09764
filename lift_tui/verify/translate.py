"""Python boolean expressions (IR assertions) to z3 formulas, with Python's semantics.

Every translated value carries its Python type and a *definedness* condition: the inputs
for which evaluating it does not raise (``x / y`` needs ``y != 0``, ``s[i]`` needs ``i`` in
range). An assertion holds when it is defined and truthy, and ``and``/``or``/``if-else``
keep Python's short-circuit evaluation, so ``y != 0 and x / y > 1`` is exactly a guard.
Floats are modelled as reals (no rounding, no NaN); everything else follows Python:
floor ``//`` and ``%``, negative indexing, slice clamping. What is not modelled raises
:class:`Untranslatable` with the reason, so the caller can list it.

z3 is passed in (``self.z3``) rather than imported at module top, so importing this module is cheap.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from .pytypes import PyType, describe, isinstance_fact


class Untranslatable(Exception):
    """The expression uses something the translation does not model."""


@dataclass(frozen=True)
class Val:
    expr: Any
    type: PyType
    defined: Any = None  # z3 Bool, None meaning always defined


_NUMERIC = ("bool", "int", "float")


def _is_list(t: PyType) -> bool:
    return isinstance(t, tuple)


class Translator:
    """Translates expression text over a fixed environment of typed z3 variables."""

    def __init__(self, z3: Any, env: dict[str, Val], missing: dict[str, str] | None = None) -> None:
        self.z3 = z3
        self.env = env
        self.missing = missing if missing is not None else {}
        self._fresh = 0

    # -- entry point --------------------------------------------------------------------------
    def formula(self, text: str) -> Any:
        """A z3 Bool that is true exactly when the Python expression evaluates truthy without raising."""
        try:
            node = ast.parse(text.strip(), mode="eval").body
        except SyntaxError as error:
            raise Untranslatable(f"not a Python expression ({error.msg})") from None
        try:
            val = self.tr(node)
            return self._and(val.defined, self.truthy(val))
        except (self.z3.Z3Exception, RecursionError) as error:
            raise Untranslatable(f"could not be translated ({error})") from None

    # -- helpers ------------------------------------------------------------------------------
    def _and(self, *conds: Any) -> Any:
        real = [c for c in conds if c is not None]
        if not real:
            return self.z3.BoolVal(True)
        return real[0] if len(real) == 1 else self.z3.And(*real)

    def _def(self, *vals: Val, extra: Any = None) -> Any:
        conds = [v.defined for v in vals if v.defined is not None]
        if extra is not None:
            conds.append(extra)
        if not conds:
            return None
        return conds[0] if len(conds) == 1 else self.z3.And(*conds)

    def truthy(self, v: Val) -> Any:
        z3 = self.z3
        if v.type == "bool":
            return v.expr
        if v.type in ("int", "float"):
            return v.expr != 0
        return z3.Length(v.expr) != 0

    def _num(self, v: Val, target: str) -> Any:
        z3 = self.z3
        e = v.expr
        if v.type == "bool":
            e = z3.If(e, z3.IntVal(1), z3.IntVal(0))
        if target == "float" and v.type != "float":
            e = z3.ToReal(e)
        return e

    def _numeric_pair(self, a: Val, b: Val, what: str) -> tuple[Any, Any, str]:
        if a.type not in _NUMERIC or b.type not in _NUMERIC:
            raise Untranslatable(f"{what} on {describe(a.type)} and {describe(b.type)} is not modelled")
        kind = "float" if "float" in (a.type, b.type) else "int"
        return self._num(a, kind), self._num(b, kind), kind

    def _sort(self, t: PyType) -> Any:
        z3 = self.z3
        if isinstance(t, tuple):
            return z3.SeqSort(self._sort(t[1]))
        return {"int": z3.IntSort, "float": z3.RealSort, "bool": z3.BoolSort, "str": z3.StringSort}[t]()

    # -- dispatch -----------------------------------------------------------------------------
    def tr(self, node: ast.expr) -> Val:
        method = getattr(self, f"_tr_{type(node).__name__}", None)
        if method is None:
            raise Untranslatable(f"{type(node).__name__} expressions are not modelled: {ast.unparse(node)}")
        return method(node)

    def _tr_Name(self, node: ast.Name) -> Val:
        if node.id in self.env:
            return self.env[node.id]
        if node.id in self.missing:
            raise Untranslatable(self.missing[node.id])
        raise Untranslatable(f"unknown name {node.id!r}")

    def _tr_Constant(self, node: ast.Constant) -> Val:
        z3, value = self.z3, node.value
        if isinstance(value, bool):
            return Val(z3.BoolVal(value), "bool")
        if isinstance(value, int):
            return Val(z3.IntVal(value), "int")
        if isinstance(value, float):
            return Val(z3.RealVal(repr(value)), "float")
        if isinstance(value, str):
            return Val(z3.StringVal(value), "str")
        raise Untranslatable(f"the constant {value!r} is not modelled")

    def _tr_UnaryOp(self, node: ast.UnaryOp) -> Val:
        v = self.tr(node.operand)
        if isinstance(node.op, ast.Not):
            return Val(self.z3.Not(self.truthy(v)), "bool", v.defined)
        if isinstance(node.op, ast.USub | ast.UAdd) and v.type in _NUMERIC:
            kind = "float" if v.type == "float" else "int"
            e = self._num(v, kind)
            return Val(-e if isinstance(node.op, ast.USub) else e, kind, v.defined)
        raise Untranslatable(f"unary {ast.unparse(node)} is not modelled")

    def _tr_BinOp(self, node: ast.BinOp) -> Val:
        z3 = self.z3
        a, b = self.tr(node.left), self.tr(node.right)
        op = node.op
        if isinstance(op, ast.Add) and a.type == b.type and (a.type == "str" or _is_list(a.type)):
            return Val(z3.Concat(a.expr, b.expr), a.type, self._def(a, b))
        if isinstance(op, ast.Pow):
            return self._pow(node, a, b)
        x, y, kind = self._numeric_pair(a, b, type(op).__name__)
        if isinstance(op, ast.Add):
            return Val(x + y, kind, self._def(a, b))
        if isinstance(op, ast.Sub):
            return Val(x - y, kind, self._def(a, b))
        if isinstance(op, ast.Mult):
            return Val(x * y, kind, self._def(a, b))
        nonzero = y != 0
        if isinstance(op, ast.Div):
            fx, fy = self._num(a, "float"), self._num(b, "float")
            return Val(fx / fy, "float", self._def(a, b, extra=fy != 0))
        if isinstance(op, ast.FloorDiv | ast.Mod):
            q = self._floordiv(x, y, kind)
            value = q if isinstance(op, ast.FloorDiv) else x - y * q
            return Val(value, kind, self._def(a, b, extra=nonzero))
        raise Untranslatable(f"the operator in {ast.unparse(node)} is not modelled")

    def _floordiv(self, x: Any, y: Any, kind: str) -> Any:
        """Python's floor division. SMT-LIB ``div`` is Euclidean (remainder >= 0), which agrees with
        floor only for a positive divisor; for a negative one, ``(-x) div (-y)`` is the floor."""
        z3 = self.z3
        if kind == "float":
            return z3.ToReal(z3.ToInt(x / y))
        return z3.If(y > 0, x / y, (-x) / (-y))

    def _pow(self, node: ast.BinOp, a: Val, b: Val) -> Val:
        exponent = node.right
        if not (
            isinstance(exponent, ast.Constant) and type(exponent.value) is int and 0 <= exponent.value <= 8
        ):
            raise Untranslatable(f"only small constant integer powers are modelled: {ast.unparse(node)}")
        if a.type not in _NUMERIC:
            raise Untranslatable(f"power of {describe(a.type)} is not modelled")
        kind = "float" if a.type == "float" else "int"
        base = self._num(a, kind)
        result = self.z3.IntVal(1) if kind == "int" else self.z3.RealVal(1)
        for _ in range(exponent.value):
            result = result * base
        return Val(result, kind, a.defined)

    def _tr_BoolOp(self, node: ast.BoolOp) -> Val:
        z3 = self.z3
        vals = [self.tr(v) for v in node.values]
        is_and = isinstance(node.op, ast.And)
        types = {v.type for v in vals}
        if len(types) != 1:
            raise Untranslatable(f"'and'/'or' over mixed types is not modelled: {ast.unparse(node)}")
        # Fold from the right: a op (b op c); the right side is evaluated only when a does not decide.
        acc = vals[-1]
        for v in reversed(vals[:-1]):
            t = self.truthy(v)
            go_on = t if is_and else z3.Not(t)
            if v.type == "bool":
                expr = z3.And(v.expr, acc.expr) if is_and else z3.Or(v.expr, acc.expr)
            else:
                expr = z3.If(go_on, acc.expr, v.expr)
            rest = z3.Implies(go_on, acc.defined) if acc.defined is not None else None
            both = v.defined is not None or rest is not None
            acc = Val(expr, v.type, self._and(v.defined, rest) if both else None)
        return acc

    def _tr_IfExp(self, node: ast.IfExp) -> Val:
        z3 = self.z3
        test, a, b = self.tr(node.test), self.tr(node.body), self.tr(node.orelse)
        if a.type != b.type:
            if a.type in _NUMERIC and b.type in _NUMERIC:
                x, y, kind = self._numeric_pair(a, b, "if-else")
                a, b = Val(x, kind, a.defined), Val(y, kind, b.defined)
            else:
                raise Untranslatable(f"if-else with branches of different types: {ast.unparse(node)}")
        t = self.truthy(test)
        defined = None
        if a.defined is not None or b.defined is not None:
            defined = z3.If(t, self._and(a.defined), self._and(b.defined))
        return Val(z3.If(t, a.expr, b.expr), a.type, self._def(test, extra=defined))

    # -- comparisons --------------------------------------------------------------------------
    def _tr_Compare(self, node: ast.Compare) -> Val:
        z3 = self.z3
        operands = [node.left, *node.comparators]
        conds: list[Any] = []
        defined: list[Any] = []
        left = self.tr(operands[0]) if not self._is_none(operands[0]) else None
        if left is not None and left.defined is not None:
            defined.append(left.defined)
        for op, right_node in zip(node.ops, operands[1:], strict=True):
            # Chained comparisons short-circuit: operand k is evaluated only if the earlier terms held.
            held = z3.And(*conds) if conds else None
            if isinstance(op, ast.In | ast.NotIn) and isinstance(right_node, ast.Tuple | ast.List | ast.Set):
                if left is None:
                    raise Untranslatable("None is not modelled")
                cond, d = self._in_literal(right_node, left)
                right = None
            else:
                right = self.tr(right_node) if not self._is_none(right_node) else None
                cond = self._compare(op, left, right, node)
                d = right.defined if right is not None else None
            if d is not None:
                defined.append(z3.Implies(held, d) if held is not None else d)
            conds.append(z3.Not(cond) if isinstance(op, ast.NotIn) and right is None else cond)
            left = right
        value = conds[0] if len(conds) == 1 else z3.And(*conds)
        return Val(value, "bool", self._and(*defined) if defined else None)

    @staticmethod
    def _is_none(node: ast.expr) -> bool:
        return isinstance(node, ast.Constant) and node.value is None

    def _in_literal(self, container: ast.Tuple | ast.List | ast.Set, left: Val) -> tuple[Any, Any]:
        items = [self.tr(e) for e in container.elts]
        eqs = [self._equal(left, item) for item in items]
        d = self._def(*items)
        return (self.z3.Or(*eqs) if eqs else self.z3.BoolVal(False)), d

    def _equal(self, a: Val, b: Val) -> Any:
        z3 = self.z3
        if a.type in _NUMERIC and b.type in _NUMERIC:
            if a.type == b.type == "bool":
                return a.expr == b.expr
            x, y, _ = self._numeric_pair(a, b, "==")
            return x == y
        if a.type == b.type:
            return a.expr == b.expr
        if _is_list(a.type) and _is_list(b.type):
            raise Untranslatable(f"comparing {describe(a.type)} with {describe(b.type)} is not modelled")
        return z3.BoolVal(False)  # e.g. '1' == 1 is False in Python

    def _compare(self, op: ast.cmpop, a: Val | None, b: Val | None, node: ast.Compare) -> Any:
        z3 = self.z3
        if a is None or b is None:
            if isinstance(op, ast.Is | ast.Eq | ast.IsNot | ast.NotEq):
                # Declared types never include None, so `x is None` is a false type fact.
                same = a is None and b is None
                positive = isinstance(op, ast.Is | ast.Eq)
                return z3.BoolVal(same == positive)
            raise Untranslatable(f"comparison with None: {ast.unparse(node)}")
        if isinstance(op, ast.Eq):
            return self._equal(a, b)
        if isinstance(op, ast.NotEq):
            return z3.Not(self._equal(a, b))
        if isinstance(op, ast.Lt | ast.LtE | ast.Gt | ast.GtE):
            if a.type == b.type == "str":
                x, y = a.expr, b.expr
            else:
                x, y, _ = self._numeric_pair(a, b, "ordering")
            return {ast.Lt: x < y, ast.LtE: x <= y, ast.Gt: x > y, ast.GtE: x >= y}[type(op)]
        if isinstance(op, ast.In | ast.NotIn):
            cond = self._contains(b, a, node)
            return z3.Not(cond) if isinstance(op, ast.NotIn) else cond
        raise Untranslatable(f"the comparison in {ast.unparse(node)} is not modelled")

    def _contains(self, container: Val, item: Val, node: ast.AST) -> Any:
        z3 = self.z3
        if container.type == "str" and item.type == "str":
            return z3.Contains(container.expr, item.expr)
        if _is_list(container.type) and container.type[1] == item.type:
            return z3.Contains(container.expr, z3.Unit(item.expr))
        raise Untranslatable(f"membership test is not modelled: {ast.unparse(node)}")

    # -- subscripts ---------------------------------------------------------------------------
    def _tr_Subscript(self, node: ast.Subscript) -> Val:
        z3 = self.z3
        seq = self.tr(node.value)
        if not (seq.type == "str" or _is_list(seq.type)):
            raise Untranslatable(f"indexing {describe(seq.type)} is not modelled")
        n = z3.Length(seq.expr)
        if isinstance(node.slice, ast.Slice):
            return self._slice(seq, node.slice, n)
        index = self.tr(node.slice)
        if index.type not in ("int", "bool"):
            raise Untranslatable(f"index of type {describe(index.type)}: {ast.unparse(node)}")
        i = self._num(index, "int")
        pos = z3.If(i < 0, i + n, i)
        in_range = z3.And(-n <= i, i < n)
        defined = self._def(seq, index, extra=in_range)
        if seq.type == "str":
            return Val(z3.SubString(seq.expr, pos, 1), "str", defined)
        return Val(seq.expr[pos], seq.type[1], defined)

    def _slice(self, seq: Val, s: ast.Slice, n: Any) -> Val:
        z3 = self.z3
        if s.step is not None:
            raise Untranslatable("slices with a step are not modelled")
        parts: list[Val] = []

        def bound(node: ast.expr | None, default: Any) -> Any:
            if node is None:
                return default
            v = self.tr(node)
            if v.type not in ("int", "bool"):
                raise Untranslatable("slice bounds must be integers")
            parts.append(v)
            x = self._num(v, "int")
            # Python clamps: negative counts from the end, then both ends into [0, n].
            shifted = z3.If(x < 0, x + n, x)
            return z3.If(shifted < 0, 0, z3.If(shifted > n, n, shifted))

        start = bound(s.lower, z3.IntVal(0))
        stop = bound(s.upper, n)
        length = z3.If(stop > start, stop - start, 0)
        return Val(z3.Extract(seq.expr, start, length), seq.type, self._def(seq, *parts))

    # -- literals -----------------------------------------------------------------------------
    def _tr_List(self, node: ast.List | ast.Tuple) -> Val:
        z3 = self.z3
        items = [self.tr(e) for e in node.elts]
        if not items:
            raise Untranslatable("an empty list literal has no element type")
        types = {v.type for v in items}
        if len(types) != 1:
            raise Untranslatable(f"a list literal with mixed types: {ast.unparse(node)}")
        t = items[0].type
        units = [z3.Unit(v.expr) for v in items]
        expr = units[0] if len(units) == 1 else z3.Concat(*units)
        return Val(expr, ("list", t), self._def(*items))

    _tr_Tuple = _tr_List

    # -- calls --------------------------------------------------------------------------------
    def _tr_Call(self, node: ast.Call) -> Val:
        if node.keywords:
            raise Untranslatable(f"calls with keyword arguments are not modelled: {ast.unparse(node)}")
        if isinstance(node.func, ast.Attribute):
            from .translate_calls import method_call

            return method_call(self, node)
        if isinstance(node.func, ast.Name):
            from .translate_calls import builtin_call

            return builtin_call(self, node)
        raise Untranslatable(f"the call {ast.unparse(node)} is not modelled")

    def fresh_int(self, stem: str) -> Any:
        self._fresh += 1
        return self.z3.Int(f"__{stem}_{self._fresh}")

    def isinstance_of(self, v: Val, names: list[str], node: ast.AST) -> Val:
        fact = isinstance_fact(v.type, names)
        if fact is None:
            raise Untranslatable(f"isinstance with a type that is not modelled: {ast.unparse(node)}")
        return Val(self.z3.BoolVal(fact), "bool", v.defined)
