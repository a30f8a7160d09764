"""The one settings object: defaults < ``lift.toml`` < ``LIFT_*`` environment < command line.

Paths that the user does not set come from platformdirs (cache) or the project's
``sessions/`` folder (database), so a fresh checkout works with no configuration.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

APP_NAME = "lift-tui"


def _default_db() -> Path:
    return Path("sessions") / "lift.db"


def _default_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


class ModelSettings(BaseModel):
    """Which language model runs, and where (nested: ``[model]`` in lift.toml, ``LIFT_MODEL__*``).

    A plain model, not a settings source of its own: only the parent reads the environment,
    so unrelated variables such as ``PATH`` never leak into ``model.path``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: Path | None = None
    """A local model directory or a .gguf file; empty means the embedded SmolLM2-135M."""
    gguf_file: str | None = None
    """File name inside ``path`` when it is a directory holding a GGUF."""
    device: Literal["cpu", "cuda", "mps", "auto"] = "cpu"
    """Where the model runs."""
    dtype: Literal["bfloat16", "float32", "float16", "auto"] = "auto"
    """auto: float32 on CPU, float16 on a GPU. On a 2-core AVX2 CPU without native bf16 (2026-12-04,
    torch 2.13, one thread) bf16 prefilled 283 tokens in 8.0 s against 1.0 s in fp32 and decoded a 4-row
    step in 188 ms against 132: its matmuls convert on every call."""
    threads: int | None = None
    """torch threads; empty uses half the cores. On an idle 2-core machine 2 threads decoded a 4-row
    batch in 94 ms/step against 131 with 1 (2026-12-04); on a busy one 2 threads ran 7x slower."""
    max_new_tokens: int = 384
    """Upper bound for one constrained generation before it is retried with more room."""
    served_model: str | None = None
    """A DSPy/LiteLLM model id (e.g. ``openai/Qwen2.5-Coder-7B``) to use a served model instead."""
    api_base: str | None = None
    """Base URL of the OpenAI-compatible server for ``served_model``."""
    api_key: str | None = None
    """API key for the served model, if it wants one."""
    concurrency: int = Field(default=4, ge=1, le=64)
    """Requests in flight at once to a served model (a folder's enrichment, forward's n candidates);
    a vLLM/SGLang server batches them, llama.cpp's server queues them. The embedded model decodes
    n candidates in one batch instead and ignores this."""
    timeout_s: float = Field(default=120.0, gt=0, le=3600)
    """Seconds one request to a served model may take before it counts as failed (a hole, not a hang)."""
    served_grammar: Literal["gbnf", "none"] = "gbnf"
    """How code grammars reach a served model: ``gbnf`` (llama.cpp's ``grammar`` field, translated
    from the project's Lark grammars) or ``none`` (unconstrained; the answer is still parsed and
    validated, e.g. for a server that refuses GBNF)."""


class Settings(BaseSettings):
    """lift-tui configuration (file ``lift.toml``, environment ``LIFT_*``, nested ``LIFT_MODEL__*``)."""

    model_config = SettingsConfigDict(
        env_prefix="LIFT_",
        env_nested_delimiter="__",
        toml_file="lift.toml",
        extra="ignore",
    )

    db: Path = Field(default_factory=_default_db)
    """The SQLite database that keeps every session."""
    cache_dir: Path = Field(default_factory=_default_cache)
    """Converted model weights, DSPy cache and compiled programs."""
    programs_dir: Path | None = None
    """Compiled DSPy programs (``optimize`` writes, suggestions read); empty: ``cache_dir/programs``."""
    model: ModelSettings = Field(default_factory=ModelSettings)
    """The language model."""
    solver_timeout_ms: int = 2000
    """z3 time limit per check."""
    sandbox_timeout_s: float = 5.0
    """Wall-clock limit for running generated code."""
    sandbox_memory_mb: int = 512
    """Address-space limit for running generated code."""
    counterexample_budget_s: float = 4.0
    """Time CrossHair gets to look for an input that breaks a postcondition (per search)."""
    forward_candidates: int = Field(default=8, ge=1, le=64)
    """Code candidates forward mode samples per prompt (whole functions and bodies), then ranks by running."""
    forward_temperature: float = Field(default=0.8, ge=0.0, le=2.0)
    """Sampling temperature for forward mode's candidates."""
    max_file_bytes: int = 5_000_000
    """Larger files are reported, not lifted."""
    theme: str = "textual-dark"
    """Textual theme name."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys, e.g. ``{"next_hole" = "n"}``."""

    def program_dir(self) -> Path:
        return self.programs_dir if self.programs_dir is not None else self.cache_dir / "programs"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


class SettingsError(ValueError):
    """``lift.toml`` or a ``LIFT_*`` variable holds something lift-tui cannot use; one line says what."""


def _closest(word: str, valid: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, valid, n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}?" if close else f"valid keys: {', '.join(sorted(valid))}"


def check_toml(path: Path = Path("lift.toml")) -> None:
    """An unknown key in ``lift.toml`` is an error naming the closest valid key (a typo would
    otherwise be ignored and the default used without a word)."""
    import tomllib

    if not path.is_file():
        return
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot read it ({error}); fix or remove it") from error
    sections: dict[str, type[BaseModel]] = {"": Settings, "model": ModelSettings}
    for section, model in sections.items():
        table = data if not section else data.get(section, {})
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: [{section}] must be a table")
        valid = list(model.model_fields)
        for key in table:
            if key not in valid:
                where = f"[{section}] " if section else ""
                raise SettingsError(f"{path}: unknown key {where}{key!r}; {_closest(key, valid)}")


def load_settings(**overrides: object) -> Settings:
    """The settings of this run, built once at start-up and passed down: defaults < ``lift.toml`` <
    ``LIFT_*`` < ``overrides`` (command-line flags). Raises :class:`SettingsError` on a bad file."""
    from pydantic import ValidationError

    check_toml()
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SettingsError(f"lift.toml / LIFT_*: {where}: {first['msg']}") from error
    return settings.model_copy(update=overrides) if overrides else settings


_IN_USE: Settings | None = None


def use_settings(settings: Settings) -> None:
    """Make the start-up settings the ones :func:`get_settings` returns, so a layer's fallback for
    a caller that passed nothing reads the same object the command was handed, not a second one."""
    global _IN_USE
    _IN_USE = settings


def get_settings() -> Settings:
    """The start-up settings (:func:`use_settings`); for library use with none, defaults < lift.toml
    < LIFT_*, read once. lift-tui's own commands build theirs with :func:`load_settings`."""
    if _IN_USE is not None:
        return _IN_USE
    return _library_settings()


@lru_cache(maxsize=1)
def _library_settings() -> Settings:
    return Settings()
