"""The store's service layer: sessions, IR versions, hole decisions, code, examples, UI state.

Callers get Pydantic models back (see :mod:`.models`), never rows. Every method that
writes more than one row does so in one transaction. Graph runs live in :mod:`.runs`,
export/import in :mod:`.transfer`.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from lift_tui.ir.models import IR

from .artifacts import ArtifactsMixin
from .connection import DEFAULT_TIMEOUT_S, Connection, guarded, utc_now
from .errors import StoreError, StoreErrorKind
from .liveness import effective_status
from .models import (
    HoleAction,
    HoleEvent,
    IRVersion,
    SessionInfo,
)
from .runs import RunsMixin
from .transfer import export_session, import_session

_SESSION_SQL = """
SELECT s.*, r.graph, r.status AS run_status, r.completed_nodes, r.current_node, r.pid, r.pid_started,
       r.updated_at AS run_updated_at
FROM sessions s
LEFT JOIN graph_runs r ON r.id = (SELECT max(id) FROM graph_runs WHERE session_id = s.id)
"""


def new_session_id() -> str:
    return uuid.uuid4().hex[:10]


class Store(RunsMixin, ArtifactsMixin):
    """One lift-tui database. Obtain with :func:`open_store`; safe to share between threads."""

    def __init__(self, path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = path
        self.connection = Connection(path, timeout)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- sessions -----------------------------------------------------------------------------

    @guarded
    def create_session(self, title: str, origin: str = "forward") -> SessionInfo:
        now = utc_now()
        with self.connection.transaction():
            session_id = new_session_id()
            while self.connection.query("SELECT 1 FROM sessions WHERE id = ?", (session_id,)):
                session_id = new_session_id()
            self.connection.db["sessions"].insert(
                {
                    "id": session_id,
                    "title": title,
                    "origin": origin,
                    "created_at": now,
                    "updated_at": now,
                    "ui_state": "{}",
                }
            )
        return self.get_session(session_id)

    @guarded
    def list_sessions(self) -> list[SessionInfo]:
        rows = self.connection.query(_SESSION_SQL + " ORDER BY s.updated_at DESC, s.id")
        return [self._session(row) for row in rows]

    @guarded
    def get_session(self, session_id: str) -> SessionInfo:
        """The session whose id is ``session_id`` or starts with it (a unique prefix)."""
        return self._session(self._session_row(session_id))

    def resolve_id(self, session_id: str) -> str:
        return str(self._session_row(session_id)["id"])

    @guarded
    def delete_session(self, session_id: str) -> SessionInfo:
        info = self.get_session(session_id)
        with self.connection.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (info.id,))
        return info

    @guarded
    def rename_session(self, session_id: str, title: str) -> SessionInfo:
        full = self.resolve_id(session_id)
        with self.connection.transaction() as conn:
            conn.execute(
                "UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?", (title, utc_now(), full)
            )
        return self.get_session(full)

    def _session_row(self, session_id: str) -> dict[str, Any]:
        prefix = session_id.strip()
        if not prefix:
            raise StoreError(
                "empty session id; run `lift-tui sessions list` to see ids", StoreErrorKind.not_found
            )
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.connection.query(
            _SESSION_SQL + " WHERE s.id = ? OR s.id LIKE ? ESCAPE '\\' ORDER BY s.id", (prefix, escaped + "%")
        )
        exact = [row for row in rows if row["id"] == prefix]
        if exact:
            return exact[0]
        if not rows:
            raise StoreError(
                f"no session {prefix!r} in {self.path}; run `lift-tui sessions list` to see ids",
                StoreErrorKind.not_found,
            )
        if len(rows) > 1:
            ids = ", ".join(row["id"] for row in rows[:5])
            raise StoreError(
                f"session id {prefix!r} is ambiguous ({ids}); type more characters", StoreErrorKind.ambiguous
            )
        return rows[0]

    @staticmethod
    def _session(row: dict[str, Any]) -> SessionInfo:
        status = effective_status(row.get("run_status"), row.get("pid"), row.get("pid_started"))
        updated = max(row["updated_at"], row.get("run_updated_at") or "")
        return SessionInfo(
            id=row["id"],
            title=row["title"],
            origin=row["origin"],
            status=status,
            created_at=row["created_at"],
            updated_at=updated,
            completed_nodes=row.get("completed_nodes") or 0,
            current_node=row.get("current_node"),
            graph=row.get("graph"),
        )

    def _touch(self, session_id: str, now: str) -> None:
        self.connection.conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now, session_id))

    # -- IR versions --------------------------------------------------------------------------

    @guarded
    def save_ir(self, session_id: str, ir: IR, cause: str, *, key: str | None = None) -> IRVersion:
        """Append a version of ``ir`` under ``key`` (default: its qualname, else its signature name).

        A caller holding functions of several files passes a key that includes the file, so two
        ``f`` in two files stay two histories; the key is stored in the ``qualname`` column.
        """
        full = self.resolve_id(session_id)
        qualname = key or ir.metadata.qualname or ir.signature.name
        now = utc_now()
        with self.connection.transaction() as conn:
            version = conn.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM ir_versions WHERE session_id = ? AND qualname = ?",
                (full, qualname),
            ).fetchone()[0]
            row_id = (
                self.connection.db["ir_versions"]
                .insert(
                    {
                        "session_id": full,
                        "qualname": qualname,
                        "version": version,
                        "cause": cause,
                        "ir": ir.model_dump_json(),
                        "created_at": now,
                    }
                )
                .last_pk
            )
            self._touch(full, now)
        return IRVersion(
            id=row_id, session_id=full, qualname=qualname, version=version, cause=cause, ir=ir, created_at=now
        )

    @guarded
    def latest_irs(self, session_id: str) -> list[IRVersion]:
        """The newest version of every function in the session, in the order they first appeared."""
        full = self.resolve_id(session_id)
        rows = self.connection.query(
            """SELECT v.* FROM ir_versions v
               JOIN (SELECT qualname, max(version) AS version, min(id) AS first FROM ir_versions
                     WHERE session_id = ? GROUP BY qualname) m
               ON v.qualname = m.qualname AND v.version = m.version
               WHERE v.session_id = ? ORDER BY m.first""",
            (full, full),
        )
        return [_ir_version(row) for row in rows]

    @guarded
    def ir_history(self, session_id: str, qualname: str) -> list[IRVersion]:
        full = self.resolve_id(session_id)
        rows = self.connection.query(
            "SELECT * FROM ir_versions WHERE session_id = ? AND qualname = ? ORDER BY version",
            (full, qualname),
        )
        return [_ir_version(row) for row in rows]

    # -- holes ----------------------------------------------------------------

    @guarded
    def record_resolution(
        self,
        session_id: str,
        qualname: str,
        hole: str,
        action: HoleAction | str,
        value: str | None = None,
        *,
        source: str = "human",
        note: str | None = None,
        ir: IR | None = None,
        cause: str | None = None,
    ) -> HoleEvent:
        """Record a decision about ``hole``; with ``ir``, also save the IR it produced, atomically."""
        full = self.resolve_id(session_id)
        action = HoleAction(action)
        hole = hole.removeprefix("?")
        now = utc_now()
        with self.connection.transaction():
            ir_version = None
            if ir is not None:
                ir_version = self.save_ir(full, ir, cause or f"resolution:{hole}", key=qualname).version
            row_id = (
                self.connection.db["hole_events"]
                .insert(
                    {
                        "session_id": full,
                        "qualname": qualname,
                        "hole": hole.removeprefix("?"),
                        "action": action.value,
                        "value": value,
                        "source": source,
                        "note": note,
                        "ir_version": ir_version,
                        "created_at": now,
                    }
                )
                .last_pk
            )
            self._touch(full, now)
        return HoleEvent(
            id=row_id,
            session_id=full,
            qualname=qualname,
            hole=hole.removeprefix("?"),
            action=action,
            value=value,
            source=source,
            note=note,
            ir_version=ir_version,
            created_at=now,
        )

    @guarded
    def hole_events(self, session_id: str, qualname: str | None = None) -> list[HoleEvent]:
        full = self.resolve_id(session_id)
        sql, params = "SELECT * FROM hole_events WHERE session_id = ?", [full]
        if qualname is not None:
            sql, params = sql + " AND qualname = ?", [*params, qualname]
        return [
            HoleEvent.model_validate(row)
            for row in self.connection.query(sql + " ORDER BY id", tuple(params))
        ]

    # -- UI state -----------------------------------------------------------------------------

    @guarded
    def save_ui_state(self, session_id: str, state: dict[str, Any]) -> None:
        """Replace the TUI's own blob (selected hole, scroll, ...); must be JSON-serialisable."""
        full = self.resolve_id(session_id)
        text = json.dumps(state)
        with self.connection.transaction() as conn:
            conn.execute("UPDATE sessions SET ui_state = ? WHERE id = ?", (text, full))

    @guarded
    def load_ui_state(self, session_id: str) -> dict[str, Any]:
        full = self.resolve_id(session_id)
        rows = self.connection.query("SELECT ui_state FROM sessions WHERE id = ?", (full,))
        return json.loads(rows[0]["ui_state"]) if rows else {}

    # -- export / import ----------------------------------------------------------------------

    @guarded
    def export_session(self, session_id: str) -> dict[str, Any]:
        return export_session(self, self.resolve_id(session_id))

    @guarded
    def import_session(self, data: dict[str, Any] | str | bytes) -> SessionInfo:
        return import_session(self, data)


def _ir_version(row: dict[str, Any]) -> IRVersion:
    return IRVersion.model_validate({**row, "ir": IR.model_validate_json(row["ir"])})


def open_store(path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT_S) -> Store:
    """The store at ``path`` (default: the settings' ``db``), created and migrated as needed."""
    if path is None:
        from lift_tui.settings import get_settings

        path = get_settings().db
    return Store(Path(path), timeout)
