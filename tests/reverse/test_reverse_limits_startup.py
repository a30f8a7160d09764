"""The size limit still follows the settings, while a plain static run skips loading them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lift_tui.reverse.limits import DEFAULT_MAX_FILE_BYTES
from lift_tui.settings import Settings


def _run(cwd: Path, env: dict[str, str] | None = None, *flags: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.upper().startswith("LIFT_")}
    return subprocess.run(
        [sys.executable, *flags, "-m", "lift_tui", "reverse", "--no-model", "--json", "m.py"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**clean, **(env or {})},
    )


def test_default_matches_the_settings_default() -> None:
    assert Settings.model_fields["max_file_bytes"].default == DEFAULT_MAX_FILE_BYTES


def test_unconfigured_run_never_imports_the_settings_machinery(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f(x):\n    return x\n")
    result = _run(tmp_path, None, "-X", "importtime")
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "lift_tui.reverse" in imported
    assert not {"pydantic_settings", "platformdirs", "lift_tui.settings"} & imported


def test_lift_toml_limit_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f(x):\n    return x\n")
    (tmp_path / "lift.toml").write_text("max_file_bytes = 10\n")
    errors = json.loads(_run(tmp_path).stdout)["files"][0]["errors"]
    assert [e["kind"] for e in errors] == ["too_large"]


def test_environment_limit_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("def f(x):\n    return x\n")
    errors = json.loads(_run(tmp_path, {"LIFT_MAX_FILE_BYTES": "10"}).stdout)["files"][0]["errors"]
    assert [e["kind"] for e in errors] == ["too_large"]
    assert json.loads(_run(tmp_path).stdout)["files"][0]["errors"] == []
