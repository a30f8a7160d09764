"""Types stated in a docstring's words rather than in a type slot.

``:param width: number of columns`` or ``Args: name: the name of the table`` say what the value
is without a type: "number of" is an int, "whether" a bool, "path to" a str, "for example
``"porter"``" a str. The description of the parameter (or of the return) is the only text
read, so words about other values never count; the evidence is weak next to any fact from
the code.
"""

from __future__ import annotations

import re

from ..evidence import STATED, Evidence

_WORDS: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(r"\b(number|count|amount) of\b|\bhow many\b|\binteger\b|\bindex of\b"), "int", 0.35),
    (re.compile(r"^(whether|true if|true to|if true|set to true|set to false|flag)\b"), "bool", 0.4),
    (re.compile(r"\bwhether\b|\bif (set to )?true\b|\bif (set to )?false\b"), "bool", 0.3),
    (re.compile(r"\b(path|filename|file name) (to|of)\b"), "str", 0.3),
    (re.compile(r"\b(name|title|label|text|string|prefix|suffix|identifier) (of|for|to)\b"), "str", 0.3),
    (re.compile(r"\b(seconds|ratio|fraction|probability|percentage)\b"), "float", 0.25),
    (re.compile(r"^(a )?(list|sequence) of\b"), "list", 0.3),
    (re.compile(r"^(a )?(dict|dictionary|mapping) (of|from)\b"), "dict", 0.3),
    (re.compile(r"\b(callable|callback|function) (to|that|which)\b"), "Callable", 0.3),
]
# Plural nouns by the element type they name ("a list of integers").
_NOUNS: dict[str, str] = {
    "integers": "int", "ints": "int", "whole numbers": "int", "indices": "int", "indexes": "int",
    "floats": "float", "floating point numbers": "float", "floating-point numbers": "float",
    "real numbers": "float", "numbers": "float", "strings": "str", "words": "str", "names": "str",
    "lines": "str", "booleans": "bool", "bools": "bool", "bytes": "bytes",
}  # fmt: skip
_CONTAINERS = {"list": "list", "array": "list", "sequence": "list", "set": "set", "tuple": "tuple"}
_NOUN = "|".join(sorted((re.escape(n) for n in _NOUNS), key=len, reverse=True))
_OF = re.compile(
    rf"\b(list|array|sequence|set|tuple)s? of (?:(?:the|all|some|two|positive|non-negative) )?({_NOUN})\b"
)
# "a string", "an integer": a value named by one noun of a builtin type.
_SINGULAR: dict[str, str] = {
    "string": "str", "str": "str", "integer": "int", "int": "int", "float": "float",
    "floating point number": "float", "floating-point number": "float", "real number": "float",
    "boolean": "bool", "bool": "bool", "dictionary": "dict", "dict": "dict", "mapping": "dict",
    "list": "list", "tuple": "tuple", "set": "set", "bytes object": "bytes",
}  # fmt: skip
_ONE = "|".join(sorted((re.escape(n) for n in _SINGULAR), key=len, reverse=True))
_A = re.compile(rf"^(?:an?|the|any|one) (?:(?:positive|non-negative|non-empty|single|given) )?({_ONE})\b")


def element_phrase(text: str) -> str | None:
    """``list[int]`` for "a list of integers", ``set[str]`` for "a set of strings"."""
    match = _OF.search(text.lower())
    if match is None:
        return None
    head = _CONTAINERS[match.group(1)]
    element = _NOUNS[match.group(2)]
    return f"tuple[{element}, ...]" if head == "tuple" else f"{head}[{element}]"


def value_phrase(text: str) -> str | None:
    """The type a description opens with: "a string ..." is a str, "an integer" an int."""
    match = _A.match(text.lower().strip())
    return _SINGULAR[match.group(1)] if match else None


_EXAMPLE = re.compile(r"(?:e\.g\.|for example|such as|like)[^.]*?``(.+?)``", re.IGNORECASE)


def _literal_kind(text: str) -> str | None:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return "str"
    if text in ("True", "False"):
        return "bool"
    if re.fullmatch(r"-?\d+", text):
        return "int"
    if re.fullmatch(r"-?\d+\.\d*", text):
        return "float"
    return None


def described_type_evidence(description: str | None, what: str) -> list[Evidence]:
    """Types the words of one description name (``what``: "`width`" or "the return value")."""
    if not description:
        return []
    text = " ".join(description.split())
    lowered = text.lower()
    found: list[Evidence] = []
    example = _EXAMPLE.search(text)
    kind = _literal_kind(example.group(1)) if example else None
    if example is not None and kind:
        why = f"the docstring gives {what} the example {example.group(1)}"
        found.append(Evidence(kind, "docstring", why, 0.4))
    for hint, weight in ((element_phrase(text), 0.45), (value_phrase(text), 0.4)):
        if hint and not any(e.value.split("[", 1)[0] == hint.split("[", 1)[0] for e in found):
            found.append(Evidence(hint, "docstring", f"the docstring calls {what} {text[:40]!r}", weight))
    for pattern, hint, weight in _WORDS:
        match = pattern.search(lowered)
        if match and not any(e.value.split("[", 1)[0] == hint for e in found):
            why = f'the docstring calls {what} "{match.group(0)}"'
            found.append(Evidence(hint, "docstring", why, weight))
    return found[:2]


def _mentions(name: str) -> str:
    """A pattern for the parameter's name as a word (``numbers``, or ``number`` for a plural name)."""
    words = {re.escape(name), re.escape(name.rstrip("s"))} if len(name) > 3 else {re.escape(name)}
    return "|".join(sorted(words, key=len, reverse=True))


def prose_type_evidence(doc: str, name: str) -> list[Evidence]:
    """Types the docstring's running text gives the parameter: "given list of numbers" where the
    parameter is ``numbers``, or "`text` is a string". Only phrases bound to the name count."""
    if not doc or name in ("self", "cls") or len(name) < 2:
        return []
    text = " ".join(doc.split())
    lowered = text.lower()
    mention = _mentions(name.lower())
    found: list[Evidence] = []
    for match in _OF.finditer(lowered):
        if re.fullmatch(mention, match.group(2)):
            hint = element_phrase(match.group(0))
            if hint:
                found.append(Evidence(hint, "prose", f"the docstring speaks of a {match.group(0)!r}", STATED))
    bound = re.search(rf"`?\b(?:{mention})\b`?\s*(?:is|must be|should be|:|,|-|\()\s*(.{{0,50}})", lowered)
    if bound:
        hint = element_phrase(bound.group(1)) or value_phrase(bound.group(1))
        if hint:
            found.append(
                Evidence(hint, "prose", f"the docstring says `{name}` is {bound.group(1)[:30]!r}", STATED)
            )
    return found
