"""The IR's JSON Schema, exported so other tools can validate IR files."""

from __future__ import annotations

import json
from typing import Any

from .models import IR


def ir_json_schema() -> dict[str, Any]:
    return IR.model_json_schema()


def ir_json_schema_text() -> str:
    return json.dumps(ir_json_schema(), indent=2, sort_keys=True)
