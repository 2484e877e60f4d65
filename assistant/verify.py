"""The number and citation checker every answer passes, whoever wrote the draft.

Each number in the text must match a tool figure (to the precision it is written with) or, in a
sentence that cites passages, appear in one of those passages. Each [n] must point to a passage
that was actually retrieved. Anything else is flagged in the text and listed in the warnings.
Years, days of the month, announcement numbers and list positions are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.chunking import sentences

_CITE = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(
    r"(?<![\w.$/])(?P<sign>[+\-−]?)(?P<cur>\$)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%)?(?P<scale>\s?(?:million|billion|bn|mln))?(?P<unit>\s?(?:t|kg|tonnes|tons|yuan/t)\b|/kg|/t)?"
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
FLAG = " (unverified)"


@dataclass(frozen=True)
class Check:
    """The checked text and what the checker did."""

    text: str
    warnings: tuple[str, ...]
    unverified: tuple[str, ...]
    dangling: tuple[int, ...]


@dataclass(frozen=True)
class Number:
    """A number as written: its value, decimals shown, whether it is a percentage."""

    value: float
    decimals: int
    pct: bool


def numbers_in(text: str) -> list[tuple[Number, int, int]]:
    """The figures in a text with their spans, leaving out years, days, codes and markers."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num")
        start, end = m.span()
        before = text[max(0, start - 12) : start].lower()
        after = text[end : end + 30].lower()
        if _not_a_figure(raw, before, after, m, text, start, end):
            continue
        value = float(raw.replace(",", ""))
        scale = (m.group("scale") or "").strip().lower()
        if scale in ("million", "mln"):
            value *= 1e6
        elif scale in ("billion", "bn"):
            value *= 1e9
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        if m.group("sign") in ("-", "−"):
            value = -value
        out.append((Number(value, decimals, bool(m.group("pct"))), start, end))
    return out


def _not_a_figure(raw: str, before: str, after: str, m: re.Match[str], text: str, start: int, end: int) -> bool:
    plain = raw.replace(",", "")
    if text[max(0, start - 1) : start] == "[" and text[end : end + 1] == "]":
        return True  # a citation marker
    if re.search(r"(no\.|nos\.|announcement|eo|article|section|code|hs|cn|q|h|top)\s*$", before):
        return True
    if "," not in raw and "." not in raw and len(plain) == 4 and 1900 <= int(plain) <= 2100 and not m.group("pct"):
        return True  # a year
    if (
        "," not in raw
        and "." not in raw
        and int(plain) <= 31
        and not m.group("pct")
        and (re.match(rf"\s*(st|nd|rd|th)?\s*{_MONTHS}", after) or re.search(rf"{_MONTHS}\.?\s*$", before))
    ):
        return True  # a day of the month
    if re.match(r"^\d+\.\s", text[start : end + 2]) and (start == 0 or text[start - 1] == "\n"):
        return True  # a numbered list
    if re.match(r"\s*(-|–)\s*(day|month|year|element|point)", after) or re.match(
        r"\s*(day|days|(?:reported )?months|destinations?|elements|percentage points|of 17|of the 17)\b", after
    ):
        return True  # "90-day truce", "12 of 17 elements": counts, not trade figures
    return bool(
        re.search(r"\d{4}-\d{2}(-\d{2})?$", text[max(0, start - 8) : end]) and "-" in text[max(0, start - 1) : start]
    )


def matches(number: Number, candidates: Iterable[float]) -> bool:
    """True when ``number``, as written, is one of the candidates rounded to its precision."""
    for value in candidates:
        for v in (value, -value) if number.pct else (value,):
            if abs(round(v, number.decimals) - number.value) < 1e-9:
                return True
            if number.pct and abs(round(v, number.decimals) - abs(number.value)) < 1e-9:
                return True
    return False


def check(
    text: str,
    figure_values: Sequence[float],
    pct_values: Sequence[float],
    passages: dict[int, str],
    allowed_text: str = "",
) -> Check:
    """Verify a draft.

    Flags numbers that no tool figure or cited passage supports; drops [n] markers that point to
    no retrieved passage.
    """
    warnings: list[str] = []
    dangling: list[int] = []

    def fix_marker(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n in passages:
            return m.group(0)
        dangling.append(n)
        return ""

    text = _CITE.sub(fix_marker, text)
    for n in dict.fromkeys(dangling):
        warnings.append(f"Citation [{n}] pointed to no retrieved passage and was removed.")
    passage_numbers = {n: [x.value for x, _, _ in numbers_in(body)] for n, body in passages.items()}
    allowed_numbers = [x.value for x, _, _ in numbers_in(allowed_text)]
    unverified: list[str] = []
    pieces: list[str] = []
    cursor = 0
    line_cites = _line_citations(text, passages)
    spans = _sentences(text)
    # numbers are read over the whole text, so "No. 18" keeps its "No." across a sentence split
    for number, start, end in numbers_in(text):
        s_start, s_end = next((a, b) for a, b in spans if a <= start < b)
        sentence = text[s_start:s_end]
        cited = [int(c) for c in _CITE.findall(sentence) if int(c) in passages]
        cited = cited or line_cites.get(text.count("\n", 0, s_start), [])
        support = [v for c in cited for v in passage_numbers[c]]
        pool = pct_values if number.pct else figure_values
        if matches(number, pool) or matches(number, support) or matches(number, allowed_numbers):
            continue
        if (
            not number.pct
            and matches(number, pct_values)
            and not re.match(r"\s*(t|kg|tonnes?|tons?)\b", text[end : end + 8])
        ):
            continue
        unverified.append(text[start:end].strip())
        pieces.append(text[cursor:end] + FLAG)
        cursor = end
    pieces.append(text[cursor:])
    for token in dict.fromkeys(unverified):
        warnings.append(f"The number {token} matches no computed figure or cited passage; it is flagged as unverified.")
    return Check("".join(pieces), tuple(warnings), tuple(unverified), tuple(dict.fromkeys(dangling)))


def _line_citations(text: str, passages: dict[int, str]) -> dict[int, list[int]]:
    """For each line (by index), the valid citations it carries.

    A bullet's marker covers the sentences of the bullet that carry none of their own.
    """
    return {i: [int(c) for c in _CITE.findall(line) if int(c) in passages] for i, line in enumerate(text.split("\n"))}


_MARKERS_AFTER = re.compile(r"(?:\s*\[\d{1,3}\])+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (or line) spans covering the text; a citation right after the full stop belongs to its sentence."""
    cuts = {len(text)}
    for span in sentences(text):  # the project's one sentence splitter
        markers = _MARKERS_AFTER.match(text, span.end)
        cuts.add(markers.end() if markers else span.end)
    cuts |= {m.end() for m in re.finditer(r"\n+", text)}  # a line never runs past its own end
    spans, start = [], 0
    for cut in sorted(cuts):
        if cut > start:
            spans.append((start, cut))
            start = cut
    return spans or [(0, len(text))]
