"""``holes.<identifier>`` paths: the form the IR diff reports must be addressable."""

from __future__ import annotations

import pytest

from lift_tui.ir import HoleStatus
from lift_tui.ir.diff import diff_ir
from lift_tui.ir.paths import PathError, get_path, set_path

from .ir_samples import full_ir


def test_holes_are_indexed_by_identifier() -> None:
    ir = full_ir()
    assert get_path(ir, "holes.bound_type") is ir.holes[1]
    assert get_path(ir, "holes.unit.candidates") == ["metres"]
    assert get_path(ir, "holes.bound_type.target") == "signature.parameters.hi.type_hint"
    assert get_path(ir, "holes.0.identifier") == "unit", "position still works"


def test_set_path_on_a_hole_field_changes_only_that_hole() -> None:
    ir = full_ir()
    changed = set_path(ir, "holes.bound_type.status", HoleStatus.skipped)
    assert changed.hole("bound_type").status is HoleStatus.skipped
    assert changed.hole("unit").status is ir.hole("unit").status
    assert ir.hole("bound_type").status is HoleStatus.open, "input untouched"


def test_every_hole_path_the_diff_reports_resolves() -> None:
    old = full_ir()
    new = set_path(old, "holes.bound_type.status", HoleStatus.resolved)
    paths = [c.path for c in diff_ir(old, new).changes]
    assert "holes.bound_type.status" in paths
    for path in paths:
        assert get_path(new, path) == HoleStatus.resolved


@pytest.mark.parametrize("path", ["holes.nope", "holes.nope.status", "holes.bound_type.colour"])
def test_unknown_hole_paths_raise_path_error(path: str) -> None:
    with pytest.raises(PathError):
        get_path(full_ir(), path)
