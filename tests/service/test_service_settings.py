"""One settings object: built once at start-up, a typo in ``lift.toml`` is an error naming the
closest valid key, and the commands (TUI included) stop with one line instead of ignoring it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lift_tui.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("LIFT_")]:
        monkeypatch.delenv(name)
    return tmp_path


def test_unknown_keys_name_the_closest_valid_one(here: Path) -> None:
    (here / "lift.toml").write_text("solver_timout_ms = 10\n")
    with pytest.raises(SettingsError, match="key 'solver_timout_ms'; did you mean 'solver_timeout_ms'"):
        load_settings()
    (here / "lift.toml").write_text('[model]\ndtyp = "float32"\n')
    with pytest.raises(SettingsError, match=r"unknown key \[model\] 'dtyp'; did you mean 'dtype'"):
        load_settings()
    (here / "lift.toml").write_text("zzzz = 1\n")
    with pytest.raises(SettingsError, match="valid keys: .*solver_timeout_ms"):
        load_settings()


def test_values_file_env_and_flags_in_order(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "lift.toml").write_text('solver_timeout_ms = 10\ndb = "file.db"\n[keymap]\nnext_hole = "j"\n')
    monkeypatch.setenv("LIFT_SOLVER_TIMEOUT_MS", "20")
    settings = load_settings(db=here / "flag.db")
    assert (settings.solver_timeout_ms, settings.db) == (20, here / "flag.db")
    assert settings.keymap == {"next_hole": "j"}
    (here / "lift.toml").write_text('solver_timeout_ms = "soon"\n')
    monkeypatch.delenv("LIFT_SOLVER_TIMEOUT_MS")
    with pytest.raises(SettingsError, match="solver_timeout_ms"):
        load_settings()


@pytest.mark.parametrize("args", [[], ["suggest", "m.py", "--no-model"], ["sessions", "list"],
                                  ["reverse", "m.py", "--no-model"], ["check", "m.json"]])
def test_commands_refuse_a_bad_lift_toml_in_one_line(here: Path, args: list[str]) -> None:
    (here / "lift.toml").write_text("them = 'textual-light'\n")
    (here / "m.py").write_text("def f(x):\n    return x\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "lift_tui", *args], capture_output=True, text=True,
                          timeout=60, cwd=here, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "did you mean 'theme'" in done.stderr


def test_the_workspace_hands_its_settings_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The App's settings object, not a process singleton, governs z3, the sandbox and the programs."""
    from lift_tui.holes import model_source
    from lift_tui.service import Workspace
    from lift_tui.settings import Settings
    from lift_tui.verify import sandbox, solver

    for module, name in ((solver, "_TIMEOUT_MS"), (sandbox, "_DEFAULTS"), (model_source, "_SETTINGS")):
        monkeypatch.setattr(module, name, getattr(module, name))  # put back after the test
    settings = Settings(db=tmp_path / "x.db", solver_timeout_ms=1234, sandbox_timeout_s=2.5,
                        sandbox_memory_mb=300, programs_dir=tmp_path / "programs")
    (tmp_path / "m.py").write_text("def f(x, y=1):\n    assert x > y\n    return x\n")
    ws = Workspace(settings=settings, db=settings.db)
    [update] = ws.open_path(tmp_path / "m.py")
    key = update.state.keys()[0]
    ws.suggest(key, "y_type")
    assert solver._default_timeout() == 1234
    assert sandbox._settings_defaults() == (2.5, 300)
    assert model_source.program_path() == tmp_path / "programs" / "hole_suggestion.json"
    ws.close()


def test_a_bad_nested_environment_value_is_one_line(here: Path) -> None:
    """Not a traceback from whichever layer first reads the settings."""
    (here / "m.py").write_text("def f(x):\n    return x\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LIFT_MODEL__THREDS": "3"}
    done = subprocess.run([sys.executable, "-m", "lift_tui", "reverse", "m.py", "--no-model"],
                          capture_output=True, text=True, timeout=60, cwd=here, env=env)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "model.threds" in done.stderr
