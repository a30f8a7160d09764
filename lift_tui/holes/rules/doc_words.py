"""Types stated in a docstring's words rather than in a type slot.

``:param width: number of columns`` or ``Args: name: the name of the table`` say what the value
is without a type: "number of" is an int, "whether" a bool, "path to" a str, "for example
``"porter"``" a str. The description of the parameter (or of the return) is the only text
read, so words about other values never count; the evidence is weak next to any fact from
the code.
"""

from __future__ import annotations

import re

from ..evidence import Evidence

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
    for pattern, hint, weight in _WORDS:
        match = pattern.search(lowered)
        if match and hint not in {e.value for e in found}:
            why = f"the docstring calls {what} \"{match.group(0)}\""
            found.append(Evidence(hint, "docstring", why, weight))
    return found[:2]
