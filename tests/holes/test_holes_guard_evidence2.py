"""Guard candidates from general evidence (issue 7, second pass): docstring prose, computed
indexes, duck-typed classes, string formatting that is not division, checks that are not
preconditions, output collections, and how type-shaped guesses rank against real evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.holes import suggest
from lift_tui.holes.rules.prose import prose_guards
from lift_tui.ir import IR, Hole, HoleKind

MODULE = '''\
import math
import random
from collections.abc import Sequence as _Seq

RATE_LIMIT = 100


class Invoice:
    def __init__(self, total, currency):
        self.total = total
        self.currency = currency

    def due_date(self):
        return None


class Shape:
    def area(self):
        raise NotImplementedError


class Circle(Shape):
    def __init__(self, r):
        self.radius = r

    def area(self):
        return 3.14159 * self.radius ** 2

    def perimeter(self):
        return 6.28318 * self.radius


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2

    def perimeter(self):
        return 4 * self.side


_invoice_class = Invoice


def scale(values, factor):
    """Multiply each value. The factor must be > 0; values may be empty."""
    return [v * factor for v in values]


def sqrt_iter(n, guess):
    """Square root of the positive integer n by Newton's method."""
    while guess * guess > n:
        guess = (guess + n // guess) // 2
    return guess


def pick_month(year, month):
    """Name of a month. month is between 1 and 12."""
    return ["", "Jan", "Feb"][month] + str(year)


def pick(items):
    return items[random.randrange(len(items))]


def describe(token):
    msg = "bad token %r"
    if not token.isalnum():
        raise ValueError(msg % token)
    return "%s!" % token


def ship(invoice):
    return invoice.total, invoice.currency, invoice.due_date()


def bill(Invoice):
    return Invoice.total + Invoice.due_date()


def outline(shape):
    return shape.perimeter() / shape.area()


def fill(tokens, seen):
    for token in tokens:
        if token in seen:
            raise ValueError("duplicate")
        seen.add(token)
    return seen


def count_down(start, step):
    while start > 0:
        start -= step
        if start == 13:
            raise RuntimeError("unlucky")
    return start


def average(total, count):
    return total / count


def weight_of(mass: float, g: float) -> float:
    return mass * g


def decibels(power):
    return 10 * math.log10(power)


def spread(variance):
    return math.sqrt(variance)


def page(rows, offset=0, size=20):
    return rows[offset:offset + size]


def deadline(month, hour):
    return (month, hour)


def middle(items):
    return items[len(items) // 2]


class Queue:
    def __init__(self):
        self._pending = None

    def start(self, first):
        if self._pending is not None:
            raise RuntimeError("already started")
        self._pending = [first]

    def push(self, item):
        if self._pending is None:
            raise RuntimeError("not started")
        self._pending.append(item)

    def size(self):
        if self._pending is None:
            raise RuntimeError("not started")
        return len(self._pending)

    def pop(self, default):
        return self._pending.pop() if default is None else default

    def restart(self, first):
        self._pending = [first]
'''


@pytest.fixture(scope="module")
def lifted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    path: Path = tmp_path_factory.mktemp("guards2") / "billing.py"
    path.write_text(MODULE, encoding="utf-8")
    report = lift_file(path)
    assert not report.errors
    return {ir.metadata.qualname: ir for ir in report.functions}


def _with_hole(ir: IR) -> IR:
    copy = ir.model_copy(deep=True)
    over = ", ".join(p.name for p in copy.signature.parameters if p.name not in ("self", "cls"))
    copy.holes.append(
        Hole(
            identifier="pre",
            kind=HoleKind.precondition,
            target=f"assertions.precondition.{len(copy.preconditions)}",
            type_hint=f"bool expr over ({over})",
        )
    )
    return copy


def _top(lifted: dict[str, IR], qualname: str, n: int = 3) -> list[str]:
    return [c.value for c in suggest(_with_hole(lifted[qualname]), "pre", check=True, top=n)]


# --- docstring prose ---------------------------------------------------------------------


def test_prose_phrases_bound_to_a_parameter_become_guards() -> None:
    doc = (
        "Draw a sample. n must be > 0 and k is non-negative. Conditions are alpha > 0 and beta > 0.\n"
        "The rate is at most 5; p is in the range (0, 1). month must be between 1 and 12.\n"
        "obj must be an instance of Invoice. limit should be at least 2."
    )
    names = ["n", "k", "alpha", "beta", "p", "month", "obj", "limit", "rate"]
    values = {e.value for e in prose_guards(doc, names, {"Invoice"})}
    assert {
        "n > 0",
        "k >= 0",
        "alpha > 0",
        "beta > 0",
        "0 < p < 1",
        "1 <= month <= 12",
        "isinstance(obj, Invoice)",
        "limit >= 2",
    } <= values
    # "The rate is at most 5": the name right before "is at most" binds the phrase to `rate`
    assert "rate <= 5" in values


def test_prose_about_other_things_is_not_a_guard() -> None:
    doc = "Return a positive result. self.n > 0 holds afterwards; n.real > 3 is not about n itself."
    assert prose_guards(doc, ["n", "result_count"]) == []
    # a class name the module does not define is not offered as an isinstance check
    assert prose_guards("x must be a frobnicator", ["x"], {"Invoice"}) == []


def test_docstring_sentence_beats_type_shaped_guesses(lifted: dict[str, IR]) -> None:
    assert _top(lifted, "scale")[0] == "factor > 0"
    assert _top(lifted, "sqrt_iter")[0] == "n > 0"
    assert _top(lifted, "pick_month")[0] == "1 <= month <= 12"


# --- body evidence -----------------------------------------------------------------------


def test_index_computed_from_the_length_needs_items(lifted: dict[str, IR]) -> None:
    assert _top(lifted, "pick")[0] == "len(items) > 0"


def test_string_formatting_is_not_division(lifted: dict[str, IR]) -> None:
    values = [c.value for c in suggest(_with_hole(lifted["describe"]), "pre", check=False, top=None)]
    assert "token != 0" not in values
    assert values[0] == "token.isalnum()"


def test_division_by_a_parameter_proposes_nonzero_then_positive(lifted: dict[str, IR]) -> None:
    top = _top(lifted, "average")
    assert top[:2] == ["count != 0", "count > 0"]


def test_checks_on_locals_or_rebound_parameters_are_not_preconditions(lifted: dict[str, IR]) -> None:
    values = [c.value for c in suggest(_with_hole(lifted["count_down"]), "pre", check=False, top=None)]
    assert "start != 13" not in values  # `start` is changed in the loop before it is checked
    fill = [c.value for c in suggest(_with_hole(lifted["fill"]), "pre", check=False, top=None)]
    assert "token not in seen" not in fill  # `token` is a loop variable
    assert "len(seen) > 0" not in fill  # the function adds to `seen`: it may start empty


# --- classes from attributes ---------------------------------------------------------------


def test_attributes_only_one_class_defines_give_isinstance(lifted: dict[str, IR]) -> None:
    assert _top(lifted, "ship")[0] == "isinstance(invoice, Invoice)"


def test_a_parameter_that_shadows_the_class_uses_the_module_alias(lifted: dict[str, IR]) -> None:
    values = _top(lifted, "bill")
    assert values[0] == "isinstance(Invoice, _invoice_class)"
    assert "isinstance(Invoice, Invoice)" not in values


def test_several_fitting_classes_give_their_shared_base(lifted: dict[str, IR]) -> None:
    values = _top(lifted, "outline", n=4)
    assert values[0] == "isinstance(shape, Shape)"
    assert {"isinstance(shape, Circle)", "isinstance(shape, Square)"} <= set(values)


def test_declared_float_is_not_checked_before_its_sign(lifted: dict[str, IR]) -> None:
    ranked = suggest(_with_hole(lifted["weight_of"]), "pre", check=True, top=None)
    values = [c.value for c in ranked]
    assert values.index("mass >= 0") < values.index("isinstance(mass, float)")
    assert values.index("mass > 0") < values.index("isinstance(mass, float)")


# --- ranking: the same guard in other words is one candidate --------------------------------


def test_logically_equal_guards_are_merged_not_crowding_the_top() -> None:
    from lift_tui.holes.models import Candidate, CandidateSource
    from lift_tui.holes.ranking import combine, guard_key

    assert guard_key("not n <= 0") == guard_key("n > 0.0") == "n > 0"
    assert guard_key("len(s) != 0") == guard_key("len(s) >= 1") == "len(s) > 0"
    assert guard_key("not (a and b)") is None and guard_key("int") is None

    def cand(value: str, confidence: float, source: CandidateSource) -> Candidate:
        return Candidate(value=value, rationale="r", confidence=confidence, source=source)

    merged = combine(
        [
            [cand("n > 0", 0.5, CandidateSource.static), cand("not n <= 0", 0.5, CandidateSource.static)],
            [cand("n > 0.0", 0.4, CandidateSource.model), cand("n >= 0", 0.3, CandidateSource.model)],
        ]
    )
    assert [c.value for c in merged] == ["n > 0", "n >= 0"]
    assert merged[0].confidence == pytest.approx(1 - 0.5 * 0.5 * 0.6)


# --- more body evidence, defaults, names, protocols -------------------------------------------


def test_log_needs_positive_and_sqrt_non_negative(lifted: dict[str, IR]) -> None:
    assert _top(lifted, "decibels")[0] == "power > 0"
    assert _top(lifted, "spread")[0] == "variance >= 0"


def test_a_guard_the_default_value_fails_is_dropped(lifted: dict[str, IR]) -> None:
    values = [c.value for c in suggest(_with_hole(lifted["page"]), "pre", check=False, top=None)]
    assert "offset >= 0" in values and "size > 0" in values
    assert "offset > 0" not in values  # the default offset=0 would break it


def test_named_calendar_quantities_get_their_range(lifted: dict[str, IR]) -> None:
    values = _top(lifted, "deadline", n=6)
    assert "1 <= month <= 12" in values and "0 <= hour <= 23" in values
    # the guess is weaker than what the code or docstring says
    assert _top(lifted, "pick_month")[0] == "1 <= month <= 12"


def test_measured_and_indexed_parameter_is_checked_as_the_modules_sequence(lifted: dict[str, IR]) -> None:
    values = _top(lifted, "middle")
    assert "isinstance(items, _Seq)" in values
    # without both uses there is no Sequence evidence
    assert not any("_Seq" in v for v in _top(lifted, "spread", n=10))


def test_state_checks_follow_what_the_method_does_with_the_attribute(lifted: dict[str, IR]) -> None:
    # other methods check both sides; using the attribute needs it set, setting it needs it unset
    assert _top(lifted, "Queue.pop")[0] == "self._pending is not None"
    assert _top(lifted, "Queue.restart")[0] == "self._pending is None"
