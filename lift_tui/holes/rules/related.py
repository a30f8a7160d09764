"""Types related to the ones the evidence names: the same stream spelled as a protocol or as
its concrete class, the element type one source knows given to the container another source
found, and the wider or narrower contract on the other side of an override.

These are offered below the evidence they come from: they are what a user would accept as
"the same answer, written the way this code base writes it".
"""

from __future__ import annotations

import ast

from lift_tui.analysis.results import IO_EQUIVALENTS
from lift_tui.analysis.typetext import normalize_type, parse_expr

from ..evidence import Evidence

# bare container head -> the abstract types it is an instance of
_SUPERS: dict[str, tuple[str, ...]] = {
    "Generator": ("Iterator", "Iterable"),
    "Iterator": ("Iterable",),
    "list": ("Sequence", "MutableSequence", "Iterable", "Collection"),
    "set": ("AbstractSet", "MutableSet", "Iterable", "Collection"),
    "frozenset": ("AbstractSet", "Iterable", "Collection"),
    "dict": ("Mapping", "MutableMapping"),
}
# across an override the contract may be stated wider (the base) or narrower (the subclass)
_ACROSS_OVERRIDE = {"Iterator": "Iterable", "Iterable": "Iterator"}


def _split(hint: str) -> tuple[str, str | None]:
    """``Iterable[str]`` -> (``Iterable``, ``str``); a bare or non-generic hint has no arguments."""
    node = parse_expr(hint)
    if isinstance(node, ast.Subscript):
        return ast.unparse(node.value).removeprefix("typing.").removeprefix("collections.abc."), ast.unparse(
            node.slice
        ).removeprefix("(").removesuffix(")")
    return hint.strip(), None


def related_evidence(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence for the related forms of the types in ``evidence`` (never for ``None``)."""
    extra: list[Evidence] = []
    for item in evidence:
        canon = normalize_type(item.value) or item.value
        for other in IO_EQUIVALENTS.get(canon, []):
            extra.append(
                Evidence(other, item.tag, f"{item.rationale} (the same stream as {canon})", item.weight * 0.5)
            )
        head, args = _split(canon)
        if args is not None and item.tag in ("override", "sibling-method") and head in _ACROSS_OVERRIDE:
            wider = f"{_ACROSS_OVERRIDE[head]}[{args}]"
            extra.append(
                Evidence(wider, item.tag, f"{item.rationale}, restated as {wider}", item.weight * 0.5)
            )
    bare = [
        e for e in evidence if e.tag in ("returns", "yield") and _split(e.value) == (e.value.strip(), None)
    ]
    for found in bare:
        head = found.value.strip()
        for item in evidence:
            other, args = _split(normalize_type(item.value) or item.value)
            if args is not None and item is not found and (other == head or other in _SUPERS.get(head, ())):
                extra.append(
                    Evidence(
                        f"{head}[{args}]",
                        found.tag,
                        f"{found.rationale}; of {args}, as {item.value} says",
                        min(0.5 * (found.weight + item.weight), 0.8),
                    )
                )
    return extra
