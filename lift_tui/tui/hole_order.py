"""Where n / N go: the next open hole in tree order, across functions and files, wrapping around.

Plain functions over ``(function key, hole identifier)`` pairs, so the walk is testable without
an App; within a function holes come in the holes pane's dependency order.
"""

from __future__ import annotations

from collections.abc import Callable

from lift_tui.graphs.hole_order import dependency_order
from lift_tui.ir import IR

HoleRef = tuple[str, str]
"""(function key, hole identifier)."""


def open_hole_order(keys: list[str], current: Callable[[str], IR | None]) -> list[HoleRef]:
    """Every open hole of the functions ``keys`` (tree order), each function's in dependency order."""
    order: list[HoleRef] = []
    for key in keys:
        ir = current(key)
        if ir is not None:
            order += [(key, hole.identifier) for hole in dependency_order(ir.open_holes())]
    return order


def step_hole(order: list[HoleRef], keys: list[str], at: HoleRef | None, key: str | None,
              step: int) -> HoleRef | None:
    """The hole after (``step=1``) or before (``-1``) the selection, wrapping; None if there are none.

    ``at`` is the selected hole when it is still open. With no hole selected, ``n`` goes to the
    first open hole at or after the selected function ``key`` and ``N`` to the last one before it.
    """
    if not order:
        return None
    if at in order:
        return order[(order.index(at) + step) % len(order)]
    rank = {k: i for i, k in enumerate(keys)}
    here = rank.get(key, -1) if key is not None else -1
    if step > 0:
        return next((ref for ref in order if rank.get(ref[0], -1) >= here), order[0])
    return next((ref for ref in reversed(order) if rank.get(ref[0], -1) < here), order[-1])
