"""Child processes for the fault tests: ``python -m tests.store.fault_child MODE DB ...``.

- ``hold-lock DB``: hold ``BEGIN EXCLUSIVE`` on DB until stdin closes (prints ``locked``).
- ``fill DB BYTES``: limit file size (RLIMIT_FSIZE, a real kernel limit) and save IR + resolution
  pairs until the store reports the disk full; prints ``{"saved": N, "kind": ...}``.
- ``writer DB SESSION N``: save N IR versions with a resolution each into SESSION.
"""

from __future__ import annotations

import json
import resource
import signal
import sqlite3
import sys
from pathlib import Path

from lift_tui.ir.models import IR, Metadata, Signature
from lift_tui.store import StoreError, open_store


def _ir(i: int) -> IR:
    ir = IR(signature=Signature(name="f"), metadata=Metadata(qualname="f"))
    ir.intent.summary = f"{i} " + "x" * 4000
    return ir


def main(mode: str, db: str, *rest: str) -> int:
    if mode == "hold-lock":
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("UPDATE sessions SET title = title")
        print("locked", flush=True)
        sys.stdin.read()
        conn.execute("ROLLBACK")
        return 0
    if mode == "fill":
        store = open_store(Path(db))
        session = store.create_session("fill", "forward").id
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (int(rest[0]), int(rest[0])))
        saved = 0
        try:
            while saved < 10_000:
                store.record_resolution(session, "f", "h", "given", str(saved), ir=_ir(saved))
                saved += 1
        except StoreError as error:
            print(json.dumps({"saved": saved, "kind": error.kind.value, "message": str(error)}))
            return 0
        print(json.dumps({"saved": saved, "kind": None}))
        return 1
    if mode == "writer":
        store = open_store(Path(db), timeout=30)
        session, count = rest[0], int(rest[1])
        for i in range(count):
            store.record_resolution(session, "f", "h", "given", str(i), ir=_ir(i))
        return 0
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
