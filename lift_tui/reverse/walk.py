"""A file or a directory tree to a stream of :class:`FileReport`, in sorted order.

Directories are walked with an explicit stack (no recursion limit), symlinked
directories are followed once (a directory already visited under its real path is
reported as a loop, never re-entered), and ``.venv``, ``__pycache__`` and hidden
directories are skipped. Reports are yielded one at a time so thousands of files never
sit in memory as sources.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

from .lift import lift_file
from .limits import max_file_bytes
from .report import FileReport, LiftError, LiftErrorKind, ReverseReport

SKIPPED_DIRS = frozenset({".venv", "venv", "__pycache__", "node_modules", "site-packages"})


def _skip(name: str) -> bool:
    return name in SKIPPED_DIRS or name.startswith(".")


def _error(path: str, kind: LiftErrorKind, message: str) -> FileReport:
    return FileReport(path=path, errors=[LiftError(path=path, kind=kind, message=message)])


def python_files(root: Path) -> Iterator[Path | FileReport]:
    """Python files under ``root``, depth first with entries sorted by name at every level
    (so ``sub/a.py`` < ``sub/b/`` < ``sub/c.py``); unreadable places come as error reports."""
    seen: set[str] = set()
    # Each item is a file to yield or a directory to expand; reversed pushes keep sorted order.
    stack: list[tuple[Path, bool]] = [(root, True)]
    while stack:
        path, is_dir = stack.pop()
        if not is_dir:
            yield path
            continue
        real = os.path.realpath(path)
        if real in seen:
            yield _error(
                str(path), LiftErrorKind.symlink_loop, f"symbolic link loop (already visited {real})"
            )
            continue
        seen.add(real)
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            kind = LiftErrorKind.symlink_loop if error.errno == errno.ELOOP else LiftErrorKind.unreadable
            yield _error(str(path), kind, error.strerror or str(error))
            continue
        children: list[tuple[Path, bool]] = []
        for entry in entries:
            try:
                entry_is_dir = entry.is_dir()
            except OSError:
                entry_is_dir = False
            if entry_is_dir and not _skip(entry.name):
                children.append((Path(entry.path), True))
            elif not entry_is_dir and entry.name.endswith(".py"):
                children.append((Path(entry.path), False))
        stack.extend(reversed(children))


def iter_lift_path(path: Path, max_bytes: int | None = None) -> Iterator[FileReport]:
    """One report per Python file under ``path`` (or for ``path`` itself if it is a file)."""
    if max_bytes is None:
        max_bytes = max_file_bytes()
    try:
        is_dir = path.is_dir()
    except OSError:
        is_dir = False
    if not is_dir:
        yield lift_file(path, max_bytes)
        return
    for item in python_files(path):
        yield item if isinstance(item, FileReport) else lift_file(item, max_bytes)


def lift_path(path: Path, max_bytes: int | None = None) -> ReverseReport:
    """Every file's report under ``path``, collected (use :func:`iter_lift_path` to stream)."""
    return ReverseReport(files=list(iter_lift_path(path, max_bytes)))
