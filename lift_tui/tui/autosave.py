"""Autosave: every lift, every decision about a hole and the UI state go to the store; a saved
session comes back exactly as it was (functions, resolutions, selection, theme, watched path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lift_tui.service import function_key
from lift_tui.service.session import SessionRecorder, store_key

from .context import LiftContext
from .messages import FilesLifted, ForwardDone, SessionLoaded
from .widgets.ir_tree import IRTree


class AutosaveMixin:
    """Mixed into the App; ``self`` is a :class:`LiftContext`."""

    def finish_autosave(self: LiftContext) -> None:
        if self.recorder.session_id is not None:
            self.recorder.save_ui(self.ui_state())
        self.recorder.flush()
        self.recorder.close()

    def _store_failed(self: LiftContext, message: str) -> None:
        """Called on the writer thread; the session goes on in memory."""
        try:
            self.call_from_thread(self.notify, message, severity="error", timeout=10)
        except RuntimeError:  # the app has already stopped
            pass

    def ui_state(self: LiftContext) -> dict[str, Any]:
        return {
            "selected_key": self.selected_key,
            "selected_hole": self.selected_hole,
            "watch": str(self.watching) if self.watching else None,
            "theme": self.theme,
            "functions": [store_key(ir) for ir in self.workspace.functions()],
        }

    def save_ui_soon(self: LiftContext) -> None:
        """Selection moves in bursts (holding a key): write the UI state once it settles."""
        if self.recorder.session_id is None and not self.workspace.files:
            return
        if self._ui_timer is not None:
            self._ui_timer.stop()
        self._ui_timer = self.set_timer(0.3, lambda: self.recorder.save_ui(self.ui_state()))

    def _autosave_lift(self: LiftContext, message: FilesLifted) -> None:
        fresh = [ir for u in message.updates if u.state is not None for ir in u.state.functions
                 if function_key(ir) in u.changes.added or function_key(ir) in u.changes.changed]
        if fresh and self.recorder.session_id is None:
            first = Path(message.updates[0].path)
            title = f"watch {self.watching.name}" if self.watching else f"open {first.name}"
            self.recorder.start(title, origin="reverse")
        for ir in fresh:
            self.recorder.save_ir(ir, "lift")
        if fresh or any(u.changes.removed for u in message.updates):
            self.save_ui_soon()

    def on_session_loaded(self: LiftContext, message: SessionLoaded) -> None:
        resumed = message.resumed
        self.stop_watch()
        for worker in self.workers:
            if worker.group == "watch":
                worker.cancel()
        self.workspace.clear()
        tree = self.query_one(IRTree)
        tree.reset_all()
        self.recorder.close()
        self.recorder = SessionRecorder(self.settings.db, on_error=self._store_failed)
        self.recorder.attach(resumed.session_id)
        self.workbench.forget()
        for update in self.workspace.restore(resumed.functions, resumed.lifted):
            current = {k: self.workspace.current(k) for k in update.state.keys()} if update.state else {}
            tree.show_update(update, current)
        self.workspace.generated.update(resumed.code)
        ui = resumed.ui
        keys = tree.function_keys()
        self.selected_key = ui.get("selected_key") if ui.get("selected_key") in keys else (keys or [None])[0]
        hole = ui.get("selected_hole")
        if resumed.pending is not None and resumed.pending[0] in keys:  # the hole graph waits here
            self.selected_key, hole, ranked = resumed.pending
            if ranked is not None:
                self.workbench.remember(self.selected_key, self.workspace.current(self.selected_key),
                                        {hole: ranked})
        if self.selected_key:
            tree.select_function(self.selected_key)
        if ui.get("theme") in self.available_themes:
            self.theme = ui["theme"]
        self.sub_title = f"session {resumed.session_id}: {resumed.title}"
        self.refresh_panes(hole=hole)
        if ui.get("watch") and Path(ui["watch"]).exists():
            self.start_watch(Path(ui["watch"]))
        if resumed.graph == "forward" and resumed.status in {"interrupted", "failed"}:
            self.resume_forward(resumed.session_id)

    def resume_forward(self: LiftContext, session_id: str) -> None:
        """Continue a forward graph stopped mid-way (quit, crash, kill) from its last completed node."""
        self.start_model_load()

        def job() -> None:
            result, update = self.workspace.resume_forward(session_id, self.post_graph_event)
            self.post_message(ForwardDone(result, update))

        self.start_job(f"resume forward {session_id}", "model", job)

