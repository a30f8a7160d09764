"""Evidence from around a function: overrides, sibling classes, class attributes, type parameters,
data-model protocols, and the guards other functions of the module make."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.holes import apply_resolution, suggest
from lift_tui.ir import IR, Hole, HoleKind

MODULE = '''\
from typing import Generic, TypeVar

T = TypeVar("T")
LOWEST = 1
HIGHEST = 12


class Reader(Generic[T]):
    def read(self, size: int = -1) -> bytes:
        raise NotImplementedError

    def peek(self):
        ...

    def __enter__(self):
        ...


class FileReader(Reader):
    def read(self, amount):
        return self._buffer[:amount]


class Other:
    def peek(self) -> int:
        return 0


class Timer:
    deadline: float | None

    def __init__(self, when):
        self.deadline = when

    def remaining(self):
        return self.deadline

    def __exit__(self, kind, value, tb):
        return None


def check_month(month: int) -> int:
    if not LOWEST <= month <= HIGHEST:
        raise ValueError("bad month")
    return month


def days_in(month: int, year: int) -> int:
    return 30
'''


@pytest.fixture
def lifted_module(tmp_path: Path) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    path = tmp_path / "readers.py"
    path.write_text(MODULE, encoding="utf-8")
    return {ir.metadata.qualname: ir for ir in lift_file(path).functions}


def _values(ir: IR, hole_id: str) -> list[str]:
    return [c.value for c in suggest(ir, hole_id, check=False, top=3)]


def _type_hole(ir: IR, target: str) -> str:
    return next(h.identifier for h in ir.holes if h.target == target)


def test_override_gives_the_annotation_of_the_base_method(lifted_module: dict[str, IR]) -> None:
    ir = lifted_module["FileReader.read"]
    # the same position in the overridden method, whatever the parameter is called here
    assert _values(ir, _type_hole(ir, "signature.parameters.amount.type_hint"))[0] == "int"
    assert _values(ir, _type_hole(ir, "signature.returns"))[0] == "bytes"


def test_stub_return_uses_sibling_classes_and_type_parameters(lifted_module: dict[str, IR]) -> None:
    ir = lifted_module["Reader.peek"]
    values = _values(ir, _type_hole(ir, "signature.returns"))
    assert "int" in values and "T" in values


def test_enter_returns_the_instance_type_with_its_parameters(lifted_module: dict[str, IR]) -> None:
    ir = lifted_module["Reader.__enter__"]
    assert _values(ir, _type_hole(ir, "signature.returns"))[0] == "Reader[T]"


def test_attribute_annotations_type_parameters_and_returns(lifted_module: dict[str, IR]) -> None:
    init = lifted_module["Timer.__init__"]
    assert _values(init, _type_hole(init, "signature.parameters.when.type_hint"))[0] == "float | None"
    remaining = lifted_module["Timer.remaining"]
    assert _values(remaining, _type_hole(remaining, "signature.returns"))[0] == "float | None"


def test_exit_parameters_follow_the_protocol(lifted_module: dict[str, IR]) -> None:
    ir = lifted_module["Timer.__exit__"]
    kind = _type_hole(ir, "signature.parameters.kind.type_hint")
    assert _values(ir, kind)[0] == "type[BaseException] | None"
    assert _values(ir, _type_hole(ir, "signature.parameters.tb.type_hint"))[0] == "TracebackType | None"


def test_guards_of_other_functions_over_the_same_name(lifted_module: dict[str, IR]) -> None:
    ir = lifted_module["days_in"].model_copy(deep=True)
    ir.holes.append(
        Hole(
            identifier="pre",
            kind=HoleKind.precondition,
            target="assertions.precondition.0",
            type_hint="bool expr over (month: int, year: int)",
        )
    )
    best = suggest(ir, "pre", check=True, top=3)
    assert best[0].value == "LOWEST <= month <= HIGHEST" and "module-guard" in best[0].evidence
    # module constants are in scope for a guard, as in the lifted guards themselves
    done = apply_resolution(ir, "pre", "LOWEST <= month <= HIGHEST")
    assert done.preconditions[-1].expression == "LOWEST <= month <= HIGHEST"
