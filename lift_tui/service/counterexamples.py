"""Counterexamples for the selected function: search with CrossHair, then keep one as an example.

The search needs the function's IR and its code: the code generated for it (``g``, or a forward
run), or the source of the file a reverse-mode function was lifted from (the whole last good file, so its
imports and helpers are there). Adding the found input is an ordinary undoable IR edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lift_tui.ir import IR, Example, Source

from .availability import ServiceError, capability

if TYPE_CHECKING:
    from .workspace import Workspace


def code_of(workspace: Workspace, key: str) -> str:
    """The code CrossHair runs for ``key``: what ``g`` generated for it last, else its source file;
    a clear :class:`ServiceError` when there is none."""
    generated = workspace.generated.get(key)
    if generated is not None and generated.code.strip():
        return generated.code
    state = workspace.file_of(key)
    code = (state.good_source or state.source) if state is not None else ""
    if not code.strip():
        raise ServiceError(f"{key}: no code to search yet; generate it first (g)")
    return code


def find_counterexample(workspace: Workspace, key: str, budget_s: float = 4.0) -> Any:
    """CrossHair's search (a ``CounterexampleSearch``: found | none | failed) against the current IR."""
    ir = workspace.current(key)
    if not ir.postconditions:
        raise ServiceError(
            f"{ir.signature.name} has no postconditions: add one (assert result ...) to search"
        )
    qualname = ir.metadata.qualname or ir.signature.name
    if "." in qualname:
        raise ServiceError(f"{qualname}: methods and nested functions are not searched for counterexamples")
    search = capability("lift_tui.verify", "search_counterexample", "counterexample search (CrossHair)")
    return search(ir, code_of(workspace, key), budget_s=budget_s)


def add_example(workspace: Workspace, key: str, example: Example) -> IR:
    """Append ``example`` (a found counterexample: provenance solver) to the IR; undoable."""
    with workspace._lock:  # noqa: SLF001 - the workspace's one mutation lock
        ir = workspace.current(key)
        if any(e.call == example.call for e in ir.examples):
            raise ServiceError(f"{example.call} is already an example of {ir.signature.name}")
        if example.provenance.source is not Source.solver:
            example = example.model_copy(
                update={"provenance": example.provenance.model_copy(update={"source": Source.solver})}
            )
        new = ir.model_copy(update={"examples": [*ir.examples, example]}, deep=True)
        workspace.history.push(key, new)
        return new
