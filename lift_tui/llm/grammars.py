"""Lark grammars (llguidance dialect) for outputs JSON cannot describe: Python boolean expressions.

An assertion is a Python expression over the function's parameters. The grammar admits only the
given names (plus ``len`` and ``abs``), literals, comparisons, and ``and``/``or``/``not``, written
with single spaces, and short (at most three conjuncts, two terms per sum: a small model otherwise
extends ``1 - 1 - 1 ...`` until its token limit). Every comparison starts from a name, so the
output is about the inputs (left free, the model writes ``1.1 - 1.1 == 1.1``). Every completed
output therefore parses with ``ast`` and mentions no name the caller did not offer. String
methods and ``in`` are offered only for names whose type hint allows them (or is unknown).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping

BUILTINS = ("len", "abs")
_STR_TESTS = ("isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "isidentifier")
_STR_ARG_METHODS = ("startswith", "endswith")
_SIZED = re.compile(
    r"^(typing\.)?(str|bytes|list|dict|set|frozenset|tuple|Sequence|Mapping|List|Dict|Set|Tuple)\b"
)
_STRINGY = re.compile(r"^(typing\.)?(str)\b")


def _literal(text: str) -> str:
    return json.dumps(text)


def _alternatives(items: list[str]) -> str:
    return " | ".join(_literal(item) for item in items)


def _check_names(names: Mapping[str, str | None]) -> None:
    if not names:
        raise ValueError("a boolean expression grammar needs at least one name")
    for name in names:
        if not name.isidentifier() or name in ("True", "False", "None") or name in BUILTINS:
            raise ValueError(f"{name!r} is not usable as a name in an expression")


def bool_expr_grammar(names: Mapping[str, str | None]) -> str:
    """A Lark grammar for a Python boolean expression over ``names`` (name -> type hint or None)."""
    _check_names(names)
    ordered = sorted(names, key=lambda n: (-len(n), n))
    hints = {name: (names[name] or "").strip() for name in ordered}
    unknown = [n for n in ordered if not hints[n]]
    sized = [n for n in ordered if _SIZED.match(hints[n])] + unknown
    stringy = [n for n in ordered if _STRINGY.match(hints[n])] + unknown
    tests = ["comparison", "identity", '"(" disj ")"', "name"]
    if sized:
        tests.insert(1, "membership")
    if stringy:
        tests.insert(1, "call_test")

    rules = [
        "start: disj",
        'disj: conj (" or " conj)?',
        'conj: neg (" and " neg)? (" and " neg)?',
        'neg: "not " neg | test',
        f"test: {' | '.join(tests)}",
        "comparison: subject COMP_OP sum",
        'subject: named ((" + " | " - " | " * " | " // " | " % ") unary)?',
        'named: name | "abs(" name ")"' + (' | "len(" sized_name ")"' if sized else ""),
        'COMP_OP: " == " | " != " | " < " | " <= " | " > " | " >= "',
        'identity: name " is None" | name " is not None"',
        'sum: product ((" + " | " - ") product)?',
        'product: unary ((" * " | " // " | " / " | " % ") unary)?',
        'unary: "-" atom | atom',
        'atom: name | NUMBER | STRING | "(" sum ")" | sized_call',
        'NUMBER: /[0-9]{1,6}(\\.[0-9]{1,3})?/',
        'STRING: /"[^"\\\\\\n]{0,40}"/',
        f"name: {_alternatives(ordered)}",
    ]
    if sized:
        rules.append('sized_call: "len(" sized_name ")" | "abs(" sum ")"')
        rules.append(f"sized_name: {_alternatives(sized)}")
        rules.append('membership: (STRING | name) (" in " | " not in ") sized_name')
    else:
        rules.append('sized_call: "abs(" sum ")"')
    if stringy:
        no_arg = " | ".join(_literal(f".{m}()") for m in _STR_TESTS)
        with_arg = " | ".join(_literal(f".{m}(") for m in _STR_ARG_METHODS)
        rules.append(f"call_test: string_name ({no_arg} | ({with_arg}) STRING \")\")")
        rules.append(f"string_name: {_alternatives(stringy)}")
    return "\n".join(rules) + "\n"


def check_bool_expr(text: str, names: Mapping[str, str | None]) -> ast.Expression:
    """Parse ``text`` as a Python expression using only ``names`` and the grammar's builtins."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        raise ValueError(f"not a Python expression: {error.msg}") from error
    allowed = set(names) | set(BUILTINS)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    stray = sorted(used - allowed)
    if stray:
        raise ValueError(f"expression uses unknown names: {', '.join(stray)}")
    return tree
