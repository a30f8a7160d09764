"""Facts a prompt states about the function it asks for, read without a model.

Where a prompt states something, that beats any 135M-parameter guess: a verbatim ``def`` line
(HumanEval style) fixes everything outright; otherwise the name comes from "called X", "named X",
a signature mention ``f(a, b)`` or the example calls; the parameters from that mention, from
"takes (a, b)" / "takes two integers" / "given a list `nums`", or the example calls' arity;
their types from annotations, prose next to the name ("a list of integers `nums`") or the
examples' literals; the result's type the same way. Forward mode never gives the signature more
or fewer parameters than these facts say (:attr:`PromptFacts.arity`).
"""

from __future__ import annotations

import ast
import builtins
import re
from collections import Counter
from dataclasses import dataclass, field

from .prompt_defs import (
    IDENT,
    StatedParameter,
    annotation_text,
    docstring_after,
    find_def_line,
    parameters_of,
)
from .prompt_examples import PromptExample, agreed_type, closing_paren, find_examples, type_of_value
from .prose_types import count_at, input_types, phrase_at, return_type

__all__ = [
    "PromptExample", "PromptFacts", "StatedParameter", "agreed_type", "find_examples", "find_facts",
    "type_of_value",
]

_IDENT = IDENT
_CALL = re.compile(rf"(?<![.\w])(`?)({_IDENT})\(")
_NAMED = re.compile(
    rf"\b(?:called|named|name\s+it|name\s+is|named\s+as|function\s+name(?:\s+is)?|name(?=\s*:)|def)\b\s*:?\s*"
    rf"([`'\"]?)({_IDENT})\1",
    re.I,
)
_TAKES = re.compile(
    r"\b(?:takes?|accepts?|receives?|expects?|gets?)\s+(?:in\s+|as\s+(?:input|arguments?)\s+)?"
    r"|\b(?:with|has)\s+(?:the\s+)?(?:parameters?|arguments?|inputs?|args?)\b\s*:?\s*"
    r"|\b(?:parameters?|arguments?|inputs?|args?)\s*(?::|are|is)\s*",
    re.I,
)
_GIVEN = re.compile(r"\bgiven\s+(?=(?:a|an|the|two|three|some)\b)", re.I)
_ARG_NOUN = re.compile(
    r"\s*(?:input\s+)?(?:arguments?|parameters?|params?|inputs?|args?|values?)\b\s*[:,]?", re.I
)
_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
_STOP = frozenset(
    "a an the and or of to in on with that which is are be it its as for from by at into if then return "
    "returns each every all any some this these those one two three four five six not no only also than "
    "where when while such so but should must will can may function method value values number numbers "
    "list lists string strings integer integers input inputs argument arguments parameter parameters "
    "positive negative given length size element elements item items".split()
)
_BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class PromptFacts:
    """What the prompt fixes, each with where it came from (the provenance detail)."""

    name: str | None = None
    name_source: str = ""
    parameters: tuple[StatedParameter, ...] | None = None
    parameters_source: str = ""
    returns: str | None = None
    returns_source: str = ""
    examples: tuple[PromptExample, ...] = ()
    def_line: str | None = None
    docstring: str | None = None
    """The docstring under a verbatim def line: the request in the prompt's own words."""
    prose_types: tuple[str, ...] = field(default=())
    """Types the prose gives inputs without naming them ("given a list of numbers"), in order."""

    @property
    def arity(self) -> int | None:
        return None if self.parameters is None else len(self.parameters)

    def calls(self) -> list[PromptExample]:
        """The examples that call the stated function with the stated arity."""
        return [e for e in self.examples
                if e.name == self.name and (self.arity is None or len(e.args) == self.arity)]


# -- name and parameters in prose ----------------------------------------------------------------
def _looks_like_name(word: str, quoted: bool) -> bool:
    if not re.fullmatch(_IDENT, word) or word in _BUILTIN_NAMES:
        return False
    return quoted or "_" in word or any(c.isdigit() for c in word) or word.lower() not in _STOP


