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
from textual.timer import Timer
from textual.widgets import Footer, Header
from textual.worker import Worker

from lift_tui.ir import IR
from lift_tui.service import FileUpdate, ServiceError, Workspace
from lift_tui.service.session import SessionRecorder
from lift_tui.settings import Settings

from .actions import ActionsMixin
from .autosave import AutosaveMixin
from .bindings import app_bindings
from .commands import ActionsProvider
from .counterexample_action import CounterexampleMixin
from .hole_actions import HoleActionsMixin
from .jobs import JobsMixin
from .messages import (
    CheckDone,
    CodeGenerated,
    EnrichDone,
    FilesLifted,
    ForwardDone,
    FunctionEnriched,
    FunctionSelected,
    HoleSelected,
    IRChanged,
    ModelProgress,
    SuggestionsReady,
    WatchEvent,
)
from .widgets.code_pane import CodePane
from .widgets.hole_workbench import HoleWorkbench
from .widgets.ir_tree import IRTree, signature_text
from .widgets.model_status import ModelStatus
from .widgets.trace_pane import TracePane


class LiftApp(ActionsMixin, HoleActionsMixin, CounterexampleMixin, JobsMixin, AutosaveMixin, App[int]):
    TITLE = "lift-tui"
    CSS_PATH = Path(__file__).parent / "styles" / "app.tcss"  # absolute: subclasses live elsewhere
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {ActionsProvider}

    def __init__(
        self,
        settings: Settings | None = None,
        watch: Path | None = None,
        session: str | None = None,
        preload_model: bool = False,
    ) -> None:
        super().__init__()
        self.preload_model = preload_model
        self.model_loading = False
        self.model_ready = False
        self.settings = settings or Settings()
        self.workspace = Workspace(settings=self.settings, db=self.settings.db)
        self.workbench = HoleWorkbench(id="hole-row")
        self.watch_path = watch
        self.session_id = session
        self.selected_key: str | None = None
        self.watching: Path | None = None
        self._watch_stop = threading.Event()
        self.recorder = SessionRecorder(self.settings.db, on_error=self._store_failed)
        self._ui_timer: Timer | None = None
        self.job_rows: dict[Worker[Any], str] = {}  # trace rows of running workers (ids get reused)
        self.job_counter = 0
        self.enrich_started: set[str] = set()  # files the model has been (or is being) asked about

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield IRTree(id="ir-tree")
            with Vertical(id="side"):
                yield self.workbench
                yield CodePane(id="code")
                yield ModelStatus(id="model-status")
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
        self.call_after_refresh(self.warm_up)  # after the first frame is on screen
        if self.preload_model:
            self.call_after_refresh(self.start_model_load)

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:  # type: ignore[override]
        """Notifications carry paths and code (``list[int]``): never parse them as markup."""
        super().notify(message, markup=markup, **kwargs)

    def on_unmount(self) -> None:
        self.stop_watch()
        self.finish_autosave()
        self.workspace.close()

    @property
    def selected_hole(self) -> str | None:
        """The hole the workbench has selected (it owns the selection)."""
        return self.workbench.hole

    async def action_workbench(self, action: str) -> None:
        """A hole key pressed outside the workbench: the workbench runs it."""
        await self.workbench.run_action(action)

    def session_for_decisions(self) -> str | None:
        """The open session (created now if there is none yet); call from a worker."""
        return self.recorder.ensure_session()

    def watch_theme(self, theme: str) -> None:
        dark = self.get_theme(theme).dark if self.get_theme(theme) else True
        self.query_one(CodePane).set_dark(dark)

    # -- messages --------------------------------------------------------------------------------

    @on(FilesLifted)
    def files_lifted(self, message: FilesLifted) -> None:
        tree = self.query_one(IRTree)
        for update in message.updates:
            current = {}
            if update.state is not None:
                current = {k: self.workspace.current(k) for k in update.state.keys()}
            tree.show_update(update, current)
            for key in [*update.changes.changed, *update.changes.removed]:
                self.workbench.forget(key)
            if self.selected_key in update.changes.removed:
                self.selected_key = None
        if self.selected_key is None:
            keys = tree.function_keys()
            if keys:
                self.selected_key = keys[0]
                tree.select_function(keys[0])
                if len(self.screen_stack) == 1:  # the first lift landed: arrows move in the tree
                    tree.focus()
        self._autosave_lift(message)
        for update in message.updates:
            fresh = [*update.changes.added, *update.changes.changed]
            if update.state is not None and not update.state.stale and fresh:
                self.start_enrich(update.path, fresh)
        changed = message.updates  # every save gets a word, so a fixed syntax error stops showing
        if message.origin in ("watch", "write") and changed:
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
            self.selected_key = message.key
            self.refresh_panes()
            self.save_ui_soon()

    @on(HoleSelected)
    def hole_selected(self, message: HoleSelected) -> None:
        """From the tree or the holes pane: show that function and hole."""
        self.select_hole(message.key, message.identifier)

    def select_hole(self, key: str, identifier: str) -> None:
        if key != self.selected_key:
            self.selected_key = key
            self.refresh_panes(hole=identifier)
        elif identifier != self.workbench.hole:
            self.workbench.select(key, identifier)
        self.save_ui_soon()

    @on(SuggestionsReady)
    def suggestions_ready(self, message: SuggestionsReady) -> None:
        try:
            ir = self.workspace.current(message.key)
        except ServiceError:
            return
        self.workbench.remember(message.key, ir, {message.identifier: message.candidates})

    @on(IRChanged)
    def ir_changed(self, message: IRChanged) -> None:
        """One place for every user edit (undo, redo, a kept counterexample): redraw, autosave."""
        self.workbench.forget(message.key)
        if message.key == self.selected_key:
            self.refresh_function(message.ir)
        else:
            self.query_one(IRTree).show_function(message.key, message.ir)
        self.recorder.save_ir(message.ir, message.action)  # decisions are recorded by the hole graph
        self.save_ui_soon()

    @on(FunctionEnriched)
    def function_enriched(self, message: FunctionEnriched) -> None:
        """The model's suggestions for one function: redraw it in place and keep the version."""
        if message.key == self.selected_key:
            self.refresh_function(message.ir)
        else:
            self.query_one(IRTree).show_function(message.key, message.ir)
        self.recorder.save_ir(message.ir, "enrich")

    @on(EnrichDone)
    def enrich_done(self, message: EnrichDone) -> None:
        if message.failures:
            self.notify(f"{len(message.failures)} model calls failed (those functions keep their static IR); "
                        f"first: {message.failures[0]}", title="model suggestions", severity="warning")

    @on(ModelProgress)
    def model_progress(self, message: ModelProgress) -> None:
        was_ready = self.model_ready
        self.model_ready = message.fraction >= 1.0 and not message.failed
        self.model_loading = not self.model_ready and not message.failed
        self.query_one(ModelStatus).show(message.fraction, message.text, message.failed)
        if self.model_ready and not was_ready:  # files lifted before the model was there
            for path, state in self.workspace.files.items():
                if not state.stale and path not in self.enrich_started:
                    self.start_enrich(path)

    @on(ForwardDone)
    def forward_done(self, message: ForwardDone) -> None:
        result: Any = message.result
        for error in getattr(result, "errors", []) or []:
            self.notify(str(error), title="forward", severity="warning")
        if message.update is None or message.update.state is None:
            self.notify("the forward graph produced no IR", severity="error")
            return
        update = message.update
        current = {k: self.workspace.current(k) for k in update.state.keys()}
        self.query_one(IRTree).show_update(update, current)
        if self.recorder.session_id is None and result.session:
            self.recorder.attach(result.session)  # the graph ran in a session of its own: keep it
        for ir in current.values():
            self.recorder.save_ir(ir, "forward")  # under its workspace path, as resuming reads it
        self.selected_key = update.state.keys()[0]
        self.query_one(IRTree).select_function(self.selected_key)
        self.refresh_panes()
        if getattr(result, "code", None):
            self.post_message(CodeGenerated(self.selected_key, result.code, result.validation))
        self.save_ui_soon()

    @on(CodeGenerated)
    def code_generated(self, message: CodeGenerated) -> None:
        """Generated code is kept in the workspace (``x`` searches it) and in the session."""
        try:
            self.recorder.save_code(self.workspace.current(message.key), message.code, message.validation)
        except ServiceError:
            pass
        from lift_tui.forward.validation import code_with_checks, verdict_mark

        passed = bool(message.validation.get("passed"))
        shown = code_with_checks(message.code, message.validation)  # failed checks beside the code
        self.query_one(CodePane).show(shown, title=f"generated code {verdict_mark(message.validation)}")
        summary = str(message.validation.get("summary", ""))
        self.notify(summary or ("checks passed" if passed else "checks failed"), title="generated code",
                    severity="information" if passed else "warning")

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

    def refresh_panes(self, hole: str | None = None) -> None:
        """Show the selected function in the workbench (at ``hole`` if given) and its code."""
        ir = self.selected_ir()
        self.workbench.show(self.selected_key if ir else None, ir, hole)
        self._show_code(ir)

    def refresh_function(self, ir: IR) -> None:
        """Redraw the selected function after a resolution, skip, undo or redo."""
        if self.selected_key is not None:
            self.query_one(IRTree).show_function(self.selected_key, ir)
        self.refresh_panes()

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
