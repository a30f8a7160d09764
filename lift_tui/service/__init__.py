"""The small API the TUI and the CLI share: a workspace of lifted functions and what they can do.

Nothing here imports Textual; the TUI calls it from workers.
"""

from .availability import NotAvailable, ServiceError, capability, has_capability
from .changes import FunctionChanges, changed_paths, diff_function_lists, function_key
from .history import History
from .workspace import FileState, FileUpdate, Problem, Workspace

__all__ = [
    "FileState",
    "FileUpdate",
    "FunctionChanges",
    "History",
    "NotAvailable",
    "Problem",
    "ServiceError",
    "Workspace",
    "capability",
    "changed_paths",
    "diff_function_lists",
    "function_key",
    "has_capability",
]
