"""A pytest + Hypothesis module that checks an implementation against its IR.

One property test draws arguments from the parameter type hints, keeps the draws
that satisfy every precondition (``assume``) and asserts every postcondition on
``result``; one plain test per example. What cannot be tested is not dropped
silently: it becomes a skipped test whose reason says why.
"""

from __future__ import annotations

import ast
import keyword

from ..models import IR, Example, Parameter, ParameterKind
from ._code import RenderError, check_module, code_or_none, comment, usable_assertions
from .strategies import ST, NoStrategy, strategy_for

_I = "    "
_HELPERS = '''

def _holds(condition):
    """A precondition that raises on a drawn input rules that input out."""
    try:
        return bool(condition())
    except Exception:
        return False


def _exception(name):
    """An exception class by the name a doctest printed; unknown names match any Exception."""
    found = globals().get(name) or getattr(builtins, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else Exception
'''


def _valid_module(module: str) -> bool:
    parts = module.split(".")
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)


def _skip(name: str, reason: str) -> list[str]:
    return ["", "", f"@pytest.mark.skip(reason={reason!r})", f"def {name}():", f"{_I}pass"]


class _Call:
    """How the property test binds and passes each parameter."""

    def __init__(self, ir: IR) -> None:
        self.given: list[tuple[str, str]] = []  # (name, strategy)
        self.bound: list[tuple[str, str]] = []  # (name, default source) for parameters left out
        self.args: list[str] = []
        self.problem: str | None = None
        by_keyword = False
        for parameter in ir.signature.parameters:
            try:
                strategy = self._strategy(parameter)
            except NoStrategy as reason:
                default = code_or_none(parameter.default)
                if parameter.kind in (ParameterKind.var_positional, ParameterKind.var_keyword):
                    continue
                if default is None:
                    self.problem = f"parameter {parameter.name!r}: {reason}"
                    return
                self.bound.append((parameter.name, default))
                by_keyword = True
                continue
            if by_keyword and parameter.kind is ParameterKind.var_positional:
                continue  # a positional before it is left out, so extra positionals cannot be passed
            self.given.append((parameter.name, strategy))
            self.args.append(self._argument(parameter, by_keyword))

    @staticmethod
    def _strategy(parameter: Parameter) -> str:
        strategy = strategy_for(parameter.type_hint)
        if parameter.kind is ParameterKind.var_positional:
            return f"{ST}.lists({strategy}, max_size=4).map(tuple)"
        if parameter.kind is ParameterKind.var_keyword:
            names = f'{ST}.from_regex(r"kw_[a-z]{{1,6}}", fullmatch=True)'
            return f"{ST}.dictionaries({names}, {strategy}, max_size=3)"
        return strategy

    @staticmethod
    def _argument(parameter: Parameter, by_keyword: bool) -> str:
        name = parameter.name
        if parameter.kind is ParameterKind.var_positional:
            return f"*{name}"
        if parameter.kind is ParameterKind.var_keyword:
            return f"**{name}"
        if parameter.kind is ParameterKind.keyword_only or (
            by_keyword and parameter.kind is ParameterKind.positional_or_keyword
        ):
            return f"{name}={name}"
        return name


def _property_test(ir: IR, target: str, test: str) -> list[str]:
    signature = ir.signature
    parameters = signature.parameters
    if parameters and parameters[0].name in {"self", "cls"}:
        return _skip(test, "methods that need an instance are not supported yet")
    if any(p.name == "result" for p in parameters):
        return _skip(test, "a parameter is named 'result', which postconditions use for the return value")
    postconditions, _ = usable_assertions(ir.postconditions)
    if not postconditions:
        return _skip(test, "the IR has no postconditions to check")
    call = _Call(ir)
    if call.problem:
        return _skip(test, call.problem)
    preconditions, unusable = usable_assertions(ir.preconditions)
    lines = [f"# precondition (not valid Python, not assumed): {comment(a.expression)}" for a in unusable]
    lines += ["", "", "@_settings(max_examples=100, deadline=None, suppress_health_check=list(_HealthCheck))"]
    lines.append(f"@_given({', '.join(f'{n}={s}' for n, s in call.given)})")
    lines.append(f"def {test}({', '.join(n for n, _ in call.given)}):")
    lines += [f"{_I}{name} = {default}" for name, default in call.bound]
    lines += [f"{_I}_assume(_holds(lambda: {' '.join(a.expression.split())}))" for a in preconditions]
    invocation = f"{target}({', '.join(call.args)})"
    if signature.is_async:
        invocation = f"_asyncio.run({invocation})"
    lines.append(f"{_I}result = {invocation}")
    for assertion in postconditions:
        expression = " ".join(assertion.expression.split())
        message = assertion.message or f"postcondition failed: {expression}"
        lines.append(f"{_I}assert {expression}, {message!r}")
    return lines


def _is_float(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, float)


def _example_test(example: Example, test: str, is_async: bool) -> list[str]:
    call = " ".join(example.call.split())
    try:
        ast.parse(call, mode="eval")
    except SyntaxError:
        return _skip(test, f"example call is not a Python expression: {comment(example.call)}")
    if is_async:
        call = f"_asyncio.run({call})"
    expected = example.expected.strip()
    head = ["", "", f"def {test}():"]
    if not expected:
        return [*head, f"{_I}{call}"]
    last = expected.splitlines()[-1]
    if expected.startswith("Traceback"):
        name = last.split(":", 1)[0].strip().rsplit(".", 1)[-1]
        return [*head, f"{_I}with pytest.raises(_exception({name!r})):", f"{_I}{_I}{call}"]
    try:
        value = ast.parse(expected, mode="eval").body
    except SyntaxError:
        return [*head, f"{_I}assert repr({call}) == {expected!r}"]
    source = " ".join(expected.split()) if "\n" in expected else expected
    if _is_float(value):
        return [*head, f"{_I}assert {call} == pytest.approx({source})"]
    return [*head, f"{_I}assert ({call}) == ({source})"]


def render_property_tests(ir: IR, module: str) -> str:
    """The test module's source; the function under test is imported from ``module``."""
    if not _valid_module(module):
        raise RenderError(f"module {module!r} is not a dotted Python module name")
    qualname = ir.metadata.qualname or ir.signature.name
    stem = qualname.replace(".", "_").replace("<locals>", "locals").strip("_") or "function"
    top = qualname.split(".", 1)[0]
    lines = [
        f'"""Property and example tests for {module}.{qualname}, generated by lift-tui from its IR."""',
        "",
        "from __future__ import annotations",
        "",
        "import asyncio as _asyncio",
        "import builtins",
        "",
        "import pytest",
        f"from {module} import *  # noqa: F403",
        "from hypothesis import HealthCheck as _HealthCheck",
        "from hypothesis import assume as _assume",
        "from hypothesis import given as _given",
        "from hypothesis import settings as _settings",
        f"from hypothesis import strategies as {ST}",
    ]
    if "<locals>" in qualname or not top.isidentifier():
        lines += _skip(f"test_{stem}", f"{qualname} is not importable from {module}")
        return check_module("\n".join(lines) + "\n", f"property tests for {qualname}")
    lines.insert(lines.index(f"from {module} import *  # noqa: F403") + 1, f"from {module} import {top}")
    lines.append(_HELPERS.rstrip("\n"))
    lines += _property_test(ir, qualname, f"test_{stem}_postconditions")
    for index, example in enumerate(ir.examples, start=1):
        lines += _example_test(example, f"test_{stem}_example_{index}", ir.signature.is_async)
    return check_module("\n".join(lines) + "\n", f"property tests for {qualname}")
