"""Parameter names from the model's own function when the IR only has placeholders.

When the prompt fixes a parameter's type but not its name, merge falls back to a placeholder
(``text``, ``n``, ``items``, ``arg0``). The free-form candidate names its parameters itself
(``word``, ``nums``); when those are good identifiers they are the better names, so the IR
takes them: the signature, the assertions, and every hole that mentions a parameter.
"""

from __future__ import annotations

import builtins
import keyword
import re

from lift_tui.ir import IR

from .assemble import TYPE_NAMES, is_identifier

_PLACEHOLDER = re.compile(r"^(text|n|x|flag|items|mapping|arg)\d*$")
_BAD = frozenset({"result", "self", *dir(builtins), *TYPE_NAMES})


def is_placeholder(name: str) -> bool:
    """A name merge made up because the model gave none usable (see ``assemble._fallback_name``)."""
    return bool(_PLACEHOLDER.match(name))


def better_names(ir: IR, own: list[str]) -> dict[str, str]:
    """Placeholder → model name for each parameter, or nothing when any model name is unusable."""
    names = [p.name for p in ir.signature.parameters]
    if len(own) != len(names) or len(set(own)) != len(own) or not any(map(is_placeholder, names)):
        return {}
    mapping: dict[str, str] = {}
    for old, new in zip(names, own, strict=True):
        if old == new:
            continue
        if not is_placeholder(old) or not is_identifier(new) or keyword.iskeyword(new):
            return {}
        if new in _BAD or new == ir.signature.name or new in names:
            return {}
        mapping[old] = new
    return mapping


def _swap(text: str, mapping: dict[str, str]) -> str:
    """Every use of an old name as a word or an ``_``-joined part (``n_type``), replaced."""
    if not mapping:
        return text
    pattern = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, mapping)) + r")(?![A-Za-z0-9])")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def rename_parameters(ir: IR, mapping: dict[str, str]) -> IR:
    """A copy of ``ir`` with parameters renamed everywhere they are named."""
    if not mapping:
        return ir
    copy = ir.model_copy(deep=True)
    for param in copy.signature.parameters:
        param.name = mapping.get(param.name, param.name)
    for assertion in copy.assertions:
        assertion.expression = _swap(assertion.expression, mapping)
        if assertion.message:
            assertion.message = _swap(assertion.message, mapping)
    for hole in copy.holes:
        hole.identifier = _swap(hole.identifier, mapping)
        hole.target = _swap(hole.target, mapping)
        hole.type_hint = _swap(hole.type_hint, mapping)
        hole.description = _swap(hole.description, mapping)
        hole.constraints = [_swap(c, mapping) for c in hole.constraints]
        hole.dependencies = [_swap(d, mapping) for d in hole.dependencies]
        hole.candidates = [_swap(c, mapping) for c in hole.candidates]
    return copy