def _mentions(prompt: str) -> list[tuple[str, tuple[StatedParameter, ...], str | None]]:
    """Signature mentions ``f(a, b)``, ``f(a: int) -> str`` whose arguments are names, not literals."""
    found = []
    for match in _CALL.finditer(prompt):
        quoted, name = bool(match.group(1)), match.group(2)
        end = closing_paren(prompt, match.end() - 1)
        if end is None or name in _BUILTIN_NAMES:
            continue
        before = prompt[max(0, match.start() - 30) : match.start()].lower()
        context = re.search(r"(?:function|def|define|called|named|method|implement|write|create)\W*$", before)
        annotated = re.search(r"\w\s*:\s*\w", prompt[match.end() : end])
        if not (quoted or context or annotated or "_" in name):
            continue
        arrow = re.compile(r"\s*->\s*`?([^`\n:,.;]+?)`?(?=[`\s:,.;]|$)").match(prompt, end + 1)
        returns = arrow.group(1).strip() if arrow else None
        inside = prompt[match.end() : end]
        try:
            fn = ast.parse(f"def {name}({inside}) -> {returns or 'None'}: ...").body[0]
        except (SyntaxError, IndexError, RecursionError):
            try:
                fn = ast.parse(f"def {name}({inside}): ...").body[0]
                returns = None
            except (SyntaxError, IndexError, RecursionError):
                continue
        assert isinstance(fn, ast.FunctionDef)
        found.append((name, parameters_of(fn), returns))
    return found


_SUBJECT = re.compile(r"(?:function|method|it|def)\b[\w\s]{0,12}$", re.I)
_OF_A_PARAMETER = re.compile(r"(?:argument|parameter|input|variable|param|arg)s?\b[\w\s]{0,4}$", re.I)
_CALLED_WITH = re.compile(rf"(?<![\w.])([`'\"]?)({_IDENT})\1\s+is\s+(?:called|invoked)\s+with\b", re.I)


def _stated_name(prompt: str) -> str | None:
    """The name a sentence gives the function: "the function is called X" first, then any "called X" /
    "named X" that does not name a parameter ("an argument named word") — prose also calls other
    things ("a string is called palindrome if ...") — then "X is called with ..."."""
    plain: list[str] = []
    for match in _NAMED.finditer(prompt):
        before = prompt[max(0, match.start() - 30) : match.start()]
        if not _looks_like_name(match.group(2), bool(match.group(1))) or _OF_A_PARAMETER.search(before):
            continue
        said = match.group(0).lower()
        if _SUBJECT.search(before) or said.startswith(("def", "function")) or re.match(r"name\s*:", said):
            return match.group(2)
        plain.append(match.group(2))
    subject = _CALLED_WITH.search(prompt)
    if subject and _looks_like_name(subject.group(2), bool(subject.group(1))):
        return subject.group(2)
    return plain[0] if plain else None


def _name_at(text: str, pos: int) -> tuple[str, int] | None:
    match = re.compile(rf"\s*([`'\"]?)({_IDENT})\1").match(text, pos)
    if match is None:
        return None
    word = match.group(2)
    follows = re.compile(r"\s*(?:[,.;:)]|and\b|or\b|$)").match(text, match.end())
    if _looks_like_name(word, bool(match.group(1))) or (follows and len(word) <= 2 and word.islower()):
        return word, match.end()
    return None


def _item_at(text: str, pos: int) -> tuple[StatedParameter, int] | None:
    """One list item: ``[type phrase] name``, ``name (type phrase)``, ``name: type phrase``, a bare type."""
    annotated = _ANNOTATED.match(text, pos)  # "sentence (str)", "nums: list[int]"
    if annotated and (hint := _annotation_text(annotated.group(3) or annotated.group(4))):
        return StatedParameter(annotated.group(2), hint), annotated.end()
    phrase = phrase_at(text, pos)
    if phrase is not None:
        named = _name_at(text, phrase[1])
        if named is not None:
            return StatedParameter(named[0], phrase[0]), named[1]
        return StatedParameter(None, phrase[0]), phrase[1]
    named = _name_at(text, pos)
    if named is None:
        return None
    after = re.compile(r"\s*(?:\(|:|,\s*(?:which is\s+)?)\s*(?=(?:a|an|the)\b)").match(text, named[1])
    typed = phrase_at(text, after.end()) if after else None
    if typed is not None:
        closing = re.compile(r"\s*\)?").match(text, typed[1])
        return StatedParameter(named[0], typed[0]), closing.end() if closing else typed[1]
    return StatedParameter(named[0]), named[1]


