"""Split text into chunks of whole sentences, with overlap and character offsets for snippets.

Pure functions: no I/O, no models. Example: with max_chars=60 and overlap=1, the sentences
"A b. C d. E f." become chunks that each end on a full stop and repeat the previous chunk's last
sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A full stop after these does not end a sentence ("U.S.", "No. 18", "Jan. 5").
_ABBREVIATIONS = {
    "u.s",
    "u.k",
    "e.u",
    "no",
    "nos",
    "vs",
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "fig",
    "al",
    "p.m",
    "a.m",
}
# a sentence ends before a capital, at a blank line, and where a list item starts on a new line
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9#])|\n\s*\n|\n(?=[ \t]*(?:[-*+•]|\d{1,2}[.)])\s)")


@dataclass(frozen=True)
class Span:
    """A piece of the text with its offsets: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def _abbreviation_or_initial(text: str, start: int, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation ("No.", "Dr.") or an initial ("J. Smith").

    Read backwards from the stop, a dozen characters at most: each stop costs the same however
    long the sentence before it has run.
    """
    i = dot
    while i > start and dot - i < 12 and (text[i - 1].isascii() and (text[i - 1].isalpha() or text[i - 1] == ".")):
        i -= 1
    word = text[i:dot]
    if word and word.lower().rstrip(".") in _ABBREVIATIONS and (i == start or not text[i - 1].isalpha()):
        return True
    return dot - 1 >= start and "A" <= text[dot - 1] <= "Z" and (dot - 2 < start or not text[dot - 2].isalnum())


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (paragraph breaks always end a sentence)."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0).startswith((".",)) and _abbreviation_or_initial(text, start, match.start()):
            continue
        _add(spans, text, start, end)
        start = end
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece.rstrip())
    if trail > lead:
        spans.append(Span(start + lead, start + trail, text[start + lead : start + trail]))


def chunk_text(text: str, max_chars: int = 700, overlap: int = 1) -> list[Span]:
    """Chunks of whole sentences up to ``max_chars``, overlapping by ``overlap`` sentences.

    A sentence longer than ``max_chars`` is a chunk by itself.
    """
    units = sentences(text)
    chunks: list[Span] = []
    i, covered = 0, -1  # covered: index of the last sentence already in a chunk
    while covered + 1 < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1].end - units[i].start <= max_chars:
            j += 1
        if j <= covered:  # the overlap leaves no room for a new sentence: start afresh
            i = j = covered + 1
            while j + 1 < len(units) and units[j + 1].end - units[i].start <= max_chars:
                j += 1
        start, end = units[i].start, units[j].end
        chunks.append(Span(start, end, text[start:end]))
        covered = j
        i = max(j + 1 - overlap, i + 1)
    return chunks
