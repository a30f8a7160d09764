"""DSPy modules built from the signatures, and saving/loading their (optimised) state.

Predict, not ChainOfThought, by measurement on SmolLM2-135M (3 ConstraintExtraction + 3
IntentToSignature calls, JSONAdapter, constrained): Predict 555 output tokens / 113 s, ChainOfThought
638 tokens / 121 s; valid preconditions 0/3 vs 0/3, sane signatures 0/3 vs 0/3. The reasoning field
costs ~15% more tokens and buys nothing at this size, so it is opt-in (``chain_of_thought=True``)
for larger configured models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .demos import seed_demos
from .dspy_setup import import_dspy
from .signatures import SIGNATURES

dspy = import_dspy()

PROGRAM_NAMES = tuple(SIGNATURES)


class ProgramFileError(ValueError):
    """A saved program file is missing, unreadable, or for another signature."""


def build_program(name: str, chain_of_thought: bool = False, seed: bool = True) -> Any:
    """A fresh module for ``name``, primed with its seed example unless ``seed`` is false."""
    try:
        signature = SIGNATURES[name]
    except KeyError:
        raise ValueError(f"unknown program {name!r}; known: {', '.join(PROGRAM_NAMES)}") from None
    module = dspy.ChainOfThought(signature) if chain_of_thought else dspy.Predict(signature)
    if seed:
        for predictor in module.predictors():
            predictor.demos = seed_demos(name)
    return module


def build_programs(chain_of_thought: bool = False, seed: bool = True) -> dict[str, Any]:
    return {name: build_program(name, chain_of_thought, seed) for name in PROGRAM_NAMES}


def save_program(program: Any, path: Path) -> None:
    """Write the module's state (instructions, demos) as JSON; the LM is not part of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    program.save(str(path), save_program=False)


def load_program(name: str, path: Path, chain_of_thought: bool = False) -> Any:
    """A module for ``name`` with the state saved at ``path``."""
    path = Path(path)
    try:
        json.loads(path.read_text())
    except OSError as error:
        raise ProgramFileError(f"cannot read program file {path}: {error.strerror or error}") from error
    except ValueError as error:
        raise ProgramFileError(f"program file {path} is not JSON: {error}") from error
    program = build_program(name, chain_of_thought)
    try:
        program.load(str(path))
    except Exception as error:
        raise ProgramFileError(f"program file {path} does not fit {name!r}: {error}") from error
    return program
