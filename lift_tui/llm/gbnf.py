"""The project's Lark grammars (llguidance dialect) in GBNF, the grammar language llama.cpp's server takes.

A served llama.cpp model decodes code bodies and expressions under the same grammars as the
embedded engine: :func:`lark_to_gbnf` translates the subset of Lark the project writes
(:mod:`lift_tui.forward.grammar`, :mod:`lift_tui.llm.grammars`): rules and terminals, string
literals, ``/regex/`` terminals (character classes, escapes, groups, alternation, ``? * +``
and ``{m,n}``), llguidance's ``item{m,n}`` repetition, ``[optional]`` and ``%ignore``.

Two differences are inherent, both toward accepting *more*, never less:

- GBNF has no lexer. ``%ignore /[ \\t]+/`` becomes optional whitespace after every terminal of a
  rule (and before the start), so ``return x`` and ``return  x`` both match as in Lark; but
  where Lark's longest-match lexer would refuse two words written together (``returnx``), GBNF
  may accept them. Every answer is parsed with ``ast`` and validated afterwards, as on the
  embedded path.
- Lark terminal priorities and the ``i`` (case-insensitive) flag are not used by the project
  and are refused with :class:`GrammarTranslationError` rather than guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

__all__ = ["GrammarTranslationError", "lark_to_gbnf"]


class GrammarTranslationError(ValueError):
    """The Lark grammar uses something this translator does not cover; says what."""


# -- the Lark side ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"i?)
  | (?P<regex>/(?:[^/\\\n]|\\.)+/[imslux]*)
  | (?P<range>\{\s*\d+\s*(?:,\s*\d*\s*)?\})
  | (?P<tilde>~\s*\d+(?:\s*\.\.\s*\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[|()\[\]?*+])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def _tokens(expansion: str) -> list[_Tok]:
    found: list[_Tok] = []
    position = 0
    while position < len(expansion):
        match = _TOKEN.match(expansion, position)
        if match is None:
            rest = expansion[position:position + 30]
            raise GrammarTranslationError(f"cannot read Lark expansion at {rest!r}")
        position = match.end()
        kind = match.lastgroup or ""
        if kind != "space":
            found.append(_Tok(kind, match.group()))
    return found


def _definitions(lark: str) -> tuple[list[tuple[str, str]], list[str]]:
    """``[(name, expansion)]`` in order and the ``%ignore`` patterns; continuation lines
    (starting with ``|``) join the rule above."""
    rules: list[tuple[str, str]] = []
    ignores: list[str] = []
    for raw in lark.splitlines():
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if line.startswith("%ignore"):
            ignores.append(line.removeprefix("%ignore").strip())
            continue
        if line.startswith("%"):
            raise GrammarTranslationError(f"unsupported Lark directive: {line.split()[0]}")
        if line.startswith("|"):
            if not rules:
                raise GrammarTranslationError("an alternative before any rule")
            name, body = rules[-1]
            rules[-1] = (name, f"{body} {line}")
            continue
        match = re.match(r"^([?!]?)([A-Za-z_][A-Za-z0-9_]*)(\.\d+)?\s*:(.*)$", line)
        if match is None:
            raise GrammarTranslationError(f"cannot read Lark rule: {line[:60]!r}")
        if match.group(3):
            raise GrammarTranslationError(f"rule priorities are not translated: {match.group(2)}")
        rules.append((match.group(2), match.group(4).strip()))
    return rules, ignores


# -- regular expressions -> GBNF ---------------------------------------------------------------

_CLASS_ESCAPES = {"d": "0-9", "w": "a-zA-Z0-9_", "s": " \\t\\n\\r"}


def _char(c: str, in_class: bool = False) -> str:
    """One character as GBNF writes it inside ``"..."`` (or ``[...]`` when ``in_class``)."""
    special = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", '"': '\\"'}
    if c in special:
        return special[c]
    if in_class and c in "[]-^":
        return "\\" + c if c != "^" else "\\x5E"
    if not c.isprintable() or ord(c) > 126:
        return f"\\u{ord(c):04X}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08X}"
    return c


def _simple_escape(c: str) -> str:
    table = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "0": "\0"}
    return table.get(c, c)


class _Regex:
    """A recursive-descent reader of the regex subset the grammars use, writing GBNF."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.at = 0

    def fail(self, what: str) -> GrammarTranslationError:
        return GrammarTranslationError(f"regex /{self.pattern}/: {what} at position {self.at}")

    def peek(self) -> str:
        return self.pattern[self.at] if self.at < len(self.pattern) else ""

    def translate(self) -> str:
        out = self.alternation()
        if self.at != len(self.pattern):
            raise self.fail("unexpected character")
        return out

    def alternation(self) -> str:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else "(" + " | ".join(branches) + ")"

    def sequence(self) -> str:
        items: list[str] = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.quantified())
        return " ".join(items) if items else '""'

    def quantified(self) -> str:
        atom = self.atom()
        c = self.peek()
        if c in ("?", "*", "+"):
            self.at += 1
            atom += c
        elif c == "{":
            end = self.pattern.find("}", self.at)
            body = self.pattern[self.at + 1:end] if end > 0 else ""
            if not re.fullmatch(r"\d+(,\d*)?", body):
                raise self.fail("bad repetition")
            self.at = end + 1
            atom += "{" + body + "}"
        else:
            return atom
        if self.peek() in ("?", "+"):  # lazy / possessive: the language is the same
            self.at += 1
        return atom

    def atom(self) -> str:
        c = self.peek()
        if c == "(":
            self.at += 1
            if self.pattern.startswith("?:", self.at):
                self.at += 2
            elif self.peek() == "?":
                raise self.fail("lookaround and named groups are not translated")
            inner = self.alternation()
            if self.peek() != ")":
                raise self.fail("unclosed group")
            self.at += 1
            return "(" + inner + ")"
        if c == "[":
            return self.char_class()
        if c == ".":
            self.at += 1
            return "[^\\n]"
        if c in ("^", "$"):
            raise self.fail("anchors are not translated")
        if c == "\\":
            escaped = self.pattern[self.at + 1:self.at + 2]
            self.at += 2
            if escaped in _CLASS_ESCAPES:
                return "[" + _CLASS_ESCAPES[escaped] + "]"
            if escaped.upper() in _CLASS_ESCAPES:
                return "[^" + _CLASS_ESCAPES[escaped.lower()] + "]"
            if escaped.isalnum() and escaped not in "ntrfv0":
                raise self.fail(f"escape \\{escaped} is not translated")
            return '"' + _char(_simple_escape(escaped)) + '"'
        self.at += 1
        return '"' + _char(c) + '"'

    def class_char(self) -> str:
        """One member of a class as GBNF text (a shorthand like ``\\d`` expands to its ranges)."""
        c = self.peek()
        if c == "\\":
            escaped = self.pattern[self.at + 1:self.at + 2]
            self.at += 2
            if escaped in _CLASS_ESCAPES:
                return _CLASS_ESCAPES[escaped]
            if escaped.isalnum() and escaped not in "ntrfv0":
                raise self.fail(f"escape \\{escaped} in a class is not translated")
            return _char(_simple_escape(escaped), in_class=True)
        if not c:
            raise self.fail("unclosed class")
        self.at += 1
        return _char(c, in_class=True)

    def char_class(self) -> str:
        self.at += 1
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        members: list[str] = []
        first = True
        while self.peek() != "]" or first and self.peek() == "]":
            first = False
            low = self.class_char()
            if self.peek() == "-" and self.pattern[self.at + 1:self.at + 2] not in ("]", ""):
                self.at += 1
                members.append(f"{low}-{self.class_char()}")
            else:
                members.append(low)
        self.at += 1
        return "[" + ("^" if negated else "") + "".join(members) + "]"


