"""Dotted paths into an IR, as used by ``Hole.target``.

A path walks attributes; a list whose elements have a key (parameters their ``name``,
holes their ``identifier``) is indexed by that key, other lists by position, e.g.
``signature.parameters.numbers.type_hint``, ``holes.return_type.status``.
``assertions.precondition.N`` names the N-th precondition.
"""

from __future__ import annotations

from typing import Any

from .models import IR, AssertionCategory


class PathError(ValueError):
    """The path does not name a field of this IR."""


# Attributes that identify a list element, tried in order (the same keys the IR diff uses).
_KEYS = ("name", "identifier")


def _key(item: Any) -> str | None:
    return next((key for key in _KEYS if hasattr(item, key)), None)


def _step(node: Any, part: str, path: str) -> Any:
    if isinstance(node, list):
        key = _key(node[0]) if node else None
        if key is not None and not part.isdigit():
            for item in node:
                if getattr(item, key) == part:
                    return item
            raise PathError(f"{path}: no element with {key} {part!r}")
        if part.isdigit() and int(part) < len(node):
            return node[int(part)]
        raise PathError(f"{path}: no element {part!r}")
    if hasattr(node, part):
        return getattr(node, part)
    raise PathError(f"{path}: no field {part!r}")


def _split(ir: IR, path: str) -> tuple[Any, str]:
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] == "assertions" and parts[1] in AssertionCategory.__members__:
        items = [a for a in ir.assertions if a.category.value == parts[1]]
        node: Any = items
        rest = parts[2:]
    else:
        node, rest = ir, parts
    for part in rest[:-1]:
        node = _step(node, part, path)
    return node, rest[-1] if rest else ""


def get_path(ir: IR, path: str) -> Any:
    """The value at ``path``; raises :class:`PathError` if there is none."""
    parent, last = _split(ir, path)
    return _step(parent, last, path)


def set_path(ir: IR, path: str, value: Any) -> IR:
    """A copy of ``ir`` with the field at ``path`` set to ``value`` (validated)."""
    copy = ir.model_copy(deep=True)
    parent, last = _split(copy, path)
    if isinstance(parent, list) or not hasattr(parent, last):
        raise PathError(f"{path}: not a settable field")
    setattr(parent, last, value)
    return copy
