"""The ``def`` lines a prompt writes out (HumanEval style): which one to write, and its parameters.

A prompt may give helpers in full before the function it asks for; the one to write is the one
without a body. Its def line then fixes the name, the parameters and their annotations outright.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

from .prompt_examples import closing_paren

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


@dataclass(frozen=True)
class StatedParameter:
    """A parameter the prompt states; ``name`` is None where only its count or type is stated."""

    name: str | None
    type_hint: str | None = None
    default: str | None = None
    kind: str = "positional_or_keyword"


def annotation_text(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)


def parameters_of(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[StatedParameter, ...]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + [ast.unparse(d) for d in args.defaults]
    out = []
    for index, arg in enumerate(positional):
        kind = "positional_only" if index < len(args.posonlyargs) else "positional_or_keyword"
        out.append(StatedParameter(arg.arg, annotation_text(arg.annotation), defaults[index], kind))
    if args.vararg:
        vararg = args.vararg
        out.append(StatedParameter(vararg.arg, annotation_text(vararg.annotation), None, "var_positional"))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append(StatedParameter(arg.arg, annotation_text(arg.annotation),
                                   None if default is None else ast.unparse(default), "keyword_only"))
    if args.kwarg:
        kwarg = args.kwarg
        out.append(StatedParameter(kwarg.arg, annotation_text(kwarg.annotation), None, "var_keyword"))
    return tuple(out)


def find_def_line(prompt: str) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, str] | None:
    """The ``def NAME(...) -> T:`` the prompt asks to write, and its source text: of several (helpers
    given in full before it, as HumanEval writes them), the last one without a body; else the first."""
    found = []
    for match in re.finditer(rf"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+{IDENT}[ \t]*\(", prompt):
        end = closing_paren(prompt, match.end() - 1)
        colon = re.compile(r"\s*(?:->\s*[^:\n]+?)?\s*:").match(prompt, end + 1) if end is not None else None
        if colon is None:
            continue
        text = prompt[match.start() : colon.end()].strip()
        try:
            fn = ast.parse(text + " ...").body[0]
        except (SyntaxError, IndexError, RecursionError):
            continue
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((fn, text, match.start()))
    if len(found) > 1:
        stubs = [f for f in found if _without_body(prompt[f[2]:])]
        return stubs[-1][:2] if stubs else found[0][:2]
    return found[0][:2] if found else None


def _without_body(source: str) -> bool:
    """Whether the function at the start of ``source`` has only a docstring, ``pass`` or ``...``."""
    fn = _function_at(source)
    if fn is None:
        return True  # the prompt stops inside it: it is the one to write
    return all(isinstance(s, ast.Pass) or isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
               for s in fn.body)


def _function_at(source: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    for tail in ("", "\n    pass\n", '"""\n    pass\n', "\'\'\'\n    pass\n"):
        try:
            fn = ast.parse(textwrap.dedent(source) + tail).body[0]
        except (SyntaxError, IndexError, RecursionError):
            continue
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            return fn
    return None


def docstring_after(prompt: str, def_line: str) -> str | None:
    """The docstring of the function whose def line is ``def_line`` (the prompt may stop right after it)."""
    fn = _function_at(prompt[prompt.find(def_line) :])
    return ast.get_docstring(fn) if fn is not None else None
