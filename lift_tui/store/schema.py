"""The database schema as an ordered list of migrations, applied once each, from the first release on.

``PRAGMA user_version`` holds the number of migrations applied; ``PRAGMA application_id``
marks the file as ours so a stranger's SQLite database is refused rather than written into.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x4C494654  # "LIFT"

MIGRATIONS: tuple[str, ...] = (
    # 1: first release
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        origin TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ui_state TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE ir_versions (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        qualname TEXT NOT NULL,
        version INTEGER NOT NULL,
        cause TEXT NOT NULL,
        ir TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (session_id, qualname, version)
    );
    CREATE TABLE hole_events (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        qualname TEXT NOT NULL,
        hole TEXT NOT NULL,
        action TEXT NOT NULL,
        value TEXT,
        source TEXT NOT NULL,
        note TEXT,
        ir_version INTEGER,
        created_at TEXT NOT NULL
    );
    CREATE INDEX hole_events_session ON hole_events(session_id, qualname);
    CREATE TABLE code_artifacts (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        qualname TEXT NOT NULL,
        ir_version INTEGER,
        code TEXT NOT NULL,
        validation TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX code_artifacts_session ON code_artifacts(session_id, qualname);
    CREATE TABLE examples (
        id INTEGER PRIMARY KEY,
        session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
        program TEXT NOT NULL,
        inputs TEXT NOT NULL,
        outputs TEXT NOT NULL,
        score REAL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX examples_program ON examples(program);
    CREATE TABLE graph_runs (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        graph TEXT NOT NULL,
        status TEXT NOT NULL,
        inputs TEXT NOT NULL,
        state TEXT NOT NULL,
        output TEXT,
        error TEXT,
        completed_nodes INTEGER NOT NULL DEFAULT 0,
        current_node TEXT,
        pid INTEGER,
        pid_started TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX graph_runs_session ON graph_runs(session_id);
    CREATE TABLE graph_steps (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES graph_runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        node_id TEXT NOT NULL,
        key TEXT NOT NULL,
        output TEXT NOT NULL,
        state TEXT NOT NULL,
        seconds REAL NOT NULL,
        finished_at TEXT NOT NULL,
        UNIQUE (run_id, key)
    );
    """,
)

LATEST_VERSION = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def is_foreign(conn: sqlite3.Connection) -> bool:
    """True for a database that holds tables but was not created by lift-tui."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return False
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    return app_id != 0 or tables > 0


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migrations, each in its own transaction; returns the resulting version."""
    version = current_version(conn)
    while version < LATEST_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            version = current_version(conn)
            if version >= LATEST_VERSION:
                conn.execute("COMMIT")
                break
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version += 1
    return version


def _statements(script: str) -> list[str]:
    """Split a migration script; ``executescript`` would commit our transaction behind our back."""
    return [part.strip() for part in script.split(";") if part.strip()]
