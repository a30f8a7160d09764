"""Helpers shared by the renderers: signature text, hole lookup, expression checks.

The IR keeps hints, defaults and expressions as source text. Renderers that emit code
must never emit text that does not parse, so every piece of code text passes through
:func:`code_or_none` (a hole reference such as ``?return_type`` is not code).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from ..models import IR, Assertion, Parameter, ParameterKind


class RenderError(ValueError):
    """The IR cannot be rendered as valid code; the message names the offending element."""


def is_hole_reference(text: str | None) -> bool:
    return text is not None and text.strip().startswith("?")


def parses_as_expression(text: str) -> bool:
    try:
        ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def code_or_none(text: str | None) -> str | None:
    """The text if it is a Python expression, None if it is missing or a hole reference."""
    if text is None or is_hole_reference(text) or not text.strip():
        return None
    return text.strip()


def hole_reference(ir: IR, target: str) -> str | None:
    """``?identifier`` of the first unresolved hole standing for ``target``, if any."""
    for hole in ir.holes:
        if hole.target == target and hole.status.value != "resolved":
            return hole.reference
    return None


def parameter_path(parameter: Parameter, field: str) -> str:
    return f"signature.parameters.{parameter.name}.{field}"


def _star(parameter: Parameter) -> str:
    if parameter.kind is ParameterKind.var_positional:
        return "*"
    if parameter.kind is ParameterKind.var_keyword:
        return "**"
    return ""


def format_parameter(parameter: Parameter, hint: str | None, default: str | None) -> str:
    text = f"{_star(parameter)}{parameter.name}"
    if hint is not None:
        text += f": {hint}"
    if default is not None:
        text += f" = {default}" if hint is not None else f"={default}"
    return text


def format_parameters(
    parameters: list[Parameter], render: Callable[[Parameter], tuple[str | None, str | None]]
) -> str:
    """Parameters with the exact ``/`` and ``*`` markers; ``render`` gives (hint, default) text."""
    parts: list[str] = []
    star_seen = False
    for index, parameter in enumerate(parameters):
        if parameter.kind is ParameterKind.keyword_only and not star_seen:
            parts.append("*")
            star_seen = True
        if parameter.kind is ParameterKind.var_positional:
            star_seen = True
        parts.append(format_parameter(parameter, *render(parameter)))
        following = parameters[index + 1] if index + 1 < len(parameters) else None
        if parameter.kind is ParameterKind.positional_only and (
            following is None or following.kind is not ParameterKind.positional_only
        ):
            parts.append("/")
    return ", ".join(parts)


def code_signature(ir: IR) -> str:
    """``[async ]def name(params) -> returns:`` with holes left out (unannotated, ``...`` default)."""

    def render(parameter: Parameter) -> tuple[str | None, str | None]:
        default = parameter.default
        if default is not None:
            default = code_or_none(default) or "..."
        return code_or_none(parameter.type_hint), default

    signature = ir.signature
    returns = code_or_none(signature.returns)
    prefix = "async def" if signature.is_async else "def"
    arrow = f" -> {returns}" if returns is not None else ""
    return f"{prefix} {signature.name}({format_parameters(signature.parameters, render)}){arrow}:"


def display_signature(ir: IR) -> str:
    """The signature for people: unknown hints and returns show the ``?hole`` standing for them."""

    def render(parameter: Parameter) -> tuple[str | None, str | None]:
        hint = parameter.type_hint or hole_reference(ir, parameter_path(parameter, "type_hint"))
        default = parameter.default or hole_reference(ir, parameter_path(parameter, "default"))
        return hint, default

    signature = ir.signature
    returns = signature.returns or hole_reference(ir, "signature.returns")
    prefix = "async def" if signature.is_async else "def"
    arrow = f" -> {returns}" if returns is not None else ""
    return f"{prefix} {signature.name}({format_parameters(signature.parameters, render)}){arrow}"


def names_in(expression: str) -> set[str]:
    """Every bare name the expression reads (including ones bound by its comprehensions)."""
    tree = ast.parse(expression.strip(), mode="eval")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def usable_assertions(assertions: list[Assertion]) -> tuple[list[Assertion], list[Assertion]]:
    """Split into (valid Python expressions, the rest) so bad text is kept as a comment, not lost."""
    good = [a for a in assertions if code_or_none(a.expression) and parses_as_expression(a.expression)]
    bad = [a for a in assertions if a not in good]
    return good, bad


def comment(text: str) -> str:
    """One-line comment text: newlines folded so the comment cannot break out."""
    return " ".join(text.split())


def check_module(source: str, what: str) -> str:
    """Return ``source`` if it parses; otherwise a :class:`RenderError` naming the first bad line."""
    try:
        ast.parse(source)
    except SyntaxError as error:
        line = (error.text or "").strip()
        raise RenderError(f"{what}: the IR does not form valid Python ({error.msg}: {line!r})") from None
    return source
