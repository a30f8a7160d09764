"""Typed holes: context, candidates (static, model, history), z3-checked ranking, propagation,
refinement into smaller holes, write-back to source. The public API the TUI and CLI call is
re-exported here; nothing heavy is imported until a function needs it (z3 inside ranking, the
model inside ``model_source``).
"""

from pathlib import Path

from lift_tui.ir import IR

from .apply import apply_resolution, find_hole, propagate, skip_hole
from .context import hole_context
from .describe import signature_line
from .models import Binding, Candidate, CandidateSource, HoleContext, HoleError, WriteBackResult
from .observe import Observation, observe
from .refine import refine
from .suggest import suggest


def write_back(path: str | Path, ir: IR, hole_id: str) -> WriteBackResult:
    """Write a resolved hole into the source with libcst and re-lift (see :mod:`lift_tui.holes.writeback`;
    imported on first use because libcst is slow to import)."""
    from .writeback import write_back as _write_back

    return _write_back(path, ir, hole_id)


__all__ = [
    "Binding",
    "Candidate",
    "CandidateSource",
    "HoleContext",
    "HoleError",
    "Observation",
    "WriteBackResult",
    "apply_resolution",
    "find_hole",
    "hole_context",
    "observe",
    "propagate",
    "refine",
    "signature_line",
    "skip_hole",
    "suggest",
    "write_back",
]
