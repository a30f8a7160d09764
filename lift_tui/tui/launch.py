"""Entry point of the TUI from the command line; imports Textual only when called."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def launch(watch: Path | None, session: str | None, db: Path | None) -> int:
    """Run the app until the user quits; bad arguments print one line and return 2."""
    from lift_tui.settings import SettingsError, load_settings, use_settings

    try:  # the one settings object of this run, handed to the App and through it to every layer
        settings = load_settings(**({"db": db} if db is not None else {}))
    except SettingsError as error:
        print(f"lift-tui: {error}", file=sys.stderr)
        return 2
    use_settings(settings)
    if watch is not None and not Path(watch).expanduser().exists():
        print(f"lift-tui: {watch}: no such file or folder; give --watch an existing .py file or folder",
              file=sys.stderr)
        return 2

    from .app import LiftApp

    # the model loads in the background after the first frame; LIFT_TUI_PRELOAD_MODEL=0 turns that off
    preload = os.environ.get("LIFT_TUI_PRELOAD_MODEL", "1") != "0"
    app = LiftApp(settings=settings, watch=watch, session=session, preload_model=preload)
    result = app.run()
    return int(result or 0)
