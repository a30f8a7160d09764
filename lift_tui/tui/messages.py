"""Messages between workers, widgets and the App: small dataclasses, one job each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual.message import Message

from lift_tui.ir import IR, Hole
from lift_tui.service import FileUpdate
from lift_tui.service.resolution import Resolution
from lift_tui.service.session import Resumed

HoleRequest = Literal["accept", "give", "skip", "refine", "auto", "more", "context"]


@dataclass
class FilesLifted(Message):
    """A worker finished (re)lifting files; ``origin`` is "open" or "watch"."""

    updates: list[FileUpdate]
    origin: str = "open"


@dataclass
class WatchEvent(Message):
    """The watcher started, saw an event it could not act on, or stopped."""

    path: Path
    text: str


@dataclass
class FunctionSelected(Message):
    """The user moved to a function in the IR tree (key from ``function_key``)."""

    key: str


@dataclass
class HoleSelected(Message):
    """The user picked a hole, in the tree or in the holes pane."""

    key: str
    identifier: str


@dataclass
class CheckDone(Message):
    """A z3 check of one function finished; ``report`` is the verify layer's ``CheckReport``."""

    key: str
    report: object


@dataclass
class SuggestionsReady(Message):
    """Ranked candidates (``lift_tui.holes.Candidate``) for one hole arrived from a worker."""

    key: str
    identifier: str
    candidates: list[object]


@dataclass
class IRChanged(Message):
    """The user changed a function's IR: ``action`` is accepted/given/skipped/undo/redo/refined."""

    key: str
    ir: IR
    action: str
    hole: str | None = None
    value: str | None = None


@dataclass
class SessionLoaded(Message):
    """A saved session was read back (``lift_tui.service.session.Resumed``)."""

    resumed: Resumed


@dataclass
class ModelProgress(Message):
    """The model is loading (``fraction`` 0..1), ready (1.0) or failed (``failed``)."""

    fraction: float
    text: str
    failed: bool = False

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ModelProgress)


@dataclass
class GraphProgress(Message):
    """A graph node started or finished (``lift_tui.graphs.events``), relayed from a worker thread."""

    event: object


@dataclass
class ForwardDone(Message):
    """The forward graph finished: ``result`` is a ``ForwardResult``, ``update`` adds its function."""

    result: object
    update: FileUpdate | None


@dataclass
class CodeGenerated(Message):
    """Code for one function came back from the model, with its sandbox validation."""

    key: str
    code: str
    validation: dict[str, object]


@dataclass
class SessionsListed(Message):
    """The saved sessions (``SessionInfo``), newest first, for the picker."""

    sessions: list[object]


@dataclass
class FunctionEnriched(Message):
    """The model's suggestions for one function arrived (its IR now holds them as open holes)."""

    key: str
    ir: IR


@dataclass
class EnrichDone(Message):
    """Enrichment of one file finished; ``failures`` has one line per model call that failed."""

    path: str
    failures: list[str]


@dataclass
class HoleRequested(Message):
    """The hole workbench asks for something about one hole of one function.

    It carries everything the request needs, taken when the key was pressed: the function key,
    the hole, and for an accept the ``Candidate`` itself (value and source), so a newer ranking
    that arrives before the worker runs cannot change what is accepted.
    """

    key: str
    hole: Hole
    request: HoleRequest
    value: str | None = None
    candidate: Any = None


@dataclass
class SuggestionsWanted(Message):
    """The workbench shows a hole it has no fresh ranking for."""

    key: str
    identifier: str


@dataclass
class HoleDecided(Message):
    """One leg of the hole graph finished: the decision is applied, recorded and its dependents
    re-ranked (``lift_tui.service.resolution.Resolution``)."""

    resolution: Resolution


@dataclass
class WrittenBack(Message):
    """Resolved holes were written into a source file (``lift_tui.service.writeback.WriteBack``)."""

    result: Any


@dataclass
class OptimizeDone(Message):
    """``optimize`` finished in the background: an ``OptimizeReport``, or the reason it could not run."""

    report: Any = None
    error: str | None = None
