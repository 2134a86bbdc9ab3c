"""The command palette's provider: the same actions as the footer, by name.

It reads the registry (:mod:`chatbot.app.actions`): the open screen's own
commands first, then the app's, each with its key in the help line.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from chatbot.app.actions import APP_COMMANDS, Command, key_label


class ActionsProvider(Provider):
    """Every registered action of the open screen and of the app."""

    def _commands(self) -> Iterator[tuple[Command, DOMNode]]:
        screen = self.screen
        for command in getattr(screen, "COMMANDS_LIST", ()):
            yield command, screen
        for command in APP_COMMANDS:
            yield command, self.app

    async def _run(self, command: Command, namespace: DOMNode) -> None:
        await self.app.run_action(command.action, namespace)

    async def discover(self) -> Hits:
        for command, namespace in self._commands():
            yield DiscoveryHit(
                command.title, partial(self._run, command, namespace), help=f"{key_label(command.key)} · {command.help}"
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, namespace in self._commands():
            score = max(matcher.match(command.title), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self._run, command, namespace),
                    help=f"{key_label(command.key)} · {command.help}",
                )
