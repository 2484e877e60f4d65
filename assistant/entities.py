"""Finding the entities in a question: commodity, partners, periods. Pure text work, no data I/O.

Partners are found by name or alias anywhere in the text; two- and three-letter codes only when
written in capitals ("US", "EU", "ROK"), so ordinary words ("us", "in") are never countries.
Periods are found with their spans so that "July 2025" is not also read as the year 2025.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from tools.partners import AMBIGUOUS, WORLD, _normal, _tables, partner_name
from tools.periods import Period, parse_period

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*(?:-|–|—|to|through|until|and)\s*"

# Words that look like names but are not trade partners.
NOT_PARTNERS = {
    "china",
    "chinese",
    "beijing",
    "reuters",
    "bloomberg",
    "customs",
    "mofcom",
    "busan",
    "geneva",
    "london",
    "trump",
    "xi",
    "argus",
    "smm",
    "adamas",
    "kitco",
    "prnd",
    "ndpr",
    "dysprosium",
    "terbium",
    "magnets",
    "magnet",
    "rare",
    "earth",
    "earths",
    "which",
    "what",
    "how",
    "why",
    "when",
    "was",
    "were",
    "did",
    "does",
    "and",
    "the",
    "show",
    "compare",
    "give",
    "tell",
    "list",
    "is",
    "are",
    "ignore",
    "select",
    "drop",
    "table",
    "script",
    "hello",
    "please",
    "thanks",
    "thank",
    "mp",
    "materials",
    "announcement",
    "jump",
    "rebound",
    "trend",
    "new",
    "top",
    "could",
    "would",
    "should",
    "can",
    "will",
    "has",
    "have",
    "h1",
    "h2",
    "q1",
    "q2",
    "q3",
    "q4",
    "ytd",
    "eu",
    "us",
    "versus",
    "vs",
    "between",
    "from",
    "since",
    "after",
    "before",
    "during",
    "about",
    "explain",
}


@dataclass(frozen=True)
class Found:
    """An entity found in the question, with where it was."""

    value: object
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class UnknownPartner:
    """A word that looks like a partner name but is not one we know."""

    text: str
    suggestions: tuple[str, ...]


def find_partners(question: str) -> tuple[list[Found], list[tuple[str, list[str]]], list[UnknownPartner]]:
    """(partners found, ambiguous names with their choices, unknown partner-like words)."""
    lookup, names = _tables()
    found: list[Found] = []
    ambiguous: list[tuple[str, list[str]]] = []
    taken: list[tuple[int, int]] = []
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z.'’]*[A-Za-z]|[A-Za-z]", question)]
    i = 0
    while i < len(tokens):
        matched = False
        for n in (4, 3, 2, 1):
            if i + n > len(tokens):
                continue
            start, end = tokens[i][1], tokens[i + n - 1][2]
            original = question[start:end]
            key = _normal(original)
            if key.startswith("the "):
                key = key[4:]
            if key in AMBIGUOUS:
                ambiguous.append((original, [f"{partner_name(c)} ({c})" for c in AMBIGUOUS[key]]))
                taken.append((start, end))
                i += n
                matched = True
                break
            if key not in lookup or key in NOT_PARTNERS and key not in ("us", "eu"):
                continue
            compact = original.replace(".", "")
            if len(compact) <= 3 and not compact.isupper():
                continue  # "us", "in", "it": ordinary words unless written as a code
            code = lookup[key]
            if code != WORLD:
                found.append(Found(code, start, end, original))
                taken.append((start, end))
            i += n
            matched = True
            break
        if not matched:
            i += 1
    unknown = _unknown_partners(question, taken, lookup, names)
    return _dedupe(found), ambiguous, unknown


def _dedupe(found: list[Found]) -> list[Found]:
    seen: set[object] = set()
    out = []
    for f in found:
        if f.value not in seen:
            seen.add(f.value)
            out.append(f)
    return out


def _unknown_partners(
    question: str, taken: list[tuple[int, int]], lookup: dict[str, str], names: dict[str, str]
) -> list[UnknownPartner]:
    """Capitalised words after to/from/for/with/and, or close to a country name, that we do not know."""
    country_names = sorted({_normal(n) for n in names.values()} | {k for k in lookup if len(k) > 3})
    unknown = []
    for match in re.finditer(r"\b([A-Z][a-z]{3,})\b", question):
        start, end = match.span()
        word = match.group(1)
        if any(s <= start < e for s, e in taken):
            continue
        key = _normal(word)
        if key in lookup or key in NOT_PARTNERS or re.fullmatch(_MONTH, key):
            continue
        close = difflib.get_close_matches(key, country_names, n=3, cutoff=0.8)
        before = question[max(0, start - 6) : start].lower()
        if close:
            unknown.append(UnknownPartner(word, tuple(names.get(lookup.get(c, ""), c.title()) for c in close)))
        elif re.search(r"\b(to|from|for)\s+$", before):
            unknown.append(UnknownPartner(word, ()))
    return unknown


# -- periods ----------------------------------------------------------------------------------
_PERIOD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        re.compile(rf"\b(?:from\s+|between\s+)?({_MONTH}\s*,?\s*{_YEAR}){_DASH}({_MONTH}\s*,?\s*{_YEAR})\b", re.I),
    ),
    (
        "range_same_year",
        re.compile(rf"\b(?:from\s+|between\s+)?({_MONTH}){_DASH}({_MONTH})\s*,?\s*({_YEAR})\b", re.I),
    ),
    (
        "half",
        re.compile(
            rf"\b(?:(H[12])\s*({_YEAR})|({_YEAR})\s*(H[12])|(first|second|1st|2nd)[\s-]+half[\s-]+(?:of\s+)?({_YEAR}))\b",
            re.I,
        ),
    ),
    (
        "quarter",
        re.compile(
            rf"\b(?:(Q[1-4])\s*({_YEAR})|({_YEAR})\s*(Q[1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter[\s-]+(?:of\s+)?({_YEAR}))\b",
            re.I,
        ),
    ),
    ("iso_month", re.compile(r"\b(20\d\d-(?:0[1-9]|1[0-2]))\b")),
    ("month_year", re.compile(rf"\b({_MONTH})\s*,?\s*({_YEAR})\b", re.I)),
    ("year", re.compile(rf"\b({_YEAR})\b")),
    ("month", re.compile(rf"\b({_MONTH})(?:'s)?\b(?!\s*\d)", re.I)),
]


def find_periods(question: str) -> list[Found]:
    """Periods written in the question, in order of appearance.

    A bare month has no year yet: its value is the month number (an int), for the planner to resolve.
    """
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(question):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            value = _period_value(kind, match)
            if value is None:
                continue
            found.append(Found(value, start, end, match.group(0)))
            taken.append((start, end))
    return sorted(found, key=lambda f: f.start)


def _period_value(kind: str, match: re.Match[str]) -> Period | int | None:
    g = [x for x in match.groups() if x]
    try:
        if kind == "range":
            first, last = parse_period(g[0]), parse_period(g[1])
            return Period(first.start, last.end) if last.end >= first.start else None
        if kind == "range_same_year":
            return parse_period(f"{g[0]}-{g[1]} {g[2]}")
        if kind in ("half", "quarter"):
            word = next(x for x in g if not re.fullmatch(_YEAR, x))
            year = next(x for x in g if re.fullmatch(_YEAR, x))
            label = (
                f"{word} half {year}"
                if kind == "half" and not word.upper().startswith("H")
                else (
                    f"{word} quarter {year}"
                    if kind == "quarter" and not word.upper().startswith("Q")
                    else f"{word} {year}"
                )
            )
            return parse_period(label)
        if kind in ("iso_month", "month_year"):
            return parse_period(" ".join(g))
        if kind == "year":
            return Period.year(int(g[0]))
        if kind == "month":
            word = g[0].lower().rstrip(".")
            if word == "may" and not re.search(r"\b(in|of|since|from|to|until|and|for)\s+may\b", match.string, re.I):
                return None  # "may" is usually the verb
            if word in ("mar", "march") and match.group(0)[0].islower():
                return None  # "march" as a verb
            return parse_period(f"{word} 2000").start.month
    except ValueError:
        return None
    return None


# -- commodities ------------------------------------------------------------------------------
_PRICE_WORDS = re.compile(
    r"\b(price|prices|priced|cost|costs|quote|quotes|quoted|\$/kg|usd/kg|yuan|per kg|per tonne|expensive|cheaper)\b",
    re.I,
)


def find_commodity(question: str) -> tuple[str | None, bool]:
    """(commodity code or None, whether the question is about prices)."""
    # "rare earths (not magnets)": a category named only to be excluded does not count
    q = re.sub(
        r"\b(?:not|excluding|except|other than|rather than|apart from)\s+(?:the\s+)?magnets?\b", " ", question.lower()
    )
    price = bool(_PRICE_WORDS.search(question))
    if re.search(r"\b(prnd|ndpr|pr-nd|nd-pr|praseodymium|neodymium)\b", q):
        return "prnd_oxide" if price or "oxide" in q else "nd_995", True
    if re.search(r"\bdysprosium\b|\bdy\b", q):
        return ("dy_oxide", True) if price else ("dysprosium", False)
    if re.search(r"\bterbium\b|\btb\b", q):
        return ("tb_oxide", True) if price else ("terbium", False)
    if re.search(r"rare[- ]earth products", q):
        return "rare_earth_products", price
    if re.search(r"\bmagnet", q) or "85051110" in q or "8505" in q:
        return "magnets", price
    if re.search(r"\bconcentrates?\b", q):
        return "re_concentrate", price
    if re.search(r"\bore\b", q):
        return "re_ore", price
    if re.search(r"rare[- ]?earths?\b|\brees?\b|17[- ]element", q):
        return "rare_earths", price
    return None, price
