"""Forward runs from the workspace: the graph runs in the open session, its function joins the workspace.

The TUI passes the session it is autosaving into, so a prompt typed in the middle of a reverse
session lands in that session (its IR and code are saved there by the graph) instead of a new
one beside it; the CLI passes none and gets a session of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .availability import ServiceError, capability

if TYPE_CHECKING:
    from .workspace import FileUpdate, Workspace


def _store(workspace: Workspace) -> Any:
    if workspace.store is None:
        raise ServiceError("no database is open; pass a working --db to run the forward graph")
    return workspace.store


def start_loading_model(settings: Any) -> None:
    """Load the model in a background thread now, so torch's import and the weights' load overlap
    the graph's own imports and set-up (a cold ``lift-tui forward`` waits on the model first).

    The engine is the process-wide one the graph's factory returns, and its load is locked and
    idempotent; a load that fails here fails again, reported, when the graph asks for the model.
    """
    import threading

    def load() -> None:
        from lift_tui.llm.engine import get_engine

        try:
            get_engine(settings.model, settings.cache_dir).load()
        except Exception:  # noqa: BLE001 - the graph's own call reports it
            return

    threading.Thread(target=load, name="model load", daemon=True).start()


def run_forward(workspace: Workspace, prompt: str, session_id: str | None, on_event: Any = None,
                **options: Any) -> tuple[Any, FileUpdate | None]:
    """The forward graph on ``prompt`` (``options``: ``generate_code``, ``best_of``, ``deps``)."""
    from lift_tui.store import StoreError

    if workspace.settings is not None and "deps" not in options and prompt.strip():
        start_loading_model(workspace.settings)
    forward = capability("lift_tui.graphs.forward", "run_forward", "new from prompt (forward graph)")
    store = _store(workspace)
    workspace.configure()
    if workspace.settings is not None and "deps" not in options:
        options["deps"] = forward_deps(workspace.settings)
    try:
        result = forward(prompt, store=store, on_event=on_event, session_id=session_id, **options)
    except ValueError as error:  # an empty prompt
        raise ServiceError(str(error)) from error
    except StoreError as error:
        raise ServiceError(str(error)) from error
    if result.ir is None:
        return result, None
    return result, workspace.add_forward(result.ir, result.session, result.code, result.validation)


def forward_deps(settings: Any) -> Any:
    """The forward graph's model and limits, from the start-up settings."""
    from functools import partial

    from lift_tui.forward.validation import validate
    from lift_tui.graphs.forward import ForwardDeps, default_engine

    return ForwardDeps(engine_factory=partial(default_engine, settings),
                       validate=partial(validate, timeout_s=settings.sandbox_timeout_s),
                       counterexample_budget_s=settings.counterexample_budget_s, settings=settings)


def resume_forward(
    workspace: Workspace, session_id: str, on_event: Any = None
) -> tuple[Any, FileUpdate | None]:
    """Finish the session's interrupted forward run from its last completed node."""
    from lift_tui.store import StoreError

    capability("lift_tui.graphs.forward", "run_forward", "resuming a forward run")  # registers it
    resume_graph = capability("lift_tui.graphs.runner", "resume_graph", "resuming a graph")
    store = _store(workspace)
    workspace.configure()
    try:
        deps = forward_deps(workspace.settings) if workspace.settings is not None else None
        output = resume_graph(store, session_id, on_event, deps=deps)  # the graph keeps its IR and code
    except StoreError as error:
        raise ServiceError(str(error)) from error
    if getattr(output, "ir", None) is None:
        return output, None
    output = output.model_copy(update={"session": session_id})
    return output, workspace.add_forward(output.ir, session_id, output.code, output.validation)
