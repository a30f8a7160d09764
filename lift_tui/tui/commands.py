"""Command palette: every action from the bindings table, searchable by name and help text."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .bindings import ACTIONS, Action


class ActionsProvider(Provider):
    def _run(self, action: Action) -> None:
        """Workbench actions run on the workbench (it owns the hole keys), the rest on the App."""
        target = action.action if action.scope == "app" else f"workbench({action.action!r})"
        self.app.call_later(self.app.run_action, target)

    async def discover(self) -> Hits:
        for action in ACTIONS:
            if action.id in {"quit", "accept_numbered"}:
                continue
            yield DiscoveryHit(action.description, partial(self._run, action), help=action.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in ACTIONS:
            if action.id == "accept_numbered":
                continue
            text = f"{action.description}: {action.help}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._run, action), help=action.id)
