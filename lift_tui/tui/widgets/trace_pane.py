"""Jobs and graph nodes as they run, with their timings."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import DataTable

STATE_STYLE = {"running": "yellow", "done": "green", "error": "bold red", "cancelled": "dim"}


class TracePane(DataTable):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="none", zebra_stripes=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "trace"
        self._started: dict[str, float] = {}
        self.states: dict[str, str] = {}

    def on_mount(self) -> None:
        # fixed widths: the table must not change shape as timings come and go
        self.add_column("job", key="job", width=44)
        self.add_column("state", key="state", width=9)
        self.add_column("time", key="time", width=9)

    def start(self, row: str, name: str) -> None:
        self._started[row] = time.perf_counter()
        self.states[row] = "running"
        if row in self.rows:
            self.update_cell(row, "state", Text("running", style=STATE_STYLE["running"]))
            self.update_cell(row, "time", "")
        else:
            self.add_row(Text(name), Text("running", style=STATE_STYLE["running"]), "", key=row)
        self.move_cursor(row=self.row_count - 1)
        self.scroll_end(animate=False)

    def finish(self, row: str, state: str, seconds: float | None = None) -> None:
        """``seconds`` when the job measured itself (graph nodes); else the time since ``start``."""
        started = self._started.pop(row, None)
        if row not in self.rows:
            return
        self.states[row] = state
        if seconds is None and started is not None:
            seconds = time.perf_counter() - started
        elapsed = "" if seconds is None else f"{seconds * 1000:.0f} ms"
        self.update_cell(row, "state", Text(state, style=STATE_STYLE.get(state, "")))
        self.update_cell(row, "time", elapsed)
