"""Model enrichment of statically lifted IR: suggestions, never facts.

The static lift is shown first; the model runs after, per function (DESIGN.md §1.3).
``CodeToIntent`` fills the open ``summary`` hole's candidates of a function with no
docstring; ``CodeToConstraints`` proposes preconditions the code assumes without checking,
and each one that parses, reads only the parameters (and a few pure builtins) and is not
already known becomes an open ``precondition`` hole with the expression as its candidate.
Every element added here has ``provenance.source == "model"`` and a low confidence; a hole
the model touched stays open for a person to accept.

Whether a proposed precondition keeps the IR satisfiable is a z3 question, and ``verify``
is a sibling layer of ``reverse``: the caller passes that test in as ``keep`` (the CLI does).
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lift_tui.ir import IR, HoleKind, HoleStatus

from .limits import max_file_bytes
from .report import FileReport
from .source import decode, read

MODEL_SUMMARY = 0.3
"""Confidence of a model-written summary candidate (a 135M model is often wrong)."""
MODEL_PRECONDITION = 0.25
"""Confidence of a model-proposed precondition that passed every static filter."""
MAX_CODE_CHARS = 1500
"""The function source sent to the model is cut here: the prompt is read on every call."""
PURE_BUILTINS = frozenset(
    {"len", "abs", "min", "max", "isinstance", "int", "float", "str", "bool", "all", "any", "sum",
     "round", "sorted", "set", "list", "tuple", "dict", "callable", "hasattr", "None", "True", "False"}
)  # fmt: skip

KeepPrecondition = Callable[[IR, str], bool]
"""``keep(ir, expression)``: False drops a proposed precondition (e.g. it makes the IR unsat)."""


def function_source(ir: IR, source: str) -> str:
    """The lines of ``source`` that hold the function (decorators included), capped in size."""
    if ir.metadata.lines is None:
        return ""
    start, end = ir.metadata.lines
    text = "\n".join(source.splitlines()[start - 1 : end])
    import textwrap

    text = textwrap.dedent(text)
    return text if len(text) <= MAX_CODE_CHARS else text[:MAX_CODE_CHARS] + "\n    ..."


def _normal(expression: str) -> str | None:
    """``expression`` in ``ast.unparse`` form, or None if it is not one Python expression."""
    try:
        return ast.unparse(ast.parse(expression.strip(), mode="eval").body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def usable_precondition(ir: IR, expression: str) -> str | None:
    """The normalised expression if it may stand as a candidate precondition of ``ir``, else None.

    It must parse as one expression (not a bare name), read only parameter names and a few pure builtins
    (no attributes of unknown globals, no ``result``), mention at least one parameter,
    and not repeat a precondition the code already states.
    """
    text = _normal(expression)
    if text is None:
        return None
    tree = ast.parse(text, mode="eval").body
    banned = ast.Lambda | ast.NamedExpr | ast.Await | ast.Yield | ast.YieldFrom
    # A bare constant or name (``path``: "is truthy") says nothing a reader would check.
    if isinstance(tree, ast.Constant | ast.Name) or any(isinstance(n, banned) for n in ast.walk(tree)):
        return None
    parameters = {p.name for p in ir.signature.parameters}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    if not names & parameters or names - parameters - PURE_BUILTINS:
        return None
    known = {_normal(a.expression) for a in ir.preconditions}
    known |= {c for h in ir.holes if h.kind is HoleKind.precondition for c in h.candidates}
    return None if text in known else text


def _model_provenance(hole: Any, confidence: float, detail: str) -> dict[str, Any]:
    location = hole.provenance.location.model_dump() if hole.provenance.location else None
    return {"source": "model", "confidence": confidence, "location": location, "detail": detail}


def with_summary_candidate(ir: IR, summary: str) -> IR:
    hole = ir.hole("summary")
    summary = " ".join(summary.split())
    if hole is None or hole.status is not HoleStatus.open or not summary or summary in hole.candidates:
        return ir
    data = ir.model_dump()
    for item in data["holes"]:
        if item["identifier"] == "summary":
            item["candidates"] = [summary, *item["candidates"]]
            item["provenance"] = _model_provenance(hole, MODEL_SUMMARY, "model summary (CodeToIntent)")
    return IR.model_validate(data)


def with_precondition_holes(ir: IR, expressions: list[str], keep: KeepPrecondition | None) -> IR:
    data = ir.model_dump()
    taken = {h.identifier for h in ir.holes}
    slot = len(ir.preconditions)
    over = ", ".join(f"{p.name}: {p.type_hint}" if p.type_hint else p.name for p in ir.signature.parameters)
    for expression in expressions:
        text = usable_precondition(IR.model_validate(data), expression)
        if text is None or (keep is not None and not keep(IR.model_validate(data), text)):
            continue
        identifier = f"precondition_{slot}"
        while identifier in taken:
            slot += 1
            identifier = f"precondition_{slot}"
        taken.add(identifier)
        lines = ir.metadata.lines
        location = {"path": ir.metadata.source_path, "line": lines[0]} if lines else None
        data["holes"].append(
            {
                "identifier": identifier,
                "kind": "precondition",
                "target": f"assertions.precondition.{slot}",
                "type_hint": f"bool expr over ({over})",
                "description": "a precondition the code assumes but does not check (model suggestion)",
                "candidates": [text],
                "provenance": {
                    "source": "model",
                    "confidence": MODEL_PRECONDITION,
                    "location": location,
                    "detail": "model precondition (CodeToConstraints)",
                },
            }
        )
        slot += 1
    return IR.model_validate(data)


@dataclass
class Answers:
    """What the model said about one function (None where a call failed or was not needed)."""

    summary: str | None = None
    preconditions: list[str] | None = None


class Enricher:
    """The two model programs over one LM, reused for every function of a run.

    Enriching is two phases: :meth:`ask` (the model calls; safe to run in several threads at
    once, which a served model answers concurrently) and :meth:`apply` (pure IR edits and the
    caller's z3 ``keep`` test, run on the caller's thread: z3's default context is not
    thread-safe). ``workers`` is how many functions may be asked at once: the served model's
    ``concurrency`` setting, 1 for the embedded engine (it decodes one request at a time).
    """

    def __init__(self, lm: Any = None) -> None:
        from lift_tui.llm.adapter import CompactJSONAdapter
        from lift_tui.llm.dspy_setup import import_dspy
        from lift_tui.llm.lm import lm_concurrency
        from lift_tui.llm.programs import build_program

        if lm is None:
            from lift_tui.llm.lm import build_lm

            lm = build_lm()  # raises ModelLoadError when the model cannot be loaded
        self.lm = lm
        self.workers = lm_concurrency(lm)
        self.dspy = import_dspy()
        self.adapter = CompactJSONAdapter()
        self.to_intent = build_program("code_to_intent")
        self.to_constraints = build_program("code_to_constraints")
        self.failures: list[str] = []
        """One line per model call that failed; the function keeps its static IR."""

    def _call(self, program: Any, what: str, **inputs: str) -> Any:
        try:
            with self.dspy.context(lm=self.lm, adapter=self.adapter):
                return program(**inputs)
        except Exception as error:  # noqa: BLE001 - the model is optional: a failed call loses nothing
            self.failures.append(f"{what}: {type(error).__name__}: {error}".splitlines()[0][:240])
            return None

    def ask(self, ir: IR, source: str) -> Answers:
        """The model's summary and assumed preconditions for ``ir`` (thread-safe; no IR is changed)."""
        answers = Answers()
        code = function_source(ir, source)
        if not code:
            return answers
        name = ir.metadata.qualname or ir.signature.name
        hole = ir.hole("summary")
        if hole is not None and hole.status is HoleStatus.open:
            out = self._call(self.to_intent, f"{name}: CodeToIntent", code=code)
            if out is not None:
                answers.summary = str(out.intent.summary)
        if ir.signature.parameters:
            out = self._call(self.to_constraints, f"{name}: CodeToConstraints", code=code)
            if out is not None:
                answers.preconditions = [str(e) for e in out.constraints.preconditions]
        return answers

    def apply(self, ir: IR, answers: Answers, keep: KeepPrecondition | None = None) -> IR:
        """``ir`` with the answers added as open holes (run on the caller's thread: ``keep`` may use z3)."""
        if answers.summary is not None:
            ir = with_summary_candidate(ir, answers.summary)
        if answers.preconditions is not None:
            ir = with_precondition_holes(ir, answers.preconditions, keep)
        return ir

    def enrich(self, ir: IR, source: str, keep: KeepPrecondition | None = None) -> IR:
        return self.apply(ir, self.ask(ir, source), keep)

    def enrich_all(
        self, items: Iterable[tuple[IR, str]], keep: KeepPrecondition | None = None
    ) -> Iterator[IR]:
        """Each ``(ir, source)`` enriched, in order, with up to ``workers`` functions asked at once."""
        if self.workers <= 1:
            for ir, source in items:
                yield self.enrich(ir, source, keep)
            return
        from concurrent.futures import Future, ThreadPoolExecutor

        window: deque[tuple[IR, Future[Answers]]] = deque()
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="lift-enrich") as pool:
            for ir, source in items:
                window.append((ir, pool.submit(self.ask, ir, source)))
                while len(window) > self.workers * 2:  # keep the pool busy, the memory bounded
                    done, future = window.popleft()
                    yield self.apply(done, future.result(), keep)
            while window:
                done, future = window.popleft()
                yield self.apply(done, future.result(), keep)


