"""The IR models: the names tools rely on, lossless JSON, the exported schema, dotted paths."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from lift_tui.ir import IR, ParameterKind, PathError, get_path, set_path
from lift_tui.ir.schema import ir_json_schema, ir_json_schema_text

from .ir_samples import full_ir, irs, simple_ir


def test_names_tools_rely_on_exist() -> None:
    ir = full_ir()
    assert ir.intent.summary and ir.signature.name == "clamp"
    first = ir.signature.parameters[0]
    assert (first.name, first.type_hint, first.default, first.kind) == ("x", "int", None, "positional_only")
    assert [k.value for k in ParameterKind] == [
        "positional_only",
        "positional_or_keyword",
        "var_positional",
        "keyword_only",
        "var_keyword",
    ]
    assert ir.signature.returns == "int"
    assert (ir.assertions[0].category, ir.assertions[0].expression) == ("precondition", "lo <= hi")
    assert (ir.effects[0].kind, ir.effects[0].target) == ("io", "stdout")
    assert (ir.examples[0].call, ir.examples[0].expected) == ("clamp(5, 0, 3)", "3")
    hole = ir.holes[0]
    for field in (
        "identifier",
        "kind",
        "target",
        "type_hint",
        "description",
        "constraints",
        "dependencies",
        "status",
    ):
        assert hasattr(hole, field)
    for element in (ir.intent, first, ir.assertions[0], ir.effects[0], ir.examples[0], hole):
        assert 0.0 <= element.provenance.confidence <= 1.0
        assert hasattr(element.provenance, "source") and hasattr(element.provenance, "location")
    assert (ir.metadata.origin, ir.metadata.source_path, ir.metadata.qualname, ir.metadata.lines) == (
        "reverse",
        "src/mathx.py",
        "clamp",
        (3, 9),
    )


def test_missing_annotation_is_null_not_a_guess() -> None:
    data = json.loads(full_ir().to_json())
    options = data["signature"]["parameters"][-1]
    assert options["name"] == "options" and options["type_hint"] is None


def test_full_ir_json_round_trip_is_lossless() -> None:
    ir = full_ir()
    text = ir.to_json()
    again = IR.from_json(text)
    assert again == ir
    assert again.to_json() == text
    assert again.model_dump() == ir.model_dump()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(irs)
def test_generated_irs_round_trip_and_match_the_schema(ir: IR) -> None:
    assert IR.from_json(ir.to_json()) == ir
    assert IR.model_validate(ir.model_dump(mode="json")) == ir
    jsonschema.Draft202012Validator(_SCHEMA).validate(ir.model_dump(mode="json"))


_SCHEMA = ir_json_schema()


def test_schema_is_valid_and_exported_as_text() -> None:
    jsonschema.Draft202012Validator.check_schema(_SCHEMA)
    assert json.loads(ir_json_schema_text()) == _SCHEMA
    jsonschema.Draft202012Validator(_SCHEMA).validate(json.loads(full_ir().to_json()))


def test_schema_rejects_what_the_model_rejects() -> None:
    bad = json.loads(full_ir().to_json())
    bad["signature"]["parameters"][0]["kind"] = "sideways"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, _SCHEMA)
    with pytest.raises(ValidationError):
        IR.model_validate(bad)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(surprise=1),  # unknown key
        lambda d: d["intent"]["provenance"].update(confidence=1.5),  # confidence out of 0..1
        lambda d: d.pop("signature"),
        lambda d: d["holes"][0].update(status="maybe"),
    ],
)
def test_malformed_ir_json_is_rejected(mutate) -> None:
    data = json.loads(full_ir().to_json())
    mutate(data)
    with pytest.raises(ValidationError):
        IR.model_validate_json(json.dumps(data))


def test_helpers_select_by_category_and_status() -> None:
    ir = full_ir()
    assert [a.expression for a in ir.preconditions] == ["lo <= hi", "x != 13"]
    assert [a.expression for a in ir.postconditions] == ["lo <= result <= hi"]
    assert [h.identifier for h in ir.open_holes()] == ["bound_type"]
    assert ir.hole("?bound_type") is ir.holes[1] and ir.hole("nope") is None
    assert ir.holes[1].reference == "?bound_type"
    assert ir.signature.parameter("lo") is ir.signature.parameters[1]


def test_paths_get_and_set() -> None:
    ir = full_ir()
    assert get_path(ir, "signature.parameters.hi.type_hint") == "int"
    assert get_path(ir, "signature.returns") == "int"
    assert get_path(ir, "intent.summary").startswith("Clamp")
    assert get_path(ir, "assertions.precondition.1.expression") == "x != 13"
    assert get_path(ir, "assertions.postcondition.0.expression") == "lo <= result <= hi"
    changed = set_path(ir, "signature.parameters.hi.type_hint", "float")
    assert changed.signature.parameters[2].type_hint == "float"
    assert ir.signature.parameters[2].type_hint == "int", "set_path must not change its input"
    assert (
        set_path(ir, "assertions.precondition.0.expression", "lo < hi").assertions[0].expression == "lo < hi"
    )


@pytest.mark.parametrize(
    "path",
    [
        "signature.parameters.nope.type_hint",
        "signature.colour",
        "assertions.precondition.7.expression",
        "",
        "signature.parameters.lo",
    ],
)
def test_bad_paths_raise_path_error(path: str) -> None:
    with pytest.raises(PathError):
        if path == "signature.parameters.lo":  # an element, not a field
            set_path(full_ir(), path, [])
        else:
            get_path(full_ir(), path)


def test_set_path_validates_the_value() -> None:
    with pytest.raises(ValidationError):
        set_path(simple_ir(), "signature.parameters.a.kind", "sideways")
