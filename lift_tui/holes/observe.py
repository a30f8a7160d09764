"""Evidence from running the code: the function's examples (doctests, IR examples) run in the
sandbox under a call tracer that records the types of the arguments and results of every call
to the function (MonkeyType's idea) and the values' simple properties, from which candidate
invariants are proposed (Daikon's idea: ranges, non-emptiness, ordering, length relations).

Running is explicit and slow (a sandboxed process, ~0.1-1 s): :func:`observe` does it and keeps
the result, keyed by a digest of the module's source, the function and its examples, so the
fast static path (:func:`observed_type_evidence`, :func:`observed_guard_evidence`) only reads
what was observed. Nothing here runs the code outside :mod:`lift_tui.verify.sandbox`. The
service layer calls :func:`observe` in a worker thread, never on the UI thread.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lift_tui.analysis.literals import join_types
from lift_tui.ir import IR, Hole

from .describe import param_of_target
from .evidence import Evidence

# Runs inside the sandbox; INPUT = {"source", "qualname", "calls"}; RESULT = {"calls", "errors"}.
HARNESS = r"""
import sys

def _name(value, depth=0):
    kind = type(value)
    if value is None:
        return "None"
    if kind in (bool, int, float, str, bytes, complex, bytearray):
        return kind.__name__
    if depth < 2 and kind in (list, set, frozenset):
        items = [_name(v, depth + 1) for v in list(value)[:20]]
        inner = _join(items)
        return f"{kind.__name__}[{inner}]" if inner else kind.__name__
    if depth < 2 and kind is tuple:
        if 0 < len(value) <= 4:
            return "tuple[" + ", ".join(_name(v, depth + 1) for v in value) + "]"
        inner = _join([_name(v, depth + 1) for v in value[:20]])
        return f"tuple[{inner}, ...]" if inner else "tuple"
    if depth < 2 and kind is dict:
        keys = _join([_name(k, depth + 1) for k in list(value)[:20]])
        values = _join([_name(v, depth + 1) for v in list(value.values())[:20]])
        return f"dict[{keys}, {values}]" if keys and values else "dict"
    module = getattr(kind, "__module__", "")
    qualname = getattr(kind, "__qualname__", kind.__name__)
    if module in ("builtins", "__observed__") or "<" in qualname:
        return qualname
    return f"{module}.{qualname}"

def _join(names):
    kinds = list(dict.fromkeys(names))
    if len(kinds) == 1:
        return kinds[0]
    if kinds and set(kinds) <= {"int", "float"}:
        return "float"
    return " | ".join(sorted(kinds)) if 1 < len(kinds) <= 3 else None

def _facts(value):
    if isinstance(value, bool):
        return {}
    if isinstance(value, (int, float)):
        return {"number": value}
    facts = {}
    try:
        facts["length"] = len(value)
    except Exception:
        return facts
    if isinstance(value, (list, tuple)) and len(value) > 1:
        try:
            facts["sorted"] = all(value[i] <= value[i + 1] for i in range(len(value) - 1))
        except Exception:
            pass
    return facts

def _target(namespace, qualname):
    current = None
    for part in qualname.split("."):
        current = namespace.get(part) if current is None else getattr(current, part, None)
        if current is None:
            return None
    for attribute in ("__func__", "fget"):
        current = getattr(current, attribute, current)
    while hasattr(current, "__wrapped__"):
        current = current.__wrapped__
    return getattr(current, "__code__", None)

calls, errors = [], []
module = {"__name__": "__observed__", "__builtins__": __builtins__}
try:
    exec(compile(INPUT["source"], "<observed module>", "exec"), module)
    code = _target(module, INPUT["qualname"])
except BaseException as error:
    code = None
    errors.append(f"the module did not run: {type(error).__name__}: {error}"[:200])
if code is not None:
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    open_frames = {}

    def tracer(frame, event, arg):
        if frame.f_code is not code or len(calls) >= 200:
            return
        if event == "call":
            local = frame.f_locals
            open_frames[id(frame)] = {
                "args": {n: _name(local[n]) for n in names if n in local and n not in ("self", "cls")},
                "facts": {n: _facts(local[n]) for n in names if n in local and n not in ("self", "cls")},
            }
        elif event == "return" and id(frame) in open_frames:
            record = open_frames.pop(id(frame))
            record["result"] = _name(arg)
            calls.append(record)

    for call in INPUT["calls"]:
        sys.setprofile(tracer)
        try:
            eval(compile(call, "<example>", "eval"), module)
        except BaseException as error:
            errors.append(f"{call}: {type(error).__name__}: {error}"[:200])
        finally:
            sys.setprofile(None)
elif not errors:
    errors.append(f"no function {INPUT['qualname']} in the module")
