"""A found counterexample in a modal: enter keeps it as an example of the IR, escape closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class CounterexampleScreen(ModalScreen[bool]):
    """Dismisses with True when the user wants the input added to the IR's examples."""

    BINDINGS = [
        Binding("enter", "add", "Add as example", id="counterexample.add"),
        Binding("escape", "close", "Close", id="counterexample.close"),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield Static(self.body, id="text-body", markup=False)
            yield Label("enter: add it as an example    escape: close", id="dialog-hint", markup=False)

    def action_add(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
