"""The number and citation checker every answer passes, whoever wrote the draft.

Each number in the text must match a tool figure (to the precision it is written with) or, in a
sentence that cites passages, appear in one of those passages. Each [n] must point to a passage
that was actually retrieved. Anything else is flagged in the text and listed in the warnings.
Years, days of the month, announcement numbers and list positions are not figures.

A figure is bound to what the words around it say: a percentage written as a fall must be a
negative change, and a number in a clause that names a partner must be that partner's figure
(or a whole-world figure the clause calls a total), so a right number with the wrong country or
the wrong direction is flagged like a wrong number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corpus.chunking import sentences
from tools.partners import WORLD, partner_names

_CITE = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(
    r"(?<![\w.$/])(?P<sign>[+\-−]?)(?P<cur>\$)?(?P<num>\d{1,3}(?:[,\u2009\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?%)?(?P<scale>\s?(?:million|billion|bn|mln))?(?P<unit>\s?(?:t|kg|tonnes|tons|yuan/t)\b|/kg|/t)?"
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_GROUP = re.compile(r"[,\u2009\u202f\u00a0]")
# words that make a percentage a fall or a rise; "fell to 30%" names a level, not a change
_DOWN = (
    r"down|fell|fall|falls|falling|fallen|drop|dropped|drops|declined?|declines|decreased?|lower|less|"
    r"slump(?:ed)?|plunged?|shrank|contracted|lost|cut"
)
_UP = (
    r"up|rose|rise|rises|rising|risen|increased?|increases|grew|grow|growth|higher|more|jump(?:ed)?|"
    r"surged?|gained?|climbed?|rebounded?|added"
)
_DIRECTION_BEFORE = re.compile(
    rf"\b(?P<word>{_DOWN}|{_UP})\b(?:\s+(?:by|of|some|about|around|nearly|almost|roughly|a|an))*\s*$"
)
_DIRECTION_AFTER = re.compile(rf"^\s*(?P<word>{_DOWN}|{_UP})\b")
_CLAUSE = re.compile(r";|,(?=\s)|\s(?:while|whereas|but|and|against|compared with|versus|vs\.?)\s|\s[-–—]\s")
_TOTAL = re.compile(
    r"\b(?:total|overall|all (?:destinations|partners|countries|markets)|world|worldwide|in all|altogether|"
    r"china's exports|china exported|china's imports|china imported)\b",
    re.I,
)
FLAG = " (unverified)"


@dataclass(frozen=True)
class Known:
    """A figure the checker accepts: its value, whether a percentage, whose it is.

    ``partner`` is a partner code ("DEU"), empty for a China-wide or world figure; ``signed``
    marks a change, whose sign the words around it must agree with.
    """

    value: float
    pct: bool = False
    partner: str = ""
    signed: bool = False


def known_from(figures: Iterable[object]) -> list[Known]:
    """Checkable figures from tool figures (value, and the ends of a reported range)."""
    out = []
    for f in figures:
        code = str(getattr(f, "partner_code", "") or getattr(f, "partner", "") or WORLD)
        partner = "" if code in (WORLD, "CHN") else code
        pct = getattr(f, "unit", "") == "pct"
        signed = pct and str(getattr(f, "measure", "")).startswith("change")
        for v in (getattr(f, "value", None), getattr(f, "low", None), getattr(f, "high", None)):
            if v is not None:
                out.append(Known(float(v), pct, partner, signed))
    return out


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
        value = float(_GROUP.sub("", raw))
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
    plain = _GROUP.sub("", raw)
    if text[max(0, start - 1) : start] == "[" and text[end : end + 1] == "]":
        return True  # a citation marker
    bare = plain == raw and not m.group("unit") and not m.group("pct") and not m.group("scale")
    if bare and re.search(r"(?:\b(?:no\.|nos\.|announcement|eo|article|section|code|hs|cn|top)\s*|\b[qh])$", before):
        return True  # "No. 18", "HS 8505", "Q3", "H1", "top 5": names and positions, not figures
    if plain == raw and "." not in raw and len(plain) == 4 and 1900 <= int(plain) <= 2100 and not m.group("pct"):
        return True  # a year
    if (
        plain == raw
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
    """True when ``number``, as written, is one of the candidates rounded to its precision.

    A percentage is compared by size; its sign is the words' business (see ``fits``).
    """
    for value in candidates:
        rounded = round(value, number.decimals)
        if abs(rounded - number.value) < 1e-9 or (number.pct and abs(abs(rounded) - abs(number.value)) < 1e-9):
            return True
    return False


@dataclass(frozen=True)
class Context:
    """What the words around a number say about it."""

    direction: int  # -1 written as a fall, +1 as a rise, 0 not said
    partner: str  # code of the nearest partner named in its clause, "" for none
    total: bool  # the clause speaks of China's total (so a world figure fits beside a partner)


def context_at(text: str, start: int, end: int, sentence: tuple[int, int]) -> Context:
    """Direction and partner of the number at ``start:end`` from its own clause."""
    s_start, s_end = sentence
    cuts = list(_CLAUSE.finditer(text, s_start, s_end))
    c_start = max((m.end() for m in cuts if m.end() <= start), default=s_start)
    c_end = min((m.start() for m in cuts if m.start() >= end), default=s_end)
    clause = text[c_start:c_end]
    sign = text[start : start + 1]
    direction = -1 if sign in "-−" else 1 if sign == "+" else 0
    # "fell 74.9%", "down by 3%", "46% more": the word next to the number ("fell to 30%" is a level)
    word = _DIRECTION_BEFORE.search(text[c_start:start].lower()) or _DIRECTION_AFTER.match(text[end:c_end].lower())
    if not direction and word:
        direction = -1 if re.fullmatch(_DOWN, word.group("word")) else 1
    at = start - c_start
    named = [(abs(m.start() - at) if m.start() < at else m.start() - at, code) for m, code in _partners_in(clause)]
    partner = min(named)[1] if named else ""
    return Context(direction, partner, bool(_TOTAL.search(clause)) or bool(re.search(r"\bChina\b", clause)))


def fits(known: Known, number: Number, context: Context) -> bool:
    """True when a known figure can be the one the words around ``number`` speak of."""
    if known.pct != number.pct:
        return False
    if number.pct and context.direction and (not known.signed or (known.value < 0) != (context.direction < 0)):
        return False  # "fell 74.9%" is not a rise of 74.9%, and a share does not fall
    if context.partner and known.partner != context.partner:
        return not known.partner and context.total  # China's total beside a partner's figure
    return True


def _partners_in(clause: str) -> list[tuple[re.Match[str], str]]:
    names = _partner_pattern()
    return [(m, names[1][m.group(0).lower()]) for m in names[0].finditer(clause)]


@lru_cache(maxsize=1)
def _partner_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every partner's display name, plus the capital codes people write."""
    lookup = {name.lower(): code for code, name in partner_names().items() if code not in (WORLD, "CHN")}
    lookup.update({"us": "USA", "u.s.": "USA", "uk": "GBR", "eu": "EU"})
    words = sorted(lookup, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.I)
    return pattern, lookup


