"""icontract stubs reject violating calls; generated property tests pass good code and fail bad code."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import icontract
import pytest

from lift_tui.ir import Assertion, AssertionCategory, Example, Parameter
from lift_tui.ir.render import RenderError, render, render_contracts, render_property_tests
from lift_tui.ir.render.strategies import NoStrategy, strategy_for

from .ir_samples import full_ir, simple_ir

CLAMP_BODY = "return max(lo, min(x, hi))"


def _load(tmp_path: Path, source: str, name: str):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_contract_lambdas_take_exactly_the_names_used() -> None:
    source = render_contracts(full_ir())
    assert "@icontract.require(lambda lo, hi: lo <= hi, 'lo must not exceed hi')" in source
    assert "@icontract.require(lambda x: x != 13)" in source
    assert "@icontract.ensure(lambda result, lo, hi: lo <= result <= hi)" in source
    assert "if not (lo <= hi)" not in source, "contracts replace hand-written checks"


def test_contracts_reject_violations(tmp_path: Path) -> None:
    good = _load(tmp_path, render_contracts(full_ir(), body=CLAMP_BODY), "contracts_good")
    assert good.clamp(5, 0, 3) == 3
    with pytest.raises(icontract.ViolationError, match="lo must not exceed hi"):
        good.clamp(1, 5, 2)
    with pytest.raises(icontract.ViolationError):
        good.clamp(13)
    wrong = _load(tmp_path, render_contracts(full_ir(), body="return hi + 1"), "contracts_wrong")
    with pytest.raises(icontract.ViolationError, match="result"):
        wrong.clamp(5, 0, 3)


def test_comprehension_names_are_not_lambda_arguments(tmp_path: Path) -> None:
    ir = simple_ir()
    ir.signature.parameters = [Parameter(name="xs", type_hint="list[int]")]
    ir.assertions = [
        Assertion(category=AssertionCategory.precondition, expression="all(x >= 0 for x in xs)"),
        Assertion(category=AssertionCategory.postcondition, expression="result == sum(xs)"),
    ]
    source = render_contracts(ir, body="return sum(xs)")
    assert "lambda xs: all(x >= 0 for x in xs)" in source
    module = _load(tmp_path, source, "contracts_comp")
    assert module.add([1, 2]) == 3
    with pytest.raises(icontract.ViolationError):
        module.add([1, -2])


@pytest.mark.parametrize(
    "hint,expected",
    [
        ("int", "_st.integers("),
        ("float", "_st.floats("),
        ("bool", "_st.booleans()"),
        ("str", "_st.text("),
        ("list[int]", "_st.lists(_st.integers("),
        ("List[str]", "_st.lists(_st.text("),
        ("dict[str, int]", "_st.dictionaries(_st.text("),
        ("Optional[int]", "_st.none()"),
        ("int | None", "_st.none()"),
        ("tuple[int, ...]", ".map(tuple)"),
        ("Literal['a', 'b']", "sampled_from"),
        ("typing.Sequence[int]", "_st.lists("),
        ("'int'", "_st.integers("),
    ],
)
def test_strategies_from_hints(hint: str, expected: str) -> None:
    assert expected in strategy_for(hint)


@pytest.mark.parametrize("hint", [None, "Widget", "list", "Callable[[int], int]", "?t", "int)"])
def test_no_strategy_has_a_reason(hint: str | None) -> None:
    with pytest.raises(NoStrategy):
        strategy_for(hint)


def _run_pytest(tmp_path: Path, impl: str, tests: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "mathx.py").write_text(impl)
    (tmp_path / "test_generated.py").write_text(tests)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", "test_generated.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _clamp_ir():
    ir = full_ir()
    ir.examples.append(
        Example(
            call="clamp(1, 5, 2)",
            expected="Traceback (most recent call last):\nValueError: lo must not exceed hi",
        )
    )
    return ir


def test_property_tests_pass_a_correct_implementation(tmp_path: Path) -> None:
    ir = _clamp_ir()
    impl = render(ir, "stub").replace("raise NotImplementedError", CLAMP_BODY)
    result = _run_pytest(tmp_path, impl, render_property_tests(ir, "mathx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


def test_property_tests_fail_a_wrong_implementation(tmp_path: Path) -> None:
    ir = _clamp_ir()
    # Right on the examples, wrong elsewhere: only the property test can catch it.
    wrong = "if x == 5 and hi == 3: return 3\n    if x == -1: return 0\n    return x"
    impl = render(ir, "stub").replace("raise NotImplementedError", wrong)
    result = _run_pytest(tmp_path, impl, render_property_tests(ir, "mathx"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed, 3 passed" in result.stdout
    assert "test_clamp_postconditions" in result.stdout


def test_unknown_types_skip_with_a_reason(tmp_path: Path) -> None:
    ir = simple_ir()
    ir.signature.parameters[1].type_hint = "Widget"
    ir.assertions.append(Assertion(category=AssertionCategory.postcondition, expression="result >= a"))
    tests = render_property_tests(ir, "mathx")
    result = _run_pytest(tmp_path, "def add(a, b):\n    return a + b\n", tests)
    assert result.returncode == 0, result.stdout
    assert "no Hypothesis strategy for type 'Widget'" in result.stdout
    assert "1 passed, 1 skipped" in result.stdout


def test_bad_module_name_is_an_error() -> None:
    with pytest.raises(RenderError, match="module"):
        render_property_tests(simple_ir(), "not-a-module")
