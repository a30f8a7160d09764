"""Writing resolved holes back into the lifted functions' source with libcst.

libcst keeps every byte we do not touch (comments, blank lines, quoting, the encoding), so
the only change in the file is the annotation, docstring line or guard we add. The file is
replaced atomically. :func:`write_resolutions` writes every resolved hole of a file in one
replacement (one step to undo) and refuses when the file is not the one the holes were lifted
from (its digest); :func:`write_back` writes one hole and re-lifts the function.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lift_tui.holes import HoleError, WriteBackResult, find_hole
from lift_tui.ir import IR, Hole, HoleStatus

_SLOT = re.compile(r"assertions\.precondition\.\d+")
_PARAM_DOC = re.compile(r"signature\.parameters\.([A-Za-z_]\w*)\.description")
_PARAM_TYPE = re.compile(r"signature\.parameters\.([A-Za-z_]\w*)\.type_hint")


def param_of_target(target: str) -> str | None:
    match = _PARAM_TYPE.fullmatch(target)
    return match.group(1) if match else None


def digest(data: bytes) -> str:
    """What identifies a file's content: write-back refuses a file whose digest moved on."""
    return hashlib.sha256(data).hexdigest()


def _edit_for(hole: Hole, value: str):  # -> Callable[[cst.FunctionDef], cst.FunctionDef]
    import libcst as cst

    param = param_of_target(hole.target)
    if param is not None:
        annotation = cst.Annotation(cst.parse_expression(value))

        def annotate(fn: cst.FunctionDef, indent: str) -> cst.FunctionDef:
            params = fn.params
            groups = {}
            for field in ("posonly_params", "params", "kwonly_params"):
                items = getattr(params, field)
                groups[field] = [_annotated(p, annotation) if p.name.value == param else p for p in items]
            for field in ("star_arg", "star_kwarg"):
                item = getattr(params, field)
                if isinstance(item, cst.Param) and item.name.value == param:
                    groups[field] = item.with_changes(annotation=annotation)
            return fn.with_changes(params=params.with_changes(**groups))

        return annotate
    if hole.target == "signature.returns":
        return lambda fn, indent: fn.with_changes(returns=cst.Annotation(cst.parse_expression(value)))
    if hole.target == "intent.summary":
        return lambda fn, indent: _with_docstring(fn, value, None, indent)
    match = _PARAM_DOC.fullmatch(hole.target)
    if match:
        return lambda fn, indent: _with_docstring(fn, None, f"Args:\n    {match.group(1)}: {value}", indent)
    if _SLOT.fullmatch(hole.target):
        message = value.replace("\\", "\\\\").replace('"', '\\"')
        guard = cst.parse_statement(
            f'if not ({value}):\n    raise ValueError("precondition failed: {message}")\n'
        )
        return lambda fn, indent: _insert_after_docstring(fn, guard)
    raise HoleError(f"{hole.reference}: writing {hole.target} back to source is not supported")


def _annotated(param, annotation):  # (cst.Param, cst.Annotation) -> cst.Param
    """``low=0`` becomes ``low: int = 0``: PEP 8 spaces the ``=`` of an annotated default."""
    import libcst as cst

    changes = {"annotation": annotation}
    if param.default is not None:
        changes["equal"] = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(" "),
                                           whitespace_after=cst.SimpleWhitespace(" "))
    return param.with_changes(**changes)


def _block(fn):  # -> cst.IndentedBlock
    import libcst as cst

    body = fn.body
    if isinstance(body, cst.IndentedBlock):
        return body
    lines = [cst.SimpleStatementLine(body=[stmt]) for stmt in body.body]
    return cst.IndentedBlock(body=lines)


