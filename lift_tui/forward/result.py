"""What a forward run hands back to the CLI and the TUI (the JSON shape of ``forward --json``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from lift_tui.ir import IR


class TraceEntry(BaseModel):
    """One graph node's wall-clock time, in the order the nodes finished."""

    node: str
    seconds: float


class ForwardResult(BaseModel):
    """``{"session", "ir", "code", "validation", "trace"}``; ``code`` is None with ``--no-code``."""

    session: str | None = None
    ir: IR | None = None
    code: str | None = None
    validation: dict[str, Any] = Field(default_factory=dict)
    check: dict[str, Any] = Field(default_factory=dict)
    trace: list[TraceEntry] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(t.seconds for t in self.trace)
