"""The lift-tui App: it composes the panes, starts workers and routes messages; it computes nothing.

All slow work (lifting, watching, checking, the model) runs in Textual workers; results come
back as messages and one ``Worker.StateChanged`` handler turns failures into notifications.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header
from textual.worker import Worker, WorkerState

from lift_tui.ir import IR
from lift_tui.service import FileUpdate, NotAvailable, ServiceError, Workspace
from lift_tui.settings import Settings

from .actions import ActionsMixin
from .bindings import app_bindings
from .commands import ActionsProvider
from .messages import (
    CheckDone,
    FilesLifted,
    FunctionSelected,
    HoleSelected,
    SuggestionChosen,
    SuggestionsReady,
    WatchEvent,
)
from .widgets.code_pane import CodePane
from .widgets.holes_pane import HolesPane
from .widgets.ir_tree import IRTree, signature_text
from .widgets.suggestions_pane import SuggestionsPane
from .widgets.trace_pane import TracePane

JOB_GROUPS = ("lift", "watch", "verify", "model", "holes", "suggest")


class LiftApp(ActionsMixin, App[int]):
    TITLE = "lift-tui"
    CSS_PATH = "styles/app.tcss"
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {ActionsProvider}

    def __init__(
        self,
        settings: Settings | None = None,
        watch: Path | None = None,
        session: str | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.workspace = Workspace(max_file_bytes=self.settings.max_file_bytes)
        self.watch_path = watch
        self.session_id = session
        self.selected_key: str | None = None
        self.selected_hole: str | None = None
        self.watching: Path | None = None
        self._watch_stop = threading.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield IRTree(id="ir-tree")
            with Vertical(id="side"):
                with Horizontal(id="hole-row"):
                    yield HolesPane(id="holes")
                    yield SuggestionsPane(id="suggestions")
                yield CodePane(id="code")
                yield TracePane(id="trace")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(IRTree).border_title = "IR"
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self.notify(f"unknown theme {self.settings.theme!r}; using textual-dark", severity="warning")
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.refresh_panes()
        self.query_one(IRTree).focus()
        if self.watch_path is not None:
            self.start_watch(self.watch_path)
        if self.session_id is not None:
            self.open_session_id(self.session_id)

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:  # type: ignore[override]
        """Notifications carry paths and code (``list[int]``): never parse them as markup."""
        super().notify(message, markup=markup, **kwargs)

    def watch_theme(self, theme: str) -> None:
        dark = self.get_theme(theme).dark if self.get_theme(theme) else True
        self.query_one(CodePane).set_dark(dark)

    # -- workers ---------------------------------------------------------------------------------

    def start_lift(self, path: Path) -> Worker[None]:
        def job() -> None:
            self.post_message(FilesLifted(self.workspace.open_path(path), "open"))

        return self.run_worker(job, name=f"lift {path}", group="lift", thread=True,
                               exit_on_error=False, description=f"reverse lift of {path}")

    def start_watch(self, path: Path) -> Worker[None]:
        self.stop_watch()
        self._watch_stop = threading.Event()
        path = Path(path).expanduser()
        return self.run_worker(self._watch(path, self._watch_stop), name=f"watch {path}", group="watch",
                               exclusive=True, exit_on_error=False,
                               description=f"watch {path} and re-lift on save")

    def stop_watch(self) -> None:
        """Tell the watcher thread to return now (a cancelled awatch would wait for its timeout)."""
        self._watch_stop.set()

    def on_unmount(self) -> None:
        self.stop_watch()

    async def _watch(self, path: Path, stop: threading.Event) -> None:
        import asyncio

        from watchfiles import awatch

        path = path.resolve()
        if not path.exists():
            raise ServiceError(f"{path}: no such file or folder; give an existing .py file or folder")
        self.watching = path
        updates = await asyncio.to_thread(self.workspace.open_path, path)
        self.post_message(FilesLifted(updates, "watch"))
        self.post_message(WatchEvent(path, "watching"))
        root = path if path.is_dir() else path.parent

        def wanted(_change: object, changed: str) -> bool:
            return changed.endswith(".py") and (path.is_dir() or Path(changed) == path)

        try:
            async for changes in awatch(root, watch_filter=wanted, step=30, debounce=400, stop_event=stop,  # type: ignore[arg-type]
                                      rust_timeout=1000):
                updates = []
                for changed in sorted({p for _, p in changes}):
                    try:
                        updates.append(await asyncio.to_thread(self.workspace.relift_file, Path(changed)))
                    except ServiceError as error:
                        self.post_message(WatchEvent(path, str(error)))
                self.post_message(FilesLifted(updates, "watch"))
        finally:
            self.watching = None

    def start_suggest(self, key: str, identifier: str, use_model: bool = False) -> Worker[None]:
        """Rank candidates for one hole; a newer request replaces an older one (exclusive group)."""

        def job() -> None:
            found = self.workspace.suggest(key, identifier, use_model=use_model, top=None if use_model else 9)
            self.post_message(SuggestionsReady(key, identifier, found))

        what = "model suggestions" if use_model else "suggestions"
        return self.run_worker(job, name=f"{what} for ?{identifier}", group="suggest", thread=True,
                               exclusive=True, exit_on_error=False, description=f"rank {what} for a hole")

    def start_job(self, name: str, group: str, fn: object, *args: object) -> Worker[object]:
        """Run ``fn(*args)`` in a thread; its result comes back through ``on_job_done``."""
        return self.run_worker(lambda: fn(*args), name=name, group=group, thread=True,  # type: ignore[operator]
                               exit_on_error=False, description=name)

    def on_job_done(self, worker: Worker[object]) -> None:
        """Results of model jobs: a new IR version replaces the selected one, code goes to the pane."""
        result = worker.result
        if isinstance(result, IR) and self.selected_key is not None:
            self.refresh_function(result)
        elif isinstance(result, str) and worker.name.startswith("code for"):
            self.query_one(CodePane).show(result, title=f"generated: {worker.name[9:]}")

    @on(Worker.StateChanged)
    def job_state(self, event: Worker.StateChanged) -> None:
        """The one place worker progress and failures surface: trace pane, notifications, log."""
        worker = event.worker
        trace = self.query_one(TracePane)
        row = str(id(worker))
        if event.state is WorkerState.RUNNING:
            trace.start(row, worker.name or worker.description)
        elif event.state is WorkerState.SUCCESS:
            trace.finish(row, "done")
            self.on_job_done(worker)
        elif event.state is WorkerState.CANCELLED:
            trace.finish(row, "cancelled")
        elif event.state is WorkerState.ERROR:
            trace.finish(row, "error")
            error = worker.error
            if isinstance(error, NotAvailable):
                self.notify(str(error), title=worker.name, severity="warning")
            elif isinstance(error, ServiceError):
                self.notify(str(error), title=worker.name, severity="error")
            else:
                self.notify(f"{type(error).__name__}: {error}", title=worker.name, severity="error")
            self.log.error(f"{worker.name} failed: {error!r}")

    # -- messages --------------------------------------------------------------------------------

    @on(FilesLifted)
    def files_lifted(self, message: FilesLifted) -> None:
        tree = self.query_one(IRTree)
        for update in message.updates:
            current = {}
            if update.state is not None:
                current = {k: self.workspace.current(k) for k in update.state.keys()}
            tree.show_update(update, current)
            if self.selected_key in update.changes.removed:
                self.selected_key, self.selected_hole = None, None
        if self.selected_key is None:
            keys = tree.function_keys()
            if keys:
                self.selected_key = keys[0]
                tree.select_function(keys[0])
        changed = [u for u in message.updates if not u.changes.empty or (u.state and u.state.problems)]
        if message.origin == "watch" and changed:
            self.sub_title = "; ".join(f"{Path(u.path).name}: {self._describe(u)}" for u in changed)
        self.refresh_panes()

    def _describe(self, update: FileUpdate) -> str:
        if update.state is not None and update.state.problems:
            return update.state.problems[0].describe()
        return update.changes.summary()

    @on(WatchEvent)
    def watch_event(self, message: WatchEvent) -> None:
        if message.text == "watching":
            self.sub_title = f"watching {message.path.name}"
        else:
            self.notify(message.text, title="watch", severity="warning")

    @on(FunctionSelected)
    def function_selected(self, message: FunctionSelected) -> None:
        if message.key != self.selected_key:
            self.selected_key, self.selected_hole = message.key, None
            self.refresh_panes()

    @on(HoleSelected)
    def hole_selected(self, message: HoleSelected) -> None:
        if message.key != self.selected_key:
            self.selected_key = message.key
            self.refresh_panes()
        if message.identifier != self.selected_hole:
            self.selected_hole = message.identifier
            self.query_one(HolesPane).select_hole(message.identifier)
            self._show_suggestions()

    @on(SuggestionChosen)
    def suggestion_chosen(self, message: SuggestionChosen) -> None:
        self.action_accept_suggestion(message.index)

    @on(SuggestionsReady)
    def suggestions_ready(self, message: SuggestionsReady) -> None:
        if message.key == self.selected_key and message.identifier == self.selected_hole:
            ir = self.selected_ir()
            hole = ir.hole(message.identifier) if ir is not None else None
            self.query_one(SuggestionsPane).show(hole, message.candidates)  # type: ignore[arg-type]

    @on(CheckDone)
    def check_done(self, message: CheckDone) -> None:
        self.show_check(message.key, message.report)

    # -- rendering the selection ----------------------------------------------------------------

    def selected_ir(self) -> IR | None:
        if self.selected_key is None:
            return None
        try:
            return self.workspace.current(self.selected_key)
        except ServiceError:
            return None

    def refresh_panes(self) -> None:
        ir = self.selected_ir()
        holes = self.query_one(HolesPane)
        holes.show(self.selected_key if ir else None, ir)
        if ir is not None and self.selected_hole and ir.hole(self.selected_hole) is not None:
            holes.select_hole(self.selected_hole)
        else:
            self.selected_hole = None
        self._show_suggestions()
        self._show_code(ir)

    def refresh_function(self, ir: IR) -> None:
        """Redraw the selected function after a resolution, skip, undo or redo."""
        if self.selected_key is not None:
            self.query_one(IRTree).show_function(self.selected_key, ir)
        self.refresh_panes()

    def _show_suggestions(self) -> None:
        ir = self.selected_ir()
        hole = ir.hole(self.selected_hole) if ir is not None and self.selected_hole else None
        self.query_one(SuggestionsPane).show(hole, None if hole is not None else [])
        if hole is not None and self.selected_key is not None:
            self.start_suggest(self.selected_key, hole.identifier)

    def _show_code(self, ir: IR | None) -> None:
        pane = self.query_one(CodePane)
        state = self.workspace.file_of(self.selected_key) if self.selected_key else None
        if ir is None or state is None:
            return
        source = state.good_source if state.stale else state.source
        start, end = ir.metadata.lines or (1, len(source.splitlines()))
        segment = "\n".join(source.splitlines()[start - 1 : end])
        title = signature_text(ir) + ("  (last good version)" if state.stale else "")
        pane.show(segment, start_line=start, title=title)
