"""The deterministic part of generated code: exact signature, docstring, precondition checks.

The model writes only the body; everything the IR already fixes is rendered here, so the
signature and the preconditions cannot drift whatever the model does.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc
import textwrap
import typing

from lift_tui.ir import IR, Parameter, ParameterKind, Signature

INDENT = "    "


def _param(p: Parameter) -> str:
    text = p.name
    if p.kind is ParameterKind.var_positional:
        text = f"*{text}"
    elif p.kind is ParameterKind.var_keyword:
        text = f"**{text}"
    if p.type_hint:
        text += f": {p.type_hint}"
    if p.default is not None:
        text += f" = {p.default}" if p.type_hint else f"={p.default}"
    return text


def signature_source(sig: Signature) -> str:
    """``def name(...) -> T:`` with ``/`` and ``*`` markers where the parameter kinds need them."""
    parts: list[str] = []
    kinds = [p.kind for p in sig.parameters]
    star_done = ParameterKind.var_positional in kinds
    for index, p in enumerate(sig.parameters):
        if p.kind is ParameterKind.keyword_only and not star_done:
            parts.append("*")
            star_done = True
        parts.append(_param(p))
        last_posonly = p.kind is ParameterKind.positional_only and (
            index + 1 == len(kinds) or kinds[index + 1] is not ParameterKind.positional_only
        )
        if last_posonly:
            parts.append("/")
    prefix = "async def" if sig.is_async else "def"
    returns = f" -> {sig.returns}" if sig.returns else ""
    return f"{prefix} {sig.name}({', '.join(parts)}){returns}:"


def docstring(ir: IR) -> str:
    summary = ir.intent.summary if ir.intent.provenance.confidence >= 0.5 else None
    fallback = (ir.metadata.prompt or "").strip() or f"{ir.signature.name} (summary is an open hole)."
    lines = [summary or fallback]
    criteria = [c for c in ir.intent.success_criteria if len(c.split()) >= 3]
    if criteria:
        lines += ["", *[f"- {c}" for c in criteria]]
    if ir.examples:
        lines += ["", "Examples:", *[f"    >>> {e.call}\n    {e.expected}" for e in ir.examples]]
    body = "\n".join(lines).replace('"""', "'''").replace("\\", "\\\\")
    return f'"""{body}\n"""' if "\n" in body else f'"""{body}"""'


def precondition_checks(ir: IR) -> list[str]:
    """One ``if not (...): raise`` per precondition, with the IR's message."""
    checks = []
    for assertion in ir.preconditions:
        error = assertion.raises or "ValueError"
        message = assertion.message or f"precondition violated: {assertion.expression}"
        checks.append(f"if not ({assertion.expression}):\n{INDENT}raise {error}({message!r})")
    return checks


def imports(sig: Signature) -> list[str]:
    """The imports the annotations need: ``List[int]`` needs ``from typing import List``."""
    hints = [p.type_hint for p in sig.parameters if p.type_hint] + ([sig.returns] if sig.returns else [])
    names: set[str] = set()
    modules: set[str] = set()
    for hint in hints:
        try:
            tree = ast.parse(hint, mode="eval")
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and not hasattr(builtins, node.id):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                modules.add(node.value.id if node.value.id != "collections" else "collections.abc")
    lines = [f"import {m}" for m in sorted(modules & {"typing", "collections.abc"})]
    from_typing = sorted(n for n in names if n in typing.__all__)
    from_abc = sorted(n for n in names if n not in typing.__all__ and n in collections.abc.__all__)
    if from_typing:
        lines.append(f"from typing import {', '.join(from_typing)}")
    if from_abc:
        lines.append(f"from collections.abc import {', '.join(from_abc)}")
    return lines


def render(ir: IR, body: str | None) -> str:
    """The whole function; a missing body is an explicit hole, not a plausible-looking guess."""
    if body is None or not body.strip():
        body = 'raise NotImplementedError("hole: the body has not been generated")'
    parts = [docstring(ir), *precondition_checks(ir), textwrap.dedent(body).strip("\n")]
    inner = "\n".join(textwrap.indent(part, INDENT) for part in parts)
    header = "".join(f"{line}\n" for line in imports(ir.signature))
    return f"{header}{header and chr(10)}{signature_source(ir.signature)}\n{inner}\n"
