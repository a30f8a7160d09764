"""The two ways the model layer fails, each carrying what a user needs to act on it."""

from __future__ import annotations

from pathlib import Path


class ModelLoadError(Exception):
    """The configured model could not be loaded; names the path and the cause."""

    def __init__(self, path: Path | str, cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"cannot load model {self.path}: {cause}")


class GenerationError(Exception):
    """A generation did not produce a complete, valid result (e.g. it hit its token limit twice)."""
