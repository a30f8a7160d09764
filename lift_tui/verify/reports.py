"""Results of the verify layer, as Pydantic models so the CLI, TUI and store can dump them as JSON."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

CheckStatus = Literal["sat", "unsat", "unknown"]
SandboxStatus = Literal["ok", "timeout", "memory", "crashed", "error", "forbidden"]


class Untranslated(BaseModel):
    """An assertion the z3 translation could not express; it is reported, never silently dropped."""

    expression: str
    reason: str


class CheckReport(BaseModel):
    """What z3 says about an IR's assertions.

    ``model`` maps parameter names (and ``result`` when a postcondition uses it) to Python
    literal source text, so a caller can paste the values into a call.
    """

    status: CheckStatus
    core: list[str] = Field(default_factory=list)
    model: dict[str, str] = Field(default_factory=dict)
    untranslated: list[Untranslated] = Field(default_factory=list)
    reason: str | None = None
    seconds: float = 0.0

    @property
    def satisfiable(self) -> bool:
        return self.status == "sat"


class SandboxResult(BaseModel):
    """How one sandboxed run ended. ``result_json`` is what the code stored in ``RESULT``."""

    status: SandboxStatus
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = None
    seconds: float = 0.0
    result_json: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class Check(BaseModel):
    """One validation check; ``passed`` is None when it could not be decided (detail says why)."""

    name: str
    passed: bool | None
    detail: str = ""


class ValidationReport(BaseModel):
    """The checks run on generated code against its IR, in a fixed order."""

    function: str
    checks: list[Check] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when no check failed and every decidable check passed (undecided checks do not fail)."""
        return all(c.passed is not False for c in self.checks) and any(c.passed for c in self.checks)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def summary(self) -> str:
        marks = {True: "ok", False: "FAIL", None: "?"}
        parts = [f"{c.name}: {marks[c.passed]}" for c in self.checks]
        return f"{self.function}: {'passed' if self.passed else 'failed'} ({', '.join(parts)})"
