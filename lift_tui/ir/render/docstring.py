"""A Google-style docstring built from the IR, so a stub documents itself and re-lifts.

Only what the IR knows is written: a parameter without a description gets no Args
line, because an empty line would re-lift as an empty (not missing) description.
"""

from __future__ import annotations

import textwrap

from ..models import IR
from ._code import code_or_none, usable_assertions

_INDENT = "    "


def _section(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    return ["", f"{title}:", *(_INDENT + line for line in lines)]


def _entry(name: str, description: str) -> list[str]:
    first, *rest = description.strip().splitlines() or [""]
    return [f"{name}: {first}".rstrip(), *(_INDENT + line.strip() for line in rest)]


def raised_exceptions(ir: IR) -> list[tuple[str, str]]:
    """(exception, when) pairs: preconditions with their exception first, then declared raises."""
    found: dict[str, str] = {}
    preconditions, _ = usable_assertions(ir.preconditions)
    for assertion in preconditions:
        if assertion.raises == "AssertionError":
            continue  # an ``assert`` is a check, not a documented exception
        name = assertion.raises or "ValueError"
        when = assertion.message or f"if not ({assertion.expression.strip()})"
        found[name] = f"{found[name]}; {when}" if name in found else when
    for name in ir.signature.raises:
        found.setdefault(name, "")
    return list(found.items())


def docstring_text(ir: IR) -> str:
    """The docstring's content (unindented, no quotes)."""
    intent = ir.intent
    lines: list[str] = [intent.summary.strip() if intent.summary else ""]
    if intent.rationale:
        lines += ["", *intent.rationale.strip().splitlines()]
    args: list[str] = []
    for parameter in ir.signature.parameters:
        if parameter.description:
            star = {"var_positional": "*", "var_keyword": "**"}.get(parameter.kind.value, "")
            args += _entry(f"{star}{parameter.name}", parameter.description)
    lines += _section("Args", args)
    signature = ir.signature
    if signature.returns_description:
        returns = code_or_none(signature.returns)
        head = f"{returns}: " if returns else ""
        first, *rest = signature.returns_description.strip().splitlines() or [""]
        lines += _section("Returns", [f"{head}{first}", *(_INDENT + r.strip() for r in rest)])
    raises: list[str] = []
    for name, when in raised_exceptions(ir):
        raises += _entry(name, when)
    lines += _section("Raises", raises)
    examples: list[str] = []
    for example in ir.examples:
        call_lines = example.call.strip().splitlines() or [""]
        examples.append(f">>> {call_lines[0]}")
        examples += [f"... {line}" for line in call_lines[1:]]
        examples += example.expected.strip().splitlines()
    lines += _section("Examples", examples)
    return "\n".join(lines).strip("\n")


def docstring_literal(ir: IR, indent: str = _INDENT) -> str:
    """The docstring as an indented triple-quoted literal that always parses back to the same text."""
    text = docstring_text(ir).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    if "\n" not in text:
        return f'{indent}"""{text}"""'
    return textwrap.indent(f'"""{text}\n"""', indent)
