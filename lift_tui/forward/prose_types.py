"""Types stated in prose: "a list of integers" → ``list[int]``, "a positive float" → ``float``.

A small noun-phrase reader, not a closed list of prompts: an optional article or count, any
adjectives it does not know (skipped), then a type noun, where container nouns ("list of",
"array of", "dictionary from … to …", "integer array") recurse into their element phrases.
Used for parameters (the phrase next to a parameter's name) and for the result ("return the
number of …", "return True if …").
"""

from __future__ import annotations

import re

_ATOMS = {
    "int": ("integer", "integers", "int", "ints", "whole number", "whole numbers", "natural number",
            "natural numbers", "index", "indices", "count", "digit", "digits"),
    "float": ("float", "floats", "floating-point number", "floating point number", "floating-point numbers",
              "floating point numbers", "real number", "real numbers", "decimal number", "decimal numbers",
              "double", "doubles", "number", "numbers"),
    "str": ("string", "strings", "str", "text", "texts", "word", "words", "sentence", "sentences", "phrase",
            "character", "characters", "char", "chars", "letter", "letters", "line", "lines", "substring",
            "substrings", "paragraph", "sequence of characters"),
    "bool": ("boolean", "booleans", "bool", "bools", "flag", "truth value"),
    "bytes": ("bytes", "byte string"),
}
_ATOM_OF = {word: hint for hint, words in _ATOMS.items() for word in words}
_LISTS = ("list", "lists", "array", "arrays", "sequence", "sequences", "vector", "collection", "iterable")
_SETS = ("set", "sets")
_DICTS = ("dictionary", "dictionaries", "dict", "dicts", "mapping", "map", "hash map", "hashmap")
_TUPLES = ("tuple", "tuples", "pair", "pairs")
_MATRICES = ("matrix", "grid", "2d list", "2d array", "two-dimensional list")
_COUNTS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "both": 2, "pair of": 2}
_SKIP = re.compile(r"(?:the|a|an|some|any|given|another|other|second|first|third|each|of\s+the)\b\s*", re.I)
_ADJECTIVE = re.compile(r"[a-z][a-z-]*\s+")


def _nouns(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ATOM_RE = re.compile(rf"(?:{_nouns(tuple(_ATOM_OF))})\b", re.I)
_CONTAINER_RE = re.compile(
    rf"(?P<kind>{_nouns(_LISTS + _SETS + _DICTS + _TUPLES + _MATRICES)})\b"
    r"(?:\s+(?P<link>of|from|with|containing|holding|mapping|that maps|which maps)\s+)?", re.I
)


def _container(kind: str, text: str, pos: int, link: str | None, depth: int) -> tuple[str, int]:
    kind = kind.lower()
    if kind in _MATRICES:
        inner = phrase_at(text, pos, depth + 1) if link else None
        element = inner[0] if inner else "int"
        return f"list[list[{element}]]", inner[1] if inner else pos
    if kind in _DICTS:
        key = phrase_at(text, pos, depth + 1) if link else None
        if key is not None:
            to = re.compile(r"\s*(?:to|->|and|,)\s*", re.I).match(text, key[1])
            value = phrase_at(text, to.end(), depth + 1) if to else None
            if value is not None:
                return f"dict[{key[0]}, {value[0]}]", value[1]
        return "dict", pos
    inner = phrase_at(text, pos, depth + 1) if link else None
    if kind in _TUPLES:
        if kind.startswith("pair") and inner:
            return f"tuple[{inner[0]}, {inner[0]}]", inner[1]
        return ("tuple" if kind.startswith("tuple") else "tuple[int, int]"), inner[1] if inner else pos
    base = "set" if kind in _SETS else "list"
    return (f"{base}[{inner[0]}]", inner[1]) if inner else (base, pos)


def phrase_at(text: str, pos: int, depth: int = 0) -> tuple[str, int] | None:
    """``(hint, end)`` for a type phrase starting at ``pos`` (after an optional article), or None."""
    if depth > 3:
        return None
    pos += len(re.match(r"\s*", text[pos:]).group(0))
    skip = _SKIP.match(text, pos)
    pos = skip.end() if skip else pos
    for _ in range(3):  # "a list of non-negative integers", "an integer array": adjectives or a prefix noun
        found = _noun_at(text, pos, depth)
        if found is not None:
            return found
        adjective = _ADJECTIVE.match(text, pos)
        if adjective is None or text[pos : adjective.end()].strip().lower() in {"and", "or", "that", "which"}:
            return None
        pos = adjective.end()
    return None


def _noun_at(text: str, pos: int, depth: int) -> tuple[str, int] | None:
    container = _CONTAINER_RE.match(text, pos)
    if container:
        return _container(container.group("kind"), text, container.end(), container.group("link"), depth)
    atom = _ATOM_RE.match(text, pos)
    if atom is None:
        return None
    hint = _ATOM_OF[atom.group(0).lower()]
    after = re.compile(rf"\s+({_nouns(_LISTS + _SETS)})\b", re.I).match(text, atom.end())
    if after:  # "integer array", "string list"
        return (f"{'set' if after.group(1).lower() in _SETS else 'list'}[{hint}]", after.end())
    return hint, atom.end()


def count_at(text: str, pos: int) -> int | None:
    """How many things a phrase at ``pos`` counts: "two integers" → 2, "a string" → 1."""
    match = re.compile(rf"\s*({'|'.join(sorted(_COUNTS, key=len, reverse=True))})\b", re.I).match(text, pos)
    return _COUNTS[match.group(1).lower()] if match else None


_BOOL = re.compile(r"\breturns?\s+`?(?:true|false)\b|\b(?:check|determine|decide|test)s?\s+(?:whether|if)\b"
                   r"|\breturns?\s+whether\b|\bwhether or not\b|\bis_\w*\(", re.I)
_INT = re.compile(r"\b(?:the\s+)?(?:total\s+)?(?:number|count|amount|length|index|position)\s+of\b"
                  r"|\bhow many\b"
                  r"|^\W*(?:write\s+a\s+function\s+that\s+)?counts?\b", re.I)
_RETURN_PHRASE = re.compile(r"\b(?:returns?|outputs?|produces?|gives? back)\s+(?P<article>a|an|the)\s+", re.I)


_INPUT_PHRASE = re.compile(
    r"\b(?:in|of|from|over|within|given|takes?|accepts?|receives?|(?:the\s+)?inputs?\s+(?:is|are))\s+"
    r"(?=(?:a|an)\s)", re.I
)


def input_types(prompt: str) -> list[str]:
    """Types of the things the prose says the function works on: "… in a list of integers",
    "given a string", "takes an array of floats" (a phrase the result's own "returns a …" is not)."""
    results = {m.end() for m in _RETURN_PHRASE.finditer(prompt)}
    found = []
    for match in _INPUT_PHRASE.finditer(prompt):
        phrase = phrase_at(prompt, match.end())
        if phrase is not None and match.end() not in results:
            found.append(phrase[0])
    return found


def return_type(prompt: str) -> str | None:
    """The result's type where the prose states it: "returns a list of strings", "return True if"."""
    phrases = [(m.group("article").lower(), phrase_at(prompt, m.end()))
               for m in _RETURN_PHRASE.finditer(prompt)]
    for article, found in phrases:
        if found and article != "the":
            return found[0]
    if _BOOL.search(prompt):
        return "bool"
    if _INT.search(prompt):
        return "int"
    for _, found in phrases:
        if found and found[0] != "float":  # "returns the number": too vague for a type
            return found[0]
    return None
