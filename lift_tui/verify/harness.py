"""The script that runs generated code against calls inside the sandbox, and how to build calls.

The harness is plain source text executed by :func:`lift_tui.verify.sandbox.run_python`; it
executes the generated module in its own namespace (so names cannot clash), then runs each
task: a call, optionally compared with an expected value and followed by postconditions
evaluated over the bound arguments and ``result``. Each call gets its own alarm; after one
call times out the rest are skipped, so a looping function costs one time limit, not N.
"""

from __future__ import annotations

from lift_tui.ir import IR, ParameterKind

HARNESS = r"""
import asyncio, inspect, signal

class _CallTimeout(BaseException):
    pass

def _alarm(signum, frame):
    raise _CallTimeout()

signal.signal(signal.SIGALRM, _alarm)
_ns = {"__name__": "lift_generated"}
exec(compile(INPUT["code"], "<generated>", "exec"), _ns)
_fn = _ns.get(INPUT["function"])
if not callable(_fn):
    raise NameError("the code defines no function " + repr(INPUT["function"]))
_sig = inspect.signature(_fn)

def _bind(call_text):
    captured = {}
    def capture(*args, **kwargs):
        captured["args"], captured["kwargs"] = args, kwargs
    env = dict(_ns)
    env[INPUT["function"]] = capture
    eval(call_text, env)
    return captured["args"], captured["kwargs"]

def _truth(text, names):
    try:
        return bool(eval(text, dict(_ns), names))
    except Exception as error:
        return type(error).__name__ + ": " + str(error)

_results = []
_timed_out = False
for _task in INPUT["tasks"]:
    _out = {"id": _task["id"]}
    _results.append(_out)
    if _timed_out:
        _out["skipped"] = "an earlier call timed out"
        continue
    try:
        _args, _kwargs = _bind(_task["call"])
        _bound = _sig.bind(*_args, **_kwargs)
        _bound.apply_defaults()
    except Exception as error:
        _out["bad_call"] = type(error).__name__ + ": " + str(error)
        continue
    if _task.get("posts"):
        # Postconditions promise nothing for inputs that break a precondition.
        _before = dict(_bound.arguments)
        _out["pres_hold"] = all(_truth(p, dict(_before)) is True for p in _task.get("pres", []))
    signal.setitimer(signal.ITIMER_REAL, INPUT["call_timeout_s"])
    try:
        _value = _fn(*_args, **_kwargs)
        if inspect.iscoroutine(_value):
            _value = asyncio.run(_value)
    except _CallTimeout:
        _timed_out = True
        _out["timeout"] = True
        continue
    except Exception as error:
        _out["raised"] = type(error).__name__
        _out["message"] = str(error)[:300]
        continue
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    _out["repr"] = repr(_value)[:300]
    if "expected" in _task:
        try:
            _out["equal"] = bool(_value == eval(_task["expected"], dict(_ns)))
        except Exception as error:
            _out["equal"] = False
            _out["expected_error"] = type(error).__name__ + ": " + str(error)
    if _task.get("posts") and _out["pres_hold"]:
        _names = dict(_bound.arguments)
        _names["result"] = _value
        _out["posts"] = [_truth(p, _names) for p in _task["posts"]]
RESULT = _results
"""


def call_text(ir: IR, values: dict[str, str]) -> str | None:
    """A call of the IR's function with ``values`` (parameter -> literal), honouring parameter
    kinds; None when a required parameter has no value."""
    positional: list[str] = []
    keywords: list[str] = []
    pending_gap = False
    for p in ir.signature.parameters:
        value = values.get(p.name)
        if p.kind in (ParameterKind.positional_only, ParameterKind.positional_or_keyword):
            if value is None:
                if p.default is None:
                    return None
                pending_gap = True
                continue
            if pending_gap:
                if p.kind is ParameterKind.positional_only:
                    return None
                keywords.append(f"{p.name}={value}")
            else:
                positional.append(value)
        elif p.kind is ParameterKind.var_positional:
            if value is not None:
                if pending_gap:
                    return None
                positional.append(f"*{value}")
        elif p.kind is ParameterKind.keyword_only:
            if value is None:
                if p.default is None:
                    return None
                continue
            keywords.append(f"{p.name}={value}")
    return f"{ir.signature.name}({', '.join(positional + keywords)})"
