"""A question taken apart: its tokens, the names it uses and the periods it writes.

The first stage's output, read by every later stage of the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.reading.vocabulary import Mention, Token
from tools.period_words import PeriodMention


@dataclass(frozen=True)
class Parsed:
    """A question taken apart: its tokens, names and periods."""

    text: str
    tokens: list[Token]
    mentions: list[Mention]
    periods: list[PeriodMention]
    scene: int = 0  # where an opening clause that only sets the scene ends (a character offset)

    @property
    def words(self) -> list[str]:
        """The normalised words."""
        return [t.norm for t in self.tokens]
