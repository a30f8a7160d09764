"""Reverse mode: Python source to IR with typed holes; static first, model suggestions after.

Entry points: :func:`lift_source`, :func:`lift_file`, :func:`lift_path` (and the
streaming :func:`iter_lift_path`); model enrichment: :func:`enrich`,
:func:`iter_enriched` (the model is imported only when an :class:`Enricher` is built).
Confidence values are defined in :mod:`lift_tui.reverse.confidence`.
"""

from .enrich import Enricher, enrich, iter_enriched
from .lift import lift_file, lift_function, lift_source, lift_tree
from .report import FileReport, LiftError, LiftErrorKind, ReverseReport
from .walk import iter_lift_path, lift_path

__all__ = [
    "Enricher",
    "enrich",
    "iter_enriched",
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
