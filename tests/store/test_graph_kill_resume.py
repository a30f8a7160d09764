"""SIGKILL a real graph run at many points, resume it in another process, compare with a clean run."""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from lift_tui.store import SessionStatus, Store, open_store

from .conftest import child

NODES = ["intent", "signature", "constraints", "merge", "Check", "Finish"]


def _run(db: Path, mode: str, session: str, log: Path, **env: str) -> tuple[int, str]:
    process = child("tests.store.graph_child", str(db), mode, session, str(log), env=env)
    out, err = process.communicate(timeout=60)
    return process.returncode, out + err


def _final(store: Store, session: str) -> tuple[dict, str | None]:
    run = store.latest_run(session)
    assert run is not None
    payload = store.run_payload(run.id)
    state = json.loads(payload["state"] or "{}")
    state.pop("log_path")
    return state, payload["output"]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str | None, str]:
    folder = tmp_path_factory.mktemp("baseline")
    db = folder / "lift.db"
    with open_store(db) as store:
        session = store.create_session("baseline", "forward").id
    code, output = _run(db, "run", session, folder / "log")
    assert code == 0, output
    with open_store(db) as store:
        state, final = _final(store, session)
    return state, final, output.strip()


def _lines(log: Path, verb: str) -> Counter[str]:
    return Counter(line.split()[1] for line in log.read_text().splitlines() if line.startswith(verb))


def _resume_and_compare(db: Path, session: str, log: Path, baseline: tuple[dict, str | None, str]) -> None:
    with open_store(db) as store:
        info = store.get_session(session)
        assert info.status is SessionStatus.interrupted
        completed_before = info.completed_nodes
    code, output = _run(db, "resume", session, log)
    assert code == 0, output
    assert output.strip() == baseline[2]
    with open_store(db) as store:
        assert _final(store, session)[:2] == baseline[:2]
        info = store.get_session(session)
        assert info.status is SessionStatus.complete
        assert info.completed_nodes == len(NODES)
        steps = store.steps(store.latest_run(session).id)
        assert sorted(s.node_id for s in steps) == sorted(NODES)
        assert [s.seq for s in steps] == list(range(1, len(NODES) + 1))
        assert completed_before < len(NODES)
    assert _lines(log, "done") == Counter(NODES), "a completed node ran twice or not at all"


@pytest.mark.parametrize("node", NODES)
def test_killed_inside_a_node_resumes(
    tmp_path: Path, node: str, baseline: tuple[dict, str | None, str]
) -> None:
    db, log = tmp_path / "lift.db", tmp_path / "log"
    with open_store(db) as store:
        session = store.create_session(f"kill in {node}", "forward").id
    process = child(
        "tests.store.graph_child",
        str(db),
        "run",
        session,
        str(log),
        env={"LIFT_TEST_PAUSE_AT": node, "LIFT_TEST_DIR": str(tmp_path)},
    )
    deadline = time.monotonic() + 30
    while not (tmp_path / f"reached-{node}").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with open_store(db) as store:
        assert store.get_session(session).status is SessionStatus.running
    process.send_signal(signal.SIGKILL)
    # Deliberately not reaped: a zombie must already count as dead (the kill itself takes a moment).
    with open_store(db) as store:
        deadline = time.monotonic() + 5
        while store.get_session(session).status is not SessionStatus.interrupted:
            assert time.monotonic() < deadline, "a killed run still shows as running"
            time.sleep(0.01)
        assert node in (store.get_session(session).current_node or "")
    process.wait()
    _resume_and_compare(db, session, log, baseline)
    assert _lines(log, "start")[node] == 2  # the node in flight ran again, and only it


@pytest.mark.parametrize("node", NODES[:-1])
def test_killed_right_after_a_node_is_saved_runs_nothing_twice(
    tmp_path: Path, node: str, baseline: tuple[dict, str | None, str]
) -> None:
    db, log = tmp_path / "lift.db", tmp_path / "log"
    with open_store(db) as store:
        session = store.create_session(f"kill after {node}", "forward").id
    code, _ = _run(db, "run", session, log, LIFT_TEST_KILL_AFTER=node)
    assert code == -signal.SIGKILL
    _resume_and_compare(db, session, log, baseline)
    assert _lines(log, "start") == Counter(NODES)


def test_killed_twice_then_resumed(tmp_path: Path, baseline: tuple[dict, str | None, str]) -> None:
    db, log = tmp_path / "lift.db", tmp_path / "log"
    with open_store(db) as store:
        session = store.create_session("twice", "forward").id
    assert _run(db, "run", session, log, LIFT_TEST_KILL_AFTER="signature")[0] == -signal.SIGKILL
    assert _run(db, "resume", session, log, LIFT_TEST_KILL_AFTER="Check")[0] == -signal.SIGKILL
    _resume_and_compare(db, session, log, baseline)
    assert _lines(log, "start") == Counter(NODES)


def test_resuming_a_complete_run_runs_nothing(tmp_path: Path, baseline: tuple[dict, str | None, str]) -> None:
    db, log = tmp_path / "lift.db", tmp_path / "log"
    with open_store(db) as store:
        session = store.create_session("done", "forward").id
    assert _run(db, "run", session, log)[0] == 0
    code, output = _run(db, "resume", session, log)
    assert code == 0 and output.strip() == baseline[2]
    assert _lines(log, "start") == Counter(NODES)
