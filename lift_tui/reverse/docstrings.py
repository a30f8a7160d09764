"""Intent, parameter descriptions, raises and examples read from a docstring.

Sections (Google, NumPy, reST, Epydoc) are parsed by docstring-parser; examples come
from doctest's own parser and from prose such as ``f(3) == 9`` when the call is to
the function's own name and both sides parse.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from inspect import cleandoc
from typing import Any

from . import confidence
from .body import Data, FunctionNode
from .text import unparse

_CALL_START = re.compile(r"(?<![\w.>])([A-Za-z_]\w*)\(")
_SECTIONS = re.compile(
    r"^\s*(Args|Arguments|Parameters|Params|Returns?|Yields?|Raises|Exceptions?|Examples?|Attributes|"
    r"Keyword Args|Keyword Arguments|Other Parameters|Warns|Warnings|Notes?|See Also|References|Todo)"
    r"\s*:?\s*$"
    r"|^\s*[:@](param|type|returns?|rtype|raises?|except|exception|arg|argument|key|keyword|yields?)\b",
    re.MULTILINE,
)
_DANGLING_EXAMPLES = re.compile(r"(?:^|\n)[ \t]*(?:Examples?|Usage)[ \t]*:{1,2}[ \t]*$", re.IGNORECASE)
_PROSE_LINK = re.compile(r"\s*(?:==|->|=>|→|returns|gives)\s*", re.IGNORECASE)


@dataclass
class DocFacts:
    """What one docstring says, ready to be placed into an IR."""

    intent: Data
    parameter_descriptions: dict[str, str] = field(default_factory=dict)
    returns_description: str | None = None
    raises: list[str] = field(default_factory=list)
    examples: list[Data] = field(default_factory=list)


def doc_statement(node: FunctionNode) -> ast.Expr | None:
    """The statement holding the function's docstring.

    Python's own docstring is a string literal that is the first statement. A string placed
    right after the function's leading imports (``import re`` then a string) is not
    one for Python, but it is plainly what the author meant as the description, so it counts.
    """
    for stmt in node.body:
        if type(stmt) is ast.Expr:
            value = stmt.value
            if type(value) is ast.Constant and type(value.value) is str:
                return stmt
            return None
        if type(stmt) is not ast.Import and type(stmt) is not ast.ImportFrom:
            return None
    return None


def docstring(node: FunctionNode) -> str | None:
    """``ast.get_docstring(node, clean=True)`` (also after leading imports, see ``doc_statement``);
    a one-line docstring skips ``cleandoc``.

    For text without a newline ``cleandoc`` only expands tabs and strips the left side,
    and most docstrings are one line.
    """
    stmt = doc_statement(node)
    if stmt is None:
        return None
    text: str = stmt.value.value  # type: ignore[attr-defined]
    return text.expandtabs().lstrip() if "\n" not in text else cleandoc(text)


def as_written(stmt: ast.Expr, lines: list[str]) -> str | None:
    """A non-raw docstring's text with its escapes kept as written (``\\n`` stays two characters);
    ``lines`` are the module's, with their line ends.

    Doctests inside a non-raw docstring are usually written as if it were raw: ``f("a\\nb")``
    becomes a real line break once Python reads the literal, which breaks the example and
    often the indentation of the whole docstring. ``None`` when the literal is raw, has no
    backslash, or is not a plain string literal.
    """
    value = stmt.value
    first, last = value.lineno, value.end_lineno or value.lineno
    if not (1 <= first <= last <= len(lines)) or value.end_col_offset is None:
        return None
    # Offsets count UTF-8 bytes, not characters.
    head = lines[first - 1].encode()
    if first == last:
        text = head[value.col_offset : value.end_col_offset].decode(errors="replace")
    else:
        text = "".join(
            [
                head[value.col_offset :].decode(errors="replace"),
                *lines[first : last - 1],
                lines[last - 1].encode()[: value.end_col_offset].decode(errors="replace"),
            ]
        )
    text = text.removeprefix("u").removeprefix("U")
    quote = text[:3] if text[:3] in ('"""', "'''") else text[:1]
    if quote not in ('"""', "'''", '"', "'") or len(text) < 2 * len(quote) or not text.endswith(quote):
        return None
    inner = text[len(quote) : -len(quote)]
    if "\\" not in inner:
        return None
    return cleandoc(inner.expandtabs())


