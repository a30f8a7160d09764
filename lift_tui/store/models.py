"""What leaves the store: Pydantic models, never rows."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lift_tui.ir.models import IR


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionStatus(StrEnum):
    """``open``: no graph has run in the session; the others describe its latest graph run."""

    open = "open"
    running = "running"
    interrupted = "interrupted"
    complete = "complete"
    failed = "failed"


class SessionInfo(_Out):
    id: str
    title: str
    origin: str
    status: SessionStatus
    created_at: str
    updated_at: str
    completed_nodes: int = 0
    current_node: str | None = None
    graph: str | None = None


class IRVersion(_Out):
    id: int
    session_id: str
    qualname: str
    version: int
    cause: str
    """What made this version: ``node:<Name>``, ``resolution:<hole>``, ``save:<path>``, ``import``, ..."""
    ir: IR
    created_at: str


class HoleAction(StrEnum):
    accepted = "accepted"
    rejected = "rejected"
    given = "given"
    skipped = "skipped"
    refined = "refined"


class HoleEvent(_Out):
    """One user decision about a hole (the raw material for optimization)."""

    id: int
    session_id: str
    qualname: str
    hole: str
    action: HoleAction
    value: str | None = None
    source: str = "human"
    note: str | None = None
    ir_version: int | None = None
    created_at: str


class CodeArtifact(_Out):
    id: int
    session_id: str
    qualname: str
    ir_version: int | None = None
    code: str
    validation: dict[str, Any] = Field(default_factory=dict)
    created_at: str


class OptimizationExample(_Out):
    id: int
    program: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    score: float | None = None
    session_id: str | None = None
    created_at: str


class RunInfo(_Out):
    """A graph run; ``status`` already accounts for a process that died."""

    id: int
    session_id: str
    graph: str
    status: SessionStatus
    completed_nodes: int
    current_node: str | None = None
    pid: int | None = None
    error: str | None = None
    created_at: str
    updated_at: str


class StepRecord(_Out):
    """One completed node: its encoded output and the state right after it."""

    seq: int
    node_id: str
    key: str
    output: Any
    state: dict[str, Any]
    seconds: float
    finished_at: str
