"""Renderers: one IR as JSON, a Python stub, readable text, Markdown, an icontract stub,
or a Hypothesis property-test module. All return plain strings."""

from __future__ import annotations

from ..models import IR
from ._code import RenderError
from .contracts import render_contracts
from .markdown import render_markdown
from .properties import render_property_tests
from .stub import render_stub
from .text import render_text

FORMATS: tuple[str, ...] = ("json", "stub", "text", "markdown", "contracts", "properties")


def render(ir: IR, fmt: str, *, module: str | None = None) -> str:
    """Render ``ir`` as ``fmt`` (one of :data:`FORMATS`).

    ``properties`` imports the function from ``module`` (default: the stem of
    ``metadata.source_path``, else the function's name).
    """
    if fmt == "json":
        return ir.to_json() + "\n"
    if fmt == "stub":
        return render_stub(ir)
    if fmt == "text":
        return render_text(ir)
    if fmt == "markdown":
        return render_markdown(ir)
    if fmt == "contracts":
        return render_contracts(ir)
    if fmt == "properties":
        return render_property_tests(ir, module or _default_module(ir))
    raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _default_module(ir: IR) -> str:
    path = ir.metadata.source_path
    if path:
        stem = path.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
        if stem.isidentifier():
            return stem
    return ir.signature.name


__all__ = [
    "FORMATS",
    "RenderError",
    "render",
    "render_contracts",
    "render_markdown",
    "render_property_tests",
    "render_stub",
    "render_text",
]