def _provenance(value: float, path: str | None, line: int | None, detail: str | None = None) -> Any:
    return confidence.provenance(value, path, line, None, detail)


def _calls_own_name(expression: ast.expr, name: str) -> bool:
    for node in ast.walk(expression):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == name) or (
                isinstance(func, ast.Attribute) and func.attr == name
            ):
                return True
    return False


def _is_literal(text: str) -> bool:
    try:
        ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _expression(text: str) -> ast.expr | None:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def doctest_examples(doc: str, name: str, path: str | None, line: int) -> list[Data]:
    """The examples of every doctest that calls this function (see ``_example``)."""
    return _doctests(doc, name, path, line)[0]


def _doctests(doc: str, name: str, path: str | None, line: int) -> tuple[list[Data], bool]:
    """The examples, and whether some ``>>>`` text was broken (did not parse, or bad indentation)."""
    if ">>>" not in doc:
        return [], False
    if name not in doc and doc.isascii():
        # No example can call the function if its name is nowhere in the text (an ASCII text
        # cannot spell it in another Unicode form), so doctest is neither parsed nor imported.
        return [], False
    import doctest  # only docstrings with examples pay for it (it pulls in pdb, difflib, ...)

    try:
        parsed = doctest.DocTestParser().get_examples(doc)
    except ValueError:  # inconsistent indentation etc.: the prose is still useful
        return [], True
    found: list[Data] = []
    broken = False
    for example in parsed:
        if example.exc_msg is not None:
            continue
        if name not in example.source and example.source.isascii():
            continue  # cannot call the function (see above); not worth parsing
        pair = _example(example.source, example.want.strip(), name)
        if pair is None:
            broken = broken or _broken(example.source)
            continue
        found.append(
            dict(
                call=pair[0],
                expected=pair[1],
                provenance=_provenance(confidence.DOCTEST_EXAMPLE, path, line + example.lineno, "doctest"),
            )
        )
    return found, broken


