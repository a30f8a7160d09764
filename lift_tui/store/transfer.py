"""Export a session as one JSON document and import it back, losslessly.

The document names rows by meaning (qualname + version), not by database ids, so
``export(import(export(s)))`` equals ``export(s)`` except for the session id. Importing
a session whose id already exists gives the copy a new id (nothing is overwritten).
Live process ids are not exported: a run that was running is imported as interrupted.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lift_tui.ir.models import IR

from .errors import StoreError, StoreErrorKind
from .models import HoleAction, SessionStatus

if TYPE_CHECKING:
    from .models import SessionInfo
    from .store import Store

FORMAT = "lift-tui-session"
FORMAT_VERSION = 1


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExportedIR(_Doc):
    qualname: str
    version: int = Field(ge=1)
    cause: str
    ir: IR
    created_at: str


class ExportedHoleEvent(_Doc):
    qualname: str
    hole: str
    action: HoleAction
    value: str | None = None
    source: str = "human"
    note: str | None = None
    ir_version: int | None = None
    created_at: str


class ExportedCode(_Doc):
    qualname: str
    ir_version: int | None = None
    code: str
    validation: dict[str, Any]
    created_at: str


class ExportedExample(_Doc):
    program: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    score: float | None = None
    created_at: str


class ExportedStep(_Doc):
    seq: int
    node_id: str
    key: str
    output: Any
    state: dict[str, Any]
    seconds: float
    finished_at: str


class ExportedRun(_Doc):
    graph: str
    status: SessionStatus
    inputs: Any
    state: dict[str, Any]
    output: Any = None
    error: str | None = None
    completed_nodes: int
    created_at: str
    updated_at: str
    steps: list[ExportedStep] = Field(default_factory=list)


class ExportedSession(_Doc):
    format: Literal["lift-tui-session"]
    format_version: int
    id: str
    title: str
    origin: str
    created_at: str
    updated_at: str
    ui_state: dict[str, Any] = Field(default_factory=dict)
    ir_versions: list[ExportedIR] = Field(default_factory=list)
    hole_events: list[ExportedHoleEvent] = Field(default_factory=list)
    code: list[ExportedCode] = Field(default_factory=list)
    examples: list[ExportedExample] = Field(default_factory=list)
    graph_runs: list[ExportedRun] = Field(default_factory=list)


def export_session(store: Store, session_id: str) -> dict[str, Any]:
    q = store.connection.query
    session = q("SELECT * FROM sessions WHERE id = ?", (session_id,))[0]
    runs = []
    for run in store.runs(session_id):
        payload = store.run_payload(run.id)
        runs.append(
            {
                "graph": run.graph,
                "status": run.status.value,
                "inputs": json.loads(payload["inputs"] or "null"),
                "state": json.loads(payload["state"] or "{}"),
                "output": json.loads(payload["output"] or "null"),
                "error": run.error,
                "completed_nodes": run.completed_nodes,
                "created_at": run.created_at,
                "updated_at": run.updated_at,
                "steps": [step.model_dump(mode="json") for step in store.steps(run.id)],
            }
        )
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": session["id"],
        "title": session["title"],
        "origin": session["origin"],
        "created_at": session["created_at"],
        "updated_at": session["updated_at"],
        "ui_state": json.loads(session["ui_state"]),
        "ir_versions": [
            {
                "qualname": r["qualname"],
                "version": r["version"],
                "cause": r["cause"],
                "ir": json.loads(r["ir"]),
                "created_at": r["created_at"],
            }
            for r in q("SELECT * FROM ir_versions WHERE session_id = ? ORDER BY id", (session_id,))
        ],
        "hole_events": [
            {k: r[k] for k in ExportedHoleEvent.model_fields}
            for r in q("SELECT * FROM hole_events WHERE session_id = ? ORDER BY id", (session_id,))
        ],
        "code": [
            {
                **{k: r[k] for k in ("qualname", "ir_version", "code", "created_at")},
                "validation": json.loads(r["validation"]),
            }
            for r in q("SELECT * FROM code_artifacts WHERE session_id = ? ORDER BY id", (session_id,))
        ],
        "examples": [
            {
                "program": r["program"],
                "inputs": json.loads(r["inputs"]),
                "outputs": json.loads(r["outputs"]),
                "score": r["score"],
                "created_at": r["created_at"],
            }
            for r in q("SELECT * FROM examples WHERE session_id = ? ORDER BY id", (session_id,))
        ],
        "graph_runs": runs,
    }
    # Validate our own output too: what we write must be importable.
    return ExportedSession.model_validate(doc).model_dump(mode="json")


def parse_document(data: dict[str, Any] | str | bytes) -> ExportedSession:
    """The validated document; a :class:`StoreError` (bad_import) saying what is wrong otherwise."""
    try:
        if isinstance(data, str | bytes):
            data = json.loads(data)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StoreError(
                'not a lift-tui session export (missing "format": "lift-tui-session")',
                StoreErrorKind.bad_import,
            )
        if data.get("format_version") != FORMAT_VERSION:
            raise StoreError(
                f"unsupported export format_version {data.get('format_version')!r} "
                f"(this lift-tui reads {FORMAT_VERSION})",
                StoreErrorKind.bad_import,
            )
        return ExportedSession.model_validate(data)
    except json.JSONDecodeError as error:
        raise StoreError(f"import file is not valid JSON ({error})", StoreErrorKind.bad_import) from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreError(
            f"import file is malformed at {where}: {first['msg']} ({error.error_count()} problem(s))",
            StoreErrorKind.bad_import,
        ) from error


def import_session(store: Store, data: dict[str, Any] | str | bytes) -> SessionInfo:
    """Add the exported session in one transaction; a clashing id gets a fresh one."""
    doc = parse_document(data)
    with store.connection.transaction() as conn:
        try:
            return _insert(store, conn, doc)
        except sqlite3.IntegrityError as error:
            raise StoreError(
                f"import file is inconsistent ({error}); nothing was imported", StoreErrorKind.bad_import
            ) from error


def _insert(store: Store, conn: sqlite3.Connection, doc: ExportedSession) -> SessionInfo:
    from .store import new_session_id

    db = store.connection.db
    session_id = doc.id
    while store.connection.query("SELECT 1 FROM sessions WHERE id = ?", (session_id,)):
        session_id = new_session_id()
    db["sessions"].insert(
        {
            "id": session_id,
            "title": doc.title,
            "origin": doc.origin,
            "created_at": doc.created_at,
            "updated_at": doc.updated_at,
            "ui_state": json.dumps(doc.ui_state),
        }
    )
    for v in doc.ir_versions:
        db["ir_versions"].insert(
            {
                "session_id": session_id,
                "qualname": v.qualname,
                "version": v.version,
                "cause": v.cause,
                "ir": v.ir.model_dump_json(),
                "created_at": v.created_at,
            }
        )
    for e in doc.hole_events:
        db["hole_events"].insert({"session_id": session_id, **e.model_dump(mode="json")})
    for c in doc.code:
        db["code_artifacts"].insert(
            {
                "session_id": session_id,
                **c.model_dump(mode="json"),
                "validation": json.dumps(c.validation),
            }
        )
    for x in doc.examples:
        db["examples"].insert(
            {
                "session_id": session_id,
                "program": x.program,
                "inputs": json.dumps(x.inputs),
                "outputs": json.dumps(x.outputs),
                "score": x.score,
                "created_at": x.created_at,
            }
        )
    for run in doc.graph_runs:
        status = SessionStatus.interrupted if run.status is SessionStatus.running else run.status
        cursor = conn.execute(
            """INSERT INTO graph_runs (session_id, graph, status, inputs, state, output, error,
               completed_nodes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                session_id,
                run.graph,
                status.value,
                json.dumps(run.inputs),
                json.dumps(run.state),
                None if run.output is None else json.dumps(run.output),
                run.error,
                run.completed_nodes,
                run.created_at,
                run.updated_at,
            ),
        )
        for step in run.steps:
            conn.execute(
                """INSERT INTO graph_steps
                   (run_id, seq, node_id, key, output, state, seconds, finished_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    cursor.lastrowid,
                    step.seq,
                    step.node_id,
                    step.key,
                    json.dumps(step.output),
                    json.dumps(step.state),
                    step.seconds,
                    step.finished_at,
                ),
            )
    return store.get_session(session_id)
