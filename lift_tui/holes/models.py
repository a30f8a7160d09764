"""What leaves the holes package: candidates, a hole's context, write-back results.

Pydantic models because the TUI, the CLI (``suggest --json``) and the store all consume
them; the functions that build them are plain code in the sibling modules.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from lift_tui.ir import IR, HoleKind


class HoleError(ValueError):
    """A request about a hole that cannot be honoured (unknown hole, value of the wrong kind...)."""


class CandidateSource(StrEnum):
    """Where a candidate came from; shown next to it so the user can weigh it."""

    static = "static"
    model = "model"
    history = "history"


class Candidate(BaseModel):
    """One proposed value for a hole, with the evidence behind it.

    ``satisfiable`` is z3's verdict on the IR with this value in place (``None`` when the
    solver cannot say, e.g. for untranslatable expressions or type holes with no assertion
    to contradict); ``type_ok`` says whether the value parses as what the hole's kind needs.
    """

    value: str
    rationale: str
    confidence: float = Field(ge=0.0, le=1.0)
    source: CandidateSource = CandidateSource.static
    satisfiable: bool | None = None
    type_ok: bool = True
    evidence: list[str] = Field(default_factory=list)
    """Short tags of the independent facts that support the value (``default``, ``isinstance``...)."""
    accepted_before: int = 0
    """How often this user accepted this value for a similar hole (from the store)."""


class Binding(BaseModel):
    """A name in scope at the hole, like GHC's "relevant bindings"."""

    name: str
    type_hint: str | None = None
    origin: str = "parameter"


class HoleContext(BaseModel):
    """Everything a user needs to fill a hole, like Agda's goal context."""

    identifier: str
    kind: HoleKind
    target: str
    type_hint: str
    description: str = ""
    function: str
    """The function's signature as one line of text, holes shown as ``?name``."""
    bindings: list[Binding] = Field(default_factory=list)
    constraints: list[str] = Field(default_factory=list)
    """The hole's own constraints followed by the IR's assertions that mention names in scope."""
    depends_on: list[str] = Field(default_factory=list)
    dependents: list[str] = Field(default_factory=list)
    current_value: str | None = None
    status: str = "open"


class WriteBackResult(BaseModel):
    """The outcome of writing one resolution into a source file."""

    path: str
    qualname: str
    hole: str
    changed: bool
    diff: str = ""
    ir: IR | None = None
    """The function re-lifted from the written file (``None`` if it could not be found again)."""