def regex_to_gbnf(pattern: str) -> str:
    """A GBNF expression matching what ``pattern`` (a regex of the supported subset) matches."""
    return _Regex(pattern).translate()


# -- Lark -> GBNF ------------------------------------------------------------------------------


def _gbnf_name(name: str, taken: dict[str, str]) -> str:
    """Lark names may hold ``_``, GBNF names may not; ``start`` is GBNF's ``root``."""
    if name in taken:
        return taken[name]
    base = "root" if name == "start" else name.replace("_", "-")
    if base == "root" and name != "start":
        base = "root-rule"
    candidate, n = base, 1
    while candidate in taken.values() or candidate == "ws" and name != "ws":
        n += 1
        candidate = f"{base}-{n}"
    taken[name] = candidate
    return candidate


def _literal(token: str) -> str:
    if token.endswith("i") and not token.endswith('"'):
        raise GrammarTranslationError(f"case-insensitive literals are not translated: {token}")
    text = json.loads(token)
    return '"' + "".join(_char(c) for c in text) + '"' if text else '""'


def _regex_token(token: str) -> str:
    body, _, flags = token[1:].rpartition("/")
    if flags:
        raise GrammarTranslationError(f"regex flags are not translated: {token}")
    return regex_to_gbnf(body)


def _trie(words: list[str]) -> str:
    """``"count" | "cur" | "ch"`` as ``"c" ("ount" | "ur" | "h")``: the same words, one branch per
    first character. llama.cpp keeps one parse stack per open alternative and checks every
    vocabulary token against every stack, so a flat choice of ~25 names cost it ~25 stacks.
    Measured on the body grammar (llama-cpp-python 0.3.36, one thread): a greedy 21-token body
    took 4.1-4.2 s instead of 4.8-5.0 s; unconstrained the same server writes ~17 ms a token."""
    groups: dict[str, list[str]] = {}
    for word in dict.fromkeys(words):
        groups.setdefault(word[0], []).append(word[1:])
    branches: list[str] = []
    for first, rests in groups.items():
        if len(rests) == 1:
            branches.append('"' + "".join(_char(c) for c in first + rests[0]) + '"')
            continue
        longer = [rest for rest in rests if rest]
        inner = _trie(longer) if len(longer) > 1 else '"' + "".join(_char(c) for c in longer[0]) + '"'
        tail = f"({inner})" + ("?" if "" in rests else "")
        branches.append(f'"{_char(first)}" {tail}')
    return branches[0] if len(branches) == 1 else " | ".join(branches)


