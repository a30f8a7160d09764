"""A Markdown specification of one function, for export and review."""

from __future__ import annotations

from ..models import IR
from ._code import display_signature, hole_reference


def _cell(text: str | None) -> str:
    """Table-cell text: pipes escaped, newlines folded, missing shown as a dash."""
    if text is None or text == "":
        return "—"
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{ticks}{pad}{' '.join(text.split())}{pad}{ticks}"


def render_markdown(ir: IR) -> str:
    """Title, intent, signature block, parameter table, contracts, effects, examples, holes."""
    signature = ir.signature
    out = [f"# `{ir.metadata.qualname or signature.name}`", ""]
    summary = ir.intent.summary or hole_reference(ir, "intent.summary")
    if summary:
        out += [summary.strip(), ""]
    if ir.intent.rationale:
        out += [ir.intent.rationale.strip(), ""]
    for title, items in (
        ("Success criteria", ir.intent.success_criteria),
        ("Domain concepts", ir.intent.domain_concepts),
    ):
        if items:
            out += [f"**{title}:**", "", *(f"- {_cell(i)}" for i in items), ""]
    out += ["## Signature", "", "```python", display_signature(ir), "```", ""]
    if signature.parameters:
        out += ["| Parameter | Kind | Type | Default | Description |", "|---|---|---|---|---|"]
        for p in signature.parameters:
            hint = p.type_hint or hole_reference(ir, f"signature.parameters.{p.name}.type_hint")
            cells = [f"`{p.name}`", p.kind.value, _cell(hint), _cell(p.default), _cell(p.description)]
            out.append(f"| {' | '.join(cells)} |")
        out.append("")
    returns = signature.returns or hole_reference(ir, "signature.returns")
    out += [
        f"**Returns:** {_cell(returns)}"
        + (f" — {signature.returns_description.strip()}" if signature.returns_description else ""),
        "",
    ]
    if signature.raises:
        out += [f"**Raises:** {', '.join(f'`{r}`' for r in signature.raises)}", ""]
    for category in ("precondition", "postcondition", "invariant"):
        items = [a for a in ir.assertions if a.category.value == category]
        if items:
            out += [f"## {category.capitalize()}s", ""]
            for a in items:
                extra = f" (raises `{a.raises}`)" if a.raises else ""
                note = f" — {_cell(a.message)}" if a.message else ""
                trust = f" _{a.provenance.source.value}, {a.provenance.confidence:.2f}_"
                out.append(f"- {_code(a.expression)}{extra}{note}{trust}")
            out.append("")
    if ir.effects:
        out += ["## Effects", "", "| Kind | Target | Description |", "|---|---|---|"]
        out += [f"| {e.kind.value} | {_cell(e.target)} | {_cell(e.description)} |" for e in ir.effects]
        out.append("")
    if ir.examples:
        out += ["## Examples", "", "```pycon"]
        for e in ir.examples:
            out += [f">>> {e.call.strip()}", *e.expected.strip().splitlines()]
        out += ["```", ""]
    if ir.holes:
        out += [
            "## Holes",
            "",
            "| Hole | Kind | Type | Target | Status | Depends on | Description |",
            "|---|---|---|---|---|---|---|",
        ]
        for h in ir.holes:
            deps = ", ".join(f"`?{d.removeprefix('?')}`" for d in h.dependencies)
            status = h.status.value + (f": {_code(h.resolution.value)}" if h.resolution else "")
            out.append(
                f"| `{h.reference}` | {h.kind.value} | {_cell(h.type_hint)} | `{h.target}` | "
                f"{status} | {_cell(deps)} | {_cell(h.description)} |"
            )
        out.append("")
    meta = ir.metadata
    origin = f"_Origin: {meta.origin.value}"
    if meta.source_path:
        origin += f", `{meta.source_path}`"
        if meta.lines:
            origin += f" lines {meta.lines[0]}–{meta.lines[1]}"
    out.append(origin + "_")
    return "\n".join(out).rstrip("\n") + "\n"
