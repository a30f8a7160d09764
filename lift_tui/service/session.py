"""Autosave of a workspace to the store, and resuming it.

Writes go through one background thread in order, so the UI never waits on SQLite (a locked
database can stall for the busy timeout). A write that fails is reported through
``on_error`` once and the session keeps going in memory: nothing the user did is lost.

IR versions are stored under :func:`store_key`: file and qualname for lifted functions, so two
files that both define ``f`` keep two histories; ``ui_state`` keeps the TUI's own blob (selection,
watched path, which functions are live) so a resume shows exactly what was on screen.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lift_tui.ir import IR

from .availability import ServiceError
from .changes import function_key

LIFT_CAUSES = ("lift", "relift")


def store_key(ir: IR) -> str:
    """The key a function's versions are saved under: its workspace key when it comes from a file,
    its qualname otherwise (a forward session holds one function, saved by the graph by name)."""
    path = ir.metadata.source_path or ""
    if path and not path.startswith("forward:"):
        return function_key(ir)
    return ir.metadata.qualname or ir.signature.name


@dataclass
class Resumed:
    """What a session held: the current IR of each live function, its last lifted IR, the UI blob."""

    session_id: str
    title: str
    functions: list[IR] = field(default_factory=list)
    lifted: dict[str, IR] = field(default_factory=dict)
    """Workspace key (``function_key``) -> the newest version that came from the lifter."""
    ui: dict[str, Any] = field(default_factory=dict)
    status: str = "open"
    """The session's latest graph run: open (none), running, interrupted, complete, failed."""
    graph: str | None = None
    code: dict[str, Any] = field(default_factory=dict)
    """Workspace key -> the last code generated for the function (a ``Generated``)."""
    pending: tuple[str, str, list[Any] | None] | None = None
    """(workspace key, hole, ranked candidates): where the hole graph was waiting for the user; the
    candidates are None when the function changed since (a write-back, an undo): rank them again."""


def _store(db: Path) -> Any:
    from lift_tui.store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as error:
        raise ServiceError(str(error)) from error


def list_sessions(db: Path) -> list[Any]:
    """``SessionInfo`` rows, newest first."""
    from lift_tui.store import StoreError

    store = _store(db)
    try:
        return list(store.list_sessions())
    except StoreError as error:
        raise ServiceError(str(error)) from error
    finally:
        store.close()


def load_session(db: Path, session_id: str) -> Resumed:
    """Read a session back; an unknown or ambiguous id raises :class:`ServiceError`."""
    from lift_tui.store import StoreError

    store = _store(db)
    try:
        info = store.get_session(session_id)
        ui = store.load_ui_state(info.id)
        live = set(ui.get("functions", [])) if "functions" in ui else None
        resumed = Resumed(session_id=info.id, title=info.title, ui=ui, status=str(info.status),
                          graph=info.graph)
        from .workspace import Generated

        for version in store.latest_irs(info.id):
            if live is not None and version.qualname not in live:
                continue
            resumed.functions.append(version.ir)
            key = function_key(version.ir)
            for old in reversed(store.ir_history(info.id, version.qualname)):
                if old.cause in LIFT_CAUSES:
                    resumed.lifted[key] = old.ir
                    break
            artifacts = store.code_artifacts(info.id, version.qualname)
            if artifacts:
                resumed.code[key] = Generated(artifacts[-1].code, artifacts[-1].validation)
        resumed.pending = _pending(store, info.id, resumed.functions)
        return resumed
    except StoreError as error:
        raise ServiceError(str(error)) from error
    finally:
        store.close()


def _pending(store: Any, session_id: str, functions: list[IR]) -> tuple[str, str, list[Any] | None] | None:
    """The hole the graph waits on, if it is still open in the function as it was saved."""
    from lift_tui.store import StoreError

    from .resolution import pending_hole

    try:
        found = pending_hole(store, session_id)
    except (ServiceError, StoreError, LookupError, ValueError):  # an unreadable leg: the UI state remains
        return None
    if found is None:
        return None
    ir, hole, candidates = found
    key = function_key(ir)
    current = next((f for f in functions if function_key(f) == key), None)
    open_now = current is not None and any(h.identifier == hole for h in current.open_holes())
    if not open_now:
        return None
    return key, hole, candidates if current == ir else None  # ranked for another version: rank again


class SessionRecorder:
    """Appends IR versions, hole decisions and UI state of one session, in order, off the UI thread."""

    def __init__(self, db: Path, on_error: Callable[[str], None] | None = None) -> None:
        self.db = Path(db)
        self.on_error = on_error
        self.session_id: str | None = None
        self.failed = False
        self._jobs: queue.Queue[Callable[[Any], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._title = "untitled"

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self, title: str, origin: str = "reverse") -> None:
        """Create the session on the writer thread (lazily: only once there is something to keep)."""
        if self.session_id is not None or self._thread is not None:
            return
        self._title = title

        def create(store: Any) -> None:
            self.session_id = store.create_session(title, origin=origin).id

        self._run(create)

    def attach(self, session_id: str) -> None:
        """Continue writing into an existing (resumed) session."""
        self.session_id = session_id
        self._run(None)

    def ensure_session(self, title: str | None = None) -> str | None:
        """The session id, creating the session now if needed (called from workers, never the UI
        thread: it waits for the writer); None when the store cannot be written."""
        if self.session_id is None and not self.failed:
            if self._thread is None:
                self.start(title or self._title)
            self.flush()
        return None if self.failed else self.session_id

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until every queued write is done (tests, quitting)."""
        if self._thread is None or not self._thread.is_alive() or self.failed:
            return
        done = threading.Event()
        self._jobs.put(lambda _store: done.set())
        done.wait(timeout)

    def close(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=5.0)
            self._thread = None

    # -- writes ----------------------------------------------------------------------------------

    def save_ir(self, ir: IR, cause: str) -> None:
        self._submit(lambda store: store.save_ir(self.session_id, ir, cause, key=store_key(ir)))

    def record_hole(self, ir: IR, hole: str, action: str, value: str | None = None,
                    source: str = "human") -> None:
        key = store_key(ir)
        self._submit(lambda store: store.record_resolution(
            self.session_id, key, hole, action, value, source=source, ir=ir, cause=f"{action}:{hole}"))

    def save_code(self, ir: IR, code: str, validation: dict[str, Any]) -> None:
        key = store_key(ir)
        self._submit(lambda store: store.save_code(self.session_id, key, code, validation))

    def save_ui(self, state: dict[str, Any]) -> None:
        self._submit(lambda store: store.save_ui_state(self.session_id, state))

    # -- the writer thread -----------------------------------------------------------------------

    def _submit(self, job: Callable[[Any], None]) -> None:
        if self.failed:
            return
        if self._thread is None:
            self.start(self._title)
        self._jobs.put(job)

    def _run(self, first: Callable[[Any], None] | None) -> None:
        if first is not None:
            self._jobs.put(first)
        self._thread = threading.Thread(target=self._loop, name="lift-session-writer", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        from lift_tui.store import StoreError, open_store

        try:
            store = open_store(self.db)
        except StoreError as error:
            self._fail(str(error))
            return
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                if self.failed:
                    continue
                try:
                    job(store)
                except StoreError as error:
                    self._fail(str(error))
        finally:
            store.close()

    def _fail(self, message: str) -> None:
        self.failed = True
        if self.on_error is not None:
            self.on_error(f"autosave stopped: {message}")
