"""One line: the language model's state, with a progress bar while it loads in the background."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class ModelStatus(Horizontal):
    def compose(self) -> ComposeResult:
        yield Label("model: not loaded (loads when needed)", id="model-label", markup=False)
        yield ProgressBar(total=1.0, show_eta=False, id="model-progress")
        yield Label("", id="model-program", markup=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#model-program", Label).display = False

    def program(self, text: str) -> None:
        """What the hole-suggestion program is (seeded, or compiled by optimize with its metric)."""
        label = self.query_one("#model-program", Label)
        label.update(text)
        label.display = bool(text)

    def show(self, fraction: float, text: str, failed: bool = False) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = 0.0 <= fraction < 1.0 and not failed
        bar.update(progress=max(0.0, min(fraction, 1.0)))
        label = self.query_one("#model-label", Label)
        label.update(f"model: {text}")
        label.set_class(failed, "-failed")
