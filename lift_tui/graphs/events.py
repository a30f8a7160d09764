"""Progress events of a graph run, handed to the ``on_event`` callback of the runner.

Plain frozen dataclasses so the TUI can wrap them in Textual messages and the CLI can
print them; none of them holds a reference to the running graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NodeStarted:
    """A node began running (not emitted for nodes replayed from the journal on resume)."""

    node: str
    session_id: str = ""


@dataclass(frozen=True)
class NodeFinished:
    """A node finished and its result and the state after it are saved."""

    node: str
    seconds: float
    session_id: str = ""


@dataclass(frozen=True)
class GraphFinished:
    """The run completed; ``output`` is the graph's end value."""

    output: Any
    session_id: str = ""


@dataclass(frozen=True)
class GraphFailed:
    """The run stopped on an error (``interrupted`` for cancellation/KeyboardInterrupt)."""

    error: str
    interrupted: bool = False
    session_id: str = ""


GraphEvent = NodeStarted | NodeFinished | GraphFinished | GraphFailed
