"""Opening the SQLite file: WAL, busy timeout, foreign keys, migrations, and clear errors.

Writes use ``BEGIN IMMEDIATE`` so two processes queue on the write lock (for at most
the busy timeout) instead of failing mid-transaction when a read upgrades to a write.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import sqlite_utils

from .errors import StoreError, StoreErrorKind, translate
from .schema import LATEST_VERSION, current_version, is_foreign, migrate

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_TIMEOUT_S = 5.0


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> sqlite3.Connection:
    """A migrated connection to ``path``; raises :class:`StoreError` for every fault."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder for {path}: {error}; pass another --db") from error
    if path.is_dir():
        raise StoreError(
            f"{path} is a folder, not a database file; pass a file with --db", StoreErrorKind.not_a_database
        )
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        # Reading the schema first fails cleanly on garbage before anything is written.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if is_foreign(conn):
            raise StoreError(
                f"{path} is a SQLite database of another program; pass another file with --db",
                StoreErrorKind.not_a_database,
            )
        version = current_version(conn)
        if version > LATEST_VERSION:
            raise StoreError(
                f"{path} was written by a newer lift-tui (schema {version} > {LATEST_VERSION}); "
                "upgrade lift-tui",
                StoreErrorKind.newer_schema,
            )
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
        return conn
    except BaseException as error:
        if conn is not None:
            conn.close()
        if isinstance(error, sqlite3.Error | OSError):
            raise translate(error, path) from error
        raise


class Connection:
    """A connection shared by threads (the TUI's workers), one statement or transaction at a time."""

    def __init__(self, path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.path = path
        self.conn = connect(path, timeout)
        self.db = sqlite_utils.Database(self.conn)
        self.lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all (nested blocks join the outer one)."""
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            except (sqlite3.Error, OSError) as error:
                if self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise translate(error, self.path) from error

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self.lock:
            try:
                return list(self.db.query(sql, params))
            except (sqlite3.Error, OSError) as error:
                raise translate(error, self.path) from error

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Turn any sqlite3/OS error escaping a store method into a :class:`StoreError`."""

    @wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as error:
            store = args[0]
            raise translate(error, getattr(store, "path", "database")) from error

    return wrapper
