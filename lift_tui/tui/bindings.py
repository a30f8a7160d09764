"""Every user action: its binding id, default keys, description and help line.

One table feeds the bindings, the command palette and the help screen, so an action cannot
have a key without a palette entry or a help line. ``scope`` says who owns the key: the App, or
the hole workbench (its keys work while the holes or suggestions pane has focus; ``n`` goes
there). Users remap keys by id in ``lift.toml`` (``[keymap] next_hole = "j"``), applied with
``App.set_keymap`` to both. An action with no keys is reached from the palette only.
"""

# ruff: noqa: E501  (one action a line reads best as a table)
from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    id: str
    keys: str
    action: str
    description: str
    help: str
    show: bool = True
    priority: bool = False
    scope: str = "app"
    """``app`` or ``workbench`` (the hole workbench widget runs the action)."""

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            id=self.id,
            tooltip=self.help,
            priority=self.priority,
        )


ACTIONS: tuple[Action, ...] = (
    Action("new_from_prompt", "p", "new_from_prompt", "New", "Describe a function in words; the forward graph builds its IR."),
    Action("open_file", "o", "open_file", "Open", "Lift a Python file or folder into IR (reverse mode)."),
    Action("watch_folder", "w", "watch_folder", "Watch", "Watch a file or folder; every save re-lifts the changed functions."),
    Action("next_hole", "n", "next_hole", "Next hole", "Select the next open hole (dependency order)."),
    Action("previous_hole", "N", "previous_hole", "Prev hole", "Select the previous open hole.", show=False),
    Action("hole_context", "c", "hole_context", "Context", "Show the selected hole's expected type, parameters in scope and constraints.", scope="workbench"),
    Action("accept_suggestion", "enter", "accept_highlighted", "Accept", "Accept the highlighted suggestion for the selected hole.", show=False, scope="workbench"),
    Action("accept_numbered", "1,2,3,4,5,6,7,8,9", "accept_suggestion(0)", "Accept #", "Accept suggestion 1-9 of the selected hole.", show=False, scope="workbench"),
    Action("own_value", "v", "own_value", "Value", "Type your own value for the selected hole.", scope="workbench"),
    Action("refine", "r", "refine", "Refine", "Split the selected hole into smaller holes.", show=False, scope="workbench"),
    Action("auto", "a", "auto", "Auto", "Fill the hole when one satisfiable candidate stands out.", show=False, scope="workbench"),
    Action("more_suggestions", "m", "more_suggestions", "More", "Ask for more suggestions for the selected hole.", show=False, scope="workbench"),
    Action("skip", "s", "skip", "Skip", "Skip the selected hole (undoable).", scope="workbench"),
    Action("verify", "V", "verify", "Verify", "Check the selected function's IR with z3 (sat, unsat core, model)."),
    Action("counterexample", "x", "counterexample", "Counterexample", "Search (CrossHair) for an input that breaks a postcondition; enter keeps it as an example.", show=False),
    Action("generate_code", "g", "generate_code", "Code", "Generate code from the selected function's IR.", show=False),
    Action("undo", "u,ctrl+z", "undo", "Undo", "Undo the last resolution of the selected function."),
    Action("redo", "U,ctrl+y", "redo", "Redo", "Redo what was undone.", show=False),
    Action("write_back", "W", "write_back", "Write", "Write the resolved holes of the selected function's file into the source (libcst, one step; ctrl+w undoes it)."),
    Action("undo_write_back", "ctrl+w", "undo_write_back", "Undo write", "Put the file back as it was before the last write-back (if it has not changed since).", show=False),
    Action("optimize", "", "optimize", "Optimize", "Compile the hole-suggestion program from your accepted fills, in the background; shows the metric before and after.", show=False),
    Action("export", "e", "export", "Export", "Export the selected function's IR: JSON, stub, contracts, property tests."),
    Action("open_session", "S", "open_session", "Sessions", "Pick a saved session and resume it.", show=False),
    Action("cancel", "escape", "cancel", "Cancel", "Cancel the running job (lifting, watching, generating, checking)."),
    Action("toggle_theme", "t", "toggle_theme", "Theme", "Switch between the light and the dark theme.", show=False),
    Action("help", "question_mark,f1", "help", "Help", "Show this help: every action and its keys."),
    Action("quit", "q,ctrl+q", "quit", "Quit", "Quit; everything is kept."),
)

BY_ID: dict[str, Action] = {a.id: a for a in ACTIONS}


def bindings(scope: str) -> list[Binding]:
    """The BINDINGS of the App (``app``) or the workbench; "accept_numbered" becomes nine bindings
    ``accept_1`` .. ``accept_9``."""
    out: list[Binding] = []
    for action in ACTIONS:
        if action.scope != scope or not action.keys:
            continue
        if action.id != "accept_numbered":
            out.append(action.binding())
            continue
        for n in range(1, 10):
            out.append(Binding(str(n), f"accept_suggestion({n - 1})", f"Accept {n}", show=False,
                               id=f"accept_{n}", tooltip=action.help))
    return out


def app_bindings() -> list[Binding]:
    """The App's own keys, and the workbench's (but enter) relayed to it, so they work from the tree."""
    relayed = [
        Binding(b.key, f"workbench({b.action!r})", b.description, show=False, id=b.id, tooltip=b.tooltip)
        for b in bindings("workbench")
        if b.key != "enter"
    ]
    return bindings("app") + relayed
