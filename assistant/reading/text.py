"""Cleaning a question before it is read: control characters, markup and length."""

from __future__ import annotations

import re
import unicodedata

# Questions that try to steer the assistant rather than ask it something.
INJECTION = re.compile(
    r"ignore (?:all |any |your |the |previous |prior )*(?:instructions|rules|prompts?)|disregard (?:your|the|all) "
    r"(?:instructions|rules)|system prompt|you are now|act as|jailbreak|developer mode",
    re.I,
)


def clean_question(text: object, limit: int = 1000) -> tuple[str, list[str]]:
    """Strip control characters and markup, normalise Unicode, collapse spaces, cut to ``limit``."""
    notes: list[str] = []
    text = unicodedata.normalize("NFKC", text if isinstance(text, str) else str(text or ""))
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]", " ", text)
    if re.search(r"<\s*/?\s*(script|style|iframe|img|svg)\b", text, re.I):
        text = re.sub(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", " ", text, flags=re.I | re.S)
        notes.append("Markup in the question was ignored.")
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        notes.append(f"The question was cut to its first {limit} characters.")
        text = text[:limit].rsplit(" ", 1)[0]
    return text, notes
