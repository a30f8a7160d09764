"""Facts stated literally in a prompt: example calls like ``f(3) == 9`` and what they imply.

A prompt that shows a call and its result fixes the function's name, its arity and the
types of its arguments and result more reliably than any 135M-parameter guess, so these
facts are read with ``ast`` (no model) and take precedence over model output.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

_CALL_START = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\(")
_ARROW = re.compile(r"\s*(==|->|=>|returns|should return|gives|is)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class PromptExample:
    """A call written in the prompt and the literal it should give."""

    name: str
    call: str
    expected: str
    args: tuple[Any, ...]
    result: Any


def _closing_paren(text: str, start: int) -> int | None:
    """Index of the ``)`` matching the ``(`` at ``start``, skipping string literals."""
    depth, quote, i = 0, "", start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _leading_literal(text: str) -> tuple[str, Any] | None:
    """The shortest prefix of ``text`` that is a Python literal, cut at a clause boundary."""
    cuts = [m.start() for m in re.finditer(r"[,;]|\.(?=\s|$)|\s+(?:and|or|but)\s|\)(?=\s|$)", text)]
    cuts.append(len(text.rstrip()))
    for cut in sorted(set(cuts)):
        piece = text[:cut].strip()
        if not piece:
            continue
        try:
            value = ast.literal_eval(piece)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        return ast.unparse(ast.parse(piece, mode="eval").body), value
    return None


def find_examples(prompt: str) -> list[PromptExample]:
    """Every ``name(literal, ...) <op> literal`` in the prompt, in order, without duplicates."""
    found: list[PromptExample] = []
    for match in _CALL_START.finditer(prompt):
        end = _closing_paren(prompt, match.end() - 1)
        if end is None:
            continue
        call_text = prompt[match.start() : end + 1]
        try:
            call = ast.parse(call_text, mode="eval").body
            assert isinstance(call, ast.Call) and not call.keywords
            args = tuple(ast.literal_eval(a) for a in call.args)
        except (SyntaxError, ValueError, TypeError, AssertionError, RecursionError):
            continue
        arrow = _ARROW.match(prompt, end + 1)
        if not arrow:
            continue
        literal = _leading_literal(prompt[arrow.end() :])
        if literal is None:
            continue
        expected, value = literal
        example = PromptExample(match.group(1), ast.unparse(call), expected, args, value)
        if all(e.call != example.call for e in found):
            found.append(example)
    return found


def type_of_value(value: Any) -> str | None:
    """A type hint for a literal value; None where a literal says too little (empty list, None)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float | str | bytes):
        return type(value).__name__
    if isinstance(value, list | set | frozenset):
        inner = {type_of_value(v) for v in value}
        name = type(value).__name__
        if len(inner) == 1 and None not in inner:
            return f"{name}[{inner.pop()}]"
        if inner == {"int", "float"}:
            return f"{name}[float]"
        return None if not value else name
    if isinstance(value, tuple):
        parts = [type_of_value(v) for v in value]
        if value and all(parts):
            return f"tuple[{', '.join(p for p in parts if p)}]"
        return None
    if isinstance(value, dict):
        keys = {type_of_value(k) for k in value}
        values = {type_of_value(v) for v in value}
        if len(keys) == 1 and len(values) == 1 and None not in keys | values:
            return f"dict[{keys.pop()}, {values.pop()}]"
        return None if not value else "dict"
    return None


def agreed_type(values: list[Any]) -> str | None:
    """The one type every value shows; int and float together give float; else None."""
    types = {type_of_value(v) for v in values}
    types.discard(None)
    if len(types) == 1:
        return types.pop()
    if types == {"int", "float"}:
        return "float"
    return None
