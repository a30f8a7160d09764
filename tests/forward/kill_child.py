"""The real ``lift-tui`` CLI, SIGKILLed by itself the instant the journal reaches a given step.

``python -m tests.forward.kill_child SEQ ARGS...`` runs ``lift-tui ARGS...`` unchanged except
that, right after the store commits the step whose sequence number is ``SEQ`` (the run's
completed-node count), the process sends itself SIGKILL. Polling the database from outside
cannot hit the millisecond-wide gaps between the forward graph's fast nodes (merge, holes,
z3); this can, and the death is still a real SIGKILL: no handler, no flush, no cleanup.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from typing import Any

from lift_tui.cli.main import main as cli_main
from lift_tui.store.runs import RunsMixin


def _kill_at(seq: int) -> None:
    record = RunsMixin.record_step

    @functools.wraps(record)
    def record_then_die(self: Any, *args: Any, **kwargs: Any) -> int:
        done = record(self, *args, **kwargs)
        if done == seq:
            os.kill(os.getpid(), signal.SIGKILL)
        return done

    RunsMixin.record_step = record_then_die  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    if not argv or not argv[0].isdigit():
        print("usage: python -m tests.forward.kill_child SEQ LIFT_TUI_ARGS...", file=sys.stderr)
        return 2
    _kill_at(int(argv[0]))
    return cli_main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
