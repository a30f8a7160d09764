"""Ranked candidates for the selected hole: value, rationale, confidence, satisfiable or not.

Candidates come from the hole itself (what the lifter saw) until the holes layer ranks them
with the model and the solver; what is unknown is shown as unknown, never invented."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lift_tui.ir import Hole


class Suggestion(Protocol):
    """What the pane shows of a candidate (``lift_tui.holes.Candidate`` has these fields)."""

    value: str
    rationale: str
    confidence: float
    satisfiable: bool | None
    source: str
    accepted_before: int


class SuggestionsPane(OptionList):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "suggestions"
        self.suggestions: list[Suggestion] = []
        self.key: str | None = None
        self.hole: Hole | None = None
        """The function and hole the shown suggestions belong to."""

    def show(self, key: str | None, hole: Hole | None, suggestions: list[Suggestion] | None = None) -> None:
        """``suggestions=None`` means they are still being ranked."""
        self.key, self.hole = key, hole
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
            label.append(f"  {conf}  {sat}  {s.source}", style="dim")
            if s.accepted_before:
                label.append(f"  accepted {s.accepted_before}×", style="bold green")
            if s.rationale:
                label.append(f"\n   {s.rationale}", style="italic dim")
            self.add_option(Option(label, id=f"s{number}"))
        if self.suggestions:
            self.highlighted = 0
