"""Open holes of the selected function, in dependency order (a hole after those it needs)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lift_tui.graphs.hole_order import dependency_order
from lift_tui.ir import IR, Hole

from ..messages import HoleSelected


class HolesPane(OptionList):
    """Lists ``?identifier  kind  type``; highlighting one selects it (enter is the workbench's)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "holes"
        self.key: str | None = None
        self.holes: list[Hole] = []

    def show(self, key: str | None, ir: IR | None) -> None:
        self.key = key
        self.holes = dependency_order(ir.open_holes()) if ir is not None else []
        self.clear_options()
        if ir is None:
            self.add_option(Option(Text("select a function", style="dim"), disabled=True))
        elif not self.holes:
            self.add_option(Option(Text("no open holes", style="dim"), disabled=True))
        still_open = {hole.identifier for hole in self.holes}
        for hole in self.holes:
            label = Text(hole.reference, style="bold magenta")
            label.append(f"  {hole.kind.value}", style="dim")
            if hole.type_hint != hole.kind.value:  # a type hole's value is a type: say it once
                label.append(f"  {hole.type_hint}")
            waiting = [d for d in hole.dependencies if d in still_open]  # filled ones no longer wait
            if waiting:
                label.append(f"  needs {', '.join(waiting)}", style="dim")
            self.add_option(Option(label, id=hole.identifier))
        self.border_subtitle = f"{len(self.holes)} open" if ir is not None else ""

    @property
    def selected(self) -> Hole | None:
        if self.highlighted is None or not self.holes:
            return None
        option = self.get_option_at_index(self.highlighted)
        return next((h for h in self.holes if h.identifier == option.id), None)

    def select_hole(self, identifier: str) -> None:
        for index, hole in enumerate(self.holes):
            if hole.identifier == identifier:
                self.highlighted = index

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.key and event.option.id:
            self.post_message(HoleSelected(self.key, event.option.id))
