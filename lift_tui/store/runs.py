"""Graph runs: the journal of completed nodes and the state snapshot after each.

The runner (``lift_tui.graphs.runner``) calls these; each call is one transaction, so
a run killed at any instant leaves either the whole step recorded or none of it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .connection import guarded, utc_now
from .errors import StoreError, StoreErrorKind
from .liveness import current_process, effective_status
from .models import RunInfo, SessionStatus, StepRecord

if TYPE_CHECKING:
    from .connection import Connection


class RunsMixin:
    connection: Connection

    def resolve_id(self, session_id: str) -> str:  # provided by Store
        raise NotImplementedError

    @guarded
    def start_run(self, session_id: str, graph: str, inputs: str, state: str) -> int:
        """Record a new run owned by this process; ``inputs``/``state`` are JSON text."""
        full = self.resolve_id(session_id)
        pid, started = current_process()
        now = utc_now()
        with self.connection.transaction() as conn:
            self._refuse_if_running(full)
            cursor = conn.execute(
                """INSERT INTO graph_runs (session_id, graph, status, inputs, state, pid, pid_started,
                   created_at, updated_at) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)""",
                (full, graph, inputs, state, pid, started, now, now),
            )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now, full))
            return int(cursor.lastrowid or 0)

    @guarded
    def claim_run(self, session_id: str) -> RunInfo:
        """Take over the session's latest run for resuming; refuses one whose process still runs."""
        full = self.resolve_id(session_id)
        pid, started = current_process()
        with self.connection.transaction() as conn:
            run = self.latest_run(full)
            if run is None:
                raise StoreError(f"session {full} has no graph run to resume", StoreErrorKind.not_found)
            if run.status is SessionStatus.running:
                raise StoreError(
                    f"session {full} is running in process {run.pid}; wait for it or stop it",
                    StoreErrorKind.conflict,
                )
            if run.status is not SessionStatus.complete:
                conn.execute(
                    """UPDATE graph_runs SET status = 'running', pid = ?, pid_started = ?, error = NULL,
                       updated_at = ? WHERE id = ?""",
                    (pid, started, utc_now(), run.id),
                )
        return self.run_info(run.id)

    def _refuse_if_running(self, session_id: str) -> None:
        run = self.latest_run(session_id)
        if run is not None and run.status is SessionStatus.running:
            raise StoreError(
                f"session {session_id} is running in process {run.pid}; wait for it or stop it",
                StoreErrorKind.conflict,
            )

    @guarded
    def latest_run(self, session_id: str) -> RunInfo | None:
        rows = self.connection.query(
            "SELECT * FROM graph_runs WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
        )
        return _run_info(rows[0]) if rows else None

    @guarded
    def runs(self, session_id: str) -> list[RunInfo]:
        full = self.resolve_id(session_id)
        rows = self.connection.query("SELECT * FROM graph_runs WHERE session_id = ? ORDER BY id", (full,))
        return [_run_info(row) for row in rows]

    @guarded
    def run_info(self, run_id: int) -> RunInfo:
        return _run_info(self._run_row(run_id))

    @guarded
    def run_payload(self, run_id: int) -> dict[str, str | None]:
        """The run's JSON texts: ``inputs``, ``state`` (latest snapshot), ``output``."""
        row = self._run_row(run_id)
        return {"inputs": row["inputs"], "state": row["state"], "output": row["output"]}

    def _run_row(self, run_id: int) -> dict[str, Any]:
        rows = self.connection.query("SELECT * FROM graph_runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no graph run {run_id}", StoreErrorKind.not_found)
        return rows[0]

    @guarded
    def journal(self, run_id: int) -> dict[str, str]:
        """Completed steps of the run: replay key -> encoded output (JSON text)."""
        rows = self.connection.query("SELECT key, output FROM graph_steps WHERE run_id = ?", (run_id,))
        return {row["key"]: row["output"] for row in rows}

    @guarded
    def steps(self, run_id: int) -> list[StepRecord]:
        rows = self.connection.query(
            "SELECT seq, node_id, key, output, state, seconds, finished_at FROM graph_steps"
            " WHERE run_id = ? ORDER BY seq",
            (run_id,),
        )
        return [
            StepRecord.model_validate(
                {**row, "output": json.loads(row["output"]), "state": json.loads(row["state"])}
            )
            for row in rows
        ]

    @guarded
    def record_step(
        self,
        run_id: int,
        node_id: str,
        key: str,
        output: str,
        state: str,
        seconds: float,
        running: str | None,
    ) -> int:
        """Journal one completed node and the state after it, atomically; returns completed count."""
        now = utc_now()
        with self.connection.transaction() as conn:
            seq = conn.execute(
                "SELECT completed_nodes + 1 FROM graph_runs WHERE id = ?", (run_id,)
            ).fetchone()[0]
            conn.execute(
                """INSERT INTO graph_steps (run_id, seq, node_id, key, output, state, seconds, finished_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (run_id, seq, node_id, key, output, state, seconds, now),
            )
            conn.execute(
                """UPDATE graph_runs SET state = ?, completed_nodes = ?, current_node = ?, updated_at = ?
                   WHERE id = ?""",
                (state, seq, running, now, run_id),
            )
        return int(seq)

    @guarded
    def set_current_node(self, run_id: int, running: str | None) -> None:
        with self.connection.transaction() as conn:
            conn.execute(
                "UPDATE graph_runs SET current_node = ?, updated_at = ? WHERE id = ?",
                (running, utc_now(), run_id),
            )

    @guarded
    def finish_run(
        self, run_id: int, status: SessionStatus, *, output: str | None = None, error: str | None = None
    ) -> None:
        with self.connection.transaction() as conn:
            conn.execute(
                """UPDATE graph_runs SET status = ?, output = coalesce(?, output), error = ?,
                   current_node = NULL, updated_at = ? WHERE id = ?""",
                (status.value, output, error, utc_now(), run_id),
            )


def _run_info(row: dict[str, Any]) -> RunInfo:
    return RunInfo(
        id=row["id"],
        session_id=row["session_id"],
        graph=row["graph"],
        status=effective_status(row["status"], row["pid"], row["pid_started"]),
        completed_nodes=row["completed_nodes"],
        current_node=row["current_node"],
        pid=row["pid"],
        error=row["error"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