_ANNOTATED = re.compile(
    rf"\s*([`'\"]?)({_IDENT})\1\s*(?:\(\s*([^()\n]{{1,40}}?)\s*\)|:\s*`?([^\s,;`]{{1,40}})`?)"
)


def _annotation_text(text: str | None) -> str | None:
    """``text`` when it is a Python annotation naming only builtins or typing names, else None."""
    if not text:
        return None
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    known = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)} | {"None", "Any", "Optional"}
    return ast.unparse(tree) if names and names <= known | set(_TYPING_NAMES) else None


_TYPING_NAMES = ("List", "Dict", "Tuple", "Set", "Iterable", "Sequence", "Mapping", "Callable", "Union")


def _items(text: str, pos: int) -> list[StatedParameter]:
    """A list of parameters: ``(a, b)``, ``a, b and c``, ``two integers``, ``a list `nums` and an int k``."""
    if (listed := _paren_names(text, pos)) is not None:
        return listed
    items: list[StatedParameter] = []
    count = count_at(text, pos)
    typed = False
    while True:
        found = _item_at(text, pos)
        more = bool(count) and len(items) < count
        if found is not None and items and typed and found[0].type_hint is None and more:
            found = (StatedParameter(found[0].name, items[0].type_hint), found[1])  # "two strings a and b"
        if found is None or (items and typed and found[0].type_hint is None):
            break  # a list that began with types goes on with types ("a string s, return ...")
        typed = found[0].type_hint is not None if not items else typed
        items.append(found[0])
        pos = found[1]
        noun = _ARG_NOUN.match(text, pos)  # "takes two arguments, a and b"
        if noun and not items[-1].name and items[-1].type_hint is None:
            items.pop()
        sep = _SEP.match(text, pos)
        if sep is None:
            break
        pos = sep.end()
    if count and count > 1 and len(items) == 1 and items[0].name is None:  # "two integers"
        items = [items[0]] * count
    return items


def _taken(prompt: str) -> list[StatedParameter] | None:
    """The parameters a "takes ..." phrase states; an explicit list of names in parentheses
    ("takes (a, b)") beats a prose one anywhere before it ("Input are two strings a and b")."""
    found: list[list[StatedParameter]] = []
    for match in _TAKES.finditer(prompt):
        pos = match.end()
        if (listed := _paren_names(prompt, pos)) is not None:
            return listed
        count = count_at(prompt, pos)
        noun = re.compile(r"\s*(?:one|two|three|four|five|a single|an?)?\s*" + _ARG_NOUN.pattern, re.I).match(
            prompt, pos)
        items = _items(prompt, noun.end() if noun else pos)
        if noun and count and len(items) != count:  # "takes two arguments" and nothing usable after
            named = [i for i in items if i.name]
            items = named if len(named) == count else [StatedParameter(None)] * count
        if items and (any(i.name for i in items) or noun or count):
            found.append(items)
    return found[0] if found else None


def _paren_names(text: str, pos: int) -> list[StatedParameter] | None:
    """``(a, b)`` at ``pos``: a parenthesised list of bare names, or None."""
    paren = re.compile(r"\s*\(").match(text, pos)
    end = closing_paren(text, paren.end() - 1) if paren else None
    if paren is None or end is None:
        return None
    names = [n.strip().strip("`'\"") for n in text[paren.end() : end].split(",")]
    if names and all(re.fullmatch(_IDENT, n) for n in names) and len(set(names)) == len(names):
        return [StatedParameter(n) for n in names]
    return None


def _given(prompt: str) -> list[StatedParameter]:
    out: list[StatedParameter] = []
    for match in _GIVEN.finditer(prompt):
        out += _items(prompt, match.end())
    return out


# -- everything together -------------------------------------------------------------------------
def _typed_name_near(prompt: str, name: str) -> str | None:
    """A type phrase right before (``a list of integers `nums```) or after (``nums, a list``) ``name``."""
    for match in re.finditer(rf"[`'\"]?\b{re.escape(name)}\b[`'\"]?", prompt):
        window = prompt[max(0, match.start() - 60) : match.start()]
        for start in [m.start() for m in re.finditer(r"\b(?:a|an|the|two|three)\b\s", window)][::-1]:
            found = phrase_at(window, start)
            if found and not window[found[1] :].strip(" `'\"\t"):
                return found[0]
        after = re.compile(r"\s*(?:\(|:|,|is|which is|-|—)\s*(?=(?:a|an|the)\b)").match(prompt, match.end())
        found = phrase_at(prompt, after.end()) if after else None
        if found:
            return found[0]
    return None


