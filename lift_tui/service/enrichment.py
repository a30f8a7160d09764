"""Model enrichment of an open file, one function at a time (DESIGN.md §1.3).

The static lift is on screen first; this runs after, in a worker, and hands back each
function's enriched IR as it arrives. Enrichment never overrides the user: a function is
updated only while it is still exactly as the lifter left it, and the enriched version goes
on top of the lifted one in its undo history (so ``u`` removes the model's suggestions and a
re-lift of unchanged code keeps them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from lift_tui.ir import IR

from .availability import capability
from .changes import function_key
from .workspace import Workspace


def keep_satisfiable(ir: IR, expression: str) -> bool:
    """z3: drop a proposed precondition only when it provably contradicts the IR's assertions."""
    from lift_tui.verify import check_assertions

    try:
        return check_assertions(ir, [expression]).status != "unsat"
    except Exception:  # noqa: BLE001 - a solver problem cannot judge the suggestion; keep it as a hole
        return True


def apply_enriched(workspace: Workspace, lifted: IR, enriched: IR) -> IR | None:
    """Put ``enriched`` on top of ``lifted`` if the function is still the untouched lift, else None."""
    key = function_key(lifted)
    with workspace._lock:
        state = workspace.file_of(key)
        if state is None or state.stale or lifted not in state.functions:
            return None  # re-lifted or gone meanwhile: a newer enrichment will follow
        if workspace.history.current(key) != lifted or enriched == lifted:
            return None  # the user has changed it (or the model added nothing)
        workspace.history.push(key, enriched)
        return enriched


def enrich_file(
    workspace: Workspace,
    path: str,
    settings: Any,
    *,
    keys: Iterable[str] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    on_function: Callable[[str, IR], None] = lambda key, ir: None,
) -> list[str]:
    """Enrich the functions of ``path`` (only ``keys`` if given); returns one line per failed model call.

    Raises ``NotAvailable`` when the enrichment layer is missing and whatever the model loader
    raises when the model cannot load (the caller shows it as a notification).
    """
    workspace.configure()
    enricher_class = capability("lift_tui.reverse.enrich", "Enricher", "model enrichment")
    build_lm = capability("lift_tui.llm.lm", "build_lm", "model enrichment")
    state = workspace.files.get(path)
    if state is None or state.stale or not state.source:
        return []
    wanted = set(keys) if keys is not None else None
    todo = [ir for ir in state.functions if wanted is None or function_key(ir) in wanted]
    if not todo:
        return []
    enricher = enricher_class(build_lm(settings))
    source = state.source

    def asked() -> Iterable[tuple[IR, str]]:  # a served model gets ``concurrency`` of them at once
        for lifted in todo:
            if cancelled():
                return
            yield lifted, source

    for lifted, enriched in zip(todo, enricher.enrich_all(asked(), keep_satisfiable), strict=False):
        new = apply_enriched(workspace, lifted, enriched)
        if new is not None:
            on_function(function_key(lifted), new)
    return list(enricher.failures)
