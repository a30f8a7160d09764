"""Write-back: the resolved holes of a file go into its source, in one step that can be undone.

The workspace knows the digest of the bytes each file was lifted from; a file that changed
since (an editor saved it, the watcher has not caught up) is refused with a message and
nothing is written. After the write the file is re-lifted here, so the tree shows the new
source at once (the watcher then sees the save and finds nothing new). Nothing is lost: a
decision that has no place in the source (a hole kind libcst cannot write) or a skipped hole is
carried onto the re-lifted function, and undo puts the old bytes and the old IRs back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lift_tui.ir import IR, HoleStatus

from .availability import ServiceError
from .changes import function_key

if TYPE_CHECKING:
    from .workspace import FileUpdate, Workspace


@dataclass
class WriteRecord:
    """What undo needs: the bytes before, the digest written, the IRs the user had before."""

    before: bytes
    after_digest: str
    irs: dict[str, IR] = field(default_factory=dict)


@dataclass
class WriteBack:
    """The outcome of one write-back (or its undo) of one file."""

    path: str
    written: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    diff: str = ""
    update: FileUpdate | None = None
    undone: bool = False

    def describe(self) -> str:
        name = Path(self.path).name
        if self.undone:
            return f"{name}: put back as it was before the write-back"
        if not self.written:
            first = f" ({self.skipped[0][1]}: {self.skipped[0][2]})" if self.skipped else ""
            return f"{name}: nothing to write — resolve a hole first{first}"
        holes = ", ".join(f"?{hole}" for _, hole in self.written)
        kept = f"; kept in the IR only: {len(self.skipped)}" if self.skipped else ""
        return f"wrote {holes} into {name} (ctrl+w undoes){kept}"

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "written": [{"function": q, "hole": h} for q, h in self.written],
                "skipped": [{"function": q, "hole": h, "why": w} for q, h, w in self.skipped],
                "diff": self.diff}


def _source_file(workspace: Workspace, key: str) -> Any:
    state = workspace.file_of(key)
    if state is None or not state.path or state.path.startswith("forward:"):
        raise ServiceError("this function has no source file (a forward run); export it with e instead")
    if state.stale:
        raise ServiceError(f"{Path(state.path).name} does not parse now; fix it before writing back")
    return state


def write_back(workspace: Workspace, key: str) -> WriteBack:
    """Write every resolved hole of ``key``'s file into the source; refuse a file that moved on."""
    from lift_tui.holes import HoleError
    from lift_tui.holes.writeback import digest, write_resolutions

    with workspace._lock:
        state = _source_file(workspace, key)
        keys = state.keys()
        irs = {k: workspace.current(k) for k in keys}
        try:
            edit = write_resolutions(state.path, list(irs.values()), expected=state.digest or None)
        except HoleError as error:
            raise ServiceError(str(error)) from error
        result = WriteBack(state.path, edit.written, edit.skipped, edit.diff)
        if not edit.changed:
            return result
        workspace.writes[state.path] = WriteRecord(edit.before, digest(edit.after), irs)
        update = workspace.relift_file(Path(state.path))
        for old in irs.values():
            _carry_over(workspace, old)
        result.update = update
        return result


def _carry_over(workspace: Workspace, old: IR) -> None:
    """Decisions of ``old`` that did not go into the source, applied again to the re-lifted function."""
    from lift_tui.holes import HoleError, apply_resolution, skip_hole

    key = function_key(old)
    try:
        new = workspace.current(key)
    except ServiceError:
        return
    carried = new
    for hole in old.holes:
        again = carried.hole(hole.identifier)
        if again is None or again.status is not HoleStatus.open:
            continue
        try:
            if hole.status is HoleStatus.skipped:
                carried = skip_hole(carried, hole.identifier)
            elif hole.status is HoleStatus.resolved and hole.resolution is not None:
                carried = apply_resolution(carried, hole.identifier, hole.resolution.value,
                                           source=hole.resolution.source)
        except HoleError:
            continue
    if carried != new:
        workspace.history.push(key, carried)


def undo_write_back(workspace: Workspace, key: str) -> WriteBack:
    """Put the file back as it was before its last write-back, and the IRs the user had then."""
    from lift_tui.holes import HoleError
    from lift_tui.holes.writeback import restore

    with workspace._lock:
        state = workspace.file_of(key)
        record = workspace.writes.get(state.path) if state is not None else None
        if state is None or record is None:
            raise ServiceError("nothing written back to undo for this file")
        try:
            restore(state.path, record.before, record.after_digest)
        except HoleError as error:
            raise ServiceError(str(error)) from error
        del workspace.writes[state.path]
        update = workspace.relift_file(Path(state.path))
        for k, ir in record.irs.items():
            if workspace.file_of(k) is not None:
                workspace.history.push(k, ir)
        return WriteBack(state.path, update=update, undone=True)
