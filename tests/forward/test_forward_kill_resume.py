"""SIGKILL a real ``lift-tui forward`` run at many points, resume each time in a new process, compare.

One uninterrupted reference run, then one session killed again and again along the graph: at
node boundaries (the child kills itself right after the store commits step k, see
``kill_child``) and inside a node (this test polls the database read-only and SIGKILLs the
process while generate_code is running). Every process is the real CLI with the real embedded
model, sharing one converted-model/DSPy cache (``LIFT_CACHE_DIR``); generation is greedy, so
"given the same model outputs" holds and is checked: the final IR and code must equal the
reference exactly (timings and session ids aside).

Kill points, in order (completed nodes in brackets):
  1. forward   — right after extract_intent is saved                       [1]
  2. resume    — inside the fork: one branch just saved, the other running  [2]
  3. resume    — right after the join (both branches saved)                 [3]
  4. resume    — right after merge_to_ir                                    [4]
  5. resume    — inside generate_code (model loading or generating)         [6]
  6. resume    — right after generate_code                                  [7]
  7. resume --json runs validate_code and prints the final result           [8]
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lift_tui.store import RunInfo, open_store

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "Tell whether an integer is even: is_even(4) == True and is_even(7) == False."
NODES = [
    "extract_intent", "generate_signature", "extract_constraints", "merge_to_ir",
    "detect_holes", "validate_ir", "generate_code", "validate_code",
]
FORK = {"generate_signature", "extract_constraints"}
TIMEOUT_S = 240.0
VOLATILE = {"seconds", "session"}


def _env() -> dict[str, str]:
    """The test's environment with one shared cache dir, so every process sees the same model."""
    from lift_tui.settings import get_settings

    return {**os.environ, "PYTHONPATH": str(ROOT), "LIFT_CACHE_DIR": str(get_settings().cache_dir)}


def _start(*args: str, kill_at: int | None = None) -> subprocess.Popen[str]:
    module = ["lift_tui"] if kill_at is None else ["tests.forward.kill_child", str(kill_at)]
    return subprocess.Popen(
        [sys.executable, "-m", *module, *args], cwd=ROOT, env=_env(), text=True,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"child did not finish in {TIMEOUT_S}s: {err[-800:]}")
    return process.returncode, out, err


def _comparable(value: Any) -> Any:
    """The result without what legitimately differs between runs: timings and the session id."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k not in VOLATILE and k != "trace"}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def _started(stderr: str) -> list[str]:
    """Nodes a process started, from the CLI's progress lines (``… node``)."""
    return [line[2:].strip() for line in stderr.splitlines() if line.startswith("… ")]


def _latest_run(db: Path, session: str) -> RunInfo | None:
    with open_store(db) as store:
        return store.latest_run(session)


