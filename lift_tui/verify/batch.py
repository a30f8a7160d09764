"""Many candidate implementations run on the same calls in one sandboxed process.

Starting a sandboxed interpreter costs more than running a small function a few dozen times,
so selection by execution runs every candidate in one process: each candidate's module is
executed in its own namespace, each call gets its own alarm, a candidate that times out once
(or spends its budget) skips its remaining calls, and one candidate's failure never stops the
others. Outputs come back as canonical text (floats rounded, containers ordered as Python
prints them) so two candidates that compute the same value compare equal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .sandbox import run_python

BATCH_HARNESS = r"""
import inspect, io, signal, sys, time

class _Stop(BaseException):
    pass

def _alarm(signum, frame):
    raise _Stop()

class _Null(io.TextIOBase):
    def write(self, text):
        return len(text)

signal.signal(signal.SIGALRM, _alarm)
sys.stdout = _Null()

def _canon(value, depth=0):
    if depth > 20:
        return "..."
    if isinstance(value, float):
        return float("%.9g" % value) if value == value else "nan"
    if isinstance(value, (list, tuple)):
        items = [_canon(v, depth + 1) for v in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(_canon(v, depth + 1)) for v in value))
    if isinstance(value, dict):
        pairs = [(repr(_canon(k, depth + 1)), repr(_canon(v, depth + 1))) for k, v in value.items()]
        return ("dict", sorted(pairs))
    return value

def _truth(text, scope):
    try:
        return bool(eval(text, {}, scope))
    except Exception:
        return None

_out = {}
for _cand in INPUT["candidates"]:
    _rows = _out[_cand["id"]] = []
    _started = time.perf_counter()
    _ns = {"__name__": "lift_candidate"}
    signal.setitimer(signal.ITIMER_REAL, INPUT["call_timeout_s"])
    try:
        exec(compile(_cand["code"], "<candidate>", "exec"), _ns)
        _fn = _ns[_cand["function"]]
        _sig = inspect.signature(_fn)
    except BaseException as error:
        _cand["broken"] = type(error).__name__
        _fn = None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    _dead = None if _fn is not None else "module failed: " + _cand.get("broken", "")
    for _call in INPUT["calls"]:
        _row = {}
        _rows.append(_row)
        if _dead is None and time.perf_counter() - _started > INPUT["budget_s"]:
            _dead = "budget spent"
        if _dead is not None:
            _row["skipped"] = _dead
            continue
        try:
            _args = eval(_call["args"], {})
            _bound = _sig.bind(*_args)
        except BaseException as error:
            _row["bad_call"] = type(error).__name__
            continue
        _names = dict(_bound.arguments)
        _row["pres"] = all(_truth(p, dict(_names)) is not False for p in INPUT["pres"])
        signal.setitimer(signal.ITIMER_REAL, INPUT["call_timeout_s"])
        try:
            _value = _fn(*_args)
        except _Stop:
            _row["timeout"] = True
            _dead = "an earlier call timed out"
            continue
        except BaseException as error:
            _row["raised"] = type(error).__name__
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            _row["out"] = repr(_canon(_value))[:400]
        except BaseException as error:
            _row["out"] = "<unprintable " + type(error).__name__ + ">"
        if "expected" in _call:
            try:
                _row["equal"] = bool(_value == eval(_call["expected"], {}))
            except BaseException:
                _row["equal"] = False
        if INPUT["posts"] and _row["pres"]:
            _names["result"] = _value
            _row["posts"] = all(_truth(p, dict(_names)) is not False for p in INPUT["posts"])
RESULT = _out
"""


@dataclass
class Probe:
    """One call to make: the arguments as a tuple literal, and the expected result's text if known."""

    args: str
    expected: str | None = None


@dataclass
class BatchOutcome:
    """Per candidate id, one row per probe: ``out``/``raised``/``timeout``/``skipped``, ``equal``, ``posts``.
    """

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    error: str | None = None


def run_batch(
    candidates: Sequence[tuple[str, str, str]],
    probes: Sequence[Probe],
    *,
    preconditions: Sequence[str] = (),
    postconditions: Sequence[str] = (),
    call_timeout_s: float = 0.5,
    budget_s: float = 1.5,
) -> BatchOutcome:
    """Run ``(id, code, function name)`` candidates on every probe in one sandboxed process."""
    if not candidates:
        return BatchOutcome()
    payload = {
        "candidates": [{"id": i, "code": c, "function": f} for i, c, f in candidates],
        "calls": [
            {"args": p.args} | ({"expected": p.expected} if p.expected is not None else {}) for p in probes
        ],
        "pres": list(preconditions),
        "posts": list(postconditions),
        "call_timeout_s": call_timeout_s,
        "budget_s": budget_s,
    }
    wall = len(candidates) * (budget_s + call_timeout_s) + 5.0
    result = run_python(BATCH_HARNESS, timeout_s=wall, input_json=payload)
    if result.status != "ok" or not result.result_json:
        return BatchOutcome(error=f"{result.status}: {(result.detail or result.stderr)[-200:]}")
    return BatchOutcome(rows=json.loads(result.result_json))


def run_each(
    candidates: Sequence[tuple[str, str, str]], probes: Sequence[Probe], **kwargs: Any
) -> BatchOutcome:
    """:func:`run_batch`, and where the shared process died (a crash, a memory blow-up), one process each."""
    outcome = run_batch(candidates, probes, **kwargs)
    if outcome.error is None or len(candidates) <= 1:
        return outcome
    rows: dict[str, list[dict[str, Any]]] = {}
    for candidate in candidates:
        alone = run_batch([candidate], probes, **kwargs)
        missing = [{"skipped": alone.error or "no result"}] * len(probes)
        rows[candidate[0]] = alone.rows.get(candidate[0]) or missing
    return BatchOutcome(rows=rows)
