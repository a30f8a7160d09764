"""Parts of the pipeline land at different times; this is the one seam that says which exist.

The TUI and CLI ask for a capability by module and attribute. When the module is not there
yet (or does not export the function yet) they get :class:`NotAvailable`, whose message is
shown to the user as-is, instead of a crash or a fake result.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


class ServiceError(Exception):
    """A failure the user can act on (bad path, unreadable file); the message says what to do."""


class NotAvailable(ServiceError):
    """The feature depends on a part of lift-tui that is not built yet."""

    def __init__(self, feature: str, detail: str = "") -> None:
        message = f"{feature} is not available yet"
        super().__init__(f"{message} ({detail})" if detail else message)
        self.feature = feature


def capability(module: str, attribute: str, feature: str) -> Callable[..., Any]:
    """``module.attribute`` if it exists, else raise :class:`NotAvailable` naming ``feature``."""
    try:
        loaded = importlib.import_module(module)
    except ImportError as error:
        raise NotAvailable(feature, f"{module} cannot be imported: {error}") from error
    found = getattr(loaded, attribute, None)
    if found is None:
        raise NotAvailable(feature, f"{module}.{attribute} does not exist")
    return found


def has_capability(module: str, attribute: str) -> bool:
    """Whether :func:`capability` would succeed; used to grey out actions."""
    try:
        capability(module, attribute, attribute)
    except NotAvailable:
        return False
    return True