class _Expansion:
    """Reads one Lark expansion (alternatives of sequences of quantified items) into GBNF."""

    def __init__(self, tokens: list[_Tok], names: dict[str, str], ws: str | None, is_rule: bool,
                 terminals: set[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.names = names
        self.ws = ws
        self.is_rule = is_rule
        self.terminals = terminals

    def peek(self) -> _Tok | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def translate(self) -> str:
        out = self.alternatives()
        if self.peek() is not None:
            raise GrammarTranslationError(f"unexpected {self.peek().text!r} in Lark expansion")  # type: ignore[union-attr]
        return out

    def literal_choice(self) -> list[str] | None:
        """The words, when the expansion from here to its end (or the closing bracket) is only
        ``"word" | "word" | ...``: such a choice is written as a prefix tree (see :func:`_trie`)."""
        words: list[str] = []
        at = self.at
        while at < len(self.tokens):
            tok = self.tokens[at]
            if tok.kind != "string" or tok.text.endswith("i"):
                return None
            words.append(json.loads(tok.text))
            at += 1
            if at == len(self.tokens) or self.tokens[at].text in (")", "]"):
                break
            if self.tokens[at].text != "|":
                return None
            at += 1
        if len(words) < 3 or "" in words:
            return None
        self.at = at
        return words

    def alternatives(self) -> str:
        words = self.literal_choice()
        if words is not None:
            return self.lexeme("(" + _trie(words) + ")") if self.is_rule else _trie(words)
        branches = [self.sequence()]
        while (tok := self.peek()) is not None and tok.text == "|":
            self.at += 1
            branches.append(self.sequence())
        return " | ".join(branches)

    def sequence(self) -> str:
        items: list[str] = []
        while (tok := self.peek()) is not None and tok.text not in ("|", ")", "]"):
            items.append(self.quantified())
        return " ".join(items) if items else '""'

    def lexeme(self, text: str) -> str:
        """A terminal used in a rule: followed by the ignored whitespace, if the grammar has any."""
        return f"{text} {self.ws}" if self.ws and self.is_rule else text

    def quantified(self) -> str:
        item = self.item()
        tok = self.peek()
        if tok is None:
            return item
        if tok.text in ("?", "*", "+"):
            self.at += 1
            return f"({item}){tok.text}"
        if tok.kind == "range":
            self.at += 1
            return f"({item}){''.join(tok.text.split())}"
        if tok.kind == "tilde":
            self.at += 1
            numbers = re.findall(r"\d+", tok.text)
            low, high = numbers[0], numbers[-1]
            return f"({item}){{{low},{high}}}"
        return item

    def item(self) -> str:
        tok = self.peek()
        assert tok is not None
        self.at += 1
        if tok.kind == "string":
            return self.lexeme(_literal(tok.text))
        if tok.kind == "regex":
            return self.lexeme("(" + _regex_token(tok.text) + ")")
        if tok.kind == "name":
            name = _gbnf_name(tok.text, self.names)
            return self.lexeme(name) if tok.text in self.terminals else name
        if tok.text in ("(", "["):
            close = ")" if tok.text == "(" else "]"
            inner = self.alternatives()
            end = self.peek()
            if end is None or end.text != close:
                raise GrammarTranslationError(f"unclosed {tok.text!r} in Lark expansion")
            self.at += 1
            return f"({inner})" if close == ")" else f"({inner})?"
        raise GrammarTranslationError(f"unexpected {tok.text!r} in Lark expansion")


def lark_to_gbnf(lark: str) -> str:
    """The GBNF grammar (root rule ``root``) for a Lark grammar in the llguidance dialect.

    Raises :class:`GrammarTranslationError` for a construct outside the supported subset; the
    served engine then reports the grammar as unusable instead of sending something wrong.
    """
    rules, ignores = _definitions(lark)
    if not any(name == "start" for name, _ in rules):
        raise GrammarTranslationError("the Lark grammar has no start rule")
    names: dict[str, str] = {}
    terminals = {name for name, _ in rules if name.isupper() or name.lstrip("_").isupper()}
    ws = None
    lines: list[str] = []
    if ignores:
        ws = "ws"
        names["__ws__"] = ws
        pieces = [_regex_token(i) if i.startswith("/") else _literal(i) for i in ignores]
        if len(pieces) == 1 and re.fullmatch(r"\[[^\]]*\]\+", pieces[0]):
            lines.append(f"{ws} ::= {pieces[0][:-1]}*")  # ([ \t]+)* would be ambiguous: exponential
        else:
            lines.append(f"{ws} ::= ({' | '.join(pieces)})*")
    for name, expansion in rules:
        is_rule = name not in terminals
        body = _Expansion(_tokens(expansion), names, ws, is_rule, terminals).translate()
        if name == "start" and ws:
            body = f"{ws} ({body})"
        lines.append(f"{_gbnf_name(name, names)} ::= {body}")
    defined = {_gbnf_name(name, names) for name, _ in rules} | ({ws} if ws else set())
    missing = sorted(set(names.values()) - defined)
    if missing:
        raise GrammarTranslationError(f"the Lark grammar uses undefined names: {', '.join(missing)}")
    root = next(line for line in lines if line.startswith("root ::="))
    return "\n".join([root, *(line for line in lines if line is not root)]) + "\n"
