"""The rare-earth trade assistant: exact figures and cited passages about China's rare-earth exports.

from assistant import ask
answer = ask("How did China's rare earth magnet exports change in July 2025?")
print(answer.text)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.answer import Answer, Citation, FigureOut, ToolCall
from assistant.errors import AssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.core import Assistant

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "Citation",
    "FigureOut",
    "Settings",
    "ToolCall",
    "ask",
    "default_assistant",
]

_DEFAULT: list[Assistant] = []  # built on the first call, never at import


def default_assistant() -> Assistant:
    """The assistant built from the environment's settings (built once, on first use)."""
    if not _DEFAULT:
        from assistant.factory import build_assistant

        _DEFAULT.append(build_assistant(Settings.from_env()))
    return _DEFAULT[0]


def ask(question: str, history: Sequence[Answer] | None = None) -> Answer:
    """Answer a question about China's rare-earth trade.

    ``history`` holds this user's earlier answers (oldest first), so that follow-ups such as
    "And Germany?" can be resolved.
    """
    return default_assistant().ask(question, history)


def __getattr__(name: str) -> object:
    if name == "Assistant":
        from assistant.core import Assistant

        return Assistant
    raise AttributeError(name)
