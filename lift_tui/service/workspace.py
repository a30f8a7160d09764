"""The workspace: every lifted file and function the user has open, shared by the TUI and CLI.

It owns no UI and no threads. The TUI calls these methods from workers and renders what
comes back; each call returns plain data (``FileState``, ``FileUpdate``) so the caller can
show what changed without recomputing anything.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lift_tui.ir import IR, HoleStatus

from .availability import ServiceError, capability
from .changes import FunctionChanges, diff_function_lists, function_key
from .history import History


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file could not be lifted; mirrors the reverse layer's ``LiftError``."""

    path: str
    kind: str
    message: str
    line: int | None = None
    column: int | None = None

    @property
    def is_syntax(self) -> bool:
        return "syntax" in self.kind.lower()

    def describe(self) -> str:
        where = f":{self.line}" if self.line else ""
        where += f":{self.column}" if self.line and self.column is not None else ""
        return f"{self.kind}{where}: {self.message}"


@dataclass
class FileState:
    """One file: its last good functions, the current problems and the source they came from.

    ``stale`` is true when the current text does not parse and ``functions`` are the ones
    lifted from the last version that did.
    """

    path: str
    functions: list[IR] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    source: str = ""
    good_source: str = ""
    stale: bool = False

    def keys(self) -> list[str]:
        return [function_key(ir) for ir in self.functions]


@dataclass
class FileUpdate:
    """The result of (re)lifting one file; ``state`` is ``None`` when the file is gone."""

    path: str
    state: FileState | None
    changes: FunctionChanges


@dataclass
class _Lifted:
    """A report-shaped holder for IRs that did not come from the lifter (forward runs)."""

    functions: list[IR]
    errors: list[Any] = field(default_factory=list)
    path: str = ""


def _problems(report: Any) -> list[Problem]:
    out: list[Problem] = []
    for error in getattr(report, "errors", []) or []:
        out.append(
            Problem(
                path=str(getattr(error, "path", report.path)),
                kind=str(getattr(error, "kind", "error")),
                message=str(getattr(error, "message", error)),
                line=getattr(error, "line", None),
                column=getattr(error, "column", None),
            )
        )
    return out


def _read_text(path: Path, limit: int) -> str:
    """The file's text for display; never raises for binary or huge files."""
    try:
        data = path.read_bytes()[:limit]
    except OSError:
        return ""
    if b"\x00" in data[:8192]:
        return ""
    return data.decode("utf-8", errors="replace")


