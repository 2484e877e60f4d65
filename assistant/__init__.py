"""The rare-earth trade assistant: exact figures and cited passages about China's rare-earth exports."""

from assistant.errors import AssistantError
from assistant.settings import Settings

__all__ = ["AssistantError", "Settings"]
