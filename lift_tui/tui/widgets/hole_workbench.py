"""The hole workbench: the open holes of the selected function beside the ranked candidates of the
selected hole, and the keys that decide a hole (accept, give, skip, refine, auto, more, context).

It owns the selection of a hole and the rankings it has been given, and turns every key into one
typed :class:`HoleRequested` message that carries the hole and — for an accept — the ``Candidate``
itself, read from what is on screen when the key is pressed. The App runs the request; nothing
here computes IR.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import OptionList

from lift_tui.ir import IR, Hole

from ..bindings import bindings
from ..messages import HoleRequested, HoleSelected, SuggestionsWanted
from ..screens.input_screen import InputScreen
from .holes_pane import HolesPane
from .suggestions_pane import SuggestionsPane


class HoleWorkbench(Horizontal):
    BINDINGS = bindings("workbench")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key: str | None = None
        self.ir: IR | None = None
        self.hole: str | None = None
        self._ranked: dict[tuple[str, str], tuple[IR, list[Any]]] = {}
        """(function key, hole) -> (the IR the ranking was made for, its candidates)."""

    def compose(self) -> ComposeResult:
        yield HolesPane(id="holes")
        yield SuggestionsPane(id="suggestions")

    @property
    def holes_pane(self) -> HolesPane:
        return self.query_one(HolesPane)

    @property
    def suggestions_pane(self) -> SuggestionsPane:
        return self.query_one(SuggestionsPane)

    # -- what the App tells it -----------------------------------------------------------------

    def show(self, key: str | None, ir: IR | None, hole: str | None = None) -> None:
        """Show ``key``'s open holes; keep the selected hole, move to ``hole`` if given, or — when the
        selected one was just filled or skipped — to the hole that took its place."""
        pane = self.holes_pane
        was_at = pane.highlighted if pane.key == key else None
        same = key == self.key
        self.key, self.ir = key, ir
        pane.show(key if ir is not None else None, ir)
        open_ids = [h.identifier for h in pane.holes]
        wanted = hole if hole is not None else (self.hole if same else None)
        if wanted in open_ids:
            self.hole = wanted
        elif same and self.hole and was_at is not None and open_ids:
            self.hole = open_ids[min(was_at, len(open_ids) - 1)]
        elif not (ir is not None and self.hole and same and ir.hole(self.hole)):
            self.hole = None
        if self.hole in open_ids:
            pane.select_hole(self.hole)  # type: ignore[arg-type]
        self._show_candidates()

    def select(self, key: str, identifier: str) -> None:
        """Select a hole (from the tree, from n / N); the function must be the one shown."""
        if key != self.key or identifier == self.hole:
            return
        self.hole = identifier
        self.holes_pane.select_hole(identifier)
        self._show_candidates()

    def remember(self, key: str, ir: IR, ranked: dict[str, list[Any]]) -> None:
        """Rankings that are valid for ``ir`` (from a decision's re-ranking or a suggest worker)."""
        for identifier, candidates in ranked.items():
            self._ranked[(key, identifier)] = (ir, list(candidates))
        if key == self.key and self.hole in ranked:
            self._show_candidates()

    def forget(self, key: str | None = None) -> None:
        """Drop rankings (of one function, or all): its IR changed outside the workbench."""
        self._ranked = {k: v for k, v in self._ranked.items() if key is not None and k[0] != key}

    def selected_hole(self) -> Hole | None:
        return self.ir.hole(self.hole) if self.ir is not None and self.hole else None

    def _show_candidates(self) -> None:
        hole = self.selected_hole()
        pane = self.suggestions_pane
        if hole is None or self.key is None:
            pane.show(None, None, [])
            return
        fresh = self._ranked.get((self.key, hole.identifier))
        if fresh is not None and fresh[0] == self.ir:
            pane.show(self.key, hole, fresh[1])
            return
        pane.show(self.key, hole, None)
        self.post_message(SuggestionsWanted(self.key, hole.identifier))

    # -- the panes ----------------------------------------------------------------------------

    @on(HoleSelected)
    def _hole_highlighted(self, message: HoleSelected) -> None:
        """The holes pane moved: select that hole here, and let the App know (it saves the UI)."""
        if message.key == self.key and message.identifier != self.hole:
            self.hole = message.identifier
            self._show_candidates()

    @on(OptionList.OptionSelected, "#holes")
    def _hole_entered(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_accept_suggestion(0)  # enter on a hole: its best suggestion

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_entered(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("s"):
            self.action_accept_suggestion(int(event.option.id[1:]) - 1)

    # -- the keys -----------------------------------------------------------------------------

    def _request(self, request: str, value: str | None = None, candidate: Any = None) -> None:
        hole = self.selected_hole()
        if self.key is None or self.ir is None:
            self.notify("select a function first (open a file with o)", severity="warning")
            return
        if hole is None:
            self.notify("select a hole first (n for the next open hole)", severity="warning")
            return
        self.post_message(HoleRequested(self.key, hole, request, value, candidate))  # type: ignore[arg-type]

    def action_accept_highlighted(self) -> None:
        pane = self.suggestions_pane
        focused = self.screen.focused is pane and pane.highlighted is not None
        self.action_accept_suggestion(pane.highlighted if focused else 0)  # type: ignore[arg-type]

    def action_accept_suggestion(self, index: int) -> None:
        hole = self.selected_hole()
        pane = self.suggestions_pane
        if hole is None:
            self._request("accept")  # says what to do
            return
        if pane.hole is None or pane.hole.identifier != hole.identifier or pane.key != self.key:
            self.notify(f"the suggestions for {hole.reference} are still being ranked", severity="warning")
            return
        if index >= len(pane.suggestions):
            self.notify(f"no suggestion {index + 1} for {hole.reference}", severity="warning")
            return
        candidate = pane.suggestions[index]
        self._request("accept", candidate.value, candidate)

    def action_own_value(self) -> None:
        hole = self.selected_hole()
        if hole is None:
            self._request("give")
            return

        def answer(value: str | None) -> None:
            if value:
                self._request("give", value)

        self.app.push_screen(InputScreen(f"Value for {hole.reference}", hole.type_hint), answer)

    def action_skip(self) -> None:
        self._request("skip")

    def action_refine(self) -> None:
        self._request("refine")

    def action_auto(self) -> None:
        self._request("auto")

    def action_more_suggestions(self) -> None:
        self._request("more")

    def action_hole_context(self) -> None:
        self._request("context")
