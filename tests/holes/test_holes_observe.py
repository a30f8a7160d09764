"""Evidence from running the examples: real sandboxed runs under the call tracer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lift_tui.holes import observe, suggest
from lift_tui.holes.observe import cached, observed_guard_evidence
from lift_tui.reverse import lift_file

CODE = '''\
def closest(numbers, threshold):
    """Whether two numbers are nearer than threshold.

    >>> closest([1.0, 2.0, 3.0], 0.5)
    False
    >>> closest([1.0, 2.8, 3.0, 4.0], 0.3)
    True
    """
    return any(abs(a - b) < threshold for a in numbers for b in numbers if a is not b)


def helper_caller(words):
    """Lengths.

    >>> helper_caller(["ab", "c"])
    [2, 1]
    """
    return [width(w) for w in words]


def width(word):
    return len(word)
'''


def _lift(tmp_path: Path, code: str = CODE) -> dict:
    path = tmp_path / "mod.py"
    path.write_text(code, encoding="utf-8")
    return {ir.signature.name: ir for ir in lift_file(path).functions}


def _top(ir, hole_id: str) -> list[str]:
    return [c.value for c in suggest(ir, hole_id, top=3)]


def test_traced_calls_give_argument_and_result_types(tmp_path: Path) -> None:
    irs = _lift(tmp_path)
    observation = observe(irs["closest"])
    assert observation is not None and not observation.errors
    assert [c["args"] for c in observation.calls] == [{"numbers": "list[float]", "threshold": "float"}] * 2
    assert {c["result"] for c in observation.calls} == {"bool"}
    types = suggest(irs["closest"], "numbers_type", top=3)
    assert types[0].value == "list[float]" and "observed" in types[0].evidence


def test_the_tracer_sees_calls_made_by_other_functions(tmp_path: Path) -> None:
    irs = _lift(tmp_path)
    width = irs["width"]
    assert observe(width) is None  # no examples of its own: nothing to run
    caller = irs["helper_caller"]
    observe(caller)
    # `width` is called by `helper_caller`'s example: trace it through the caller's examples.
    examples = width.model_copy(update={"examples": caller.examples})
    traced = observe(examples)
    assert traced is not None and [c["args"] for c in traced.calls] == [{"word": "str"}] * 2
    assert "str" in _top(examples, "word_type") and "int" in _top(examples, "return_type")


def test_invariants_that_held_are_proposed_for_guards(tmp_path: Path) -> None:
    ir = _lift(tmp_path)["closest"]
    observe(ir)
    guards = {e.value for e in observed_guard_evidence(ir)}
    # both example lists (of 3 and 4 items) happen to be sorted: proposed, weakly
    assert {"len(numbers) > 0", "threshold > 0", "numbers == sorted(numbers)"} <= guards
    assert all(e.weight < 0.5 for e in observed_guard_evidence(ir))
    unsorted = _lift(tmp_path, CODE.replace("[1.0, 2.8, 3.0, 4.0]", "[4.0, 2.8, 3.0, 1.0]"))["closest"]
    observe(unsorted)
    assert "numbers == sorted(numbers)" not in {e.value for e in observed_guard_evidence(unsorted)}


def test_observations_are_cached_by_the_source(tmp_path: Path) -> None:
    ir = _lift(tmp_path)["closest"]
    first = observe(ir)
    assert cached(ir) is first and observe(ir) is first
    changed = _lift(tmp_path, CODE.replace("0.5)", "1)"))["closest"]
    assert cached(changed) is None  # another source, another digest: not run yet


def test_code_that_breaks_out_is_stopped_by_the_sandbox(tmp_path: Path) -> None:
    outside = tmp_path / "written.txt"
    code = (
        f"def spill(x):\n    '''Spill.\n\n    >>> spill(1)\n    1\n    '''\n"
        f"    open({str(outside)!r}, 'w').write('x')\n    return x\n"
    )
    ir = _lift(tmp_path, code)["spill"]
    observation = observe(ir)
    assert observation is not None and observation.errors
    assert not outside.exists()


def test_cli_suggest_run_uses_the_traced_types(tmp_path: Path) -> None:
    (tmp_path / "mod.py").write_text(CODE, encoding="utf-8")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "lift_tui",
            "suggest",
            str(tmp_path / "mod.py"),
            "--no-model",
            "--json",
            "--run",
            "--function",
            "closest",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    holes = {h["identifier"]: h for h in json.loads(out.stdout)["holes"]}
    first = holes["threshold_type"]["candidates"][0]
    assert first["value"] == "float" and "traced call" in first["rationale"]