class Workspace:
    """What is open: files by path, functions by key, and the undo history of each function."""

    def __init__(self, max_file_bytes: int = 5_000_000) -> None:
        self.max_file_bytes = max_file_bytes
        self.files: dict[str, FileState] = {}
        self.history = History()
        self._lock = threading.RLock()  # workers lift in threads; one mutation at a time

    # -- lifting -----------------------------------------------------------------------------

    def open_path(self, path: Path) -> list[FileUpdate]:
        """Lift a file or every Python file under a folder; bad paths raise :class:`ServiceError`."""
        path = Path(path).expanduser().resolve()
        if not path.exists():
            raise ServiceError(f"{path}: no such file or folder; give an existing .py file or folder")
        if path.is_dir():
            lift_path = capability("lift_tui.reverse", "lift_path", "reverse lifting")
            report = lift_path(path)
            files = list(getattr(report, "files", []))
            return [
                self._apply(Path(str(f.path)), f, _read_text(Path(str(f.path)), self.max_file_bytes))
                for f in files
            ]
        return [self.relift_file(path)]

    def relift_file(self, path: Path) -> FileUpdate:
        """Re-lift one file after a save; a deleted file drops its functions."""
        path = Path(path).expanduser().resolve()
        if not path.exists():
            return self.remove_file(path)
        lift_source = capability("lift_tui.reverse", "lift_source", "reverse lifting")
        lift_file = capability("lift_tui.reverse", "lift_file", "reverse lifting")
        text = _read_text(path, self.max_file_bytes)
        try:
            size = path.stat().st_size
        except OSError as error:
            raise ServiceError(f"{path}: cannot read ({error.strerror})") from error
        if not text or size > self.max_file_bytes:
            report = lift_file(path)  # the reverse layer reports binary / huge files its own way
        else:
            report = lift_source(text, str(path))
        return self._apply(path, report, text)

    def remove_file(self, path: Path) -> FileUpdate:
        with self._lock:
            return self._remove(str(Path(path).expanduser().resolve()))

    def _remove(self, key: str) -> FileUpdate:
        old = self.files.pop(key, None)
        changes = diff_function_lists(old.functions if old else [], [])
        for removed in changes.removed:
            self.history.forget(removed)
        return FileUpdate(path=key, state=None, changes=changes)

    def _apply(self, path: Path, report: Any, text: str) -> FileUpdate:
        with self._lock:
            return self._apply_locked(str(path), report, text)

    def _apply_locked(self, key: str, report: Any, text: str) -> FileUpdate:
        old = self.files.get(key)
        problems = _problems(report)
        functions = list(getattr(report, "functions", []) or [])
        broken = any(p.is_syntax for p in problems) and not functions
        if broken and old is not None and old.functions:
            state = FileState(key, old.functions, problems, text, old.good_source, stale=True)
        else:
            state = FileState(key, functions, problems, text, text if not broken else "", stale=False)
        changes = diff_function_lists(old.functions if old else [], state.functions)
        self.files[key] = state
        for ir in state.functions:
            self.history.record(function_key(ir), ir)
        for removed in changes.removed:
            self.history.forget(removed)
        return FileUpdate(path=key, state=state, changes=changes)

    def restore(self, functions: list[IR], lifted: dict[str, IR] | None = None) -> list[FileUpdate]:
        """Put saved functions back (a resumed session), grouped by file, sources read from disk.

        ``lifted`` (``function_key`` -> last lifted IR) lets a later re-lift of unchanged code keep the
        resolutions made on top of it.
        """
        lifted = lifted or {}
        by_file: dict[str, list[IR]] = {}
        for ir in functions:
            path = str(Path(ir.metadata.source_path).resolve()) if ir.metadata.source_path else ""
            by_file.setdefault(path, []).append(ir)
        updates = []
        with self._lock:
            for path, irs in by_file.items():
                text = _read_text(Path(path), self.max_file_bytes) if path else ""
                old = self.files.get(path)
                base = [lifted.get(function_key(ir), ir) for ir in irs]
                state = FileState(path, base, [], text, text)
                self.files[path] = state
                for ir, was_lifted in zip(irs, base, strict=True):
                    key = function_key(ir)
                    self.history.record(key, was_lifted)
                    if ir != was_lifted:
                        self.history.push(key, ir)
                changes = diff_function_lists(old.functions if old else [], base)
                updates.append(FileUpdate(path=path, state=state, changes=changes))
        return updates

    def clear(self) -> None:
        with self._lock:
            self.files.clear()
            self.history = History()

    # -- reading -----------------------------------------------------------------------------

    def functions(self) -> list[IR]:
        return [self.current(function_key(ir)) for state in self.files.values() for ir in state.functions]

    def current(self, key: str) -> IR:
        """The function's IR after the user's resolutions (undo/redo apply here)."""
        ir = self.history.current(key)
        if ir is None:
            raise ServiceError(f"{key}: no such function in the workspace")
        return ir

    def file_of(self, key: str) -> FileState | None:
        return next((s for s in self.files.values() if key in s.keys()), None)

    # -- holes (lift_tui.holes) ------------------------------------------------------------------

    def hole_context(self, key: str, identifier: str) -> Any:
        """Expected type, bindings in scope, constraints and dependencies (a ``HoleContext``)."""
        from lift_tui.holes import HoleError, hole_context

        try:
            return hole_context(self.current(key), identifier)
        except HoleError as error:
            raise ServiceError(str(error)) from error

    def suggest(self, key: str, identifier: str, use_model: bool = False, top: int | None = 9) -> list[Any]:
        """Ranked ``Candidate``s (static evidence; the model too with ``use_model``), z3-checked."""
        from lift_tui.holes import HoleError, suggest

        try:
            return list(suggest(self.current(key), identifier, use_model=use_model, top=top))
        except HoleError as error:
            raise ServiceError(str(error)) from error

    def resolve(self, key: str, identifier: str, value: str, source: str = "human") -> IR:
        """Fill a hole (undoable) and propagate what it implies to the holes that depend on it."""
        from lift_tui.holes import HoleError, apply_resolution, propagate

        with self._lock:
            try:
                filled = apply_resolution(self.current(key), identifier, value, source=source)
                new = propagate(filled, identifier)
            except HoleError as error:
                raise ServiceError(str(error)) from error
            self.history.push(key, new)
            return new

    def auto_fill(self, key: str, identifier: str) -> IR:
        """Fill the hole only when exactly one candidate keeps the IR satisfiable and fits its type."""
        candidates = self.suggest(key, identifier, top=None)
        fitting = [c for c in candidates if c.type_ok and c.satisfiable is not False]
        proven = [c for c in fitting if c.satisfiable is True]
        pick = proven if proven else fitting
        if len(pick) != 1 and not (len(pick) > 1 and pick[0].confidence - pick[1].confidence >= 0.3):
            raise ServiceError(
                f"?{identifier}: no single candidate stands out "
                f"({len(pick)} fit); pick one with 1-9 or give a value with v"
            )
        return self.resolve(key, identifier, pick[0].value, source=str(pick[0].source))

    def skip_hole(self, key: str, identifier: str) -> IR:
        """Mark a hole skipped (undoable); it leaves the open list but keeps its record."""
        from lift_tui.holes import HoleError, skip_hole

        with self._lock:
            ir = self.current(key)
            hole = ir.hole(identifier)
            if hole is not None and hole.status is not HoleStatus.open:
                raise ServiceError(f"hole ?{hole.identifier} is already {hole.status.value}")
            try:
                new = skip_hole(ir, identifier)
            except HoleError as error:
                raise ServiceError(str(error)) from error
            self.history.push(key, new)
            return new

    def undo(self, key: str) -> IR:
        with self._lock:
            ir = self.history.undo(key)
        if ir is None:
            raise ServiceError("nothing to undo for this function")
        return ir

    def redo(self, key: str) -> IR:
        with self._lock:
            ir = self.history.redo(key)
        if ir is None:
            raise ServiceError("nothing to redo for this function")
        return ir

    def find_counterexample(self, key: str, budget_s: float = 4.0) -> Any:
        """An input breaking a postcondition of ``key`` (see :mod:`.counterexamples`)."""
        from .counterexamples import find_counterexample

        return find_counterexample(self, key, budget_s)

    def add_example(self, key: str, example: Any) -> IR:
        """Keep a found counterexample as one of the IR's examples (undoable)."""
        from .counterexamples import add_example

        return add_example(self, key, example)

    # -- parts that other layers provide -------------------------------------------------------

    def export(self, ir: IR, fmt: str) -> str:
        """The IR as JSON, or in one of the renderer's formats (stub, contracts, property tests)."""
        if fmt == "json":
            return ir.to_json()
        render = capability("lift_tui.ir.render", "render", f"export as {fmt}")
        try:
            return str(render(ir, fmt))
        except ValueError as error:  # RenderError: the IR cannot be rendered in this format
            raise ServiceError(f"cannot export as {fmt}: {error}") from error

    def export_formats(self) -> list[str]:
        try:
            formats = capability("lift_tui.ir.render", "FORMATS", "export")
        except ServiceError:
            return ["json"]
        return ["json", *[f for f in formats if f != "json"]]

    def check(self, ir: IR, timeout_ms: int | None = None) -> Any:
        """The z3 ``CheckReport`` for this IR: sat/unsat/unknown, unsat core, model."""
        check_ir = capability("lift_tui.verify", "check_ir", "verification (z3)")
        return check_ir(ir, timeout_ms=timeout_ms)

    def forward(self, prompt: str, db: Path, on_event: Any = None) -> tuple[Any, FileUpdate | None]:
        """Run the forward graph (its own session in the store at ``db``); the IR joins the workspace."""
        from lift_tui.store import StoreError, open_store

        run_forward = capability("lift_tui.graphs.forward", "run_forward", "new from prompt (forward graph)")
        try:
            store = open_store(db)
        except StoreError as error:
            raise ServiceError(str(error)) from error
        try:
            result = run_forward(prompt, store=store, on_event=on_event)
        except ValueError as error:  # an empty prompt
            raise ServiceError(str(error)) from error
        finally:
            store.close()
        if result.ir is None:
            return result, None
        ir = result.ir.model_copy(deep=True)
        ir.metadata.source_path = f"forward:{result.session}"
        with self._lock:
            return result, self._apply_locked(ir.metadata.source_path, _Lifted([ir]), result.code or "")

    def resume_forward(
        self, session_id: str, db: Path, on_event: Any = None
    ) -> tuple[Any, FileUpdate | None]:
        """Finish an interrupted forward run from its last completed node (nodes are idempotent)."""
        from lift_tui.store import StoreError, open_store

        capability("lift_tui.graphs.forward", "run_forward", "resuming a forward run")  # registers it
        resume_graph = capability("lift_tui.graphs.runner", "resume_graph", "resuming a graph")
        try:
            store = open_store(db)
        except StoreError as error:
            raise ServiceError(str(error)) from error
        try:
            output = resume_graph(store, session_id, on_event)  # the graph keeps its IR and code
        except StoreError as error:
            raise ServiceError(str(error)) from error
        finally:
            store.close()
        if getattr(output, "ir", None) is None:
            return output, None
        output = output.model_copy(update={"session": session_id})
        ir = output.ir.model_copy(deep=True)
        ir.metadata.source_path = f"forward:{session_id}"
        with self._lock:
            return output, self._apply_locked(ir.metadata.source_path, _Lifted([ir]), output.code or "")

    def refine(self, key: str, identifier: str) -> IR:
        """Split an open hole into smaller holes (undoable), e.g. ``?t`` into ``?t_left | ?t_right``."""
        refine = capability("lift_tui.holes.refine", "refine", "refining holes")
        from lift_tui.holes import HoleError

        with self._lock:
            try:
                new = refine(self.current(key), identifier)
            except HoleError as error:
                raise ServiceError(str(error)) from error
            self.history.push(key, new)
            return new

    def generate_code(self, key: str, engine: Any) -> Any:
        """Best-of-n code for the function's IR, validated in the sandbox (a ``CodegenResult``)."""
        generate = capability("lift_tui.forward.codegen", "generate_code", "code generation")
        validate = capability("lift_tui.forward.validation", "validate", "code validation")
        engine.load()
        return generate(self.current(key), engine, validate)
