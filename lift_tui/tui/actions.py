"""What each key does. Actions validate the selection, then start a worker or open a screen;
anything that depends on a part not built yet says so in a notification."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lift_tui.ir import IR, Hole
from lift_tui.service import ServiceError, has_capability

from .check_text import check_text, context_text
from .messages import CheckDone, CodeGenerated, ForwardDone, IRChanged, SessionLoaded, SessionsListed
from .screens.choice_screen import ChoiceScreen
from .screens.input_screen import InputScreen
from .screens.text_screen import TextScreen
from .widgets.holes_pane import HolesPane
from .widgets.ir_tree import IRTree
from .widgets.suggestions_pane import SuggestionsPane

if TYPE_CHECKING:
    from .app import LiftApp

EXPORT_SUFFIX = {"json": ".json", "stub": ".pyi", "text": ".txt"}


class ActionsMixin:
    """Mixed into :class:`LiftApp`; ``self`` is the App."""

    # -- helpers ----------------------------------------------------------------------------------

    def _selection(self: LiftApp, need_hole: bool = False) -> tuple[str, IR, Hole | None] | None:
        ir = self.selected_ir()
        if ir is None or self.selected_key is None:
            self.notify("select a function first (open a file with o)", severity="warning")
            return None
        hole = ir.hole(self.selected_hole) if self.selected_hole else None
        if need_hole and hole is None:
            self.notify("select a hole first (n for the next open hole)", severity="warning")
            return None
        return self.selected_key, ir, hole

    def _needs(self: LiftApp, module: str, attribute: str, feature: str) -> bool:
        """True when the feature exists; otherwise say so and return False."""
        if has_capability(module, attribute):
            return True
        self.notify(f"{feature} is not available yet", severity="warning")
        return False

    def _apply_ir(self: LiftApp, key: str, action: str, fn: Any, *args: Any) -> None:
        """Run a quick IR change (skip, undo, redo) right here; it is in-memory and instant."""
        try:
            ir = fn(key, *args)
        except ServiceError as error:
            self.notify(str(error), severity="warning")
            return
        hole = args[0] if args else None
        self.post_message(IRChanged(key, ir, action, hole))

    # -- files -------------------------------------------------------------------------------------

    def action_open_file(self: LiftApp) -> None:
        def answer(value: str | None) -> None:
            if value:
                self.start_lift(Path(value))

        self.push_screen(InputScreen("Open a Python file or folder", "path/to/file.py"), answer)

    def action_watch_folder(self: LiftApp) -> None:
        def answer(value: str | None) -> None:
            if value:
                self.start_watch(Path(value))

        current = str(self.watching) if self.watching else ""
        self.push_screen(InputScreen("Watch a file or folder (re-lift on save)", "src/", current), answer)

    def action_new_from_prompt(self: LiftApp) -> None:
        if not self._needs("lift_tui.graphs.forward", "run_forward", "new from prompt (forward graph)"):
            return

        def answer(value: str | None) -> None:
            if not value:
                return
            self.start_model_load()  # the graph waits for the same engine; the bar shows progress

            def job() -> None:
                result, update = self.workspace.forward(value, self.settings.db, self.post_graph_event)
                self.post_message(ForwardDone(result, update))

            self.start_job(f"forward: {value[:36]}", "model", job)

        self.push_screen(InputScreen("Describe the function", "a function that validates emails"), answer)

    def action_open_session(self: LiftApp) -> None:
        from lift_tui.service.session import list_sessions

        def job() -> None:
            self.post_message(SessionsListed(list_sessions(self.settings.db)))

        self.start_job("list sessions", "lift", job)

    def on_sessions_listed(self: LiftApp, message: SessionsListed) -> None:
        sessions: list[Any] = message.sessions
        if not sessions:
            self.notify(f"no saved sessions in {self.settings.db}", severity="information")
            return
        choices = [(s.id, f"{s.id}  {s.title}  ({s.updated_at[:16].replace('T', ' ')})") for s in sessions]

        def chosen(session_id: str | None) -> None:
            if session_id:
                self.open_session_id(session_id)

        self.push_screen(ChoiceScreen("Resume a session", choices), chosen)

    def open_session_id(self: LiftApp, session: str) -> None:
        from lift_tui.service.session import load_session

        def job() -> None:
            self.post_message(SessionLoaded(load_session(self.settings.db, session)))

        self.start_job(f"open session {session}", "lift", job)

    # -- holes -------------------------------------------------------------------------------------

    def _move_hole(self: LiftApp, step: int) -> None:
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
            self.selected_key, self.selected_hole = key, identifier
            tree.select_function(key)
            self.refresh_panes()
            self.save_ui_soon()
        pane = self.query_one(HolesPane)
        pane.select_hole(identifier)
        if self.selected_hole != identifier:
            self.selected_hole = identifier
            self._show_suggestions()
            self.save_ui_soon()
        pane.focus()  # so that enter accepts the best suggestion

    def _current_or_none(self: LiftApp, key: str) -> IR | None:
        try:
            return self.workspace.current(key)
        except ServiceError:
            return None

    def action_next_hole(self: LiftApp) -> None:
        self._move_hole(1)

    def action_previous_hole(self: LiftApp) -> None:
        self._move_hole(-1)

    def action_hole_context(self: LiftApp) -> None:
        selected = self._selection(need_hole=True)
        if selected is None or selected[2] is None:
            return
        key, _, hole = selected
        try:
            context = self.workspace.hole_context(key, hole.identifier)
        except ServiceError as error:
            self.notify(str(error), severity="warning")
            return
        self.push_screen(TextScreen(f"context of {hole.reference}", context_text(context)))

    def action_accept_suggestion(self: LiftApp, index: int) -> None:
        selected = self._selection(need_hole=True)
        if selected is None or selected[2] is None:
            return
        pane = self.query_one(SuggestionsPane)
        if self.focused is pane and pane.highlighted is not None and index == 0:
            index = pane.highlighted
        if index >= len(pane.suggestions):
            self.notify(f"no suggestion {index + 1} for {selected[2].reference}", severity="warning")
            return
        self._resolve(selected[0], selected[2], pane.suggestions[index].value, "accepted")

    def action_own_value(self: LiftApp) -> None:
        selected = self._selection(need_hole=True)
        if selected is None or selected[2] is None:
            return
        key, _, hole = selected

        def answer(value: str | None) -> None:
            if value:
                self._resolve(key, hole, value, "given")

        self.push_screen(InputScreen(f"Value for {hole.reference}", hole.type_hint), answer)

    def _resolve(self: LiftApp, key: str, hole: Hole, value: str, action: str) -> None:
        def job() -> None:
            ir = self.workspace.resolve(key, hole.identifier, value)
            self.post_message(IRChanged(key, ir, action, hole.identifier, value))

        self.start_job(f"resolve {hole.reference}", "holes", job)

    def action_refine(self: LiftApp) -> None:
        selected = self._selection(need_hole=True)
        if selected is None or selected[2] is None:
            return
        if self._needs("lift_tui.holes.refine", "refine", "refining a hole into smaller holes"):
            key, _, hole = selected
            def job() -> None:
                self.post_message(IRChanged(key, self.workspace.refine(key, hole.identifier), "refined"))

            self.start_job(f"refine {hole.reference}", "holes", job)

    def action_auto(self: LiftApp) -> None:
        selected = self._selection(need_hole=True)
        if selected is not None and selected[2] is not None:
            key, _, hole = selected
            def job() -> None:
                ir = self.workspace.auto_fill(key, hole.identifier)
                filled = ir.hole(hole.identifier)
                value = filled.resolution.value if filled and filled.resolution else None
                self.post_message(IRChanged(key, ir, "accepted", hole.identifier, value))

            self.start_job(f"auto {hole.reference}", "holes", job)

    def action_more_suggestions(self: LiftApp) -> None:
        selected = self._selection(need_hole=True)
        if selected is not None and selected[2] is not None:
            self.start_model_load()  # shows the progress bar; the suggester waits for the same load
            self.start_suggest(selected[0], selected[2].identifier, use_model=True)

    def action_skip(self: LiftApp) -> None:
        selected = self._selection(need_hole=True)
        if selected is not None and selected[2] is not None:
            self._apply_ir(selected[0], "skipped", self.workspace.skip_hole, selected[2].identifier)

    def action_undo(self: LiftApp) -> None:
        selected = self._selection()
        if selected is not None:
            self._apply_ir(selected[0], "undo", self.workspace.undo)

    def action_redo(self: LiftApp) -> None:
        selected = self._selection()
        if selected is not None:
            self._apply_ir(selected[0], "redo", self.workspace.redo)

    # -- whole function ----------------------------------------------------------------------------

    def action_verify(self: LiftApp) -> None:
        selected = self._selection()
        if selected is None or not self._needs("lift_tui.verify", "check_ir", "verification (z3)"):
            return
        key, ir, _ = selected

        def job() -> None:
            self.post_message(CheckDone(key, self.workspace.check(ir)))

        self.start_job(f"verify {ir.signature.name}", "verify", job)

    def show_check(self: LiftApp, key: str, report: Any) -> None:
        core = [str(getattr(a, "expression", a)) for a in getattr(report, "core", None) or []]
        tree = self.query_one(IRTree)
        tree.mark_core(key, core)
        tree.show_function(key, self.workspace.current(key))
        status = getattr(report, "status", "")
        name = self.workspace.current(key).signature.name
        self.push_screen(TextScreen(f"z3: {getattr(status, 'value', status)} — {name}", check_text(report)))

    def action_generate_code(self: LiftApp) -> None:
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

    def action_export(self: LiftApp) -> None:
        selected = self._selection()
        if selected is None:
            return
        _, ir, _ = selected
        formats = self.workspace.export_formats()

        def chosen(fmt: str | None) -> None:
            if fmt:
                self._export(ir, fmt)

        self.push_screen(ChoiceScreen(f"Export {ir.signature.name} as", [(f, f) for f in formats]), chosen)

    def _export(self: LiftApp, ir: IR, fmt: str) -> None:
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

    def action_cancel(self: LiftApp) -> None:
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

    def action_toggle_theme(self: LiftApp) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_help(self: LiftApp) -> None:
        from .screens.help_screen import HelpScreen  # Markdown is slow to import: not at startup

        keymap = {k: v for k, v in self.settings.keymap.items()}
        self.push_screen(HelpScreen(keymap))
