"""Which functions of a file were added, removed or changed by a save, and where.

The TUI highlights exactly these. Paths come from ``lift_tui.ir.diff`` when it exists; until
then a section-level comparison (intent, signature, ...) is used. Source positions are
ignored, so a function that only moved down because a line was added above is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lift_tui.ir import IR

SECTIONS = ("intent", "signature", "assertions", "effects", "examples", "holes")
_POSITION_KEYS = {"location", "lines"}


def function_key(ir: IR) -> str:
    """A function's identity across saves: its file and qualified name."""
    name = ir.metadata.qualname or ir.signature.name
    return f"{ir.metadata.source_path or ''}::{name}"


@dataclass
class FunctionChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    """Function key -> dotted paths that differ (at least the section name)."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        parts = [f"{len(v)} {k}" for k, v in (("added", self.added), ("changed", self.changed),
                                                ("removed", self.removed)) if v]
        return ", ".join(parts) or "no changes"


def _without_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_positions(v) for k, v in value.items() if k not in _POSITION_KEYS}
    if isinstance(value, list):
        return [_without_positions(v) for v in value]
    return value


def changed_paths(old: IR, new: IR) -> list[str]:
    """Dotted paths that differ between two versions of one function, positions ignored."""
    a = _without_positions(old.model_dump(mode="json"))
    b = _without_positions(new.model_dump(mode="json"))
    if a == b:
        return []
    try:
        from lift_tui.ir.diff import diff_ir  # type: ignore[import-not-found]
    except ImportError:
        diff_ir = None
    if diff_ir is not None:
        try:
            diff = diff_ir(old, new)
            paths = _paths_of(diff)
            if paths:
                return paths
        except Exception:  # noqa: BLE001 - a diff bug must not stop a re-lift; fall back below
            pass
    return [section for section in SECTIONS if a.get(section) != b.get(section)] or ["metadata"]


def _paths_of(diff: Any) -> list[str]:
    changes = getattr(diff, "changes", None)
    if changes is None:
        return []
    if isinstance(changes, dict):
        return [str(k) for k in changes]
    paths = [str(getattr(c, "path", c)) for c in changes]
    return [p for p in paths if p.split(".")[0] not in {"metadata"}] or paths


def diff_function_lists(old: list[IR], new: list[IR]) -> FunctionChanges:
    before = {function_key(ir): ir for ir in old}
    after = {function_key(ir): ir for ir in new}
    changes = FunctionChanges(
        added=[k for k in after if k not in before],
        removed=[k for k in before if k not in after],
    )
    for key in after.keys() & before.keys():
        paths = changed_paths(before[key], after[key])
        if paths:
            changes.changed[key] = paths
    return changes
