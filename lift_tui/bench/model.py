"""``lift-tui bench model``: load times, constrained vs unconstrained throughput, mask cost, memory,
and the batched-sampling sweep over n (:mod:`.model_sampling`).

Loads are timed in child processes (the GGUF one into a fresh temporary cache, so the conversion
really runs; the cached one from that cache), so both include the same work and neither pays
Python's import of torch. Throughput is measured in this process on the same prompt and the
same number of tokens; constrained throughput counts every output token, forced ones included.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PROMPT = (  # the same prompt for both measurements
    "Describe as JSON a Python function that validates email addresses: a summary and "
    "up to three success criteria."
)

_CHILD = """
import json, resource, sys
from pathlib import Path
from lift_tui.llm.engine import _quiet_transformers
from lift_tui.llm.loader import load_model
from lift_tui.settings import ModelSettings
_quiet_transformers()
settings = ModelSettings.model_validate_json(sys.argv[1])
loaded = load_model(settings, Path(sys.argv[2]))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": loaded.seconds, "from_cache": loaded.from_cache, "rss_mb": rss}))
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tokens", type=int, default=160, help="token budget of the constrained output")
    parser.add_argument("--repeats", type=int, default=2, help="runs per measurement; the best is kept")
    parser.add_argument("--skip-gguf", action="store_true", help="do not time the (slow) first conversion")
    parser.add_argument("--n", default="1,4,8,16",
                        help="comma-separated row counts for the batched-sampling sweep ('' skips it)")
    parser.add_argument("--sample-tokens", type=int, default=96, help="token budget of each sampled row")
    parser.add_argument("--sample-repeats", type=int, default=3, help="runs per n; medians kept")


def _timed_load(settings_json: str, cache_root: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, settings_json, str(cache_root)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(tail.split("ModelLoadError: ", 1)[-1])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _model_settings() -> Any:
    from lift_tui.settings import get_settings

    return get_settings().model


def run(args: argparse.Namespace) -> dict[str, Any]:
    from lift_tui.cli.common import CommandError
    from lift_tui.llm.engine import Engine
    from lift_tui.llm.errors import ModelLoadError
    from lift_tui.llm.outputs import IntentOut
    from lift_tui.settings import get_settings

    model = _model_settings()
    settings_json = model.model_dump_json()
    report: dict[str, Any] = {"model": str(model.path or "embedded SmolLM2-135M-Instruct Q4_1"),
                              "dtype": model.dtype, "device": model.device}
    with tempfile.TemporaryDirectory(prefix="lift-bench-") as scratch:
        cache_root = Path(scratch) if not args.skip_gguf else get_settings().cache_dir
        try:
            if not args.skip_gguf:
                first = _timed_load(settings_json, cache_root)
                report["gguf_load_s"] = round(first["seconds"], 2)
                report["gguf_load_peak_rss_mb"] = round(first["rss_mb"])
            cached = _timed_load(settings_json, cache_root)
            report["cached_load_s"] = round(cached["seconds"], 2)
            engine = Engine(model, cache_root)
            engine.load()
        except (RuntimeError, ModelLoadError) as error:
            raise CommandError(str(error)) from error
        report["threads"] = _torch_threads()
        messages = [{"role": "user", "content": PROMPT}]
        # Warm-up, and the prompt's prefill: guidance keeps the prompt's KV cache between the
        # repeats below, so prefill is taken out of the unconstrained timing as well.
        engine.generate_json(messages, IntentOut, args.tokens)
        engine.generate_text(messages, max_tokens=1, min_tokens=1)
        prefill_s = engine.last_stats.seconds
        constrained: list[dict[str, float]] = []
        unconstrained: list[float] = []
        for _ in range(max(1, args.repeats)):
            engine.clear_cache()
            try:
                engine.generate_json(messages, IntentOut, args.tokens)
            except Exception as error:  # a bench reports, it does not stop at a weak output
                report.setdefault("errors", []).append(str(error))
            stats = engine.last_stats
            # Every token of the output, forced ones included: guidance reports a forced prefix
            # that is already in its KV cache (after the warm-up) as prompt, not as output.
            tokens = max(stats.output_tokens, engine.count_tokens(stats.text))
            constrained.append({
                "tokens": tokens,
                "per_s": tokens / stats.seconds if stats.seconds else 0.0,
                "forced": stats.forced_tokens,
                "mask_ms": statistics.fmean(stats.mask_ms) if stats.mask_ms else 0.0,
                "overhead_ms": statistics.fmean(stats.mask_overhead_ms) if stats.mask_overhead_ms else 0.0,
                "ms_per_token": stats.seconds * 1000 / tokens if tokens else 0.0,
            })
            engine.generate_text(messages, max_tokens=tokens, min_tokens=tokens)
            text_stats = engine.last_stats
            decode_s = max(text_stats.seconds - prefill_s, 1e-9)
            unconstrained.append((text_stats.output_tokens - 1) / decode_s)
    best = max(constrained, key=lambda item: item["per_s"])
    report.update({
        "tokens": best["tokens"],
        "forced_tokens": best["forced"],
        "unconstrained_tokens_per_s": round(max(unconstrained), 2),
        "constrained_tokens_per_s": round(best["per_s"], 2),
        "mask_ms_per_token": round(best["mask_ms"], 3),
        "mask_share_of_token_time": round(best["mask_ms"] / best["ms_per_token"], 4)
        if best["ms_per_token"]
        else None,
        "mask_overhead_ms_per_token": round(best["overhead_ms"], 3),
        "mask_overhead_share_of_token_time": round(best["overhead_ms"] / best["ms_per_token"], 4)
        if best["ms_per_token"]
        else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    })
    if "gguf_load_s" in report and report["cached_load_s"]:
        report["cached_load_speedup"] = round(report["gguf_load_s"] / report["cached_load_s"], 1)
    ns = [int(part) for part in str(args.n).split(",") if part.strip()]
    if ns:
        from .model_sampling import sweep

        report["sampling"] = sweep(engine, ns, args.sample_tokens, max(1, args.sample_repeats))
    report["goals"] = {
        "constrained_at_least_unconstrained": report["constrained_tokens_per_s"]
        >= report["unconstrained_tokens_per_s"],
        "mask_under_2_percent": (report["mask_share_of_token_time"] or 1.0) < 0.02,
        "cached_load_5x_faster": report.get("cached_load_speedup", 0) >= 5,
    }
    return report


def _torch_threads() -> int:
    import torch

    return torch.get_num_threads()
