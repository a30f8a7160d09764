"""The store: one SQLite file (sqlite-utils, WAL, migrations) behind a small service layer.

Use :func:`open_store`; everything returned is a Pydantic model from :mod:`.models`;
every failure is a :class:`StoreError` with a one-line, actionable message.
"""

from .errors import StoreError, StoreErrorKind
from .models import (
    CodeArtifact,
    HoleAction,
    HoleEvent,
    IRVersion,
    OptimizationExample,
    RunInfo,
    SessionInfo,
    SessionStatus,
    StepRecord,
)
from .store import Store, open_store

__all__ = [
    "CodeArtifact",
    "HoleAction",
    "HoleEvent",
    "IRVersion",
    "OptimizationExample",
    "RunInfo",
    "SessionInfo",
    "SessionStatus",
    "StepRecord",
    "Store",
    "StoreError",
    "StoreErrorKind",
    "open_store",
]
