"""Round trip through the reverse layer: IR → stub → lift_source → the same signature and spec."""

from __future__ import annotations

from lift_tui.ir import IR
from lift_tui.ir.diff import diff_ir
from lift_tui.ir.render import render_stub
from lift_tui.reverse import lift_source

from .ir_samples import full_ir

SOURCE = '''
import os
from typing import Optional


def scale(values: list[float], factor: float = 2.0, *, clip: Optional[float] = None) -> list[float]:
    """Multiply every value by a factor.

    Args:
        values: Numbers to scale.
        factor: The multiplier.

    Returns:
        The scaled numbers.

    Examples:
        >>> scale([1.0, 2.0])
        [2.0, 4.0]
    """
    if factor == 0:
        raise ValueError("factor must not be zero")
    out = [v * factor for v in values]
    return out if clip is None else [min(v, clip) for v in out]


async def fetch(url, /, timeout: int = 10, *args, retries: int = 3, **headers) -> bytes:
    """Fetch a URL."""
    assert timeout > 0
    return b""


class Box:
    def area(self, scale: int = 1) -> int:
        """Area of the box."""
        return scale
'''


def _signature(ir: IR) -> list[tuple[object, ...]]:
    sig = ir.signature
    return [
        (sig.name, sig.returns, sig.is_async),
        *((p.name, p.type_hint, p.default, p.kind.value) for p in sig.parameters),
    ]


def _relift(ir: IR) -> IR:
    report = lift_source(render_stub(ir), "stub.py")
    assert not report.errors, report.errors
    (again,) = report.functions
    return again


def test_full_ir_relifts_to_the_same_signature_and_docs() -> None:
    ir = full_ir()
    again = _relift(ir)
    assert _signature(again) == _signature(ir)
    assert again.intent.summary == ir.intent.summary
    assert [p.description for p in again.signature.parameters] == [
        p.description for p in ir.signature.parameters
    ]
    assert again.signature.returns_description == ir.signature.returns_description
    assert {a.expression for a in again.preconditions} == {a.expression for a in ir.preconditions}
    assert [(e.call, e.expected) for e in again.examples] == [(e.call, e.expected) for e in ir.examples]


def test_source_to_ir_to_stub_to_ir_changes_nothing_that_matters() -> None:
    """Every function of real source survives a stub round trip; the IR diff sees no signature change."""
    originals = lift_source(SOURCE, "example.py").functions
    assert [f.metadata.qualname for f in originals] == ["scale", "fetch", "Box.area"]
    for ir in originals:
        again = _relift(ir)
        assert _signature(again) == _signature(ir), ir.metadata.qualname
        changes = [
            c
            for c in diff_ir(ir, again).changes
            if c.path.startswith(("signature", "assertions.pre"))
            # a precondition without a message gets a generated one in the stub
            and not (c.path.endswith(".message") and c.old is None)
        ]
        assert changes == [], (ir.metadata.qualname, changes)
