"""``python -m lift_tui``: the same as the ``lift-tui`` command."""

from lift_tui.cli.main import main

raise SystemExit(main())
