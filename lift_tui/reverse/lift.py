"""Source text to IR, one ``def`` at a time, without a model.

Every function and method is lifted, at any depth, with Python's own qualnames
(``Class.method``, ``outer.<locals>.inner``). ``metadata.lines`` and the signature's
location span the whole definition *including its decorators* (what an editor would
select to move the function). The file is parsed once; each function's own nodes are
listed once and shared by every analysis.
"""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lift_tui.ir import IR

from .assertions import postconditions, preconditions, raised_names
from .body import FunctionBody, FunctionNode, is_abstract_body, statement_blocks
from .docstrings import as_written, doc_statement, docstring, read_docstring
from .effects import effects, import_aliases
from .holes import parameter_holes, return_hole, summary_hole
from .limits import max_file_bytes
from .report import FileReport, LiftError, LiftErrorKind
from .signature import signature
from .source import decode, parse, read

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class Found:
    """A ``def`` with its qualname and whether it sits directly in a class body."""

    node: FunctionNode
    qualname: str
    in_class: bool
    body: FunctionBody


def _scope_children(statements: list[ast.stmt]) -> list[ast.stmt]:
    """Defs and classes declared in a module or class body, also under if/try/with."""
    return [
        s for block in statement_blocks(statements) for s in block if isinstance(s, (*_DEFS, ast.ClassDef))
    ]


def find_functions(tree: ast.Module) -> list[Found]:
    """All functions of the module in source order, each with its Python qualname."""
    found: list[Found] = []
    # (node, prefix, in_class); iterative so deep nesting cannot exhaust the stack here.
    pending: list[tuple[ast.stmt, str, bool]] = [(s, "", False) for s in _scope_children(tree.body)]
    while pending:
        node, prefix, in_class = pending.pop()
        if isinstance(node, ast.ClassDef):
            pending.extend((s, f"{prefix}{node.name}.", True) for s in _scope_children(node.body))
            continue
        assert isinstance(node, _DEFS)
        body = FunctionBody.of(node)
        qualname = f"{prefix}{node.name}"
        found.append(Found(node=node, qualname=qualname, in_class=in_class, body=body))
        inner = f"{qualname}.<locals>."
        pending.extend((n, inner, False) for n in body.of_type(*_DEFS, ast.ClassDef))
    found.sort(key=lambda f: (f.node.lineno, f.node.col_offset))
    return found


def lines_of(node: FunctionNode) -> tuple[int, int]:
    decorators = node.decorator_list
    start = min(node.lineno, *[d.lineno for d in decorators]) if decorators else node.lineno
    return start, node.end_lineno or node.lineno


def lift_function(found: Found, path: str | None, aliases: dict[str, str], source: str | None = None) -> IR:
    """The IR of one function: signature, intent, assertions, effects, examples, holes.

    ``source`` (the module's text) lets a broken doctest be re-read as written in the file.
    """
    node, body = found.node, found.body
    lines = lines_of(node)
    sig = signature(node, path, lines)
    stmt = doc_statement(node)
    doc = docstring(node)
    doc_line = stmt.lineno if stmt is not None else node.lineno
    written = None
    if stmt is not None and source is not None:
        written = lambda: as_written(stmt, source.splitlines(keepends=True))  # noqa: E731
    facts = read_docstring(doc, node.name, path, doc_line, written)
    for parameter in sig["parameters"]:
        parameter["description"] = facts.parameter_descriptions.get(parameter["name"])
    sig["returns_description"] = facts.returns_description
    abstract = is_abstract_body(body)
    raised = [n for n in raised_names(body) if not (abstract and n == "NotImplementedError")]
    sig["raises"] = list(dict.fromkeys([*raised, *facts.raises]))
    if abstract:
        sig["provenance"]["detail"] = "abstract: the body ends in raise NotImplementedError"
    pre, used = preconditions(node, path)
    post = postconditions(body, path, used)
    imports = body.of_type(ast.Import, ast.ImportFrom)
    local_aliases = import_aliases(imports, aliases) if imports else aliases  # read-only below
    names = {p["name"] for p in sig["parameters"]}
    holes = parameter_holes(body, sig["parameters"], found.in_class, sig["decorators"], path)
    if sig["returns"] is None:
        holes.append(return_hole(body, sig["parameters"], holes, path, abstract=abstract))
    if facts.intent.get("summary") is None:
        holes.append(summary_hole(node.name, node.lineno, path))
    data = {
        "intent": facts.intent,
        "signature": sig,
        "assertions": [*pre, *post],
        "effects": effects(body, names, local_aliases, path),
        "examples": facts.examples,
        "holes": holes,
        "metadata": {"origin": "reverse", "source_path": path, "qualname": found.qualname, "lines": lines},
    }
    return IR.model_validate(data)  # one validation, in Rust, for the whole function


@contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is lifted.

    Lifting allocates hundreds of thousands of acyclic objects (AST nodes, dicts, models)
    that reference counting frees; the cyclic collector rescanning the growing heap made a
    50,000-line file ~3x slower. Pause per file, not per run, for library callers whose
    own code may make cycles; the static lift itself makes none (docstrings._parse_sections
    avoids docstring-parser's kept ``ParseError``), so the CLI keeps the collector off for
    its whole ``--no-model`` run. It is re-enabled only if it was enabled, so nested or
    concurrent use stays correct.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def lift_tree(tree: ast.Module, path: str, source: str | None = None) -> FileReport:
    """Lift every function of a parsed module; one function's failure is one error entry."""
    with paused_cyclic_gc():
        return _lift_tree(tree, path, source)


def _lift_tree(tree: ast.Module, path: str, source: str | None = None) -> FileReport:
    report = FileReport(path=path)
    top_level = (s for block in statement_blocks(tree.body) for s in block)
    aliases = import_aliases(s for s in top_level if isinstance(s, ast.Import | ast.ImportFrom))
    try:
        functions = find_functions(tree)
    except RecursionError:
        report.errors.append(
            LiftError(
                path=path, kind=LiftErrorKind.recursion, message="definitions nested too deeply to lift"
            )
        )
        return report
    for found in functions:
        try:
            report.functions.append(lift_function(found, path, aliases, source))
        except RecursionError:
            report.errors.append(
                _function_error(found, path, LiftErrorKind.recursion, "nested too deeply to lift")
            )
        except Exception as error:  # noqa: BLE001 - one odd function must not lose the rest of the file
            message = f"could not lift: {type(error).__name__}: {error}".splitlines()[0][:300]
            report.errors.append(_function_error(found, path, LiftErrorKind.internal, message))
    return report


def _function_error(found: Found, path: str, kind: LiftErrorKind, message: str) -> LiftError:
    return LiftError(
        path=path,
        kind=kind,
        message=f"{found.qualname}: {message}",
        line=found.node.lineno,
        column=found.node.col_offset + 1,
    )


def lift_source(source: str | bytes, path: str | None = None) -> FileReport:
    """Lift source text (bytes are decoded per PEP 263 and checked for binary content)."""
    name = path if path is not None else "<source>"
    text = decode(source, name) if isinstance(source, bytes) else source
    if isinstance(text, LiftError):
        return FileReport(path=name, errors=[text])
    if "\x00" in text:
        text = decode(text.encode("utf-8", "surrogatepass"), name)
        assert isinstance(text, LiftError)
        return FileReport(path=name, errors=[text])
    # One pause for parse and lift, and the tree dropped inside it: re-enabling the collector
    # while the tree is alive made its first collection scan every AST node (~15% of a run).
    with paused_cyclic_gc():
        # Bytes go to the parser as they are (decode() above only vouched for them): parsing
        # the str made the compiler encode every file back to UTF-8 first.
        tree = parse(source if isinstance(source, bytes) else text, name)
        if isinstance(tree, LiftError):
            return FileReport(path=name, errors=[tree])
        report = lift_tree(tree, name, text)
        del tree
    return report


def lift_file(path: Path, max_bytes: int | None = None) -> FileReport:
    """Lift one file; ``max_bytes`` defaults to the ``max_file_bytes`` setting."""
    if max_bytes is None:
        max_bytes = max_file_bytes()
    data = read(path, max_bytes)
    if isinstance(data, LiftError):
        return FileReport(path=str(path), errors=[data])
    return lift_source(data, str(path))
