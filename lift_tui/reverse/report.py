"""What a reverse run hands back: per-file IRs plus per-file errors that never stop the run."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from lift_tui.ir import IR


class LiftErrorKind(StrEnum):
    """Why a file (or one function of it) could not be lifted."""

    syntax = "syntax"
    encoding = "encoding"
    binary = "binary"
    too_large = "too_large"
    unreadable = "unreadable"
    recursion = "recursion"
    memory = "memory"
    symlink_loop = "symlink_loop"
    internal = "internal"
    """A bug in lift-tui met this function; the rest of the file is still lifted."""


class LiftError(BaseModel):
    """One problem in one file; ``line``/``column`` are 1-based where known."""

    model_config = ConfigDict(extra="forbid")

    path: str
    kind: LiftErrorKind
    message: str
    line: int | None = None
    column: int | None = None

    def one_line(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.kind.value}: {self.message}"


class FileReport(BaseModel):
    """Every function lifted from one file, and what went wrong in it."""

    model_config = ConfigDict(extra="forbid")

    path: str
    functions: list[IR] = Field(default_factory=list)
    errors: list[LiftError] = Field(default_factory=list)


class ReverseReport(BaseModel):
    """A whole run over a file or a directory tree, files in sorted walk order.

    Built on first use: the CLI streams ``FileReport``s and never needs it, and building a
    model that nests the whole IR costs start-up time.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    files: list[FileReport] = Field(default_factory=list)

    @property
    def function_count(self) -> int:
        return sum(len(f.functions) for f in self.files)

    @property
    def error_count(self) -> int:
        return sum(len(f.errors) for f in self.files)
