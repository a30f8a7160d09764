"""The Python stub: the exact signature, a docstring from the intent, preconditions as checks.

The stub is a module that imports cleanly (annotations are postponed, decorators are
left out unless asked for) so it can be run, re-lifted, or handed to code generation
as the frame a body goes into.
"""

from __future__ import annotations

import textwrap

from ..models import IR
from ._code import check_module, code_or_none, code_signature, comment, usable_assertions
from .docstring import docstring_literal, docstring_text

_INDENT = "    "
DEFAULT_BODY = "raise NotImplementedError"


def precondition_checks(ir: IR) -> list[str]:
    """``if not (expr): raise Exc(msg)`` lines (unindented); bad expressions become comments.

    A precondition that came from an ``assert`` (``raises == "AssertionError"``) stays an
    ``assert``, so a stub re-lifts to the same assertion.
    """
    good, bad = usable_assertions(ir.preconditions)
    lines: list[str] = []
    for assertion in good:
        expression = " ".join(assertion.expression.split())
        if assertion.raises == "AssertionError":  # lifted from an ``assert``: render it as one
            lines.append(f"assert {expression}" + (f", {assertion.message!r}" if assertion.message else ""))
            continue
        message = assertion.message or f"precondition failed: {expression}"
        exception = assertion.raises if (assertion.raises or "").isidentifier() else "ValueError"
        lines += [f"if not ({expression}):", f"{_INDENT}raise {exception}({message!r})"]
    lines += [f"# precondition (not valid Python): {comment(a.expression)}" for a in bad]
    return lines


def postcondition_comments(ir: IR) -> list[str]:
    return [f"# ensures: {comment(a.expression)}" for a in ir.postconditions]


def function_source(ir: IR, body: str | None = None, *, checks: bool = True, decorators: bool = False) -> str:
    """One function definition (no module header)."""
    lines: list[str] = []
    if decorators:
        lines += [f"@{d.strip().removeprefix('@')}" for d in ir.signature.decorators if code_or_none(d)]
    lines.append(code_signature(ir))
    if docstring_text(ir):
        lines.append(docstring_literal(ir))
    inner: list[str] = []
    if checks:
        inner += precondition_checks(ir)
    if body is None:
        inner += postcondition_comments(ir)
        inner.append(DEFAULT_BODY)
    else:
        inner += textwrap.dedent(body).strip("\n").splitlines() or ["pass"]
    lines += [(_INDENT + line) if line.strip() else "" for line in inner]
    return "\n".join(lines) + "\n"


def render_stub(ir: IR, body: str | None = None, *, checks: bool = True, decorators: bool = False) -> str:
    """A module holding the function; raises ``RenderError`` if the IR's signature is not valid Python.

    ``body`` replaces ``raise NotImplementedError``; the precondition checks stay in front of
    it unless ``checks`` is false (for a body that already performs them).
    """
    source = "from __future__ import annotations\n\n\n" + function_source(
        ir, body, checks=checks, decorators=decorators
    )
    return check_module(source, f"stub for {ir.signature.name}")