RESULT = {"calls": calls, "errors": errors}
"""


@dataclass(frozen=True)
class Observation:
    """What running the examples showed: one record per traced call (``args``: parameter -> type,
    ``facts``: parameter -> number/length/sorted, ``result``: the result's type)."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


_CACHE: dict[str, Observation] = {}
_LOCK = threading.Lock()


def _inputs(ir: IR) -> tuple[str, dict[str, Any]] | None:
    path = ir.metadata.source_path
    if not path or not ir.examples or not ir.metadata.qualname or "<locals>" in ir.metadata.qualname:
        return None
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    payload = {"source": source, "qualname": ir.metadata.qualname, "calls": [e.call for e in ir.examples]}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return digest, payload


def cached(ir: IR) -> Observation | None:
    """The observation of this function's current code and examples, if it was made."""
    found = _inputs(ir)
    if found is None:
        return None
    with _LOCK:
        return _CACHE.get(found[0])


def observe(ir: IR, *, timeout_s: float = 5.0) -> Observation | None:
    """Run the function's examples in the sandbox under the tracer (blocking; call it off the UI
    thread). ``None`` when there is nothing to run (no examples, no file, a local function)."""
    found = _inputs(ir)
    if found is None:
        return None
    digest, payload = found
    with _LOCK:
        if digest in _CACHE:
            return _CACHE[digest]
    from lift_tui.verify.sandbox import run_python

    run = run_python(HARNESS, timeout_s=timeout_s, input_json=payload)
    if run.ok and run.result_json:
        data = json.loads(run.result_json)
        observation = Observation(calls=list(data.get("calls", [])), errors=list(data.get("errors", [])))
    else:
        observation = Observation(errors=[f"the sandbox run ended: {run.status} {run.detail}".strip()])
    with _LOCK:
        _CACHE[digest] = observation
    return observation


def observed_type_evidence(ir: IR, hole: Hole) -> list[Evidence]:
    """The types the traced calls saw for the hole's parameter (or the result): strong evidence."""
    observation = cached(ir)
    if observation is None or not observation.calls:
        return []
    param = param_of_target(hole.target)
    if param is None and hole.target != "signature.returns":
        return []
    seen = [c["args"].get(param) if param else c.get("result") for c in observation.calls]
    if not seen or not all(seen):
        return []
    joined = join_types([s for s in seen if s])
    if joined is None:
        return []
    what = f"`{param}`" if param else "the result"
    why = f"{what} was {joined} in {len(seen)} traced call(s) of the examples"
    return [Evidence(joined, "observed", why, round(min(0.6 + 0.08 * len(seen), 0.9), 2))]


def observed_guard_evidence(ir: IR) -> list[Evidence]:
    """Candidate invariants that held on every traced call: a number's sign, non-emptiness, an
    ordering between two numbers, equal lengths. Examples show typical inputs, not the limits,
    so these are proposals of middling weight, never facts."""
    observation = cached(ir)
    if observation is None or not observation.calls:
        return []
    facts = [c.get("facts", {}) for c in observation.calls]
    names = [p.name for p in ir.signature.parameters if p.name not in ("self", "cls")]
    weight = round(min(0.2 + 0.05 * len(facts), 0.45), 2)
    found: list[Evidence] = []

    def held(guard: str, test: Any) -> None:
        if all(test(f) for f in facts):
            found.append(Evidence(guard, "observed", f"held in all {len(facts)} traced call(s)", weight))

    for name in names:
        if all("number" in f.get(name, {}) for f in facts):
            values = [f[name]["number"] for f in facts]
            if min(values) > 0:
                held(f"{name} > 0", lambda f, n=name: f[n]["number"] > 0)
            elif min(values) >= 0:
                held(f"{name} >= 0", lambda f, n=name: f[n]["number"] >= 0)
        elif all("length" in f.get(name, {}) for f in facts):
            held(f"len({name}) > 0", lambda f, n=name: f[n]["length"] > 0)
            if sum(1 for f in facts if f[name]["length"] >= 3) >= 2:  # short lists are sorted by chance
                held(f"{name} == sorted({name})", lambda f, n=name: f[n].get("sorted", True))
    for index, a in enumerate(names):
        for b in names[index + 1 :]:
            if all("number" in f.get(a, {}) and "number" in f.get(b, {}) for f in facts):
                if any(f[a]["number"] != f[b]["number"] for f in facts):
                    held(f"{a} <= {b}", lambda f, a=a, b=b: f[a]["number"] <= f[b]["number"])
            elif all("length" in f.get(a, {}) and "length" in f.get(b, {}) for f in facts):
                held(f"len({a}) == len({b})", lambda f, a=a, b=b: f[a]["length"] == f[b]["length"])
    return found
