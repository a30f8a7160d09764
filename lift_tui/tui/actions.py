"""What each key does. Actions validate the selection, then start a worker or open a screen;
anything that depends on a part not built yet says so in a notification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lift_tui.ir import IR, Hole
from lift_tui.service import ServiceError, has_capability

from .check_text import check_text
from .context import LiftContext
from .messages import CheckDone, CodeGenerated, ForwardDone, IRChanged, SessionLoaded, SessionsListed
from .screens.choice_screen import ChoiceScreen
from .screens.input_screen import InputScreen
from .screens.text_screen import TextScreen
from .widgets.ir_tree import IRTree

EXPORT_SUFFIX = {"json": ".json", "stub": ".pyi", "text": ".txt"}


class ActionsMixin:
    """Mixed into the App; ``self`` is a :class:`LiftContext`."""

    # -- helpers ----------------------------------------------------------------------------------

    def _selection(self: LiftContext, need_hole: bool = False) -> tuple[str, IR, Hole | None] | None:
        ir = self.selected_ir()
        if ir is None or self.selected_key is None:
            self.notify("select a function first (open a file with o)", severity="warning")
            return None
        hole = ir.hole(self.selected_hole) if self.selected_hole else None
        if need_hole and hole is None:
            self.notify("select a hole first (n for the next open hole)", severity="warning")
            return None
        return self.selected_key, ir, hole

    def _needs(self: LiftContext, module: str, attribute: str, feature: str) -> bool:
        """True when the feature exists; otherwise say so and return False."""
        if has_capability(module, attribute):
            return True
        self.notify(f"{feature} is not available yet", severity="warning")
        return False

    def _apply_ir(self: LiftContext, key: str, action: str, fn: Any, *args: Any) -> None:
        """Run a quick IR change (skip, undo, redo) right here; it is in-memory and instant."""
        try:
            ir = fn(key, *args)
        except ServiceError as error:
            self.notify(str(error), severity="warning")
            return
        hole = args[0] if args else None
        self.post_message(IRChanged(key, ir, action, hole))

    # -- files -------------------------------------------------------------------------------------

    def action_open_file(self: LiftContext) -> None:
        def answer(value: str | None) -> None:
            if value:
                self.start_lift(Path(value))

        self.push_screen(InputScreen("Open a Python file or folder", "path/to/file.py"), answer)

    def action_watch_folder(self: LiftContext) -> None:
        def answer(value: str | None) -> None:
            if value:
                self.start_watch(Path(value))

        current = str(self.watching) if self.watching else ""
        self.push_screen(InputScreen("Watch a file or folder (re-lift on save)", "src/", current), answer)

    def action_new_from_prompt(self: LiftContext) -> None:
        if not self._needs("lift_tui.graphs.forward", "run_forward", "new from prompt (forward graph)"):
            return

        def answer(value: str | None) -> None:
            if not value:
                return
            self.start_model_load()  # the graph waits for the same engine; the bar shows progress

            def job() -> None:  # into the open session (a new one if nothing is open yet)
                session = self.recorder.session_id or (
                    self.recorder.ensure_session() if self.workspace.files else None)
                result, update = self.workspace.forward(value, session, self.post_graph_event)
                self.post_message(ForwardDone(result, update))

            self.start_job(f"forward: {value[:36]}", "model", job)

        self.push_screen(InputScreen("Describe the function", "a function that validates emails"), answer)

    def action_open_session(self: LiftContext) -> None:
        from lift_tui.service.session import list_sessions

        def job() -> None:
            self.post_message(SessionsListed(list_sessions(self.settings.db)))

        self.start_job("list sessions", "lift", job)

    def on_sessions_listed(self: LiftContext, message: SessionsListed) -> None:
        sessions: list[Any] = message.sessions
        if not sessions:
            self.notify(f"no saved sessions in {self.settings.db}", severity="information")
            return
        choices = [(s.id, f"{s.id}  {s.title}  ({s.updated_at[:16].replace('T', ' ')})") for s in sessions]

        def chosen(session_id: str | None) -> None:
            if session_id:
                self.open_session_id(session_id)

        self.push_screen(ChoiceScreen("Resume a session", choices), chosen)

    def open_session_id(self: LiftContext, session: str) -> None:
        from lift_tui.service.session import load_session

        def job() -> None:
            self.post_message(SessionLoaded(load_session(self.settings.db, session)))

        self.start_job(f"open session {session}", "lift", job)

    # -- holes -------------------------------------------------------------------------------------

    def _move_hole(self: LiftContext, step: int) -> None:
        """n / N: the next open hole in tree order, across functions and files, wrapping around."""
        from .hole_order import open_hole_order, step_hole

        tree = self.query_one(IRTree)
        keys = tree.function_keys()
        if not keys:
            self.notify("nothing is open yet (o opens a file, w watches one)", severity="warning")
            return
        order = open_hole_order(keys, self._current_or_none)
        at = (self.selected_key, self.selected_hole) if self.selected_key and self.selected_hole else None
        target = step_hole(order, keys, at, self.selected_key, step)  # type: ignore[arg-type]
        if target is None:
            self.notify("no open holes left", title="holes", severity="information")
            return
        key, identifier = target
        if key != self.selected_key:
            tree.select_function(key)
        self.select_hole(key, identifier)
        self.workbench.holes_pane.focus()  # the hole keys are the workbench's: enter accepts the best

    def _current_or_none(self: LiftContext, key: str) -> IR | None:
        try:
            return self.workspace.current(key)
        except ServiceError:
            return None

    def action_next_hole(self: LiftContext) -> None:
        self._move_hole(1)

    def action_previous_hole(self: LiftContext) -> None:
        self._move_hole(-1)

    def action_undo(self: LiftContext) -> None:
        selected = self._selection()
        if selected is not None:
            self._apply_ir(selected[0], "undo", self.workspace.undo)

    def action_redo(self: LiftContext) -> None:
        selected = self._selection()
        if selected is not None:
            self._apply_ir(selected[0], "redo", self.workspace.redo)

    # -- whole function ----------------------------------------------------------------------------

    def action_verify(self: LiftContext) -> None:
        selected = self._selection()
        if selected is None or not self._needs("lift_tui.verify", "check_ir", "verification (z3)"):
            return
        key, ir, _ = selected

        def job() -> None:
            self.post_message(CheckDone(key, self.workspace.check(ir)))

        self.start_job(f"verify {ir.signature.name}", "verify", job)

    def show_check(self: LiftContext, key: str, report: Any) -> None:
        core = [str(getattr(a, "expression", a)) for a in getattr(report, "core", None) or []]
        tree = self.query_one(IRTree)
        tree.mark_core(key, core)
        tree.show_function(key, self.workspace.current(key))
        status = getattr(report, "status", "")
        name = self.workspace.current(key).signature.name
        self.push_screen(TextScreen(f"z3: {getattr(status, 'value', status)} — {name}", check_text(report)))

    def action_generate_code(self: LiftContext) -> None:
        selected = self._selection()
        if selected is None or not self._needs("lift_tui.forward.codegen", "generate_code", "codegen"):
            return
        from lift_tui.service.model import engine

        key = selected[0]
        self.start_model_load()

        def job() -> None:
            result = self.workspace.generate_code(key, engine(self.settings))
            self.post_message(CodeGenerated(key, result.code, result.validation))

        self.start_job(f"code for {selected[1].signature.name}", "model", job)

    def action_export(self: LiftContext) -> None:
        selected = self._selection()
        if selected is None:
            return
        _, ir, _ = selected
        formats = self.workspace.export_formats()

        def chosen(fmt: str | None) -> None:
            if fmt:
                self._export(ir, fmt)

        self.push_screen(ChoiceScreen(f"Export {ir.signature.name} as", [(f, f) for f in formats]), chosen)

    def _export(self: LiftContext, ir: IR, fmt: str) -> None:
        try:
            text = self.workspace.export(ir, fmt)
        except ServiceError as error:
            self.notify(str(error), severity="warning")
            return
        name = (ir.metadata.qualname or ir.signature.name).replace(".", "_")
        target = Path("exports") / f"{name}{EXPORT_SUFFIX.get(fmt, '.' + fmt + '.txt')}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as error:
            self.notify(f"could not write {target}: {error.strerror}", severity="error")
        else:
            self.notify(f"exported to {target}", title="export")
        self.push_screen(TextScreen(f"{fmt} — {target}", text))

    # -- app ---------------------------------------------------------------------------------------

    def action_cancel(self: LiftContext) -> None:
        from .jobs import is_job

        running = [w for w in self.workers if is_job(w) and not w.is_finished]
        if not running:
            self.notify("nothing is running", severity="information")
            return
        if any(w.group == "watch" for w in running):
            self.stop_watch()
        for worker in running:
            worker.cancel()
        self.notify(f"cancelled {', '.join(w.name for w in running)}", title="cancel")

    def action_toggle_theme(self: LiftContext) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self: LiftContext) -> None:
        from .screens.help_screen import HelpScreen  # Markdown is slow to import: not at startup

        keymap = {k: v for k, v in self.settings.keymap.items()}
        self.push_screen(HelpScreen(keymap))
