"""Undo/redo of IR versions, per function.

Every version the user or a re-lift produces is pushed; undo walks back, redo forward, and a
new version after an undo drops the redo branch (as in every editor).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lift_tui.ir import IR


@dataclass
class _Stack:
    done: list[IR] = field(default_factory=list)
    undone: list[IR] = field(default_factory=list)


class History:
    def __init__(self) -> None:
        self._stacks: dict[str, _Stack] = {}
        self._lifted: dict[str, IR] = {}

    def current(self, key: str) -> IR | None:
        stack = self._stacks.get(key)
        return stack.done[-1] if stack and stack.done else None

    def record(self, key: str, ir: IR) -> None:
        """Push a freshly lifted ``ir`` unless the lift is the same as last time, so re-lifting an
        unchanged function keeps the user's resolutions."""
        if self._lifted.get(key) != ir:
            self._lifted[key] = ir
            self.push(key, ir)

    def push(self, key: str, ir: IR) -> None:
        stack = self._stacks.setdefault(key, _Stack())
        stack.done.append(ir)
        stack.undone.clear()

    def undo(self, key: str) -> IR | None:
        stack = self._stacks.get(key)
        if not stack or len(stack.done) < 2:
            return None
        stack.undone.append(stack.done.pop())
        return stack.done[-1]

    def redo(self, key: str) -> IR | None:
        stack = self._stacks.get(key)
        if not stack or not stack.undone:
            return None
        stack.done.append(stack.undone.pop())
        return stack.done[-1]

    def can_undo(self, key: str) -> bool:
        stack = self._stacks.get(key)
        return bool(stack and len(stack.done) > 1)

    def forget(self, key: str) -> None:
        self._stacks.pop(key, None)
        self._lifted.pop(key, None)