def check(text: str, known: Sequence[Known], passages: dict[int, str], allowed_text: str = "") -> Check:
    """Verify a draft.

    Flags numbers that no tool figure (fitting the words around it) or cited passage supports;
    drops [n] markers that point to no retrieved passage.
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
    pcts = [k for k in known if k.pct]
    unverified: list[str] = []
    pieces: list[str] = []
    cursor = 0
    line_cites = _line_citations(text, passages)
    spans = sentence_spans(text)
    # numbers are read over the whole text, so "No. 18" keeps its "No." across a sentence split
    for number, start, end in numbers_in(text):
        sentence = next((a, b) for a, b in spans if a <= start < b)
        cited = [int(c) for c in _CITE.findall(text[sentence[0] : sentence[1]]) if int(c) in passages]
        cited = cited or line_cites.get(text.count("\n", 0, sentence[0]), [])
        support = [v for c in cited for v in passage_numbers[c]]
        context = context_at(text, start, end, sentence)
        pool = [k.value for k in known if fits(k, number, context)]
        if matches(number, pool) or matches(number, support) or matches(number, allowed_numbers):
            continue
        if (
            not number.pct
            and matches(number, [k.value for k in pcts])
            and not re.match(r"\s*(t|kg|tonnes?|tons?)\b", text[end : end + 8])
        ):
            continue  # "74.9 per cent", a percentage written in words
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


def sentence_spans(text: str) -> list[tuple[int, int]]:
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
