"""forward layer: prompt → IR with typed holes → code, and the checks between.

``run_forward`` (the service entry point the CLI and TUI call) lives with the graph in
``lift_tui.graphs.forward``; it is re-exported here on first use, which keeps this package
importable without pydantic-graph and keeps the layer contract's direction for imports.
"""

from __future__ import annotations

import importlib
from typing import Any

from .result import ForwardResult, TraceEntry

__all__ = ["ForwardResult", "TraceEntry", "run_forward"]


def __getattr__(name: str) -> Any:
    if name == "run_forward":
        return importlib.import_module("lift_tui.graphs.forward").run_forward
    raise AttributeError(name)
