"""``suggest``: candidates for one hole from every source, merged, checked and ranked."""

from __future__ import annotations

from typing import Any

from lift_tui.ir import IR

from .apply import find_hole
from .candidates import static_candidates
from .history import history_candidates
from .models import Candidate
from .ranking import combine, order_by_fit

DEFAULT_TOP = 6


def suggest(
    ir: IR,
    hole_id: str,
    *,
    use_model: bool = False,
    top: int | None = DEFAULT_TOP,
    store: Any = None,
    check: bool = True,
) -> list[Candidate]:
    """Best-first candidates for ``hole_id``.

    Sources: this user's accepted resolutions (``store``), static evidence from the code,
    and with ``use_model`` the HoleSuggestion program on the local model. ``check`` runs
    z3 on each candidate; ``top=None`` returns all of them.
    """
    hole = find_hole(ir, hole_id)
    groups: list[list[Candidate]] = []
    if store is not None:
        groups.append(history_candidates(store, ir, hole))
    groups.append(static_candidates(ir, hole))
    if use_model:
        from .model_source import model_candidates

        groups.append(model_candidates(ir, hole, store=store))
    ranked = order_by_fit(ir, hole, combine(groups), check=check)
    return ranked[:top] if top else ranked
