"""Calibration: isotonic fit, its application, and that it never reorders a hole's candidates."""

from __future__ import annotations

from lift_tui.holes import calibration


def test_isotonic_fit_is_monotone_and_matches_the_rates() -> None:
    points = [(0.2, False)] * 9 + [(0.2, True)] + [(0.8, True)] * 8 + [(0.8, False)] * 2
    steps = calibration.fit(points, min_block=5)
    assert steps == [(0.2, 0.1), (0.8, 0.8)]
    assert calibration.apply_steps(steps, 0.1) == 0.1 and calibration.apply_steps(steps, 0.5) == 0.8
    assert calibration.apply_steps(steps, 0.95) == 0.8  # above the last bound: the last rate


def test_violators_are_pooled() -> None:
    points = [(0.1, True)] * 10 + [(0.5, False)] * 10 + [(0.9, True)] * 10
    values = [v for _, v in calibration.fit(points, min_block=5)]
    assert values == sorted(values)


def test_kinds_of_holes() -> None:
    assert calibration.kind_of("type", "signature.returns") == "return"
    assert calibration.kind_of("type", "signature.parameters.x.type_hint") == "param"
    assert calibration.kind_of("precondition", "assertions.precondition.0") == "guard"
    assert calibration.kind_of("text", "intent.summary") is None
    assert calibration.calibrated(None, 0.42) == 0.42
