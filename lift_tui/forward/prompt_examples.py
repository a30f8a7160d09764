"""Example calls stated in a prompt, in the forms people write them, read with ``ast`` (no model).

``f(3) == 9``, ``f(3) -> 9``, ``f(3) ➞ 9``, ``f(3) → 9``, ``f(3) returns 9``, "for example,
f(3) should return 9", a doctest (``>>> f(3)`` and its output line, or ``>>> f(3) == 9``), and
the same with backticks around either side. A call counts only when every argument and the
result are Python literals, so prose that merely mentions ``f(x)`` is not an example.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

_CALL_START = re.compile(r"(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)\(")
# What separates a call from its result: operators, arrows, and the verbs of "f(3) should return 9".
_ARROW = re.compile(
    r"`?\s*(?:===|==|->|=>|➞|→|⟶|⇒|=|:"
    r"|(?:should|must|will|would|shall)\s+(?:return|give|output|yield|be|equal)s?"
    r"|(?:returns|gives|outputs|yields|evaluates\s+to|is\s+equal\s+to|equals|is)"
    r")\s*`?(?=\S)",
    re.IGNORECASE,
)
_DOCTEST = re.compile(r"^[ \t]*>>>[ \t]?(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class PromptExample:
    """A call written in the prompt and the literal it should give."""

    name: str
    call: str
    expected: str
    args: tuple[Any, ...]
    result: Any


def closing_paren(text: str, start: int) -> int | None:
    """Index of the bracket matching the one at ``start``, skipping string literals."""
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


def _literal(text: str) -> tuple[str, Any] | None:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return ast.unparse(ast.parse(text, mode="eval").body), value


def leading_literal(text: str) -> tuple[str, Any] | None:
    """The shortest prefix of ``text`` that is a Python literal, cut at a clause boundary."""
    text = text.lstrip("`")
    if text[:1] in "([{":
        end = closing_paren(text, 0)
        if end is not None and (found := _literal(text[: end + 1])):
            return found
    cuts = [m.start() for m in re.finditer(r"[,;`]|\.(?=\s|$)|\s+(?:and|or|but|for|if|since)\s|\)(?=\s|$)|\n",
                                           text)]
    cuts.append(len(text.rstrip()))
    for cut in sorted(set(cuts)):
        piece = text[:cut].strip()
        if piece and (found := _literal(piece)):
            return found
    return None


def _call(text: str) -> tuple[str, str, tuple[Any, ...]] | None:
    """``(name, call source, literal args)`` if ``text`` is a call of a name with literal arguments."""
    try:
        call = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name) or call.keywords:
        return None
    try:
        args = tuple(ast.literal_eval(a) for a in call.args)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None
    return call.func.id, ast.unparse(call), args


def _inline(prompt: str) -> list[tuple[int, PromptExample]]:
    found = []
    for match in _CALL_START.finditer(prompt):
        end = closing_paren(prompt, match.end() - 1)
        if end is None:
            continue
        parsed = _call(prompt[match.start() : end + 1])
        arrow = _ARROW.match(prompt, end + 1) if parsed else None
        literal = leading_literal(prompt[arrow.end() :]) if arrow else None
        if parsed and literal:
            name, call, args = parsed
            found.append((match.start(), PromptExample(name, call, literal[0], args, literal[1])))
    return found


def _doctests(prompt: str) -> list[tuple[int, PromptExample]]:
    """``>>> f(x)`` followed by the output line(s), up to a blank line or the next prompt."""
    found = []
    lines = prompt.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for index, line in enumerate(lines):
        match = _DOCTEST.match(line.rstrip("\n"))
        if not match:
            continue
        parsed = _call(match.group(1).strip())
        if parsed is None:
            continue
        output: list[str] = []
        for following in lines[index + 1 :]:
            if not following.strip() or _DOCTEST.match(following.rstrip("\n")) or following.strip()[:3] in {
                '"""', "'''"}:
                break
            output.append(following.strip())
        literal = _literal(" ".join(output)) if output else None
        if literal:
            name, call, args = parsed
            found.append((offsets[index], PromptExample(name, call, literal[0], args, literal[1])))
    return found


def find_examples(prompt: str) -> list[PromptExample]:
    """Every example call in the prompt, in the order written, each call once."""
    found: list[PromptExample] = []
    for _, example in sorted([*_doctests(prompt), *_inline(prompt)], key=lambda p: p[0]):
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
    """The one type every value shows (ignoring values that say nothing); int with float gives float."""
    types = {type_of_value(v) for v in values}
    types.discard(None)
    if len(types) == 1:
        return types.pop()
    if types == {"int", "float"}:
        return "float"
    bases = {t.split("[")[0] for t in types}
    if len(bases) == 1 and bases <= {"list", "set", "dict", "tuple"}:
        return bases.pop()
    return None
