"""A served model that is down, slow, answers invalid JSON or garbage, or refuses a grammar: one line
naming the cause and the fix, holes instead of values, nothing lost. Real sockets throughout: a
closed port, and a small real HTTP server that misbehaves on purpose (``misbehaving_server``)."""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from lift_tui.forward.grammar import body_grammar
from lift_tui.llm.errors import ModelLoadError
from lift_tui.llm.served import ServedEngine, ServedModelError
from lift_tui.settings import ModelSettings

from .conftest import SERVED_MODEL, base_of, free_port, served_env

SOURCE = '''
def scale(values, factor):
    return [v * factor for v in values]
'''
MESSAGES = [{"role": "user", "content": "Write the body."}]


def engine_at(api_base: str, tmp_path: Path, **settings: object) -> ServedEngine:
    model = ModelSettings(served_model=SERVED_MODEL, api_base=api_base, **settings)  # type: ignore[arg-type]
    return ServedEngine(model, tmp_path)


def test_a_server_that_is_down_is_one_line_and_reverse_keeps_the_static_lift(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}/v1"  # bound, then closed: nothing listens there
    with pytest.raises(ModelLoadError, match="cannot reach the served model.*start the server or fix "
                       "model.api_base"):
        engine_at(closed, tmp_path).load()
    path = tmp_path / "scale.py"
    path.write_text(SOURCE)
    done = subprocess.run([sys.executable, "-m", "lift_tui", "reverse", str(path), "--json"],
                          capture_output=True, text=True, env=served_env(closed, tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
    (function,) = json.loads(done.stdout)["files"][0]["functions"]
    assert function["signature"]["name"] == "scale"  # the static lift stands
    summary = next(h for h in function["holes"] if h["identifier"] == "summary")
    assert summary["status"] == "open" and not summary["candidates"]
    lines = [line for line in done.stderr.splitlines() if "model not loaded" in line]
    assert len(lines) == 1 and closed in lines[0] and "model.api_base" in lines[0]


def test_a_slow_server_times_out_into_holes(misbehaving_server: ThreadingHTTPServer, tmp_path: Path) -> None:
    from lift_tui.llm.lm import lm_for
    from lift_tui.reverse import lift_source
    from lift_tui.reverse.enrich import Enricher

    misbehaving_server.mode = "slow"  # type: ignore[attr-defined]
    engine = engine_at(base_of(misbehaving_server), tmp_path, timeout_s=0.5)
    engine.load()  # GET /models answers at once
    (lifted,) = lift_source(SOURCE, "scale.py").functions
    enricher = Enricher(lm_for(engine))
    (enriched,) = list(enricher.enrich_all([(lifted, SOURCE)]))
    assert enriched == lifted  # nothing added, nothing lost
    assert enricher.failures and all("did not answer within 0.5s" in f and "model.timeout_s" in f
                                     for f in enricher.failures)


def test_invalid_json_and_garbage_are_named(misbehaving_server: ThreadingHTTPServer, tmp_path: Path) -> None:
    engine = engine_at(base_of(misbehaving_server), tmp_path)
    misbehaving_server.mode = "invalid-json"  # type: ignore[attr-defined]
    with pytest.raises(ServedModelError, match="invalid JSON from the server"):
        engine.generate_json(MESSAGES, {"type": "object", "properties": {"a": {"type": "string"}}})
    sent = misbehaving_server.payloads[-1]  # type: ignore[attr-defined]
    assert sent["response_format"]["type"] == "json_object" and "schema" in sent["response_format"]
    misbehaving_server.mode = "garbage"  # type: ignore[attr-defined]
    with pytest.raises(ServedModelError, match="not a chat completion.*OpenAI-compatible"):
        engine.generate_text(MESSAGES)


def test_a_refused_grammar_is_named_and_the_setting_that_avoids_it_works(
    misbehaving_server: ThreadingHTTPServer, tmp_path: Path
) -> None:
    misbehaving_server.mode = "no-grammar"  # type: ignore[attr-defined]
    grammar = body_grammar(["s"])
    with pytest.raises(ServedModelError, match="refused the request with its grammar.*served_grammar"):
        engine_at(base_of(misbehaving_server), tmp_path).generate_grammar(MESSAGES, grammar)
    # every one of n samples refused: one error, not n silent empty rows
    with pytest.raises(ServedModelError, match="grammar"):
        engine_at(base_of(misbehaving_server), tmp_path).sample(MESSAGES, grammar, n=3, seed=7)
    seeds = [p["seed"] for p in misbehaving_server.payloads[-3:]]  # type: ignore[attr-defined]
    assert sorted(seeds) == [7, 8, 9]
    plain = engine_at(base_of(misbehaving_server), tmp_path, served_grammar="none")
    assert plain.generate_grammar(MESSAGES, grammar) == "return s\n"
    assert "grammar" not in misbehaving_server.payloads[-1]  # type: ignore[attr-defined]
