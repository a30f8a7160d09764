"""What changed between two versions of a function's IR (live reverse mode).

Elements are matched by identity, not position: parameters by name, assertions by
(category, expression text), effects by ``kind:target``, examples by call, holes by
identifier. Reordering assertions or examples is therefore no change; reordering
parameters is (it changes the signature). Provenance and metadata (line numbers move
on every edit above the function) are ignored unless asked for.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from .models import IR, Assertion, Effect, Example, Hole, Parameter


class ChangeKind(StrEnum):
    added = "added"
    removed = "removed"
    changed = "changed"


class Change(BaseModel):
    """One element added, removed or changed; ``path`` is dotted like ``Hole.target``."""

    kind: ChangeKind
    path: str
    old: str | None = None
    new: str | None = None
    label: str = ""
    """The noun this change is summarised under: ``precondition``, ``param x``, ``returns``."""
    element: str = ""
    """Path of the element the change belongs to (several field changes, one element)."""


class IRDiff(BaseModel):
    qualname: str | None = None
    changes: list[Change] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def paths(self) -> list[str]:
        return [c.path for c in self.changes]

    def summary(self) -> str:
        """Short and countable, e.g. ``+1 precondition, ~returns``; ``no changes`` if empty."""
        return _summarise(self.changes)


class FunctionsDiff(BaseModel):
    """Functions of a file before and after a save, keyed by qualname."""

    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: dict[str, IRDiff] = Field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        parts = [f"+{q}" for q in self.added] + [f"-{q}" for q in self.removed]
        parts += [f"~{q} ({d.summary()})" for q, d in self.changed.items()]
        return ", ".join(parts) or "no changes"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool | int | float | str):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, BaseModel):
        return value.model_dump_json(exclude_defaults=True)
    return str(value)


def _field_label(path: str, name: str) -> str:
    if path == "intent":
        return "summary" if name == "summary" else f"intent.{name}"
    if path == "signature":
        return {"is_async": "async", "returns_description": "returns description"}.get(name, name)
    return path if path.startswith("metadata") else name


def _fields(
    changes: list[Change],
    path: str,
    old: BaseModel,
    new: BaseModel,
    skip: set[str],
    provenance: bool,
    label: str | None = None,
) -> None:
    """A ``changed`` entry for each differing field of two matched elements.

    ``label`` is the element's summary noun; without it each field is its own element.
    """
    for name in type(old).model_fields:
        if name in skip or (name == "provenance" and not provenance):
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(
                Change(
                    kind=ChangeKind.changed,
                    path=f"{path}.{name}",
                    old=_text(before),
                    new=_text(after),
                    label=label or _field_label(path, name),
                    element=path if label else f"{path}.{name}",
                )
            )


def _keyed(
    changes: list[Change],
    prefix: str,
    old: dict[str, BaseModel],
    new: dict[str, BaseModel],
    describe: Any,
    label: Any,
    skip: set[str],
    provenance: bool,
) -> None:
    for key, element in old.items():
        if key not in new:
            path = f"{prefix}.{key}"
            changes.append(
                Change(
                    kind=ChangeKind.removed, path=path, old=describe(element), label=label(key), element=path
                )
            )
    for key, element in new.items():
        path = f"{prefix}.{key}"
        if key not in old:
            changes.append(
                Change(
                    kind=ChangeKind.added, path=path, new=describe(element), label=label(key), element=path
                )
            )
        else:
            _fields(changes, path, old[key], element, skip, provenance, label=label(key))


def _strings(changes: list[Change], prefix: str, old: list[str], new: list[str], label: str) -> None:
    for item in old:
        if item not in new:
            path = f"{prefix}.{item}"
            changes.append(Change(kind=ChangeKind.removed, path=path, old=item, label=label, element=path))
    for item in new:
        if item not in old:
            path = f"{prefix}.{item}"
            changes.append(Change(kind=ChangeKind.added, path=path, new=item, label=label, element=path))


def _first_by(items: list[Any], key: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        found.setdefault(key(item), item)
    return found


def _parameter(p: Parameter) -> str:
    text = f"{p.name}: {p.type_hint}" if p.type_hint else p.name
    return f"{text} = {p.default}" if p.default is not None else text


def _assertion_key(a: Assertion) -> str:
    return f"{a.category.value}.{' '.join(a.expression.split())}"


def _effect_key(e: Effect) -> str:
    return f"{e.kind.value}:{e.target}"


def _example_key(e: Example) -> str:
    return " ".join(e.call.split())


def _hole(h: Hole) -> str:
    return f"{h.reference}: {h.type_hint} -> {h.target} ({h.status.value})"


def diff_ir(old: IR, new: IR, *, provenance: bool = False, metadata: bool = False) -> IRDiff:
    """The changes that turn ``old`` into ``new``."""
    changes: list[Change] = []
    lists = {"success_criteria", "domain_concepts"}
    _fields(changes, "intent", old.intent, new.intent, lists, provenance)
    _strings(
        changes,
        "intent.success_criteria",
        old.intent.success_criteria,
        new.intent.success_criteria,
        "success criterion",
    )
    _strings(
        changes,
        "intent.domain_concepts",
        old.intent.domain_concepts,
        new.intent.domain_concepts,
        "domain concept",
    )
    sig_old, sig_new = old.signature, new.signature
    _fields(changes, "signature", sig_old, sig_new, {"parameters", "raises", "decorators"}, provenance)
    _keyed(
        changes,
        "signature.parameters",
        _first_by(sig_old.parameters, lambda p: p.name),
        _first_by(sig_new.parameters, lambda p: p.name),
        _parameter,
        lambda key: f"param {key}",
        set(),
        provenance,
    )
    old_names = [p.name for p in sig_old.parameters]
    new_names = [p.name for p in sig_new.parameters]
    if [n for n in old_names if n in new_names] != [n for n in new_names if n in old_names]:
        changes.append(
            Change(
                kind=ChangeKind.changed,
                path="signature.parameters",
                old=", ".join(old_names),
                new=", ".join(new_names),
                label="parameter order",
                element="signature.parameters",
            )
        )
    _strings(changes, "signature.raises", sig_old.raises, sig_new.raises, "raises")
    _strings(changes, "signature.decorators", sig_old.decorators, sig_new.decorators, "decorator")
    _keyed(
        changes,
        "assertions",
        _first_by(old.assertions, _assertion_key),
        _first_by(new.assertions, _assertion_key),
        lambda a: a.expression,
        lambda key: key.split(".", 1)[0],
        {"category", "expression"},
        provenance,
    )
    _keyed(
        changes,
        "effects",
        _first_by(old.effects, _effect_key),
        _first_by(new.effects, _effect_key),
        lambda e: e.description or _effect_key(e),
        lambda _: "effect",
        {"kind", "target"},
        provenance,
    )
    _keyed(
        changes,
        "examples",
        _first_by(old.examples, _example_key),
        _first_by(new.examples, _example_key),
        lambda e: f"{e.call} -> {e.expected}",
        lambda _: "example",
        {"call"},
        provenance,
    )
    _keyed(
        changes,
        "holes",
        _first_by(old.holes, lambda h: h.identifier),
        _first_by(new.holes, lambda h: h.identifier),
        _hole,
        lambda _: "hole",
        {"identifier"},
        provenance,
    )
    if metadata:
        _fields(changes, "metadata", old.metadata, new.metadata, set(), provenance)
    if old.schema_version != new.schema_version:
        changes.append(
            Change(
                kind=ChangeKind.changed,
                path="schema_version",
                old=str(old.schema_version),
                new=str(new.schema_version),
                label="schema version",
                element="schema_version",
            )
        )
    return IRDiff(qualname=new.metadata.qualname or new.signature.name, changes=changes)


_SIGN = {ChangeKind.added: "+", ChangeKind.removed: "-", ChangeKind.changed: "~"}
_COUNTED = {
    "precondition",
    "postcondition",
    "invariant",
    "effect",
    "example",
    "hole",
    "success criterion",
    "domain concept",
    "raises",
    "decorator",
}


def _plural(count: int, noun: str) -> str:
    if count == 1 or noun == "raises":
        return f"{count} {noun}"
    return f"{count} {noun[:-3]}ia" if noun.endswith("criterion") else f"{count} {noun}s"


def _summarise(changes: list[Change]) -> str:
    """Counted kinds count distinct elements; named elements (``~returns``) appear once."""
    elements: dict[tuple[str, str], set[str]] = {}
    for change in changes:
        elements.setdefault((_SIGN[change.kind], change.label), set()).add(change.element)
    parts = [
        f"{sign}{_plural(len(found), label)}" if label in _COUNTED else f"{sign}{label}"
        for (sign, label), found in elements.items()
    ]
    return ", ".join(parts) or "no changes"


def _function_key(ir: IR) -> str:
    return ir.metadata.qualname or ir.signature.name


def _by_qualname(functions: list[IR]) -> dict[str, IR]:
    """Keys are qualnames; a repeated qualname (a property setter, a redefinition) gets ``#2``, ``#3``."""
    keyed: dict[str, IR] = {}
    seen: Counter[str] = Counter()
    for ir in functions:
        name = _function_key(ir)
        seen[name] += 1
        keyed[name if seen[name] == 1 else f"{name}#{seen[name]}"] = ir
    return keyed


def diff_functions(old: list[IR], new: list[IR], *, provenance: bool = False) -> FunctionsDiff:
    """Added, removed and changed functions between two lifts of the same file."""
    before, after = _by_qualname(old), _by_qualname(new)
    result = FunctionsDiff(
        added=[q for q in after if q not in before],
        removed=[q for q in before if q not in after],
    )
    for qualname, ir in after.items():
        if qualname in before:
            diff = diff_ir(before[qualname], ir, provenance=provenance)
            if not diff.is_empty:
                result.changed[qualname] = diff.model_copy(update={"qualname": qualname})
    return result
