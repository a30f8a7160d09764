"""Starting and tracking workers: lifting, watching, ranking suggestions, any other job.

Every slow call runs in a Textual worker with a name, group and description; failures never
raise into the UI: ``job_state`` turns them into notifications, the log and the trace pane.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual.worker import Worker, WorkerState

from lift_tui.service import NotAvailable, ServiceError

from .context import LiftContext
from .messages import (
    EnrichDone,
    FilesLifted,
    FunctionEnriched,
    GraphProgress,
    ModelProgress,
    SuggestionsReady,
    WatchEvent,
)
from .widgets.trace_pane import TracePane

JOB_GROUPS = ("lift", "watch", "verify", "model", "holes", "suggest", "counterexample")
ENRICH_GROUP = "enrich:"
"""Enrichment runs in one group per file (``enrich:<path>``): a new lift of a file replaces its run."""


def is_job(worker: Worker[object]) -> bool:
    """A worker escape can cancel."""
    return worker.group in JOB_GROUPS or worker.group.startswith(ENRICH_GROUP)


class JobsMixin:
    """Mixed into the App; ``self`` is a :class:`LiftContext`."""

    def start_lift(self: LiftContext, path: Path) -> Worker[None]:
        def job() -> None:
            self.post_message(FilesLifted(self.workspace.open_path(path), "open"))

        return self.run_worker(job, name=f"lift {path}", group="lift", thread=True,
                               exit_on_error=False, description=f"reverse lift of {path}")

    def start_watch(self: LiftContext, path: Path) -> Worker[None]:
        self.stop_watch()
        self._watch_stop = threading.Event()
        path = Path(path).expanduser()
        return self.run_worker(self._watch(path, self._watch_stop), name=f"watch {path}", group="watch",
                               exclusive=True, exit_on_error=False,
                               description=f"watch {path} and re-lift on save")

    def stop_watch(self: LiftContext) -> None:
        """Tell the watcher thread to return now (a cancelled awatch would wait for its timeout)."""
        self._watch_stop.set()

    async def _watch(self: LiftContext, path: Path, stop: threading.Event) -> None:
        import asyncio

        from watchfiles import awatch

        path = path.resolve()
        if not path.exists():
            raise ServiceError(f"{path}: no such file or folder; give an existing .py file or folder")
        self.watching = path
        updates = await asyncio.to_thread(self.workspace.open_path, path)
        self.post_message(FilesLifted(updates, "watch"))
        self.post_message(WatchEvent(path, "watching"))
        root = path if path.is_dir() else path.parent

        def wanted(_change: object, changed: str) -> bool:
            return changed.endswith(".py") and (path.is_dir() or Path(changed) == path)

        caught_up = False
        try:
            # yield_on_timeout: the first (empty) yield says the watcher is live; a save made
            # between the first lift and that moment is then found by digest and re-lifted
            async for changes in awatch(root, watch_filter=wanted, step=30, debounce=400, stop_event=stop,  # type: ignore[arg-type]
                                      rust_timeout=500, yield_on_timeout=True):
                paths = {Path(p) for _, p in changes}
                if not caught_up:
                    caught_up = True
                    paths |= set(await asyncio.to_thread(self.workspace.changed_on_disk, path))
                if not paths:
                    continue
                updates = []
                for changed in sorted(paths):
                    try:
                        updates.append(await asyncio.to_thread(self.workspace.relift_file, Path(changed)))
                    except ServiceError as error:
                        self.post_message(WatchEvent(path, str(error)))
                self.post_message(FilesLifted(updates, "watch"))
        finally:
            self.watching = None

    def warm_up(self: LiftContext) -> None:
        """Import the layers behind the keys in a thread after the first frame, so the first press
        of a key does not wait ~0.2-0.4 s for an import on the UI thread."""

        def job() -> None:
            import importlib

            for module in ("lift_tui.reverse", "lift_tui.holes", "lift_tui.store", "lift_tui.verify",
                           "lift_tui.ir.render", "lift_tui.graphs.forward"):
                try:
                    importlib.import_module(module)
                except ImportError:  # a missing part is reported when its action is used
                    pass

        self.run_worker(job, name="warm up", group="warmup", thread=True, exit_on_error=False,
                        description="import the layers behind the keys")

    def start_model_load(self: LiftContext) -> Worker[None] | None:
        """Load the model in a thread behind the progress bar; a no-op once it is loaded or loading."""
        if self.model_loading or self.model_ready:
            return None
        self.model_loading = True

        def job() -> None:
            from lift_tui.service.model import engine as model_engine

            def progress(fraction: float, text: str) -> None:
                self.post_message(ModelProgress(min(fraction, 0.99), text))

            engine = model_engine(self.settings)
            try:
                engine.load(progress=progress)
            except Exception as error:
                self.post_message(ModelProgress(0.0, f"failed to load: {error}", failed=True))
                raise
            self.post_message(ModelProgress(1.0, f"ready ({engine.model_id})"))

        return self.run_worker(job, name="load model", group="model-load", thread=True, exclusive=True,
                               exit_on_error=False, description="load the language model in the background")

    def start_enrich(self: LiftContext, path: str, keys: list[str] | None = None) -> Worker[None] | None:
        """Model suggestions for a freshly lifted file, streamed in per function; only when the
        model is loaded or loading (enrichment never loads it by itself)."""
        if not (self.model_ready or self.model_loading) or path.startswith("forward:"):
            return None
        self.enrich_started.add(path)

        def job() -> None:
            from textual.worker import get_current_worker

            from lift_tui.service.enrichment import enrich_file

            worker = get_current_worker()
            failures = enrich_file(
                self.workspace, path, self.settings, keys=keys,
                cancelled=lambda: worker.is_cancelled,
                on_function=lambda key, ir: self.post_message(FunctionEnriched(key, ir)),
            )
            if not worker.is_cancelled:
                self.post_message(EnrichDone(path, failures))

        return self.run_worker(job, name=f"enrich {Path(path).name}", group=ENRICH_GROUP + path,
                               thread=True, exclusive=True, exit_on_error=False,
                               description=f"model suggestions for {path}")

    def start_suggest(self: LiftContext, key: str, identifier: str, use_model: bool = False) -> Worker[None]:
        """Rank candidates for one hole; a newer request replaces an older one (exclusive group)."""

        def job() -> None:
            found = self.workspace.suggest(key, identifier, use_model=use_model, top=None if use_model else 9)
            self.post_message(SuggestionsReady(key, identifier, found))

        what = "model suggestions" if use_model else "suggestions"
        return self.run_worker(job, name=f"{what} for ?{identifier}", group="suggest", thread=True,
                               exclusive=True, exit_on_error=False, description=f"rank {what} for a hole")

    def start_job(self: LiftContext, name: str, group: str, fn: object, *args: object) -> Worker[object]:
        """Run ``fn(*args)`` in a thread; its result comes back through ``on_job_done``."""
        return self.run_worker(lambda: fn(*args), name=name, group=group, thread=True,  # type: ignore[operator]
                               exit_on_error=False, description=name)

    def post_graph_event(self: LiftContext, event: object) -> None:
        """``on_event`` of a graph run (called on the worker thread)."""
        self.post_message(GraphProgress(event))

    def on_graph_progress(self: LiftContext, message: GraphProgress) -> None:
        """Graph nodes appear in the trace pane as they run, with their timings."""
        event = message.event
        node = getattr(event, "node", None)
        row = f"graph:{getattr(event, 'session_id', '')}:{node}"
        trace = self.query_one(TracePane)
        kind = type(event).__name__
        if kind == "NodeStarted":
            trace.start(row, f"  ▸ {node}")
        elif kind == "NodeFinished":
            trace.finish(row, "done", seconds=getattr(event, "seconds", None))
        elif kind == "GraphFailed":
            self.notify(str(getattr(event, "error", "")), title="graph failed", severity="error")

    def on_worker_state_changed(self: LiftContext, event: Worker.StateChanged) -> None:
        """The one place worker progress and failures surface: trace pane, notifications, log."""
        worker = event.worker
        traces = self.query(TracePane)
        if not traces:  # the app is shutting down: the screen is gone
            return
        trace = traces.first()
        # static ranking (~50 ms a hole) and the import warm-up would only clutter the trace
        static_ranking = worker.group == "suggest" and not worker.name.startswith("model")
        quiet = worker.group == "warmup" or static_ranking
        if event.state is WorkerState.RUNNING and worker not in self.job_rows and not quiet:
            self.job_counter += 1
            self.job_rows[worker] = f"job{self.job_counter}"
        row = self.job_rows.get(worker, "")
        if event.state is not WorkerState.RUNNING and worker in self.job_rows:
            del self.job_rows[worker]
        if event.state is WorkerState.RUNNING:
            if row:
                trace.start(row, worker.name or worker.description)
        elif event.state is WorkerState.SUCCESS:
            trace.finish(row, "done")
        elif event.state is WorkerState.CANCELLED:
            trace.finish(row, "cancelled")
        elif event.state is WorkerState.ERROR:
            trace.finish(row, "error")
            error = worker.error
            if isinstance(error, NotAvailable):
                self.notify(str(error), title=worker.name, severity="warning")
            elif isinstance(error, ServiceError):
                self.notify(str(error), title=worker.name, severity="error")
            else:
                self.notify(f"{type(error).__name__}: {error}", title=worker.name, severity="error")
            self.log.error(f"{worker.name} failed: {error!r}")

