"""Holes split into smaller holes: how a parent records its shape and how parts fill it.

A refined hole stays open and carries one constraint line ``shape: list[?x_item]``: its value
is that template once every ``?part`` in it is resolved. A part hole shares the parent's
target but never writes it itself: resolving a part fills the template, and when no part is
left open the parent is resolved with the filled template (which writes the real field).
The shape lives in ``constraints`` so the IR needs no new field and stays plain JSON.
"""

from __future__ import annotations

import re

from lift_tui.ir import IR, Hole, HoleStatus

SHAPE_PREFIX = "shape: "
_REFERENCE = re.compile(r"\?([A-Za-z_]\w*)")


def shape_of(hole: Hole) -> str | None:
    """The template a refined hole stands for, or ``None`` if it was never refined."""
    return next(
        (c.removeprefix(SHAPE_PREFIX) for c in reversed(hole.constraints) if c.startswith(SHAPE_PREFIX)),
        None,
    )


def part_names(template: str) -> list[str]:
    return list(dict.fromkeys(_REFERENCE.findall(template)))


def parent_of(ir: IR, hole: Hole) -> Hole | None:
    """The refined hole whose shape mentions ``hole`` (``None`` for an ordinary hole)."""
    for other in ir.holes:
        template = shape_of(other) if other.identifier != hole.identifier else None
        if template and hole.identifier in part_names(template):
            return other
    return None


def fill(ir: IR, template: str) -> tuple[str, bool]:
    """The template with resolved parts substituted, and whether every part is now filled."""
    complete = True

    def replace(match: re.Match[str]) -> str:
        nonlocal complete
        part = ir.hole(match.group(1))
        if part is None or part.status is not HoleStatus.resolved or part.resolution is None:
            complete = False
            return match.group(0)
        value = part.resolution.value
        return f"({value})" if " or " in value else value

    return _REFERENCE.sub(replace, template), complete


def _placeholder(name: str) -> str:
    return f"__part_{name}__"


def project(template: str, part: str, value: str) -> str | None:
    """What ``value`` (a candidate for the parent) says about ``part``: the subterm at the part's
    place when ``value`` has the template's shape (``list[float]`` against ``list[?x_item]`` ->
    ``float``), else ``None``."""
    import ast

    from lift_tui.analysis.typetext import normalize_type

    try:
        pattern = ast.parse(_REFERENCE.sub(lambda m: _placeholder(m.group(1)), template), mode="eval").body
        canon = normalize_type(value) or value
        concrete = ast.parse(canon, mode="eval").body
    except SyntaxError:
        return None
    found: dict[str, str] = {}

    def unify(a: ast.AST, b: ast.AST) -> bool:
        if isinstance(a, ast.Name) and a.id.startswith("__part_"):
            found[a.id] = ast.unparse(b)  # type: ignore[arg-type]
            return True
        if type(a) is not type(b):
            return False
        for field in a._fields:
            if field == "ctx":
                continue
            x, y = getattr(a, field), getattr(b, field, None)
            if isinstance(x, list):
                if not isinstance(y, list) or len(x) != len(y):
                    return False
                if not all(unify(i, j) for i, j in zip(x, y, strict=True)):
                    return False
            elif isinstance(x, ast.AST):
                if not isinstance(y, ast.AST) or not unify(x, y):
                    return False
            elif x != y:
                return False
        return True

    if not unify(pattern, concrete):
        return None
    return found.get(_placeholder(part))
