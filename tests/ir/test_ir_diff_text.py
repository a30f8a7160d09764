"""IR diff (what changed between two versions) and the human-facing text and Markdown renderers."""

from __future__ import annotations

from lift_tui.ir import Assertion, AssertionCategory, Effect, EffectKind, Example, Hole, HoleKind, HoleStatus
from lift_tui.ir.diff import ChangeKind, IRDiff, diff_functions, diff_ir
from lift_tui.ir.render import render_markdown, render_stub, render_text

from .ir_samples import full_ir, simple_ir


def _pre(expression: str) -> Assertion:
    return Assertion(category=AssertionCategory.precondition, expression=expression)


def test_identical_and_reordered_irs_have_no_changes() -> None:
    old = simple_ir(
        assertions=[_pre("a >= 0"), _pre("b >= 0")],
        examples=[Example(call="add(1, 2)", expected="3"), Example(call="add(0, 0)", expected="0")],
    )
    new = old.model_copy(deep=True)
    new.assertions.reverse()
    new.examples.reverse()
    new.metadata.lines = (40, 44)  # the function moved in the file
    new.assertions[0].provenance.confidence = 0.1
    diff = diff_ir(old, new)
    assert diff.is_empty and diff.summary() == "no changes"
    assert not diff_ir(old, new, provenance=True).is_empty
    assert diff_ir(old, new, metadata=True).paths() == ["metadata.lines"]


def test_changes_are_keyed_like_hole_targets() -> None:
    old = simple_ir()
    new = simple_ir(assertions=[_pre("a >= 0"), _pre("b >= 0")])
    new.signature.returns = "float"
    new.signature.parameters[0].type_hint = "float"
    new.intent.summary = "Add two floats."
    new.effects = [Effect(kind=EffectKind.io, target="stdout")]
    new.examples = [Example(call="add(1, 2)", expected="3.0")]
    new.holes = [Hole(identifier="unit", kind=HoleKind.text, target="intent.rationale", type_hint="str")]
    diff = diff_ir(old, new)
    by_path = {c.path: c for c in diff.changes}
    assert by_path["signature.returns"].kind is ChangeKind.changed
    assert (by_path["signature.returns"].old, by_path["signature.returns"].new) == ("int", "float")
    assert by_path["signature.parameters.a.type_hint"].new == "float"
    assert by_path["intent.summary"].new == "Add two floats."
    assert by_path["assertions.precondition.b >= 0"].kind is ChangeKind.added
    assert by_path["effects.io:stdout"].kind is ChangeKind.added
    assert (by_path["examples.add(1, 2).expected"].old, by_path["examples.add(1, 2).expected"].new) == (
        "3",
        "3.0",
    )
    assert by_path["holes.unit"].kind is ChangeKind.added
    summary = diff.summary()
    for part in ("~summary", "~param a", "~returns", "+1 precondition", "+1 effect", "~1 example", "+1 hole"):
        assert part in summary, (part, summary)


def test_summary_counts_elements_and_names_fields() -> None:
    old = simple_ir()
    new = simple_ir(assertions=[_pre("a >= 0"), _pre("b >= 0"), _pre("a < 10")])
    new.signature.returns = "float"
    assert diff_ir(old, new).summary() == "~returns, +2 preconditions"
    new.signature.parameters.append(new.signature.parameters[0].model_copy(update={"name": "c"}))
    new.signature.parameters[0].type_hint = "float"
    new.signature.parameters[0].default = "0.0"  # two fields of one parameter: one "~param a"
    assert diff_ir(old, new).summary() == "~returns, ~param a, +param c, +2 preconditions"
    assert diff_ir(new, old).summary() == "~returns, -param c, ~param a, -2 preconditions"


def test_parameter_order_and_hole_status() -> None:
    old = simple_ir(
        holes=[Hole(identifier="t", kind=HoleKind.type, target="signature.returns", type_hint="type")]
    )
    new = old.model_copy(deep=True)
    new.signature.parameters.reverse()
    new.holes[0].status = HoleStatus.resolved
    paths = diff_ir(old, new).paths()
    assert "signature.parameters" in paths and "holes.t.status" in paths


def test_diff_is_a_json_model() -> None:
    diff = diff_ir(simple_ir(), simple_ir(assertions=[]))
    again = IRDiff.model_validate_json(diff.model_dump_json())
    assert again == diff and again.changes[0].kind is ChangeKind.removed


def test_diff_functions_by_qualname() -> None:
    add = simple_ir()
    sub = simple_ir()
    sub.signature.name = "sub"
    sub.metadata.qualname = "sub"
    changed = simple_ir()
    changed.signature.returns = "float"
    moved_only = sub.model_copy(deep=True)
    moved_only.metadata.lines = (90, 95)
    new_fn = simple_ir()
    new_fn.metadata.qualname = "Calc.add"
    result = diff_functions([add, sub], [moved_only, changed, new_fn])
    assert result.added == ["Calc.add"] and result.removed == []
    assert list(result.changed) == ["add"] and result.changed["add"].summary() == "~returns"
    assert diff_functions([add], []).removed == ["add"]
    assert diff_functions([add, sub], [sub, add]).is_empty
    twins = diff_functions([add, add], [add])
    assert twins.removed == ["add#2"]


def test_text_shows_everything_and_holes_as_references() -> None:
    ir = full_ir()
    ir.signature.parameters[2].type_hint = None  # ?bound_type stands for it
    ir.signature.returns = None
    ir.holes.append(
        Hole(identifier="return_type", kind=HoleKind.type, target="signature.returns", type_hint="type")
    )
    text = render_text(ir)
    assert text.splitlines()[0] == (
        "def clamp(x: int, /, lo: int = 0, hi: ?bound_type = 100, *rest: int, "
        "strict: bool = False, **options) -> ?return_type"
    )
    for piece in (
        "Clamp a value",
        "preconditions:",
        "lo <= hi",
        "postconditions:",
        "io: stdout",
        "clamp(5, 0, 3) → 3",
        "holes (2 open):",
        "?unit: str -> intent.rationale",
        "= metres",
        "depends on: ?bound_type",
        "src/mathx.py:3-9",
    ):
        assert piece in text, piece
    assert "?" not in render_text(simple_ir()).splitlines()[0]


def test_markdown_sections_and_tables() -> None:
    md = render_markdown(full_ir())
    assert md.startswith("# `clamp`\n")
    for piece in (
        "## Signature",
        "```python\ndef clamp(",
        "| `x` | positional_only | int |",
        "## Preconditions",
        "- `lo <= hi`",
        "## Postconditions",
        "## Effects",
        "| io | stdout |",
        "```pycon\n>>> clamp(5, 0, 3)\n3",
        "## Holes",
        "| `?bound_type` |",
        "_Origin: reverse, `src/mathx.py` lines 3–9_",
    ):
        assert piece in md, piece
    ir = simple_ir()
    ir.intent.summary = "a | b"
    ir.signature.parameters[0].description = "pipe | inside"
    assert "pipe \\| inside" in render_markdown(ir)


def test_assert_preconditions_stay_asserts() -> None:
    ir = simple_ir(
        assertions=[
            Assertion(category=AssertionCategory.precondition, expression="a > 0", raises="AssertionError")
        ]
    )
    stub = render_stub(ir)
    assert "    assert a > 0\n" in stub and "AssertionError" not in stub
