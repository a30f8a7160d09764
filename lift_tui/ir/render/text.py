"""Readable plain text of an IR for the TUI and the terminal.

Unknown fields show the ``?identifier`` of the hole that stands for them, so a reader
sees at a glance what is still open. Plain strings, no markup: widgets style it.
"""

from __future__ import annotations

from ..models import IR, Hole, Provenance
from ._code import display_signature, hole_reference

_I = "  "


def _trust(provenance: Provenance) -> str:
    return f"[{provenance.source.value} {provenance.confidence:.2f}]"


def _hole_line(hole: Hole) -> str:
    line = f"{hole.reference}: {hole.type_hint} -> {hole.target} ({hole.kind.value}, {hole.status.value})"
    if hole.resolution is not None:
        line += f" = {hole.resolution.value}"
    parts = [line]
    if hole.description:
        parts.append(f"{_I}{_I}{hole.description}")
    if hole.constraints:
        parts.append(f"{_I}{_I}constraints: {'; '.join(hole.constraints)}")
    if hole.dependencies:
        parts.append(f"{_I}{_I}depends on: {', '.join('?' + d.removeprefix('?') for d in hole.dependencies)}")
    return "\n".join(parts)


def _one_line(text: str) -> str:
    return " ⏎ ".join(line.strip() for line in text.strip().splitlines())


def _block(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"{title}:", *(f"{_I}{line}" for item in items for line in item.splitlines())]


def render_text(ir: IR) -> str:
    """A multi-line description: signature, intent, assertions, effects, examples, holes, origin."""
    lines = [display_signature(ir)]
    summary = ir.intent.summary or hole_reference(ir, "intent.summary")
    if summary:
        lines.append(f"{_I}{' '.join(summary.split())}")
    if ir.intent.rationale:
        lines.append(f"{_I}why: {' '.join(ir.intent.rationale.split())}")
    lines += [f"{_I}success: {c}" for c in ir.intent.success_criteria]
    if ir.intent.domain_concepts:
        lines.append(f"{_I}concepts: {', '.join(ir.intent.domain_concepts)}")
    lines.append("")
    params = [f"{p.name}: {p.description}" for p in ir.signature.parameters if p.description]
    if ir.signature.returns_description:
        params.append(f"returns: {ir.signature.returns_description}")
    sections = [("parameters", params)]
    if ir.signature.raises:
        sections.append(("raises", list(ir.signature.raises)))
    for category in ("precondition", "postcondition", "invariant"):
        items = []
        for assertion in ir.assertions:
            if assertion.category.value == category:
                item = f"{assertion.expression}  {_trust(assertion.provenance)}"
                if assertion.raises:
                    item += f"  raises {assertion.raises}"
                if assertion.message:
                    item += f"  # {assertion.message}"
                items.append(item)
        sections.append((f"{category}s", items))
    effects = [
        f"{e.kind.value}: {e.target}" + (f" — {e.description}" if e.description else "") for e in ir.effects
    ]
    sections.append(("effects", effects))
    sections.append(("examples", [f"{_one_line(e.call)} → {_one_line(e.expected)}" for e in ir.examples]))
    open_count = len(ir.open_holes())
    sections.append((f"holes ({open_count} open)", [_hole_line(h) for h in ir.holes]))
    for title, items in sections:
        lines += _block(title, items)
    origin = ir.metadata
    where = origin.source_path or ""
    if origin.lines:
        where += f":{origin.lines[0]}-{origin.lines[1]}"
    lines.append(
        f"origin: {origin.origin.value}"
        + (f" {where}" if where else "")
        + (f" ({origin.qualname})" if origin.qualname else "")
    )
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
