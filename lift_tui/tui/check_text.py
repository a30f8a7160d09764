"""Reports as text for the modals: a z3 check and a hole's context, laid out to be read at a glance."""

from __future__ import annotations

from typing import Any

from rich.text import Text

INDENT = "  "


def _heading(text: Text, title: str, note: str = "") -> None:
    text.append(f"\n{title}", style="bold")
    if note:
        text.append(f"  {note}", style="dim")
    text.append("\n")


def context_text(context: Any) -> Text:
    """A ``HoleContext`` as text: expected type, what it fills, bindings in scope, constraints."""
    text = Text()
    text.append(f"?{context.identifier}", style="bold magenta")
    text.append(f"  {context.kind.value}   in  {context.function}\n\n")
    rows = [
        ("expected type", context.type_hint),
        ("fills", context.target),
        ("description", context.description or "—"),
        ("status", context.status + (f" = {context.current_value}" if context.current_value else "")),
        ("in scope", ", ".join(f"{b.name}: {b.type_hint or '?'}" for b in context.bindings) or "nothing"),
        ("depends on", ", ".join(context.depends_on) or "nothing"),
        ("needed by", ", ".join(context.dependents) or "nothing"),
    ]
    for label, value in rows:
        text.append(f"{label:>14}  ", style="bold")
        text.append(f"{value}\n")
    text.append(f"{'constraints':>14}  ", style="bold")
    text.append(("\n" + " " * 16).join(context.constraints) or "none")
    return text


def check_text(report: Any) -> Text:
    """A ``CheckReport``: the verdict in one line, then example inputs one per line (aligned),
    the unsat core one assertion per line, and what z3 could not read with the reason."""
    status = str(getattr(getattr(report, "status", ""), "value", getattr(report, "status", "")))
    model: dict[str, Any] = getattr(report, "model", {}) or {}
    core = [str(getattr(a, "expression", a)) for a in getattr(report, "core", []) or []]
    untranslated = list(getattr(report, "untranslated", []) or [])
    verdict = {
        "sat": "satisfiable: some inputs meet every checked assertion",
        "unsat": "unsatisfiable: no input can meet these assertions together",
    }.get(status, "z3 could not decide")
    text = Text(status, style={"sat": "bold green", "unsat": "bold red"}.get(status, "bold yellow"))
    text.append(f"  {verdict}", style="")
    text.append(f"  ({getattr(report, 'seconds', 0.0):.2f} s)\n", style="dim")
    if getattr(report, "reason", None):
        text.append(f"{INDENT}{report.reason}\n", style="yellow")
    if model:
        _heading(text, "example inputs")
        width = max(len(str(name)) for name in model)
        for name, value in model.items():
            text.append(f"{INDENT}{str(name):<{width}} = ", style="bold")
            text.append(f"{value}\n")
    elif status == "sat":
        text.append(f"\n{INDENT}no constraint on the inputs was checked\n", style="dim")
    if core:
        _heading(text, "unsat core", "(marked ✗ in the tree)")
        for expression in core:
            text.append(f"{INDENT}✗ {expression}\n", style="red")
    if untranslated:
        _heading(text, "not checked", "(z3 cannot read these)")
        for item in untranslated:
            text.append(f"{INDENT}{item.expression}\n", style="yellow")
            text.append(f"{INDENT}{INDENT}{item.reason}\n", style="dim")
    text.rstrip()
    return text
