"""Child process for the kill/resume tests: ``python -m tests.store.graph_child DB run|resume SESSION LOG``.

``LIFT_TEST_KILL_AFTER=NAME`` SIGKILLs this process right after node NAME is saved;
``LIFT_TEST_PAUSE_AT`` (see sample_graph) blocks inside a node so the parent can kill it there.
Prints the graph's output as JSON on success.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from lift_tui.graphs.events import GraphEvent, NodeFinished
from lift_tui.graphs.runner import resume_graph, run_graph
from lift_tui.store import open_store
from tests.store import sample_graph


def _on_event(event: GraphEvent) -> None:
    if isinstance(event, NodeFinished) and event.node == os.environ.get("LIFT_TEST_KILL_AFTER"):
        os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> int:
    db, mode, session, log = argv
    store = open_store(Path(db))
    if mode == "run":
        state = sample_graph.SampleState(log_path=log)
        output = run_graph(store, session, sample_graph.NAME, state, "hello", _on_event)
    else:
        output = resume_graph(store, session, _on_event)
    print(json.dumps(output))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
