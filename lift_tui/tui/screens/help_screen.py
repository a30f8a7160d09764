"""The help screen: the bundled ``help.md`` and a table of every action with its current keys."""

from __future__ import annotations

from importlib.resources import files

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ..bindings import ACTIONS


def help_markdown(keymap: dict[str, str]) -> str:
    """Help text plus one line per action; ``keymap`` holds the user's remapped keys."""
    text = files("lift_tui.tui").joinpath("help.md").read_text(encoding="utf-8")
    rows = ["| keys | action | what it does |", "|---|---|---|"]
    for action in ACTIONS:
        keys = keymap.get(action.id, action.keys).replace("question_mark", "?").replace(",", " ")
        shown = f"`{keys}`" if keys else "palette"
        rows.append(f"| {shown} | {action.description} | {action.help} |")
    rows.append("| `ctrl+p` | Palette | Search every action by name. |")
    return text.rstrip() + "\n\n" + "\n".join(rows) + "\n"


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(help_markdown(self.keymap), id="help-text")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
