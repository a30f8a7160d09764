"""Guards stated in a docstring's free prose: "n must be > 0", "the positive integer c",
"month is between 1 and 12", "alpha > 0 and beta > 0", "dt must be a datetime".

Authors write a function's contract in words more often than in an ``Args:`` section, so a
sentence that names a parameter and says what it must be is as strong as a documented
parameter description. Only phrases bound to a parameter's name count (the name right next
to the property), so prose about other things never becomes a guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..evidence import Evidence

_NUM = r"-?\d+(?:\.\d+)?"
_OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "==": "==", "!=": "!=", "≥": ">=", "≤": "<="}
_BUILTIN_NOUNS = {
    "integer": "int",
    "int": "int",
    "string": "str",
    "str": "str",
    "list": "list",
    "dict": "dict",
    "dictionary": "dict",
    "tuple": "tuple",
    "bytes": "bytes",
    "set": "set",
    "bool": "bool",
    "boolean": "bool",
}
_WEIGHT = 0.6


def _adjective(word: str, name: str) -> str | None:
    word = word.lower().replace("-", "").replace(" ", "")
    return {
        "positive": f"{name} > 0",
        "strictlypositive": f"{name} > 0",
        "nonnegative": f"{name} >= 0",
        "nonzero": f"{name} != 0",
        "negative": f"{name} < 0",
        "nonempty": f"len({name}) > 0",
    }.get(word)


_OR_EQUAL = r"(?:or\s+equal\s+to\s+)?"
_IS = r"`?\s+is\s+(?:expected\s+to\s+be\s+|required\s+to\s+be\s+)?(.{0,60})"
_ADJ = r"(?:strictly\s+)?positive|non-?\s?negative|non-?\s?zero|non-?\s?empty|negative"


_STATED = rf"(?:an?\s+|the\s+)?(?:{_ADJ})\b|between\b|in\s+(?:the\s+range\s+)?[\[(]|at\s+(?:least|most)\b"


def _property(text: str, name: str, classes: set[str]) -> list[tuple[str, str]]:
    """(guard, phrase) for a property phrase that follows ``<name> must be`` / ``<name> is``."""
    text = text.strip()
    found: list[tuple[str, str]] = []
    m = re.match(rf"(>=|<=|>|<|==|!=|≥|≤)\s*({_NUM})\b", text)
    if m:
        found.append((f"{name} {_OPS[m.group(1)]} {m.group(2)}", m.group(0)))
    m = re.match(rf"(?:greater|larger|more)\s+than\s+{_OR_EQUAL}({_NUM}|zero)\b", text, re.I)
    if m:
        bound = "0" if m.group(1).lower() == "zero" else m.group(1)
        op = ">=" if "equal" in m.group(0).lower() else ">"
        found.append((f"{name} {op} {bound}", m.group(0)))
    m = re.match(rf"(?:less|smaller|fewer)\s+than\s+{_OR_EQUAL}({_NUM}|zero)\b", text, re.I)
    if m:
        bound = "0" if m.group(1).lower() == "zero" else m.group(1)
        op = "<=" if "equal" in m.group(0).lower() else "<"
        found.append((f"{name} {op} {bound}", m.group(0)))
    m = re.match(rf"at\s+(least|most)\s+({_NUM}|zero|one)\b", text, re.I)
    if m:
        bound = {"zero": "0", "one": "1"}.get(m.group(2).lower(), m.group(2))
        found.append((f"{name} {'>=' if m.group(1).lower() == 'least' else '<='} {bound}", m.group(0)))
    m = re.match(rf"(?:in\s+the\s+range\s+|in\s+range\s+)?between\s+({_NUM})\s+and\s+({_NUM})\b", text, re.I)
    if m:
        found.append((f"{m.group(1)} <= {name} <= {m.group(2)}", m.group(0)))
    m = re.match(rf"(?:in\s+(?:the\s+range\s+)?)?([\[(])\s*({_NUM})\s*,\s*({_NUM})\s*([\])])", text, re.I)
    if m and (text.lower().startswith("in") or m.start() == 0):
        low = "<=" if m.group(1) == "[" else "<"
        high = "<=" if m.group(4) == "]" else "<"
        found.append((f"{m.group(2)} {low} {name} {high} {m.group(3)}", m.group(0)))
    m = re.match(rf"(?:an?\s+|the\s+)?(?:(?:strictly\s+)?({_ADJ})\b)", text, re.I)
    if m:
        guard = _adjective(m.group(1), name)
        if guard:
            found.append((guard, m.group(0).strip()))
    m = re.match(r"not\s+None\b", text)
    if m:
        found.append((f"{name} is not None", m.group(0)))
    m = re.match(
        r"(?:an?\s+(?:instance\s+of\s+|subclass\s+instance\s+of\s+)?|an\s+instance\s+of\s+|instance\s+of\s+)"
        rf"(?:(?:{_ADJ})\s+)?(?:`+)?([A-Za-z_][\w.]*)",
        text,
        re.I,
    )
    if m:
        noun = m.group(1).rstrip(".")
        kind = _BUILTIN_NOUNS.get(noun.lower()) if noun not in classes else noun
        if kind is not None:
            found.append((f"isinstance({name}, {kind})", m.group(0)))
    return found


def _sentences(doc: str) -> list[str]:
    """Sentences of the prose, joined across line breaks (a blank line ends a paragraph)."""
    text = re.sub(r"\n\s*\n", " .\n", doc)
    text = re.sub(r"\s+", " ", text)
    return [s for s in re.split(r"(?<=[.;:!?])\s+(?=[A-Z(`]|[a-z_]\w*\s)", text) if s.strip()]


def prose_guards(doc: str, names: Iterable[str], classes: Iterable[str] = ()) -> list[Evidence]:
    """Guards the docstring states in words about any of ``names`` (parameter names)."""
    if not doc:
        return []
    known = set(classes)
    found: dict[str, Evidence] = {}
    text = " ".join(_sentences(doc))
    for name in names:
        if not name or name in ("self", "cls"):
            continue
        ident = re.escape(name)
        hits: list[tuple[str, str]] = []
        # "n >= 0", "alpha > 0 and beta > 0", "0 < p < 1", "1 <= month <= 12"
        for m in re.finditer(
            rf"(?<![\w.])({_NUM})\s*(<=|<|≤)\s*{ident}\s*(<=|<|≤)\s*({_NUM})(?!\w|\.\d)", text
        ):
            hits.append(
                (f"{m.group(1)} {_OPS[m.group(2)]} {name} {_OPS[m.group(3)]} {m.group(4)}", m.group(0))
            )
        chained = {h[1] for h in hits}
        for m in re.finditer(rf"(?<![\w.`]){ident}\s*(>=|<=|>|<|==|!=|≥|≤)\s*({_NUM})(?!\w|\.\d)", text):
            if not any(m.group(0) in c for c in chained):
                hits.append((f"{name} {_OPS[m.group(1)]} {m.group(2)}", m.group(0)))
        # "n must be > 0", "month is between 1 and 12", "dt must be a datetime"
        for m in re.finditer(
            rf"(?<![\w.]){ident}`?\s+(?:must|should|has\s+to|needs\s+to|shall)\s+(?:always\s+)?be\s+(.{{0,60}})",
            text,
        ):
            hits += _property(m.group(1), name, known)
        for m in re.finditer(rf"(?<![\w.]){ident}{_IS}", text):
            rest = m.group(1)
            if re.match(_STATED, rest, re.I):
                hits += _property(rest, name, known)
        # "the positive integer n", "a non-empty list items"
        for m in re.finditer(
            rf"\b({_ADJ})\s+(?:(?:integer|int|number|float|real|value|count|size|sequence|list|string|str)\s+)?{ident}(?![\w(]|\.\w)",
            text,
            re.I,
        ):
            guard = _adjective(m.group(1), name)
            if guard:
                hits.append((guard, m.group(0)))
        for guard, phrase in hits:
            if guard not in found:
                why = f"the docstring says: “{phrase.strip().rstrip('.;,')}”"
                found[guard] = Evidence(guard, "docstring", why, _WEIGHT)
    return list(found.values())