def _kill_when(
    process: subprocess.Popen[str], db: Path, session: str, ready: Callable[[RunInfo], bool]
) -> str:
    """Poll the run (own read connection), SIGKILL the process as soon as ``ready`` holds; its stderr."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the process ended before the kill point: {err[-800:]}")
        run = _latest_run(db, session)
        if run is not None and run.pid == process.pid and ready(run):
            os.kill(process.pid, signal.SIGKILL)
            _, err = process.communicate(timeout=30)
            assert process.returncode == -signal.SIGKILL, err[-800:]
            return err
        time.sleep(0.05)
    process.kill()
    pytest.fail("the kill point was never reached")


def _listed(db: Path, *, cli: bool = True) -> dict[str, Any]:
    """The one session as ``sessions list --json`` prints it (``cli=False``: the same, in-process)."""
    if not cli:
        with open_store(db) as store:
            sessions = [s.model_dump(mode="json") for s in store.list_sessions()]
        assert len(sessions) == 1, sessions
        return sessions[0]
    proc = subprocess.run(
        [sys.executable, "-m", "lift_tui", "sessions", "list", "--json", "--db", str(db)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    sessions = json.loads(proc.stdout)
    assert len(sessions) == 1, sessions
    return sessions[0]


def _steps(db: Path, session: str) -> list[str]:
    with open_store(db) as store:
        run = store.latest_run(session)
        assert run is not None
        return [s.node_id for s in store.steps(run.id)]


@dataclasses.dataclass
class Finished:
    """A forward session that ran to the end: its database, id and final ``--json`` output."""

    db: Path
    session: str
    result: dict[str, Any]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Finished:
    """One uninterrupted ``forward --json`` run: what every killed-and-resumed run must end as."""
    db = tmp_path_factory.mktemp("reference") / "lift.db"
    code, out, err = _finish(_start("forward", PROMPT, "--json", "--best-of", "2", "--db", str(db)))
    assert code in (0, 1), err[-800:]
    result = json.loads(out)
    assert result["ir"] is not None and result["code"] is not None, result["errors"]
    assert Counter(t["node"] for t in result["trace"]) == Counter(NODES)
    return Finished(db, result["session"], result)


@pytest.fixture(scope="module")
def resumed(tmp_path_factory: pytest.TempPathFactory, reference: Finished) -> Finished:
    """The same prompt killed at every point of the module docstring, resumed each time.

    Each kill is checked on the spot (interrupted, exactly the expected nodes saved, none twice,
    no saved node started again by the resuming process).
    """
    db = tmp_path_factory.mktemp("killed") / "lift.db"
    done: list[str] = []  # nodes saved so far, in the order the journal has them

    def after_kill(expected: int, label: str) -> None:
        """The run is interrupted with exactly ``expected`` nodes saved, none twice."""
        listed = _listed(db, cli=expected == 1)
        assert listed["status"] == "interrupted", (label, listed)
        assert listed["completed_nodes"] == expected, (label, listed)
        steps = _steps(db, session)
        assert steps[: len(done)] == done, (label, steps)
        assert len(steps) == len(set(steps)) == expected, (label, steps)
        done[:] = steps

    def resume(kill_at: int | None = None, *extra: str) -> subprocess.Popen[str]:
        return _start("sessions", "resume", session, "--db", str(db), *extra, kill_at=kill_at)

    def check_started(err: str, label: str) -> None:
        again = set(_started(err)) & set(done)
        assert not again, f"{label}: a saved node ran again: {again}"

    # 1. forward, killed right after extract_intent is committed.
    proc = _start("forward", PROMPT, "--best-of", "2", "--db", str(db), kill_at=1)
    code, _, err = _finish(proc)
    assert code == -signal.SIGKILL, err[-800:]
    with open_store(db) as store:
        session = store.list_sessions()[0].id
    after_kill(1, "after intent")
    assert done == ["extract_intent"]

    # 2. inside the fork: right after the first branch is committed, the other still in flight.
    #    (Polling cannot aim here: the branches often finish milliseconds apart.)
    proc = resume(2)
    code, _, err = _finish(proc)
    assert code == -signal.SIGKILL, err[-800:]
    check_started(err, "mid-fork")
    after_kill(2, "mid-fork")
    assert done[1] in FORK

    # 3. right after the join: both branches saved; the saved one was replayed, not rerun.
    proc = resume(3)
    code, _, err = _finish(proc)
    assert code == -signal.SIGKILL, err[-800:]
    check_started(err, "after join")
    after_kill(3, "after join")
    assert set(done[1:3]) == FORK

    # 4. right after merge_to_ir.
    proc = resume(4)
    code, _, err = _finish(proc)
    assert code == -signal.SIGKILL, err[-800:]
    check_started(err, "after merge")
    after_kill(4, "after merge")
    assert done[3] == "merge_to_ir"

    # 5. inside generate_code (loading the model or generating), after holes and z3 were saved.
    proc = resume()
    err = _kill_when(proc, db, session, lambda run: run.current_node == "generate_code")
    check_started(err, "inside generate_code")
    after_kill(6, "inside generate_code")
    assert done[4:6] == ["detect_holes", "validate_ir"]

    # 6. right after generate_code (which ran again: it was in flight when killed).
    proc = resume(7)
    code, _, err = _finish(proc)
    assert code == -signal.SIGKILL, err[-800:]
    check_started(err, "after generate_code")
    assert "generate_code" in _started(err)
    after_kill(7, "after generate_code")

    # 7. the last resume finishes and prints the same JSON shape as ``forward --json``.
    code, out, err = _finish(resume(None, "--json"))
    assert code in (0, 1), err[-800:]
    return Finished(db, session, json.loads(out))


def test_killed_and_resumed_run_ends_exactly_like_the_uninterrupted_one(
    resumed: Finished, reference: Finished
) -> None:
    result = resumed.result
    assert result["session"] == resumed.session
    assert result["ir"] == reference.result["ir"], "the resumed IR differs from the reference"
    assert result["code"] == reference.result["code"], "the resumed code differs from the reference"
    assert _comparable(result) == _comparable(reference.result)
    assert result["validation"]["passed"] == reference.result["validation"]["passed"]
    assert Counter(t["node"] for t in result["trace"]) == Counter(NODES)


def test_resumed_run_is_listed_complete_with_every_node_saved_once(resumed: Finished) -> None:
    listed = _listed(resumed.db)
    assert listed["status"] == "complete" and listed["completed_nodes"] == len(NODES), listed
    with open_store(resumed.db) as store:
        run = store.latest_run(resumed.session)
        assert run is not None
        records = store.steps(run.id)
    assert Counter(s.node_id for s in records) == Counter(NODES), "a node was saved twice or never"
    assert [s.seq for s in records] == list(range(1, len(NODES) + 1))


def _saved(run: Finished) -> tuple[list[Any], list[str]]:
    """The IR versions and code artifacts the session keeps (what the TUI reopens)."""
    with open_store(run.db) as store:
        irs = [v.ir.model_dump(mode="json") for v in store.latest_irs(run.session)]
        code = [a.code for a in store.code_artifacts(run.session)]
    return irs, code


def test_uninterrupted_session_keeps_its_ir_and_code(reference: Finished) -> None:
    assert _saved(reference) == ([reference.result["ir"]], [reference.result["code"]])


def test_resumed_session_keeps_its_ir_and_code_like_an_uninterrupted_one(
    resumed: Finished, reference: Finished
) -> None:
    assert _saved(resumed) == _saved(reference)
