"""Generated code with its validation results, and examples kept for optimizing the DSPy programs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .connection import guarded, utc_now
from .models import CodeArtifact, OptimizationExample

if TYPE_CHECKING:
    from .connection import Connection


class ArtifactsMixin:
    connection: Connection

    def resolve_id(self, session_id: str) -> str:  # provided by Store
        raise NotImplementedError

    def _touch(self, session_id: str, now: str) -> None:  # provided by Store
        raise NotImplementedError

    @guarded
    def save_code(
        self,
        session_id: str,
        qualname: str,
        code: str,
        validation: dict[str, Any],
        ir_version: int | None = None,
    ) -> CodeArtifact:
        full = self.resolve_id(session_id)
        now = utc_now()
        with self.connection.transaction():
            row_id = (
                self.connection.db["code_artifacts"]
                .insert(
                    {
                        "session_id": full,
                        "qualname": qualname,
                        "ir_version": ir_version,
                        "code": code,
                        "validation": json.dumps(validation),
                        "created_at": now,
                    }
                )
                .last_pk
            )
            self._touch(full, now)
        return CodeArtifact(
            id=row_id,
            session_id=full,
            qualname=qualname,
            ir_version=ir_version,
            code=code,
            validation=validation,
            created_at=now,
        )

    @guarded
    def code_artifacts(self, session_id: str, qualname: str | None = None) -> list[CodeArtifact]:
        full = self.resolve_id(session_id)
        sql, params = "SELECT * FROM code_artifacts WHERE session_id = ?", [full]
        if qualname is not None:
            sql, params = sql + " AND qualname = ?", [*params, qualname]
        rows = self.connection.query(sql + " ORDER BY id", tuple(params))
        return [
            CodeArtifact.model_validate({**row, "validation": json.loads(row["validation"])}) for row in rows
        ]

    @guarded
    def add_example(
        self,
        program: str,
        inputs: dict[str, Any],
        outputs: dict[str, Any],
        score: float | None = None,
        session_id: str | None = None,
    ) -> OptimizationExample:
        full = self.resolve_id(session_id) if session_id else None
        now = utc_now()
        with self.connection.transaction():
            row_id = (
                self.connection.db["examples"]
                .insert(
                    {
                        "session_id": full,
                        "program": program,
                        "inputs": json.dumps(inputs),
                        "outputs": json.dumps(outputs),
                        "score": score,
                        "created_at": now,
                    }
                )
                .last_pk
            )
        return OptimizationExample(
            id=row_id,
            program=program,
            inputs=inputs,
            outputs=outputs,
            score=score,
            session_id=full,
            created_at=now,
        )

    @guarded
    def examples(
        self, program: str | None = None, session_id: str | None = None
    ) -> list[OptimizationExample]:
        clauses, params = [], []
        if program is not None:
            clauses, params = [*clauses, "program = ?"], [*params, program]
        if session_id is not None:
            clauses, params = [*clauses, "session_id = ?"], [*params, self.resolve_id(session_id)]
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.connection.query("SELECT * FROM examples" + where + " ORDER BY id", tuple(params))
        return [
            OptimizationExample.model_validate(
                {**row, "inputs": json.loads(row["inputs"]), "outputs": json.loads(row["outputs"])}
            )
            for row in rows
        ]
