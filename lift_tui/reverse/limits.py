"""The file-size limit of reverse mode, without paying for the settings machinery when unset.

``lift-tui reverse --no-model`` must start in a fraction of the time it takes to parse
the files; importing pydantic-settings and building the ``Settings`` model cost ~60 ms
of CPU, a fifth of the whole start-up. When nothing can configure the limit (no
``lift.toml`` in the working directory, no ``LIFT_*`` variable) the setting is its
default, so the default is used directly; otherwise the one settings object decides.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 5_000_000
"""Must equal the default of ``Settings.max_file_bytes`` (a test checks it)."""


def settings_configured() -> bool:
    """True if a settings source could change a default: ``lift.toml`` here or a ``LIFT_*`` variable."""
    if any(name.upper().startswith("LIFT_") for name in os.environ):
        return True
    return Path("lift.toml").exists()


def max_file_bytes() -> int:
    """The ``max_file_bytes`` setting."""
    if not settings_configured():
        return DEFAULT_MAX_FILE_BYTES
    from lift_tui.settings import get_settings

    return get_settings().max_file_bytes