def _lone_parameter_typed(prompt: str, params: list[StatedParameter]) -> list[StatedParameter]:
    """A lone untyped parameter takes the one type the prose gives its input ("the even numbers in
    a list of integers", "takes (nums)"); with two phrases that disagree it stays untyped."""
    if len(params) != 1 or params[0].type_hint is not None:
        return params
    hints = set(input_types(prompt))
    if len(hints) != 1:
        return params
    p = params[0]
    return [StatedParameter(p.name, hints.pop(), p.default, p.kind)]


def _optional_after(params: list[StatedParameter], passed: int) -> list[StatedParameter]:
    """Named parameters no example passes by position are optional: ``None`` unless a default is stated."""
    return [p if i < passed or p.default else StatedParameter(p.name, p.type_hint, "None", p.kind)
            for i, p in enumerate(params)]


def find_facts(prompt: str) -> PromptFacts:
    """Every fact the prompt states about the function (nothing is guessed)."""
    examples = tuple(find_examples(prompt))
    defined = find_def_line(prompt)
    if defined is not None:
        fn, text = defined
        return PromptFacts(
            docstring=docstring_after(prompt, text),
            name=fn.name, name_source="the prompt's def line", parameters=parameters_of(fn),
            parameters_source="the prompt's def line", returns=annotation_text(fn.returns),
            returns_source="the prompt's def line" if fn.returns else "", examples=examples, def_line=text,
        )
    mentions = _mentions(prompt)
    example_names = Counter(e.name for e in examples)
    name, name_source = None, ""
    if (stated := _stated_name(prompt)) is not None:
        name, name_source = stated, "named in the prompt"
    elif example_names:
        name, name_source = example_names.most_common(1)[0][0], "the prompt's example calls"
    elif mentions:
        name, name_source = mentions[0][0], "the prompt's signature mention"
    mention = next((m for m in mentions if m[0] == name), None)
    calls = [e for e in examples if e.name == name]
    arities = Counter(len(e.args) for e in calls)
    params: list[StatedParameter] | None = None
    source = ""
    if mention is not None:
        params, source = list(mention[1]), "the prompt's signature mention"
    elif (taken := _taken(prompt)) is not None:
        params, source = taken, "the prompt's words"
    given = _given(prompt)
    if params is None and given and all(p.name for p in given):
        params, source = given, "the prompt's words"
    if arities:
        arity = arities.most_common(1)[0][0]
        if params is not None and all(p.name for p in params) and len(params) > max(arities):
            params = _optional_after(params, max(arities))  # "takes (line, pat)" and calls f(line)
        elif params is None or len(params) != arity:
            params, source = [StatedParameter(None)] * arity, "the prompt's example calls"
    if params is not None:
        typed = []
        for index, p in enumerate(params):
            hint = p.type_hint
            if hint is None and p.name:
                hint = _typed_name_near(prompt, p.name)
            if hint is None and calls:
                hint = agreed_type([e.args[index] for e in calls if len(e.args) == len(params)])
            typed.append(StatedParameter(p.name, hint, p.default, p.kind))
        params = _lone_parameter_typed(prompt, typed)
    returns, returns_source = None, ""
    if mention and mention[2]:
        returns, returns_source = mention[2], "the prompt's signature mention"
    if returns is None and calls and (hint := agreed_type([e.result for e in calls])):
        returns, returns_source = hint, "the prompt's example results"
    if returns is None and name and re.match(r"(?:is|has|can|should|are|contains?)_", name):
        returns, returns_source = "bool", "the function's name (a predicate)"
    if returns is None and (hint := return_type(prompt)):
        returns, returns_source = hint, "the prompt's words"
    return PromptFacts(
        name=name, name_source=name_source, parameters=None if params is None else tuple(params),
        parameters_source=source, returns=returns, returns_source=returns_source, examples=examples,
        prose_types=tuple(p.type_hint for p in given if p.type_hint and not p.name),
    )