def _docstring_index(block) -> int | None:
    import libcst as cst

    first = block.body[0] if block.body else None
    if (
        isinstance(first, cst.SimpleStatementLine)
        and len(first.body) == 1
        and isinstance(first.body[0], cst.Expr)
        and isinstance(first.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    ):
        return 0
    return None


def _insert_after_docstring(fn, statement):
    block = _block(fn)
    at = 1 if _docstring_index(block) is not None else 0
    return fn.with_changes(body=block.with_changes(body=[*block.body[:at], statement, *block.body[at:]]))


def _indent_of(block) -> str:
    indent = block.indent
    return indent if isinstance(indent, str) else "    "


def _with_docstring(fn, summary: str | None, section: str | None, indent: str):
    """Add a summary line or a section; ``indent`` is the body's absolute indentation."""
    import libcst as cst

    block = _block(fn)
    index = _docstring_index(block)
    if index is None:
        text = summary or ""
        if section:
            text = f"{text}\n\n{section}" if text else section
        statement = cst.SimpleStatementLine(body=[cst.Expr(cst.SimpleString(_quote(text, indent)))])
        return fn.with_changes(body=block.with_changes(body=[statement, *block.body]))
    node = block.body[0].body[0].value
    if not isinstance(node, cst.SimpleString):
        raise HoleError("the docstring is a concatenation of strings; edit it by hand")
    prefix = node.prefix
    quote = node.quote
    inner = node.raw_value
    if summary:
        inner = f"{summary}\n\n{inner.lstrip()}" if inner.strip() else summary
    if section:
        lines = section.split("\n")
        body = "\n".join(f"{indent}{line}" if line else "" for line in lines)
        closing = f"\n{indent}" if "\n" in inner and inner.endswith(("\n" + indent, "\n")) else f"\n{indent}"
        inner = f"{inner.rstrip()}\n\n{body}{closing}"
    if len(quote) == 1 and "\n" in inner:
        quote = quote * 3
    new = cst.SimpleString(f"{prefix}{quote}{inner}{quote}")
    line = block.body[0].with_changes(body=[block.body[0].body[0].with_changes(value=new)])
    return fn.with_changes(body=block.with_changes(body=[line, *block.body[1:]]))


def _quote(text: str, indent: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if "\n" not in text:
        return f'"""{text}"""'
    lines = text.split("\n")
    body = "\n".join([lines[0], *[f"{indent}{line}" if line else "" for line in lines[1:]]])
    return f'"""{body}\n{indent}"""'


def _transform(module, qualname: str, edit):
    import libcst as cst

    class Editor(cst.CSTTransformer):
        def __init__(self) -> None:
            self.stack: list[str] = []
            self.depth = 0
            self.done = False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            self.stack.append(node.name.value)
            self.depth += 1
            return True

        def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
            self.stack.pop()
            self.depth -= 1
            return updated

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            self.stack.extend([node.name.value, "<locals>"])
            self.depth += 1
            return True

        def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
            self.stack.pop()
            name = ".".join(self.stack)
            self.stack.pop()
            self.depth -= 1
            if name == qualname and not self.done:
                self.done = True
                return edit(updated, module.default_indent * (self.depth + 1))
            return updated

    editor = Editor()
    return module.visit(editor), editor.done


def write_back(path: Path | str, ir: IR, hole_id: str) -> WriteBackResult:
    """Write the resolution of ``hole_id`` into ``path`` and re-lift the function.

    Raises :class:`HoleError` if the hole is not resolved, its target cannot be written,
    the function is no longer in the file, or the file does not parse.
    """
    import libcst as cst

    hole = find_hole(ir, hole_id)
    if hole.status is not HoleStatus.resolved or hole.resolution is None:
        raise HoleError(f"{hole.reference} is not resolved; resolve it before writing it back")
    qualname = ir.metadata.qualname or ir.signature.name
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HoleError(f"cannot read {path}: {error.strerror or error}") from error
    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        raise HoleError(f"{path} does not parse now ({error.message}); fix it, then write back") from error
    edit = _edit_for(hole, hole.resolution.value)
    updated, found = _transform(module, qualname, edit)
    if not found:
        raise HoleError(f"{qualname} is no longer in {path}; re-lift the file")
    new_bytes = updated.bytes
    changed = new_bytes != data
    diff = ""
    if changed:
        old_text, new_text = module.code, updated.code
        diff = "".join(
            difflib.unified_diff(old_text.splitlines(True), new_text.splitlines(True), str(path), str(path))
        )
        _atomic_write(path, new_bytes)
    relifted = _relift(path, qualname)
    return WriteBackResult(
        path=str(path), qualname=qualname, hole=hole.identifier, changed=changed, diff=diff, ir=relifted
    )


def _atomic_write(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode & 0o7777
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def _relift(path: Path, qualname: str) -> IR | None:
    from lift_tui.reverse import lift_file

    report = lift_file(path)
    return next((f for f in report.functions if f.metadata.qualname == qualname), None)


@dataclass
class FileEdit:
    """One write of a file: what it held before (to undo), what it holds now, which holes went in."""

    path: str
    before: bytes
    after: bytes
    written: list[tuple[str, str]] = field(default_factory=list)
    """(qualname, hole) pairs now in the source."""
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    """(qualname, hole, why) for resolved holes that cannot be written (they stay in the IR)."""
    diff: str = ""

    @property
    def changed(self) -> bool:
        return self.before != self.after


def written_holes(ir: IR) -> list[Hole]:
    """The resolved holes of ``ir`` a write-back would put into the source."""
    return [h for h in ir.holes if h.status is HoleStatus.resolved and h.resolution is not None]


def write_resolutions(path: Path | str, functions: list[IR], expected: str | None = None) -> FileEdit:
    """Write every resolved hole of ``functions`` (all lifted from ``path``) in one atomic replacement.

    ``expected`` is the digest of the bytes the functions were lifted from: if the file holds
    anything else now, nothing is written and :class:`HoleError` says so. A hole whose target
    has no place in the source is reported in ``skipped``, not lost.
    """
    import libcst as cst

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HoleError(f"cannot read {path}: {error.strerror or error}") from error
    if expected is not None and digest(data) != expected:
        raise HoleError(f"{path.name} changed on disk since it was lifted; nothing was written — "
                        "it is re-lifted on save (or open it again), then write back")
    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        raise HoleError(f"{path} does not parse now ({error.message}); fix it, then write back") from error
    edit = FileEdit(str(path), data, data)
    updated = module
    for ir in functions:
        qualname = ir.metadata.qualname or ir.signature.name
        for hole in written_holes(ir):
            try:
                change = _edit_for(hole, hole.resolution.value)  # type: ignore[union-attr]
                candidate, found = _transform(updated, qualname, change)
            except (HoleError, cst.ParserSyntaxError) as error:
                why = error.message if isinstance(error, cst.ParserSyntaxError) else str(error)
                edit.skipped.append((qualname, hole.identifier, why))
                continue
            if not found:
                edit.skipped.append((qualname, hole.identifier, f"{qualname} is no longer in {path.name}"))
                continue
            updated = candidate
            edit.written.append((qualname, hole.identifier))
    edit.after = updated.bytes
    if edit.changed:
        edit.diff = "".join(difflib.unified_diff(module.code.splitlines(True), updated.code.splitlines(True),
                                                 str(path), str(path)))
        _atomic_write(path, edit.after)
    return edit


def restore(path: Path | str, before: bytes, expected: str) -> None:
    """Put back what a write replaced, if the file still holds what was written (digest ``expected``)."""
    path = Path(path)
    try:
        now = path.read_bytes()
    except OSError as error:
        raise HoleError(f"cannot read {path}: {error.strerror or error}") from error
    if digest(now) != expected:
        raise HoleError(f"{path.name} changed since the write-back; undo it in your editor instead")
    _atomic_write(path, before)