def enrich(ir: IR, source: str, *, lm: Any = None, keep: KeepPrecondition | None = None) -> IR:
    """``ir`` with model suggestions added as open holes; ``source`` is its file's text.

    Builds the configured LM when ``lm`` is None (``ModelLoadError`` if it cannot load).
    """
    return Enricher(lm).enrich(ir, source, keep)


def file_text(path: str) -> str | None:
    """The text of a lifted file again (None if it is gone or no longer decodes)."""
    data = read(Path(path), max_file_bytes())
    if isinstance(data, bytes):
        text = decode(data, path)
        if isinstance(text, str):
            return text
    return None


def iter_enriched(
    report: FileReport,
    source: str | None = None,
    *,
    lm: Any = None,
    enricher: Enricher | None = None,
    keep: KeepPrecondition | None = None,
) -> Iterator[IR]:
    """Each function of ``report`` enriched, one at a time, so a UI can show them as they come.

    ``source`` defaults to the file at ``report.path`` read again; if it cannot be read the
    static IRs are yielded unchanged. Pass one ``enricher`` for a whole run to build the
    programs once.
    """
    if source is None:
        source = file_text(report.path)
    if source is None:
        yield from report.functions
        return
    enricher = enricher or Enricher(lm)
    yield from enricher.enrich_all(((ir, source) for ir in report.functions), keep)


def enrich_reports(
    reports: Iterable[FileReport], enricher: Enricher, keep: KeepPrecondition | None = None
) -> Iterator[FileReport]:
    """Each report with its functions enriched, in order; with ``enricher.workers > 1`` the
    functions of the following files are already being asked while earlier ones are applied, so a
    folder of small files still keeps a served model's ``concurrency`` requests in flight."""
    held: deque[tuple[FileReport, int]] = deque()
    done: list[IR] = []

    def items() -> Iterator[tuple[IR, str]]:
        for report in reports:
            source = file_text(report.path) if report.functions else None
            functions = report.functions if source is not None else []
            held.append((report, len(functions)))
            for ir in functions:
                yield ir, source  # type: ignore[misc]

    def ready() -> Iterator[FileReport]:
        while held and len(done) >= held[0][1]:
            report, count = held.popleft()
            if count:
                report.functions = done[:count]
                del done[:count]
            yield report

    for ir in enricher.enrich_all(items(), keep):
        done.append(ir)
        yield from ready()
    yield from ready()
