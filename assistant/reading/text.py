"""Cleaning a question before it is read: length, control characters, markup.

Every step here is linear in the length of the question, and the question is cut to a bound
before any pattern runs, so no question, however long or odd, holds a worker for long.
"""

from __future__ import annotations

import re
import unicodedata

# Questions that try to steer the assistant rather than ask it something.
INJECTION = re.compile(
    r"ignore (?:all |any |your |the |previous |prior )*(?:instructions|rules|prompts?)|disregard (?:your|the|all) "
    r"(?:instructions|rules)|system prompt|you are now|act as|jailbreak|developer mode",
    re.I,
)
# markup and runs of spaces may shrink a question several times over once removed
_RAW_FACTOR = 4
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_ACTIVE_TAG = re.compile(r"<\s*/?\s*(?:script|style|iframe|img|svg)\b", re.I)
_BLOCK_OPEN = re.compile(r"<\s*(script|style)\b", re.I)
_TAG = re.compile(r"<[^<>]{0,200}>")


def clean_question(text: object, limit: int = 500) -> tuple[str, list[str]]:
    """Cut to a bound, strip control characters and markup, normalise Unicode, collapse spaces, cut to ``limit``."""
    notes: list[str] = []
    text = text if isinstance(text, str) else str(text or "")
    cut = len(text) > limit * _RAW_FACTOR
    text = unicodedata.normalize("NFKC", text[: limit * _RAW_FACTOR])[: limit * _RAW_FACTOR]
    text = _CONTROL.sub(" ", text)
    if _ACTIVE_TAG.search(text):
        text = without_blocks(text)
        notes.append("Markup in the question was ignored.")
    text = _TAG.sub(" ", text)
    text = " ".join(text.split())
    if cut or len(text) > limit:
        notes.append(f"The question was cut to its first {limit} characters.")
        text = text[:limit].rsplit(" ", 1)[0] if len(text) > limit else text
    return text, notes


def without_blocks(text: str) -> str:
    """The text without its script and style blocks; an unclosed block runs to the end, as in a browser.

    One scan from left to right: each block's end is looked for once, from where it opens.
    """
    out: list[str] = []
    at = 0
    while (opening := _BLOCK_OPEN.search(text, at)) is not None:
        out.append(text[at : opening.start()])
        closing = re.compile(rf"<\s*/\s*{opening.group(1)}\s*>", re.I).search(text, opening.end())
        if closing is None:
            return " ".join(out)
        out.append(" ")
        at = closing.end()
    out.append(text[at:])
    return "".join(out)
