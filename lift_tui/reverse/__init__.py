"""Reverse mode, static part: Python source to IR with typed holes, no model.

Entry points: :func:`lift_source`, :func:`lift_file`, :func:`lift_path` (and the
streaming :func:`iter_lift_path`). Confidence values are defined in
:mod:`lift_tui.reverse.confidence`.
"""

from .lift import lift_file, lift_function, lift_source, lift_tree
from .report import FileReport, LiftError, LiftErrorKind, ReverseReport
from .walk import iter_lift_path, lift_path

__all__ = [
    "FileReport",
    "LiftError",
    "LiftErrorKind",
    "ReverseReport",
    "iter_lift_path",
    "lift_file",
    "lift_function",
    "lift_path",
    "lift_source",
    "lift_tree",
]
