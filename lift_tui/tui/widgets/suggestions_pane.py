"""Ranked candidates for the selected hole: value, rationale, confidence, satisfiable or not.

Candidates come from the hole itself (what the lifter saw) until the holes layer ranks them
with the model and the solver; what is unknown is shown as unknown, never invented."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lift_tui.ir import Hole

from ..messages import SuggestionChosen


class Suggestion(Protocol):
    """What the pane shows of a candidate (``lift_tui.holes.Candidate`` has these fields)."""

    value: str
    rationale: str
    confidence: float
    satisfiable: bool | None


class SuggestionsPane(OptionList):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "suggestions"
        self.suggestions: list[Suggestion] = []

    def show(self, hole: Hole | None, suggestions: list[Suggestion] | None = None) -> None:
        """``suggestions=None`` means they are still being ranked."""
        self.suggestions = list(suggestions or [])
        self.clear_options()
        self.border_subtitle = hole.reference if hole else ""
        if hole is None:
            self.add_option(Option(Text("select a hole", style="dim"), disabled=True))
            return
        if suggestions is None:
            self.add_option(Option(Text("ranking candidates…", style="dim italic"), disabled=True))
            return
        if not self.suggestions:
            self.add_option(Option(Text("no candidates yet — press v to give a value", style="dim"),
                                   disabled=True))
        for number, s in enumerate(self.suggestions, start=1):
            label = Text(f"{number}  ", style="bold")
            label.append(s.value, style="bold cyan")
            conf = f"{s.confidence:.0%}"
            sat = {None: "sat ?", True: "sat ✓", False: "unsat ✗"}[s.satisfiable]
            label.append(f"  {conf}  {sat}", style="dim")
            if s.rationale:
                label.append(f"\n   {s.rationale}", style="italic dim")
            self.add_option(Option(label, id=f"s{number}"))
        if self.suggestions:
            self.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id.startswith("s"):
            self.post_message(SuggestionChosen(int(event.option.id[1:]) - 1))
