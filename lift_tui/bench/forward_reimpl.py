"""The reimplementation corpus: real library functions whose docstring is the prompt.

Nobody here wrote these functions or their docstrings. A candidate passes when it behaves
like the original on the item's inputs: the original (imported from its module) and the
candidate run side by side in the sandbox on the same arguments; return values must be
equal (floats within 1e-9 relative) and, where the original raises, the candidate must
raise an exception of the same or a related class (one a subclass of the other).

Each function gives two prompt styles (``docstring`` and ``stub``, see :func:`_prompts`) that share
its split. Items live in ``tests/data/forward/reimpl/{dev,heldout}.json`` and are made by
:mod:`.forward_reimpl_build` (``python -m lift_tui.bench.forward_reimpl_build``), which
states and applies the selection rules; the inputs were drawn once, by Hypothesis, from the
parameters' types, and are stored so every run scores the same calls.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .forward_corpus import DATA, SPLITS, Facts, Item
from .forward_score import Outcome, definitions_only, entry_function, parses

ROOT = DATA / "reimpl"
QUOTES = '"' * 3
TIMEOUT_S = 20.0

# Runs in the sandbox. INPUT: {"code", "entry", "module", "name", "inputs"}.
HARNESS = r'''
import copy as _copy
import importlib as _importlib
import math as _math

def _same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b and isinstance(a, bool) == isinstance(b, bool)
    if isinstance(a, float) or isinstance(b, float):
        try:
            return _math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (a != a and b != b)
        except TypeError:
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:
        return False

def _outcome(fn, args):
    try:
        return ("ok", fn(*_copy.deepcopy(args)))
    except Exception as error:
        return ("raise", type(error))

def _agree(want, got):
    if want[0] != got[0]:
        return False
    if want[0] == "raise":
        return issubclass(got[1], want[1]) or issubclass(want[1], got[1])
    return _same(want[1], got[1])

def _show(outcome):
    return outcome[1].__name__ if outcome[0] == "raise" else repr(outcome[1])[:120]

_original = getattr(_importlib.import_module(INPUT["module"]), INPUT["name"])
_space = {"__name__": "candidate"}
exec(compile(INPUT["code"], "<candidate>", "exec"), _space)
_candidate = _space[INPUT["entry"]]
_passed, _first = 0, ""
for _source in INPUT["inputs"]:
    _args = eval(_source)
    _want, _got = _outcome(_original, _args), _outcome(_candidate, _args)
    if _agree(_want, _got):
        _passed += 1
    elif not _first:
        _first = f"args {_source[:120]}: original {_show(_want)}, candidate {_show(_got)}"
RESULT = [_passed, len(INPUT["inputs"]), _first]
'''


@lru_cache(maxsize=1)
def _all_items() -> tuple[Item, ...]:
    items: list[Item] = []
    for split in SPLITS:
        path = ROOT / f"{split}.json"
        if not path.is_file():
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("split") != split:
            raise ValueError(f"{path}: says split {doc.get('split')!r}")
        for raw in doc["items"]:
            for style, ident, prompt in _prompts(raw):
                items.append(
                    Item(
                        corpus="reimpl",
                        style=style,
                        split=split,  # type: ignore[arg-type]
                        id=ident,
                        prompt=prompt,
                        scorer="differential",
                        facts=Facts.from_json(raw.get("facts")),
                        extra={k: raw[k] for k in ("module", "name", "inputs", "types", "origin")},
                    )
                )
    return tuple(items)


def _prompts(raw: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(style, id, prompt): ``docstring`` (the docstring and the sentence naming the function and its
    parameters) and, where the def line is stored, ``stub`` (the def line as written in the library,
    annotations and defaults included, with the docstring under it, as HumanEval states problems)."""
    out = [("docstring", raw["id"], raw["prompt"])]
    if raw.get("signature"):
        doc = raw["prompt"].rsplit("\n\n", 1)[0].replace(QUOTES, "'" * 3)
        body = "\n".join(f"    {line}".rstrip() for line in doc.splitlines())
        out.append(("stub", f"{raw['id']}#stub", f"{raw['signature']}\n    {QUOTES}\n{body}\n    {QUOTES}\n"))
    return out


def load_reimpl() -> list[Item]:
    return list(_all_items())


def differential_input(item: Item, code: str, entry: str) -> dict[str, Any]:
    return {"code": code, "entry": entry, "module": item.extra["module"], "name": item.extra["name"],
            "inputs": item.extra["inputs"]}


def score_differential(item: Item, code: str, timeout_s: float = TIMEOUT_S) -> Outcome:
    """The candidate against the original on the stored inputs; all must agree to pass."""
    from lift_tui.verify.sandbox import run_python

    checks = len(item.extra["inputs"])
    code = definitions_only(code)
    if not parses(code):
        return Outcome(False, 0, checks, "the code does not parse")
    fn = entry_function(code, item.facts.name)
    if fn is None:
        return Outcome(False, 0, checks, f"the code defines no function {item.facts.name}")
    result = run_python(HARNESS, timeout_s=timeout_s, input_json=differential_input(item, code, fn.name))
    if not result.ok or result.result_json is None:
        return Outcome(False, 0, checks, f"{result.status}: {(result.detail or result.stderr)[-300:]}")
    passed, total, first = json.loads(result.result_json)
    return Outcome(passed == total and total > 0, passed, total, first)