def _broken(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return False


def _example(source: str, want: str, name: str) -> tuple[str, str] | None:
    """(call, expected) stated by one doctest, in any of its usual forms.

    ``>>> f(x)`` with its output; ``>>> f(x) == y`` (or ``y == f(x)``) with no output or ``True``;
    ``>>> assert f(x) == y``; and ``>>> f(x)`` with no output, which doctest passes only when the
    result is ``None``.
    """
    source = source.strip()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(tree.body) != 1:
        return None
    stmt = tree.body[0]
    asserted = type(stmt) is ast.Assert
    if not asserted and type(stmt) is not ast.Expr:
        return None
    expression = stmt.test if asserted else stmt.value  # type: ignore[attr-defined]
    if not _calls_own_name(expression, name):
        return None
    if (
        isinstance(expression, ast.Compare)
        and len(expression.ops) == 1
        and isinstance(expression.ops[0], ast.Eq | ast.Is)
        and (asserted or want in ("", "True"))
    ):
        left, right = expression.left, expression.comparators[0]
        if _calls_own_name(right, name) and not _calls_own_name(left, name):
            left, right = right, left
        if _calls_own_name(left, name) and not _calls_own_name(right, name):
            # As written: the user's spelling of the call, not a re-rendering of it.
            return ast.get_source_segment(source, left) or unparse(left), (
                ast.get_source_segment(source, right) or unparse(right)
            )
    if asserted:
        return None
    if want:
        return source, want
    return (source, "None") if isinstance(expression, ast.Call) else None


def prose_examples(doc: str, name: str, path: str | None, line: int) -> list[Data]:
    """``name(args) == value`` / ``-> value`` / ``returns value`` written in running text."""
    found: list[Data] = []
    needle = f"{name}("
    if needle not in doc:
        return found
    for number, text in enumerate(doc.splitlines()):
        if needle not in text or text.lstrip().startswith((">>>", "...")):
            continue
        for match in _CALL_START.finditer(text):
            if match.group(1) != name:
                continue
            depth, end = 0, None
            for index in range(match.end() - 1, len(text)):
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                if depth == 0:
                    end = index + 1
                    break
            if end is None:
                continue
            link = _PROSE_LINK.match(text, end)
            if link is None or link.end() == end:
                continue
            call_text = text[match.start() : end]
            expected_text = _expected_text(text[link.end() :])
            call = _expression(call_text)
            if not isinstance(call, ast.Call) or not expected_text:
                continue
            if not all(_is_literal(unparse(a)) for a in call.args) or not all(
                _is_literal(unparse(k.value)) for k in call.keywords
            ):
                continue
            found.append(
                dict(
                    call=call_text,
                    expected=expected_text,
                    provenance=_provenance(confidence.PROSE_EXAMPLE, path, line + number, "prose"),
                )
            )
    return found


def _expected_text(rest: str) -> str:
    """The longest prefix of ``rest`` that is a Python literal, minus trailing punctuation.

    Only literals count: ``f(x) returns the square`` must not yield the "example" ``the``.
    """
    rest = rest.strip().strip("`")
    stops = {m.start() for m in re.finditer(r"[\s,;`]", rest)} | {len(rest)}
    for stop in sorted(stops, reverse=True):
        candidate = rest[:stop].strip().rstrip(".,;:`")
        if candidate and _is_literal(candidate):
            return candidate
    return ""


def strip_doctests(text: str) -> str:
    """``text`` without its doctest blocks: they are examples, not rationale.

    A block is a ``>>>`` line with its ``...`` continuations and expected output, which
    (as for doctest itself) ends at the first blank line.
    """
    if ">>>" not in text:
        return text
    kept: list[str] = []
    in_block = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(">>>"):
            in_block = True
        elif in_block and not stripped:
            in_block = False
        if not in_block:
            kept.append(line)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return _DANGLING_EXAMPLES.sub("", text).strip()


def _summary_and_rest(text: str) -> tuple[str | None, str | None]:
    """The first paragraph as one line, and the rest; a summary may wrap over several lines."""
    first, _, rest = strip_doctests(text.strip()).partition("\n\n")
    return " ".join(first.split()) or None, rest.strip() or None


def _parse_sections(doc: str) -> Any:
    """``docstring_parser.parse`` in AUTO style, minus the kept ``ParseError``.

    The library keeps the last failure in a local, so its traceback holds the frame that
    holds it: a reference cycle per docstring that only the cyclic GC can free. Trying the
    same styles in the same order and keeping the same winner (most meta, first on ties)
    makes no cycle, so the CLI can run with the cyclic GC off.
    """
    from docstring_parser import epydoc, google, numpydoc, rest
    from docstring_parser.common import ParseError

    best = None
    for module in (rest, google, numpydoc, epydoc):
        try:
            result = module.parse(doc)
        except ParseError:
            continue
        if best is None or len(result.meta) > len(best.meta):
            best = result
    return best


def read_docstring(
    doc: str | None, name: str, path: str | None, line: int, written: Callable[[], str | None] | None = None
) -> DocFacts:
    """Everything a docstring gives; an absent docstring gives an empty intent (confidence 0).

    ``written`` gives the docstring as written in the file (``as_written``); it is asked only
    when a doctest in the read text is broken.
    """
    if not doc:
        return DocFacts(intent=dict(provenance=_provenance(confidence.MISSING, path, None)))
    parsed = None
    if _SECTIONS.search(doc):  # plain prose needs no section parser (and that is most docstrings)
        parsed = _parse_sections(doc)
    if parsed is None:
        summary, rationale = _summary_and_rest(doc)
        parameters: dict[str, str] = {}
        returns = None
        raises: list[str] = []
        style = "plain"
    else:
        summary, rationale = _summary_and_rest(
            "\n\n".join(p for p in (parsed.short_description, parsed.long_description) if p)
            if parsed.blank_after_short_description
            else "\n".join(p for p in (parsed.short_description, parsed.long_description) if p)
        )
        parameters = {p.arg_name.lstrip("*"): p.description for p in parsed.params if p.description}
        returns = parsed.returns.description if parsed.returns else None
        raises = [r.type_name for r in parsed.raises if r.type_name]
        style = parsed.style.name.lower() if parsed.style else "plain"
    intent = dict(
        summary=summary,
        rationale=rationale,
        provenance=_provenance(confidence.DOCSTRING, path, line, f"docstring ({style})"),
    )
    examples, broken = _doctests(doc, name, path, line)
    if broken and written is not None:
        raw = written()
        if raw:
            again = _doctests(raw, name, path, line)[0]
            if len(again) > len(examples):
                examples = again
    calls = {e["call"] for e in examples}
    examples += [e for e in prose_examples(doc, name, path, line) if e["call"] not in calls]
    return DocFacts(
        intent=intent,
        parameter_descriptions=parameters,
        returns_description=returns,
        raises=raises,
        examples=examples,
    )
