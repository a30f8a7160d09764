"""check_ir / check_assertions against real z3; sat models are re-checked by running the Python."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lift_tui.ir import IR, Assertion, Parameter, ParameterKind, Signature
from lift_tui.verify import check_assertions, check_ir, solve_inputs


def make_ir(
    params: dict[str, str | None], pre: list[str], post: list[str] = (), returns: str | None = None
) -> IR:
    return IR(
        signature=Signature(
            name="f",
            parameters=[Parameter(name=n, type_hint=t) for n, t in params.items()],
            returns=returns,
        ),
        assertions=[Assertion(category="precondition", expression=e) for e in pre]
        + [Assertion(category="postcondition", expression=e) for e in post],
    )


def holds(expressions: list[str], model: dict[str, str]) -> bool:
    env = {name: ast.literal_eval(text) for name, text in model.items()}
    return all(eval(e, {}, dict(env)) for e in expressions)  # noqa: S307 - test oracle


SAT_CASES = [
    ({"x": "int", "y": "int"}, ["0 < x < 10", "y != 0", "x // y == -3", "x % y < 0"]),
    ({"x": "float", "y": "float"}, ["y > 0.5", "x / y == 4"]),
    ({"s": "str"}, ["s.startswith('ab')", "s.endswith('.py')", "len(s) == 7", "'@' in s"]),
    ({"s": "str", "t": "str"}, ["s + t == 'hello'", "len(t) == 2", "s[0] == 'h'", "s[-1] == 'l'"]),
    ({"xs": "list[int]"}, ["len(xs) == 3", "all(v > 2 for v in xs)", "xs[0] + xs[-1] == 10", "7 in xs"]),
    ({"xs": "list[int]", "n": "int"}, ["n in (2, 3)", "len(xs[1:]) == n", "any(v < 0 for v in xs)"]),
    ({"flag": "bool", "n": "int"}, ["flag or n > 5", "not flag", "abs(n - 10) <= 1", "max(n, 3) == n"]),
    ({"s": "str"}, ["s.find('x') == 2", "s[1:3] == 'ox'", "isinstance(s, str)"]),
    ({"n": "int"}, ["n ** 2 == 49", "n < 0", "(n if n > 0 else -n) == 7", "int(n / 2) == -3"]),
    ({"items": "list[str]"}, ["len(items) >= 2", "items[1] == 'b'", "all(len(i) == 1 for i in items)"]),
    ({"email": "str"}, ["email.count('@') == 1", "email.endswith('.io')", "len(email) > 4"]),
    ({"s": "str"}, ["s.count('aa') == 2", "len(s) == 5", "s.count('a') == 5"]),
    ({"xs": "list[int]"}, ["sum(xs) == 10", "len(xs) == 3", "all(x > 2 for x in xs)"]),
]


@pytest.mark.parametrize(("params", "pre"), SAT_CASES)
def test_sat_model_satisfies_the_python_expressions(params: dict[str, str], pre: list[str]) -> None:
    report = check_ir(make_ir(params, pre), timeout_ms=10_000)
    assert report.status == "sat", report
    assert report.untranslated == []
    assert set(report.model) == set(params)
    assert holds(pre, report.model), report.model


def test_unsat_core_names_the_conflicting_assertions() -> None:
    ir = make_ir({"x": "int", "s": "str"}, ["x > 5", "len(s) > 0", "x < 3", "s != 'a'"])
    report = check_ir(ir)
    assert report.status == "unsat"
    assert sorted(report.core) == ["x < 3", "x > 5"]
    assert report.model == {}


def test_count_is_exact_so_impossible_counts_are_unsat() -> None:
    report = check_ir(make_ir({"s": "str"}, ["s.count('ab') == 2", "len(s) == 3"]))
    assert report.status == "unsat"
    assert check_ir(make_ir({"s": "str"}, ["s.count('') == 4", "len(s) != 3"])).status == "unsat"


def test_postcondition_uses_result_typed_by_returns() -> None:
    ir = make_ir({"x": "int"}, ["x >= 0"], ["result == x * 2", "result > 10"], returns="int")
    report = check_ir(ir)
    assert report.status == "sat"
    assert "result" in report.model
    assert holds(["x >= 0", "result == x * 2", "result > 10"], report.model)
    contradiction = make_ir({"x": "int"}, ["x >= 0"], ["result < 0", "result == x"], returns="int")
    bad = check_ir(contradiction)
    assert bad.status == "unsat"
    assert set(bad.core) == {"x >= 0", "result < 0", "result == x"}


def test_untranslated_are_listed_never_dropped() -> None:
    ir = make_ir(
        {"s": "str", "d": "dict[str, int]", "u": None},
        ["s.lower() == s", "len(d) > 0", "u.bar()", "len(s) > 2", "?not python"],
    )
    report = check_ir(ir)
    assert report.status == "sat"
    reasons = {u.expression: u.reason for u in report.untranslated}
    assert set(reasons) == {"s.lower() == s", "len(d) > 0", "u.bar()", "?not python"}
    assert "str.lower" in reasons["s.lower() == s"]
    assert "'d'" in reasons["len(d) > 0"]
    assert "no type hint" in reasons["u.bar()"]


def test_division_by_zero_makes_an_assertion_false_but_guards_short_circuit() -> None:
    assert check_ir(make_ir({"x": "int", "y": "int"}, ["y == 0", "x / y > 1"])).status == "unsat"
    guarded = make_ir({"x": "int", "y": "int"}, ["y == 0 or x / y > 1", "y == 0"])
    assert check_ir(guarded).status == "sat"
    out_of_range = make_ir({"s": "str"}, ["len(s) == 2", "s[5] == 'a'"])
    assert check_ir(out_of_range).status == "unsat"


def test_isinstance_is_a_type_fact() -> None:
    assert check_ir(make_ir({"x": "int"}, ["isinstance(x, int)"])).status == "sat"
    assert check_ir(make_ir({"x": "bool"}, ["isinstance(x, (int, str))"])).status == "sat"
    report = check_ir(make_ir({"x": "int"}, ["x > 0", "isinstance(x, str)"]))
    assert report.status == "unsat" and report.core == ["isinstance(x, str)"]
    unknown_type = check_ir(make_ir({"x": "int"}, ["isinstance(x, Path)"]))
    assert [u.expression for u in unknown_type.untranslated] == ["isinstance(x, Path)"]


def test_untyped_parameter_type_is_inferred_from_usage_when_unambiguous() -> None:
    report = check_ir(make_ir({"n": None}, ["n > 3", "n < 5"]))
    assert report.status == "sat" and report.model == {"n": "4"}
    ambiguous = check_ir(make_ir({"n": None}, ["n > 3", "n != 'a'"]))
    assert len(ambiguous.untranslated) == 2


def test_var_positional_is_a_sequence() -> None:
    ir = IR(
        signature=Signature(
            name="f", parameters=[Parameter(name="args", type_hint="int", kind=ParameterKind.var_positional)]
        ),
        assertions=[Assertion(category="precondition", expression="len(args) == 2 and args[0] > args[1]")],
    )
    report = check_ir(ir)
    assert report.status == "sat"
    values = ast.literal_eval(report.model["args"])
    assert len(values) == 2 and values[0] > values[1]


def test_check_assertions_adds_candidates_without_touching_the_ir() -> None:
    ir = make_ir({"x": "int"}, ["0 < x < 10"])
    assert check_assertions(ir, ["x > 5"]).status == "sat"
    clash = check_assertions(ir, ["x > 20"])
    assert clash.status == "unsat" and set(clash.core) == {"0 < x < 10", "x > 20"}
    bad = check_assertions(ir, ["x.foo()"])
    assert bad.status == "sat" and bad.untranslated[0].expression == "x.foo()"
    assert check_ir(ir).status == "sat"


def test_unknown_on_a_hard_nonlinear_problem_with_a_tiny_timeout() -> None:
    # x**3 + y**3 == z**3 in positive integers has no solution (Fermat n=3); z3 cannot decide it.
    ir = make_ir({"x": "int", "y": "int", "z": "int"}, ["x > 0", "y > 0", "z > 0", "x**3 + y**3 == z**3"])
    report = check_ir(ir, timeout_ms=200)
    assert report.status == "unknown"
    assert report.reason
    assert report.seconds < 5


def test_solve_inputs_gives_distinct_assignments() -> None:
    ir = make_ir({"x": "int"}, ["0 <= x <= 5"])
    found = solve_inputs(ir, ["0 <= x <= 5"], ["x == 2"], count=10)
    values = sorted(int(m["x"]) for m in found)
    assert values == [0, 1, 3, 4, 5]


small = st.integers(min_value=-50, max_value=50)


@settings(max_examples=60, deadline=None)
@given(a=small, b=small.filter(lambda v: v != 0))
def test_floor_division_and_modulo_follow_python(a: int, b: int) -> None:
    ir = make_ir({"a": "int", "b": "int"}, [f"a == {a}", f"b == {b}"])
    expected_q, expected_r = a // b, a % b
    assert check_assertions(ir, [f"a // b == {expected_q}", f"a % b == {expected_r}"]).status == "sat"
    assert check_assertions(ir, [f"a // b != {expected_q}"]).status == "unsat"
    assert check_assertions(ir, [f"a % b != {expected_r}"]).status == "unsat"


@settings(max_examples=30, deadline=None)
@given(a=small, b=small)
def test_slices_and_negative_indexes_follow_python(a: int, b: int) -> None:
    text = "abcdef"
    ir = make_ir({"s": "str"}, [f"s == {text!r}"])
    assert check_assertions(ir, [f"s[{a}:{b}] == {text[a:b]!r}"]).status == "sat"
    assert check_assertions(ir, [f"s[{a}:{b}] != {text[a:b]!r}"]).status == "unsat"
    in_range = -len(text) <= a < len(text)
    status = check_assertions(ir, [f"s[{a}] == s[{a}]"]).status
    assert status == ("sat" if in_range else "unsat")


def test_unsat_core_over_strings_is_minimal() -> None:
    ir = make_ir({"email": "str", "n": "int"}, ["'@' in email", "len(email) <= 254", "0 <= n < 100", "n > 5"])
    report = check_assertions(ir, ["len(email) > 300"])
    assert report.status == "unsat"
    assert sorted(report.core) == ["len(email) <= 254", "len(email) > 300"]


def test_importing_the_verify_layer_does_not_load_z3() -> None:
    import subprocess
    import sys

    code = "import sys, lift_tui.verify, lift_tui.cli.check_cmd; print('z3' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_a_type_hole_is_inferred_like_a_missing_hint() -> None:
    report = check_ir(make_ir({"n": "?n_type"}, ["n > 3", "n < 5"]))
    assert report.status == "sat" and report.model == {"n": "4"}
    open_hole = check_ir(make_ir({"n": "?n_type"}, ["len(n) > 3"]))
    assert "no type hint" in open_hole.untranslated[0].reason


@settings(max_examples=25, deadline=None)
@given(text=st.text(alphabet="ab", max_size=7), sub=st.sampled_from(["a", "ab", "aa", "bab", ""]))
def test_count_follows_python(text: str, sub: str) -> None:
    ir = make_ir({"s": "str"}, [f"s == {text!r}"])
    assert check_assertions(ir, [f"s.count({sub!r}) == {text.count(sub)}"]).status == "sat"
    assert check_assertions(ir, [f"s.count({sub!r}) != {text.count(sub)}"]).status == "unsat"


def test_checks_from_several_threads_agree() -> None:
    from concurrent.futures import ThreadPoolExecutor

    ir = make_ir({"x": "int", "s": "str"}, ["0 <= x < 50", "len(s) == x"])
    candidates = [f"x == {v}" for v in range(0, 60, 3)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda c: check_assertions(ir, [c]).status, candidates))
    assert statuses == ["sat" if int(c.split()[-1]) < 50 else "unsat" for c in candidates]
