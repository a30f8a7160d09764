"""Static candidates on real lifted code: types from defaults, usage, calls, returns; guards; values."""

from __future__ import annotations

from lift_tui.analysis.typetext import normalize_type, same_type
from lift_tui.holes import suggest
from lift_tui.ir import IR, Hole, HoleKind


def _values(ir: IR, hole_id: str, **kwargs) -> list[str]:
    return [c.value for c in suggest(ir, hole_id, top=None, **kwargs)]


def test_default_literal_types_the_parameter(lifted: dict[str, IR]) -> None:
    values = _values(lifted["mean"], "scale_type")
    assert values[0] == "float"


def test_string_concatenation_types_the_parameter_and_the_return(lifted: dict[str, IR]) -> None:
    assert _values(lifted["greet"], "name_type")[0] == "str"
    assert _values(lifted["greet"], "return_type")[0] == "str"
    assert _values(lifted["greet"], "loud_type")[0] == "bool"


def test_call_sites_in_the_module_type_the_parameters(lifted: dict[str, IR]) -> None:
    ir = lifted["label"]
    assert _values(ir, "title_type")[0] == "str"
    assert _values(ir, "width_type")[0] == "int"
    best = suggest(ir, "width_type")[0]
    assert "call" in best.rationale and best.source.value == "static"


def test_division_returns_float_and_sum_suggests_a_list(lifted: dict[str, IR]) -> None:
    ir = lifted["mean"]
    assert _values(ir, "return_type")[0] == "float"
    assert "list[float]" in _values(ir, "numbers_type")[:3]


def test_function_without_return_value_returns_none(lifted: dict[str, IR]) -> None:
    assert _values(lifted["log"], "return_type")[0] == "None"


def test_method_returning_len_is_int(lifted: dict[str, IR]) -> None:
    assert _values(lifted["Box.size"], "return_type")[0] == "int"


def test_candidates_carry_rationale_source_and_confidence(lifted: dict[str, IR]) -> None:
    for candidate in suggest(lifted["greet"], "name_type"):
        assert candidate.rationale
        assert 0.0 <= candidate.confidence <= 1.0
        assert candidate.source.value in ("static", "model", "history")
        assert candidate.type_ok


def test_top_limits_the_number_shown(lifted: dict[str, IR]) -> None:
    assert len(suggest(lifted["mean"], "numbers_type", top=2)) <= 2
    assert len(suggest(lifted["mean"], "numbers_type")) <= 6


def test_precondition_hole_gets_guards_over_parameters(lifted: dict[str, IR]) -> None:
    ir = lifted["clamp"].model_copy(deep=True)
    ir.holes.append(
        Hole(
            identifier="pre_x",
            kind=HoleKind.precondition,
            target="assertions.precondition.1",
            type_hint="bool expr over (x: int)",
        )
    )
    values = _values(ir, "pre_x")
    assert "x >= 0" in values and "x > 0" in values
    assert all("lo" not in v for v in values)  # the hole is over x only


def test_precondition_from_division_by_parameter(tmp_path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "ratio.py"
    path.write_text("def ratio(a: int, b: int) -> float:\n    return a / b\n")
    ir = lift_file(path).functions[0]
    ir.holes.append(
        Hole(
            identifier="pre",
            kind=HoleKind.precondition,
            target="assertions.precondition.0",
            type_hint="bool expr over (a: int, b: int)",
        )
    )
    best = suggest(ir, "pre")[0]
    assert best.value == "b != 0" and best.satisfiable is True


def test_value_hole_offers_names_in_scope_of_the_type(lifted: dict[str, IR]) -> None:
    ir = lifted["clamp"].model_copy(deep=True)
    ir.holes.append(Hole(identifier="v", kind=HoleKind.value, target="intent.rationale", type_hint="int"))
    values = _values(ir, "v")
    assert {"x", "lo", "hi"} <= set(values)
    assert "0" in values


def test_functions_whose_file_is_gone_still_get_candidates(lifted: dict[str, IR], sample_path) -> None:
    sample_path.unlink()
    values = _values(lifted["greet"], "loud_type")
    assert values[0] == "bool"  # from the default, which the IR keeps


def test_type_text_equivalence() -> None:
    assert same_type("Optional[int]", "int | None")
    assert same_type("Union[str, bytes]", "bytes | str")
    assert same_type("typing.List[str]", "list[str]")
    assert same_type("'Foo'", "Foo")
    assert not same_type("list[int]", "list[str]")
    assert normalize_type("x + 1") is None


def test_binary_method_parameter_is_the_same_class(tmp_path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "point.py"
    path.write_text(
        "class Point:\n    def __eq__(self, other):\n        return self.x == other.x\n\n"
        "    def near(self, p):\n        return abs(self.x - p.x) < 1\n"
    )
    irs = {ir.metadata.qualname: ir for ir in lift_file(path).functions}
    assert _values(irs["Point.__eq__"], "other_type")[0] == "Point"
    assert _values(irs["Point.__eq__"], "return_type")[0] == "bool"
    assert _values(irs["Point.near"], "p_type")[0] == "Point"
