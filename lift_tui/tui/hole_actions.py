"""Running what the hole workbench asks for, writing resolved holes back, and optimizing.

Every decision goes through ``Workspace.decide`` — one leg of the hole graph, journaled in the
open session — in a worker; its :class:`HoleDecided` result redraws the function, hands the
re-ranked candidates to the workbench and selects the hole the graph waits on next.
"""

from __future__ import annotations

from typing import Any

from lift_tui.service import ServiceError

from .check_text import context_text
from .context import LiftContext
from .messages import HoleDecided, HoleRequested, OptimizeDone, SuggestionsWanted, WrittenBack
from .screens.text_screen import TextScreen
from .widgets.ir_tree import IRTree


class HoleActionsMixin:
    """Mixed into the App; ``self`` is a :class:`LiftContext` (handlers are ``on_*`` methods: ``@on``
    only works on classes Textual builds, not on plain mixins)."""

    def on_hole_requested(self: LiftContext, message: HoleRequested) -> None:
        key, hole, request = message.key, message.hole, message.request
        if request == "context":
            try:
                context = self.workspace.hole_context(key, hole.identifier)
            except ServiceError as error:
                self.notify(str(error), severity="warning")
                return
            self.push_screen(TextScreen(f"context of {hole.reference}", context_text(context)))
            return
        if request == "more":
            self.start_model_load()  # shows the progress bar; the suggester waits for the same load
            self.start_suggest(key, hole.identifier, use_model=True)
            return
        candidate = message.candidate
        source = str(candidate.source) if candidate is not None else "human"

        def job() -> None:
            session = self.session_for_decisions()
            if request == "auto":
                result = self.workspace.auto_fill(key, hole.identifier, session_id=session)
            else:
                result = self.workspace.decide(key, hole.identifier, request, message.value, source,
                                               session_id=session, on_event=self.post_graph_event)
            self.post_message(HoleDecided(result))

        verb = {"accept": "accept", "give": "resolve", "auto": "auto"}.get(request, request)
        self.start_job(f"{verb} {hole.reference}", "holes", job)

    def on_hole_decided(self: LiftContext, message: HoleDecided) -> None:
        """The graph applied, recorded and re-ranked: show it, and go to the hole it waits on."""
        done = message.resolution
        bench = self.workbench
        bench.forget(done.key)  # the store learned a value: older rankings of this function are stale
        bench.remember(done.key, done.ir, done.reranked)
        if done.next_hole is not None:
            bench.remember(done.key, done.ir, {done.next_hole: done.candidates})
        if not done.recorded:
            self.recorder.save_ir(done.ir, f"{done.action}:{done.hole}")  # no session: keep the version
        tree = self.query_one(IRTree)
        if done.key == self.selected_key:
            tree.show_function(done.key, done.ir)
            self.refresh_panes(hole=self._next_in_view(done))
        else:
            tree.show_function(done.key, done.ir)
        self.save_ui_soon()

    def _next_in_view(self: LiftContext, done: Any) -> str | None:
        """After a fill: the hole the graph selected; after a refine: its first part."""
        ir = done.ir
        if done.action == "refine":
            parts = [h.identifier for h in ir.open_holes() if h.identifier.startswith(done.hole)]
            return parts[0] if parts else done.next_hole
        return done.next_hole

    def on_suggestions_wanted(self: LiftContext, message: SuggestionsWanted) -> None:
        self.start_suggest(message.key, message.identifier)

    # -- write-back ------------------------------------------------------------------------------

    def action_write_back(self: LiftContext) -> None:
        selected = self._selection()
        if selected is None:
            return
        key = selected[0]

        def job() -> None:
            self.post_message(WrittenBack(self.workspace.write_back(key)))

        self.start_job("write back", "holes", job)

    def action_undo_write_back(self: LiftContext) -> None:
        selected = self._selection()
        if selected is None:
            return
        key = selected[0]

        def job() -> None:
            self.post_message(WrittenBack(self.workspace.undo_write_back(key)))

        self.start_job("undo write back", "holes", job)

    def on_written_back(self: LiftContext, message: WrittenBack) -> None:
        from .messages import FilesLifted

        result = message.result
        self.notify(result.describe(), title="write back")
        if result.update is not None:
            self.post_message(FilesLifted([result.update], "write"))

    # -- learning --------------------------------------------------------------------------------

    def action_optimize(self: LiftContext) -> None:
        """Compile the HoleSuggestion program from the accepted fills, in the background."""
        if any(w.group == "optimize" and not w.is_finished for w in self.workers):
            self.notify("optimize is already running", severity="information")
            return

        def job() -> None:
            from lift_tui.service.learning import optimize

            try:
                report = optimize(self.settings, self.workspace.store)
            except ServiceError as error:
                self.post_message(OptimizeDone(error=str(error)))
                return
            self.post_message(OptimizeDone(report))

        self.run_worker(job, name="optimize hole suggestions", group="optimize", thread=True,
                        exclusive=True, exit_on_error=False,
                        description="compile the HoleSuggestion program from accepted fills")

    def on_optimize_done(self: LiftContext, message: OptimizeDone) -> None:
        from .widgets.model_status import ModelStatus

        if message.error is not None:
            self.notify(message.error, title="optimize", severity="warning")
            return
        report = message.report
        text = (f"{report.optimizer} on {report.train} accepted fill(s): held-out top-3 "
                f"{report.before:.2f} → {report.after:.2f}; the compiled program is used from now on")
        self.notify(text, title="optimize", timeout=12)
        self.query_one(ModelStatus).program(f"program: compiled {report.before:.2f} → {report.after:.2f}")
