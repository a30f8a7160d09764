"""``lift-tui bench tui``: how fast the TUI starts and how fast it answers keys while busy.

- ``first_frame_s``: from spawning a fresh ``python`` to the app's first completed refresh
  (headless driver), median of ``--runs`` subprocesses; ``import_s`` is the import part of it.
- ``first_frame_tmux_s`` (when tmux exists): from spawning ``lift-tui`` in a real terminal to
  the layout being on the screen, polled every 20 ms with ``tmux capture-pane``.
- ``key_latency_ms``: from posting a key to its action running, idle and while a worker is
  busy. ``--load cpu`` keeps a thread worker in pure-Python work (holding the GIL: the worst
  case for the UI thread); ``--load model`` runs the real embedded model generating tokens.
Goals (issue 6): first frame < 1 s, key latency < 100 ms while generating.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, help="cold starts to measure; the median is reported")
    parser.add_argument("--keys", type=int, default=20, help="key presses per latency measurement")
    parser.add_argument(
        "--load",
        choices=("cpu", "model"),
        default="cpu",
        help="what keeps the worker busy while keys are pressed",
    )


# -- cold start ------------------------------------------------------------------------------------


def _probe() -> None:
    """Runs in the child: import, build, run headless, report the wall-clock time of frame one."""
    started = time.time()
    from lift_tui.tui.app import LiftApp

    imported = time.time()

    class Probe(LiftApp):
        def on_ready(self) -> None:
            self.call_after_refresh(self._first_frame)

        def _first_frame(self) -> None:
            stamp = {"started": started, "imported": imported, "first_frame": time.time()}
            sys.__stdout__.write(json.dumps(stamp) + "\n")  # the app captures print()
            sys.__stdout__.flush()
            self.exit()

    Probe().run(headless=True, size=(120, 40))


def _cold_start() -> dict[str, float]:
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "lift_tui.bench.tui"], capture_output=True, text=True, timeout=60, check=True
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return {"first_frame_s": report["first_frame"] - spawned, "import_s": report["imported"] - spawned}


def _cold_start_tmux() -> float | None:
    tmux = shutil.which("tmux")
    lift = Path(sys.executable).with_name("lift-tui")
    if tmux is None or not lift.exists():
        return None
    session = f"lift-bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        spawned = time.time()
        subprocess.run(
            [
                tmux,
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "120",
                "-y",
                "40",
                "-c",
                folder,
                f"env -u COLUMNS -u LINES LIFT_DB={folder}/lift.db LIFT_TUI_PRELOAD_MODEL=0 {lift}",
            ],
            check=True,
            timeout=10,
        )
        try:
            while time.time() - spawned < 30:
                screen = subprocess.run(
                    [tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True, timeout=10
                ).stdout
                if "╭─ IR" in screen and "trace" in screen:
                    return time.time() - spawned
                time.sleep(0.02)
            return None
        finally:
            subprocess.run([tmux, "kill-session", "-t", session], capture_output=True, timeout=10)


# -- key latency ---------------------------------------------------------------------------------


def _busy_cpu(stop: Any, done: list[int]) -> None:
    total = 0
    while not stop.is_set():
        for i in range(20_000):
            total += i * i % 7
        done.append(20_000)


def _busy_model(stop: Any, done: list[int]) -> None:
    """Generates 16-token chunks so the measurement window is full of real decoding steps."""
    from lift_tui.service.model import engine as model_engine
    from lift_tui.settings import get_settings

    engine = model_engine(get_settings())
    n = 0
    while not stop.is_set():
        n += 1
        engine.generate_text(
            [{"role": "user", "content": f"Write a Python function number {n}."}],
            max_tokens=16,
            min_tokens=16,
        )
        done.append(engine.last_stats.output_tokens)


async def _latency(keys: int, load: str) -> dict[str, Any]:
    import threading

    from lift_tui.settings import Settings
    from lift_tui.tui.app import LiftApp

    handled: list[float] = []

    class Probe(LiftApp):
        def action_next_hole(self) -> None:
            handled.append(time.perf_counter())
            super().action_next_hole()

    async def measure(pilot: Any) -> list[float]:
        """Send keys the way the terminal driver's reader thread does (``driver.send_message``);
        ``Pilot.press`` would also wait for the process to go idle, which never happens while a
        model computes."""
        from textual import events

        out = []
        for _ in range(keys):
            handled.clear()
            key = events.Key("n", "n")
            key.set_sender(pilot.app)
            sent = time.perf_counter()
            pilot.app._driver.send_message(key)
            while not handled:
                await asyncio.sleep(0.0005)
            out.append((handled[0] - sent) * 1000)
            await asyncio.sleep(0.03)
        return out

    def summary(values: list[float]) -> dict[str, float]:
        ordered = sorted(values)
        return {
            "median": round(statistics.median(ordered), 2),
            "p95": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
            "max": round(ordered[-1], 2),
        }

    with tempfile.TemporaryDirectory() as folder:
        app = Probe(settings=Settings(db=Path(folder) / "lift.db"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            idle = await measure(pilot)
            stop = threading.Event()
            busy_fn = _busy_model if load == "model" else _busy_cpu
            if load == "model":  # load before measuring: loading is its own (background) job
                from lift_tui.service.model import engine as model_engine
                from lift_tui.settings import get_settings

                loaded_at = time.perf_counter()
                await asyncio.to_thread(model_engine(get_settings()).load)
                load_s = time.perf_counter() - loaded_at
            work_done: list[int] = []
            worker = app.run_worker(
                lambda: busy_fn(stop, work_done),
                name="bench busy",
                group="model",
                thread=True,
                exit_on_error=False,
                description="busy load for the benchmark",
            )
            await asyncio.sleep(0.3)
            busy_started = time.perf_counter()
            busy = await measure(pilot)
            busy_seconds = time.perf_counter() - busy_started
            finished_during = sum(work_done)
            stop.set()
            await worker.wait()
    if worker.error is not None:
        raise RuntimeError(f"the busy worker failed, so nothing was measured: {worker.error}")
    unit = "tokens" if load == "model" else "loop iterations"
    result: dict[str, Any] = {"idle": summary(idle), "busy": summary(busy), "load": load,
                              "busy_window_s": round(busy_seconds, 2),
                              f"busy_{unit.replace(' ', '_')}_during_window": finished_during}
    if load == "model":
        result["model_load_s"] = round(load_s, 2)
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    runs = max(1, int(getattr(args, "runs", 3)))
    starts = [_cold_start() for _ in range(runs)]
    tmux = _cold_start_tmux()
    latency = asyncio.run(_latency(int(getattr(args, "keys", 20)), getattr(args, "load", "cpu")))
    first = statistics.median(s["first_frame_s"] for s in starts)
    return {
        "benchmark": "tui",
        "runs": runs,
        "first_frame_s": round(first, 3),
        "first_frame_runs_s": [round(s["first_frame_s"], 3) for s in starts],
        "import_s": round(statistics.median(s["import_s"] for s in starts), 3),
        "first_frame_tmux_s": None if tmux is None else round(tmux, 3),
        "key_latency_ms": latency,
        "goals": {
            "first_frame_under_1s": first < 1.0,
            "busy_key_latency_under_100ms": latency["busy"]["p95"] < 100.0,
        },
    }


if __name__ == "__main__":
    _probe()
