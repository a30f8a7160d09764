"""The DSPy signatures, ``forward``, ``reverse`` (with enrichment) and ``suggest`` against a real
llama.cpp server on the embedded GGUF, with ``served_model`` set; the local model never loads.

Proof of the last point, twice over: the CLI runs with ``model.path`` naming a file that does not
exist (a local load would fail loudly, and its message would name that file), and the CLI process
reports at exit that ``transformers`` (needed to load local weights) was never imported. The
server's own access log shows the requests did reach it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lift_tui.forward.grammar import body_grammar
from lift_tui.settings import ModelSettings

from .conftest import SERVED_MODEL, served_env

pytestmark = pytest.mark.slow

# Runs the CLI in this process and says at exit which local-model libraries got imported.
CLI = (
    "import sys\n"
    "from lift_tui.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "loaded = sorted(m for m in ('transformers', 'guidance', 'accelerate') if m in sys.modules)\n"
    "print('LOCAL-MODEL-LIBRARIES:', ','.join(loaded) or '-', file=sys.stderr)\n"
    "sys.exit(code)\n"
)
CLAMP = '''
def clamp(value, low, high):
    if value < low:
        return low
    if value > high:
        return high
    return value
'''
MEAN = '''
def mean(numbers):
    return sum(numbers) / len(numbers)


def span(numbers):
    return max(numbers) - min(numbers)
'''


def cli(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env,
                          timeout=timeout)
    assert "LOCAL-MODEL-LIBRARIES: -" in done.stderr, done.stderr[-2000:]
    assert "no-local-model-here" not in done.stdout + done.stderr  # nothing tried the local path
    return done


def served_requests(api_base: str) -> int:
    """Chat completions the server has answered (its uvicorn access log, next to the fixture's)."""
    from .conftest import LOGS

    return LOGS[api_base].read_text(errors="replace").count("POST /v1/chat/completions")


@pytest.fixture
def no_dspy_cache() -> Iterator[None]:
    """DSPy's disk cache outlives a test run: without it off, a second run never reaches the server."""
    import dspy

    saved = dspy.cache
    dspy.configure_cache(enable_disk_cache=False, enable_memory_cache=False)
    try:
        yield
    finally:
        dspy.cache = saved


@pytest.mark.usefixtures("no_dspy_cache")
def test_dspy_signatures_json_and_grammar_on_the_server(llama_server: str, tmp_path: Path) -> None:
    from lift_tui.forward.model_calls import ask_intent, sample_bodies
    from lift_tui.llm.served import ServedEngine

    engine = ServedEngine(ModelSettings(served_model=SERVED_MODEL, api_base=llama_server), tmp_path)
    engine.load()
    intent = ask_intent(engine, "a function that returns the larger of two numbers")
    assert isinstance(intent["summary"], str) and intent["summary"].strip()  # schema-shaped JSON
    grammar = body_grammar(["a", "b"])
    bodies = sample_bodies(engine, "Return the larger of a and b.", "def larger(a, b):", [], grammar,
                           n=3, temperature=0.8)
    assert len(bodies) == 3 and engine.requests >= 4
    for body in bodies:  # the server decoded under the translated grammar: the Lark original agrees
        assert follows(grammar, body), body


def follows(lark: str, text: str) -> bool:
    """``text`` is a sentence of ``lark`` or, when cut at the token limit, the start of one."""
    import llguidance

    from tests.llm.test_llm_gbnf import TOKENIZER

    matcher = llguidance.LLMatcher(TOKENIZER, lark, log_level=0)
    return matcher.consume_tokens(list(text.encode())) and not matcher.is_error()


def test_forward_reverse_and_suggest_run_on_the_server_only(llama_server: str, tmp_path: Path) -> None:
    env = served_env(llama_server, tmp_path)
    before = served_requests(llama_server)

    done = cli(["forward", "Return the larger of two numbers: larger(2, 5) == 5", "--json",
                "--candidates", "2"], env)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert not [e for e in result.get("errors", []) if "model unavailable" in e], result["errors"]
    assert result["ir"]["signature"]["name"] == "larger" and result["code"]
    after_forward = served_requests(llama_server)
    assert after_forward > before

    folder = tmp_path / "pkg"  # a folder: its functions go out as concurrent requests, files stay in order
    folder.mkdir()
    (folder / "a_clamp.py").write_text(CLAMP)
    (folder / "b_stats.py").write_text(MEAN)
    done = cli(["reverse", str(folder), "--json"], env)
    assert done.returncode == 0 and "model not loaded" not in done.stderr, done.stderr[-2000:]
    files = json.loads(done.stdout)["files"]
    assert [[f["signature"]["name"] for f in file["functions"]] for file in files] == [["clamp"],
                                                                                         ["mean", "span"]]
    functions = [f for file in files for f in file["functions"]]
    from_model = [h for f in functions for h in f["holes"] if h["provenance"]["source"] == "model"]
    assert from_model, "enrichment added no model suggestion"
    after_reverse = served_requests(llama_server)
    assert after_reverse >= after_forward + 3

    done = cli(["suggest", str(folder / "b_stats.py"), "--json", "--function", "mean"], env)
    assert done.returncode == 0 and "model unavailable" not in done.stderr, done.stderr[-2000:]
    assert json.loads(done.stdout)["holes"]
    assert served_requests(llama_server) > after_reverse
