"""One exception for everything that can go wrong with the database, with a message a user can act on.

SQLite reports faults as a handful of generic exception classes whose text says what
happened; :func:`translate` turns them into a :class:`StoreError` whose ``kind`` callers
can branch on and whose message says what to do next.
"""

from __future__ import annotations

import errno
from enum import StrEnum
from pathlib import Path


class StoreErrorKind(StrEnum):
    corrupt = "corrupt"
    not_a_database = "not_a_database"
    locked = "locked"
    disk_full = "disk_full"
    newer_schema = "newer_schema"
    readonly = "readonly"
    io = "io"
    not_found = "not_found"
    ambiguous = "ambiguous"
    bad_import = "bad_import"
    conflict = "conflict"


# SQLite reports ENOSPC as SQLITE_FULL, but EFBIG (file size limit) and some
# full-disk cases as write I/O errors.
_WRITE_FAILURES = frozenset(
    {
        "SQLITE_FULL",
        "SQLITE_IOERR_WRITE",
        "SQLITE_IOERR_SHORT_WRITE",
        "SQLITE_IOERR_TRUNCATE",
        "SQLITE_IOERR_FSYNC",
    }
)


class StoreError(Exception):
    """A store failure; ``str(error)`` is one line that says what went wrong and what to do."""

    def __init__(self, message: str, kind: StoreErrorKind = StoreErrorKind.io) -> None:
        super().__init__(message)
        self.kind = kind


def translate(error: BaseException, path: Path | str) -> StoreError:
    """The :class:`StoreError` for a sqlite3 or OS error raised while using the database at ``path``."""
    text = str(error).lower()
    if isinstance(error, StoreError):
        return error
    if "file is not a database" in text:
        return StoreError(
            f"{path} is not a SQLite database; pass another file with --db", StoreErrorKind.not_a_database
        )
    if "malformed" in text or "corrupt" in text:
        return StoreError(
            f"database {path} is corrupt ({error}); restore a backup or pass a new file with --db",
            StoreErrorKind.corrupt,
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"database {path} is locked by another process; close the other lift-tui and try again",
            StoreErrorKind.locked,
        )
    name = str(getattr(error, "sqlite_errorname", ""))
    if (
        name in _WRITE_FAILURES
        or "full" in text
        or "too large" in text
        or getattr(error, "errno", None) in (errno.ENOSPC, errno.EFBIG)
    ):
        return StoreError(
            f"cannot write {path}: disk full or file size limit reached ({name or error}); "
            "free space and try again (the change was not saved)",
            StoreErrorKind.disk_full,
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"database {path} is read-only; pass a writable file with --db", StoreErrorKind.readonly
        )
    return StoreError(f"database {path}: {error}", StoreErrorKind.io)
