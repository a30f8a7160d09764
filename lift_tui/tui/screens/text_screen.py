"""Read-only text in a modal (hole context, exported text, a check report); escape closes."""

from __future__ import annotations

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class TextScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="text.close")]

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            with VerticalScroll(id="text-scroll"):
                yield Static(self.body, id="text-body", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
