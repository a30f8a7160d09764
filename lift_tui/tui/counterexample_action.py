"""The counterexample key: CrossHair looks for an input that breaks a postcondition of the
selected function (in a thread worker); a found input is shown and can become an example."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from .context import LiftContext
from .messages import IRChanged
from .screens.counterexample_screen import CounterexampleScreen
from .screens.text_screen import TextScreen


@dataclass
class CounterexampleSearched(Message):
    """A finished search (``CounterexampleSearch``) for the function ``key``."""

    key: str
    search: Any


def describe(name: str, search: Any) -> str:
    """What the modal says: the breaking call, what came back, and CrossHair's words."""
    example = search.example
    got = search.returned if search.returned is not None else "(no value: it raised)"
    return (
        f"call:     {example.call}\n"
        f"got:      {got}\n"
        f"crosshair: {search.message}\n\n"
        f"Added to {name}'s examples, its expected value is what the code returned "
        "(None when it raised): edit it to the right one."
    )


class CounterexampleMixin:
    """Mixed into the App; ``self`` is a :class:`LiftContext`."""

    def action_counterexample(self: LiftContext) -> None:
        selected = self._selection()
        if selected is None:
            return
        key, ir, _ = selected
        if not ir.postconditions:
            self.notify(f"{ir.signature.name} has no postconditions to break "
                        "(add one, e.g. assert result ... before the return)", severity="warning")
            return
        budget = self.settings.counterexample_budget_s

        def job() -> None:
            from textual.worker import get_current_worker

            search = self.workspace.find_counterexample(key, budget)
            if not get_current_worker().is_cancelled:  # escape: the result is dropped
                self.post_message(CounterexampleSearched(key, search))

        self.run_worker(job, name=f"counterexample for {ir.signature.name}", group="counterexample",
                        thread=True, exclusive=True, exit_on_error=False,
                        description=f"CrossHair: inputs breaking {ir.signature.name}'s postconditions")

    def on_counterexample_searched(self: LiftContext, message: CounterexampleSearched) -> None:
        search, key = message.search, message.key
        name = self.workspace.current(key).signature.name
        if search.status == "none":
            self.notify(f"{search.message} ({self.settings.counterexample_budget_s:g} s)",
                        title=f"no counterexample for {name}", severity="information")
            return
        if search.status != "found" or search.example is None:
            self.push_screen(TextScreen(f"counterexample search failed — {name}", search.message))
            return
        example = search.example

        def chosen(add: bool | None) -> None:
            if not add:
                return
            from lift_tui.service import ServiceError

            try:
                ir = self.workspace.add_example(key, example)
            except ServiceError as error:
                self.notify(str(error), severity="warning")
                return
            self.post_message(IRChanged(key, ir, "counterexample"))
            self.notify(f"added {example.call} to the examples of {name}", title="counterexample")

        self.push_screen(CounterexampleScreen(f"counterexample — {name}", describe(name, search)), chosen)
