"""Bytes to an ``ast.Module``, or a :class:`LiftError` saying why not.

Every way a file can be unfit (too big, binary, wrong encoding, bad syntax, too deep
for the parser) ends here as a value, never as an exception, so a run over thousands
of files never stops at the first bad one.
"""

from __future__ import annotations

import ast
import errno
import io
import tokenize
from pathlib import Path

from .report import LiftError, LiftErrorKind


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode(data: bytes, path: str) -> str | LiftError:
    """Text of ``data`` per its PEP 263 cookie (or BOM), after rejecting binary content."""
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = _line_col(data, nul)
        return LiftError(
            path=path,
            kind=LiftErrorKind.binary,
            message=f"binary content (NUL byte at offset {nul}); not a Python source file",
            line=line,
            column=column,
        )
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        message = str(error).split(" for ")[0].split(" (")[0]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:  # say where, not just that the cookie is missing
            line, column = _line_col(data, bad.start)
            message = f"not UTF-8 and no coding cookie: byte {data[bad.start]:#04x} at offset {bad.start}"
            return LiftError(
                path=path, kind=LiftErrorKind.encoding, message=message, line=line, column=column
            )
        return LiftError(path=path, kind=LiftErrorKind.encoding, message=message)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _line_col(data, error.start)
        return LiftError(
            path=path,
            kind=LiftErrorKind.encoding,
            message=f"cannot decode as {encoding}: byte {data[error.start]:#04x} at offset {error.start}",
            line=line,
            column=column,
        )
    except LookupError:
        return LiftError(path=path, kind=LiftErrorKind.encoding, message=f"unknown encoding {encoding!r}")


def parse(text: str | bytes, path: str) -> ast.Module | LiftError:
    """``ast.parse`` with every failure mode turned into a one-line error."""
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as error:
        line = error.lineno
        column = error.offset if error.offset and error.offset > 0 else None
        return LiftError(path=path, kind=LiftErrorKind.syntax, message=error.msg, line=line, column=column)
    except RecursionError:
        return LiftError(
            path=path, kind=LiftErrorKind.recursion, message="source nested too deeply for the Python parser"
        )
    except MemoryError as error:
        # CPython's parser reports a stack overflow (absurd nesting) as an empty MemoryError.
        if str(error):
            return LiftError(path=path, kind=LiftErrorKind.memory, message=str(error))
        return LiftError(
            path=path,
            kind=LiftErrorKind.recursion,
            message="source nested too deeply for the Python parser (parser stack overflow)",
        )
    except ValueError as error:  # e.g. null bytes that slipped past decode()
        return LiftError(path=path, kind=LiftErrorKind.binary, message=str(error))


def read(path: Path, max_bytes: int) -> bytes | LiftError:
    """The file's bytes, refusing before reading anything over ``max_bytes``."""
    name = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            return LiftError(path=name, kind=LiftErrorKind.unreadable, message="not a regular file")
        if size > max_bytes:
            return LiftError(
                path=name,
                kind=LiftErrorKind.too_large,
                message=f"{size} bytes is over the {max_bytes}-byte limit (setting max_file_bytes)",
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return LiftError(path=name, kind=LiftErrorKind.symlink_loop, message="symbolic link loop")
        return LiftError(
            path=name, kind=LiftErrorKind.unreadable, message=error.strerror or type(error).__name__
        )
    if len(data) > max_bytes:  # grew while we looked
        return LiftError(
            path=name,
            kind=LiftErrorKind.too_large,
            message=f"over the {max_bytes}-byte limit (max_file_bytes)",
        )
    return data
