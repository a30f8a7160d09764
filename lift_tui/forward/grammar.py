"""A Lark grammar (llguidance dialect) for a short function body over known names.

The body is at most a few one-line statements and a ``return``: every line is top level
(loops and ifs keep their single statement on the same line), so indentation cannot go
wrong and the skeleton indents the lines itself. Names are limited to the parameters,
short local names and builtins (which may only be called, or passed as ``key=``), which
keeps a small model from inventing modules or shadowing ``str`` with a loop variable.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable

BUILTINS = (
    "len sum min max abs sorted reversed range enumerate zip all any int float str bool list set "
    "dict tuple round map filter isinstance divmod ord chr"
).split()
LOCALS = "i j k n x y c w v a b acc total count result prev cur item word ch d key value".split()
METHODS = (
    "split join lower upper strip count startswith endswith replace find isdigit isalpha isspace "
    "isupper islower title capitalize splitlines append extend pop index get items keys values"
).split()
MAX_LINES = 5


def _alternatives(words: Iterable[str]) -> str:
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return " | ".join(f'"{w}"' for w in unique)


def body_grammar(parameters: Iterable[str], max_lines: int = MAX_LINES) -> str:
    """The grammar for a body whose names are ``parameters`` plus the fixed builtins and locals."""
    names = [n for n in [*parameters, *LOCALS] if n not in BUILTINS]
    return f"""
%ignore /[ \\t]+/
start: line{{0,{max_lines}}} ret
line: simple NL | compound NL
ret: "return" test NL
simple: NAME ("," NAME)* "=" test ("," test)* | NAME AUGOP test
      | NAME "[" test "]" "=" test | NAME "." METHOD "(" args? ")"
compound: "for" NAME ("," NAME)? "in" test ":" inner
        | "if" test ":" inner
        | "while" test ":" simple
inner: simple | "return" test
test: or_test ("if" or_test "else" test)?
or_test: and_test ("or" and_test)*
and_test: not_test ("and" not_test)*
not_test: "not" not_test | comparison
comparison: arith (compop arith)*
compop: "<" | ">" | "==" | ">=" | "<=" | "!=" | "in" | "not" "in" | "is" | "is" "not"
arith: sum (("|" | "&" | "^") sum)*
sum: term (("+" | "-") term)*
term: factor (("*" | "/" | "//" | "%") factor)*
factor: "-" factor | power
power: atom trailer* ("**" factor)?
atom: NAME | NUMBER | STRING | "True" | "False" | "None" | BUILTIN "(" args? ")"
    | "(" test ")" | "(" test comp ")" | "(" test "," (test ("," test)*)? ")"
    | "[" "]" | "[" test comp "]" | "[" test ("," test)* "]"
    | "{{" "}}" | "{{" test comp "}}" | "{{" test ("," test)* "}}"
trailer: "(" args? ")" | "[" subscript "]" | "." METHOD
args: arg ("," arg)* | test comp
arg: test | NAME "=" (test | BUILTIN)
subscript: test | test? ":" test? | test? ":" test? ":" test?
comp: "for" NAME ("," NAME)? "in" or_test ("if" or_test)?
NAME: {_alternatives(names)}
BUILTIN: {_alternatives(BUILTINS)}
METHOD: {_alternatives(METHODS)}
AUGOP: "+=" | "-=" | "*=" | "//=" | "%="
NUMBER: /[0-9]{{1,6}}(\\.[0-9]{{1,4}})?/
STRING: /'[^'\\\\\\n]{{0,30}}'/ | /"[^"\\\\\\n]{{0,30}}"/
NL: "\\n"
"""


FENCE = "```python\n"
"""How the model opens code unprompted: forced (free), so its next tokens follow its own habit."""


def function_grammar(
    name: str | None, max_lines: int = 12, header: str | None = None, params: list[str] | None = None
) -> str:
    """A fenced ``def name(`` (or ``def`` and a snake_case name of the model's), the model's own
    parameter list and up to ``max_lines`` indented lines, ended by the closing fence or the model.

    This is the format a small model writes best unprompted: the opening fence is what it writes
    first when nothing is forced (forcing ``def`` straight away shifts what it writes after), and
    its own parameter names fit its own body, so they are kept and mapped onto the IR's by
    position afterwards. ``params`` forces the parameter names (the arity is then fixed; the model
    may still annotate the last one and the result); ``header`` forces a whole def line.
    """
    lines = f"""LINE{{1,{max_lines}}} END?
LINE: /    [^\\n]{{1,90}}\\n/
END: "```"
"""
    fence = json.dumps(FENCE)
    if header is not None:  # the whole def line is known: the model writes the lines under it
        return f"start: {fence} HEADER {lines}HEADER: {json.dumps(header.rstrip() + chr(10))}\n"
    if params is not None and name:
        head = json.dumps(f"def {name}({', '.join(params)}")
        rest = r"/(: [^\n(),]{1,40})?\)( -> [^\n]{1,60})?:\n/"
        return f"start: {fence} HEADER REST {lines}HEADER: {head}\nREST: {rest}\n"
    head = json.dumps("def " + name + "(") if name else r"/def [a-z_][a-z0-9_]{0,30}\(/"
    return f"start: {fence} HEADER REST {lines}HEADER: {head}\nREST: /[^\\n]{{1,100}}:\\n/\n"


def unfenced(text: str) -> str:
    """A fenced draft as plain source (the fences the grammar forces and allows removed)."""
    text = text.removeprefix(FENCE)
    head, _, _ = text.partition("```")
    return head


def _parse_salvaged(text: str) -> ast.Module:
    """``text`` parsed; a function cut off mid-statement (at the token limit) keeps its lines that parse."""
    lines = text.rstrip("\n").splitlines()
    for end in range(len(lines), 1, -1):
        try:
            return ast.parse("\n".join(lines[:end]))
        except SyntaxError as error:
            if end == len(lines):
                first = error
            continue
    raise first


def first_function(text: str, name: str | None = None) -> ast.FunctionDef:
    """Function ``name`` in ``text``, else its first function (SyntaxError if none parses)."""
    tree = _parse_salvaged(text)
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    fn = next((f for f in functions if f.name == name), functions[0] if functions else None)
    if fn is None:
        raise SyntaxError("no function in the model's text")
    return fn


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.copy_location(ast.Name(self.mapping.get(node.id, node.id), node.ctx), node)


def own_parameters(text: str, name: str | None = None) -> list[str]:
    """The positional parameter names the model's function declares (SyntaxError if none parses)."""
    fn = first_function(text, name)
    return [a.arg for a in fn.args.posonlyargs + fn.args.args]


def function_body(text: str, name: str | None, parameters: list[str]) -> str:
    """The body of the model's function, its parameters renamed by position to ``parameters``.

    Raises SyntaxError when the text does not parse, has another arity, or a renamed name
    would collide with a name the body already uses.
    """
    fn = first_function(text, name)
    own = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if len(own) != len(parameters) or fn.args.vararg or fn.args.kwarg or fn.args.kwonlyargs:
        raise SyntaxError(f"the model's function takes ({', '.join(own)}), the IR's {tuple(parameters)}")
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]
    if not body:
        raise SyntaxError("empty body")
    mapping = {old: new for old, new in zip(own, parameters, strict=True) if old != new}
    used = {n.id for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.Name)}
    if (used - set(own)) & set(mapping.values()):
        raise SyntaxError("renaming the parameters would capture a local name")
    renamer = _Rename(mapping)
    return "\n".join(ast.unparse(renamer.visit(stmt)) for stmt in body)


def normalise_body(text: str) -> str:
    """Every generated line is top level, so stripping each line is exact."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
