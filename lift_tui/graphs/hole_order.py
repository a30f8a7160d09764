"""The order holes are worked through: each after the holes it depends on, otherwise as in the IR.

One order for the holes pane, ``n`` / ``N`` and the hole graph's "select the next hole", so the
hole the graph waits on after a decision is the one the user sees come next. Light on purpose
(no pydantic-graph): the TUI imports it at start-up.
"""

from __future__ import annotations

from lift_tui.ir import IR, Hole


def dependency_order(holes: list[Hole]) -> list[Hole]:
    """Holes sorted so each comes after the holes it depends on; cycles keep source order."""
    by_id = {h.identifier: h for h in holes}
    seen: set[str] = set()
    order: list[Hole] = []

    def visit(hole: Hole, stack: set[str]) -> None:
        if hole.identifier in seen or hole.identifier in stack:
            return
        stack.add(hole.identifier)
        for dep in hole.dependencies:
            needed = by_id.get(dep.removeprefix("?"))
            if needed is not None:
                visit(needed, stack)
        seen.add(hole.identifier)
        order.append(hole)

    for hole in holes:
        visit(hole, set())
    return order


def next_hole(ir: IR, after: str | None = None) -> Hole | None:
    """The first open hole in dependency order whose own dependencies are settled — ``after`` the hole
    just decided, the first such one following it (wrapping around), so the user moves on rather
    than back to the top. With every open hole waiting on another (a cycle), the first open one."""
    open_ids = {h.identifier for h in ir.open_holes()}
    if not open_ids:
        return None
    order = dependency_order(list(ir.holes))
    ids = [h.identifier for h in order]
    if after in ids:
        at = ids.index(after) + 1
        order = order[at:] + order[:at]
    waiting = [h for h in order if h.identifier in open_ids]

    def settled(hole: Hole) -> bool:
        return not any(d.removeprefix("?") in open_ids for d in hole.dependencies)

    return next((h for h in waiting if settled(h)), waiting[0])
