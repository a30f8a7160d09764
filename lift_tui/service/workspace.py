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

from lift_tui.ir import IR

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
    digest: str = ""
    """sha256 of the bytes ``functions`` were lifted from; write-back refuses a file that moved on."""

    def keys(self) -> list[str]:
        return [function_key(ir) for ir in self.functions]


@dataclass
class FileUpdate:
    """The result of (re)lifting one file; ``state`` is ``None`` when the file is gone."""

    path: str
    state: FileState | None
    changes: FunctionChanges


@dataclass
class Generated:
    """Code generated for a function from its IR, with its sandbox validation."""

    code: str
    validation: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.validation.get("passed"))


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


def _read_text(path: Path, limit: int) -> tuple[str, str]:
    """The file's text for display and the digest of its bytes; never raises for binary or huge files."""
    import hashlib

    try:
        data = path.read_bytes()
    except OSError:
        return "", ""
    digest = hashlib.sha256(data).hexdigest()
    data = data[:limit]
    if b"\x00" in data[:8192]:
        return "", digest
    return data.decode("utf-8", errors="replace"), digest


class Workspace:
    """What is open: files by path, functions by key, and the undo history of each function."""

    def __init__(self, max_file_bytes: int | None = None, store: Any = None,
                 db: Path | None = None, settings: Any = None) -> None:
        self.settings = settings
        """The start-up ``Settings``, handed to every layer this workspace calls (None: defaults)."""
        if max_file_bytes is None:
            max_file_bytes = settings.max_file_bytes if settings is not None else 5_000_000
        self.max_file_bytes = max_file_bytes
        self._store = store
        self._db = db
        self.store_error: str | None = None
        self._configured = settings is None
        self.files: dict[str, FileState] = {}
        self.history = History()
        self.generated: dict[str, Generated] = {}
        """Function key -> the code last generated for it (``g``), which ``x`` searches."""
        self.writes: dict[str, Any] = {}
        """Path -> the last write-back's ``WriteRecord`` (for undo)."""
        self._lock = threading.RLock()  # workers lift in threads; one mutation at a time

    def configure(self) -> None:
        """Hand the settings down to the layers that keep defaults (once, on first use: the imports
        it needs stay off start-up)."""
        if not self._configured:
            from .model import configure

            configure(self.settings)
            self._configured = True

    @property
    def store(self) -> Any:
        """The ``lift_tui.store.Store`` decisions are recorded in and history candidates come from;
        opened on first use from ``db``; None (see ``store_error``) if it cannot open."""
        if self._store is None and self._db is not None and self.store_error is None:
            from lift_tui.store import StoreError, open_store

            with self._lock:
                if self._store is None and self.store_error is None:
                    try:
                        self._store = open_store(self._db)
                    except StoreError as error:
                        self.store_error = str(error)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- lifting -----------------------------------------------------------------------------

    def open_path(self, path: Path) -> list[FileUpdate]:
        """Lift a file or every Python file under a folder; bad paths raise :class:`ServiceError`."""
        path = Path(path).expanduser().resolve()
        if not path.exists():
            raise ServiceError(f"{path}: no such file or folder; give an existing .py file or folder")
        if path.is_dir():
            lift_path = capability("lift_tui.reverse", "lift_path", "reverse lifting")
            report = lift_path(path, self.max_file_bytes)
            files = list(getattr(report, "files", []))
            return [
                self._apply(Path(str(f.path)), f, *_read_text(Path(str(f.path)), self.max_file_bytes))
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
        text, digest = _read_text(path, self.max_file_bytes)
        try:
            size = path.stat().st_size
        except OSError as error:
            raise ServiceError(f"{path}: cannot read ({error.strerror})") from error
        if not text or size > self.max_file_bytes:
            report = lift_file(path, self.max_file_bytes)  # it reports binary / huge files its own way
        else:
            report = lift_source(text, str(path))
        return self._apply(path, report, text, digest)

    def changed_on_disk(self, under: Path) -> list[Path]:
        """Open files under ``under`` whose bytes differ from those last lifted, or that are gone.

        A watcher misses a save made after the first lift but before it is live; it asks this
        once it is, so such a save is re-lifted rather than lost until the next one.
        """
        import hashlib

        under = Path(under).expanduser().resolve()
        with self._lock:
            known = {key: state.digest for key, state in self.files.items()}
        changed: list[Path] = []
        for key, digest in sorted(known.items()):
            path = Path(key)
            if path != under and under not in path.parents:
                continue
            try:
                now = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                now = ""
            if now != digest:
                changed.append(path)
        return changed

    def remove_file(self, path: Path) -> FileUpdate:
        with self._lock:
            return self._remove(str(Path(path).expanduser().resolve()))

    def _remove(self, key: str) -> FileUpdate:
        old = self.files.pop(key, None)
        changes = diff_function_lists(old.functions if old else [], [])
        for removed in changes.removed:
            self.history.forget(removed)
        return FileUpdate(path=key, state=None, changes=changes)

    def _apply(self, path: Path, report: Any, text: str, digest: str = "") -> FileUpdate:
        with self._lock:
            return self._apply_locked(str(path), report, text, digest)

    def _apply_locked(self, key: str, report: Any, text: str, digest: str = "") -> FileUpdate:
        old = self.files.get(key)
        problems = _problems(report)
        functions = list(getattr(report, "functions", []) or [])
        broken = any(p.is_syntax for p in problems) and not functions
        if broken and old is not None and old.functions:
            state = FileState(key, old.functions, problems, text, old.good_source, stale=True,
                              digest=old.digest)
        else:
            state = FileState(key, functions, problems, text, text if not broken else "", stale=False,
                              digest=digest)
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
                text, digest = _read_text(Path(path), self.max_file_bytes) if path else ("", "")
                old = self.files.get(path)
                base = [lifted.get(function_key(ir), ir) for ir in irs]
                state = FileState(path, base, [], text, text, digest=digest)
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

    def suggest(
        self, key: str, identifier: str, use_model: bool = False, top: int | None = 9, run: bool = False
    ) -> list[Any]:
        """Ranked ``Candidate``s: this user's accepted values (from the store), static evidence, the
        model too with ``use_model``, evidence from running the examples with ``run``; each checked
        with z3."""
        from lift_tui.holes import HoleError, suggest

        self.configure()
        try:
            ir = self.current(key)
            return list(suggest(ir, identifier, use_model=use_model, top=top, store=self.store, run=run))
        except HoleError as error:
            raise ServiceError(str(error)) from error

    def decide(self, key: str, identifier: str, action: str, value: str | None = None,
               source: str = "human", *, session_id: str | None = None, on_event: Any = None) -> Any:
        """Accept / give / skip / refine a hole through the hole graph (a :class:`Resolution`)."""
        from .resolution import decide

        return decide(self, key, identifier, action, value, source,  # type: ignore[arg-type]
                      session_id=session_id, on_event=on_event)

    def resolve(self, key: str, identifier: str, value: str, source: str = "human") -> IR:
        """Fill a hole with a value of the user's own (undoable); see :meth:`decide`."""
        return self.decide(key, identifier, "give", value, source).ir

    def auto_fill(self, key: str, identifier: str, session_id: str | None = None) -> Any:
        """Accept the one candidate that stands out (see ``resolution.auto_decision``)."""
        from .resolution import auto_decision

        pick = auto_decision(self.suggest(key, identifier, top=None), identifier)
        return self.decide(key, identifier, "accept", pick.value, str(pick.source), session_id=session_id)

    def skip_hole(self, key: str, identifier: str) -> IR:
        """Mark a hole skipped (undoable); it leaves the open list but keeps its record."""
        return self.decide(key, identifier, "skip").ir

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

        self.configure()
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
        self.configure()
        return check_ir(ir, timeout_ms=timeout_ms)

    def forward(self, prompt: str, session_id: str | None = None, on_event: Any = None,
                **options: Any) -> tuple[Any, FileUpdate | None]:
        """Run the forward graph in ``session_id`` (the open session; a new one when None); the IR
        and code join the workspace."""
        from .forward_runs import run_forward

        return run_forward(self, prompt, session_id, on_event, **options)

    def resume_forward(self, session_id: str, on_event: Any = None) -> tuple[Any, FileUpdate | None]:
        """Finish an interrupted forward run from its last completed node (nodes are idempotent)."""
        from .forward_runs import resume_forward

        return resume_forward(self, session_id, on_event)

    def add_forward(
        self, ir: IR, session_id: str, code: str | None, validation: dict[str, Any]
    ) -> FileUpdate:
        """A forward run's function joins the workspace (as ``forward:<session>``), code included."""
        ir = ir.model_copy(deep=True)
        ir.metadata.source_path = f"forward:{session_id}/{ir.metadata.qualname or ir.signature.name}"
        with self._lock:
            update = self._apply_locked(ir.metadata.source_path, _Lifted([ir]), code or "")
            if code:
                self.generated[function_key(ir)] = Generated(code, validation)
            return update

    def write_back(self, key: str) -> Any:
        """Write the resolved holes of ``key``'s file into the source (a ``WriteBack``)."""
        from .writeback import write_back

        return write_back(self, key)

    def undo_write_back(self, key: str) -> Any:
        from .writeback import undo_write_back

        return undo_write_back(self, key)

    def refine(self, key: str, identifier: str) -> IR:
        """Split an open hole into smaller holes (undoable), e.g. ``?t`` into ``?t_left | ?t_right``."""
        return self.decide(key, identifier, "refine").ir

    def generate_code(self, key: str, engine: Any) -> Any:
        """Best-of-n code for the function's IR, validated in the sandbox (a ``CodegenResult``)."""
        generate = capability("lift_tui.forward.codegen", "generate_code", "code generation")
        validate = capability("lift_tui.forward.validation", "validate", "code validation")
        engine.load()
        self.configure()
        result = generate(self.current(key), engine, validate)
        if result.code:
            with self._lock:
                self.generated[key] = Generated(result.code, dict(result.validation))
        return result
