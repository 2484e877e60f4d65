"""The number and citation checker every answer passes, whoever wrote the draft.

Each number in the text must be a tool figure (to the precision it is written with) that fits
what the words around it claim (``assistant.claims``: period, unit, flow, goods, partner, kind
and basis), or, in a sentence that cites passages, a number of one of those passages making the
same claim. Each [n] must point to a passage that was actually retrieved. Anything else is
flagged in the text and listed in the warnings.

Only what is plainly not a trade figure is exempt: a year written as a date, a day beside its
month, a citation marker that matches a citation, a list position, an announcement number, an
HS code the catalogue holds, a small count of days, months or elements. Numbers written in
other digits (superscripts, full-width) are read as digits, and numbers written as words are
read too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.claims import MASS, MONTH_WORD, Claim, Span, claim_at
from corpus.chunking import sentences
from tools.partners import WORLD

_CITE = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(
    r"(?<![\w.$/€£¥₹])(?P<sign>[+\-−–]?)(?P<cur>US\$|U\.S\.\s?\$|[A-Z]{1,2}\$|USD\s?|\$|RMB\s?|CNY\s?|INR\s?|Rs\.?\s?|¥|€|£|₹)?"
    r"(?P<num>\d{1,3}(?:[,\u2009\u202f\u00a0]\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?(?:%|per ?cent\b|percent\b|pc\b|pct\b|percentage points?\b|pp\b|ppts?\b))?"
    r"(?P<scale>\s?(?:million|billion|thousand|trillion|bn|mln|mn|m|k|crores?|cr|lakhs?)\b)?"
    r"(?P<unit>\s?(?:metric tons|short tons?|long tons?|kilotonnes?|kt|tonnes?|tons?|t|kilograms?|kilos?|kg|pounds?|"
    r"lbs?|ounces?|oz|yuan/t|USD/t|USD|dollars|yuan|renminbi|euros?|pounds sterling)\b|/kg|/t)?"
    r"(?![A-Za-z])"  # "1lurer.am", "3D": part of a name, not a number
)
_GROUP = re.compile(r"[,\u2009\u202f\u00a0]")
_SCALES = {"million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "thousand": 1e3, "k": 1e3,
           "trillion": 1e12, "crore": 1e7, "crores": 1e7, "cr": 1e7, "lakh": 1e5, "lakhs": 1e5}  # fmt: skip
_MONTH_BEFORE = re.compile(rf"\b{MONTH_WORD}\.?\s*[-'’]?\s*$", re.I)
_MONTH_AFTER = re.compile(rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s+)?{MONTH_WORD}\b", re.I)
_NAMED_BEFORE = re.compile(r"\b(?:no\.|nos\.|number|announcement|eo|article|section)\s*$", re.I)
_CODE_BEFORE = re.compile(r"\b(?:code|hs|cn|heading|subheading|tariff line)\s*$", re.I)
_POSITION_BEFORE = re.compile(r"(?:\btop\s*|\b[qh])$", re.I)
# a truce's length, a count of elements: what the tools' text says, not a trade figure
_COUNT_AFTER = re.compile(
    r"\s*(?:-|–)\s*(?:day|week)\b|\s*(?:days|weeks|reported months?(?:\(s\))?|months with)(?!\w)|"
    r"\s*(?:elements?|rare[- ]earth elements|of (?:the )?17)\b",
    re.I,
)
FLAG = " (unverified)"


@dataclass(frozen=True)
class Known:
    """A figure the checker accepts, with what it is ("" or None: not known, so not a constraint).

    ``partner`` is a partner code ("DEU"), empty for a China-wide or world figure; ``signed``
    marks a change, whose sign the words around it must agree with.
    """

    value: float
    pct: bool = False
    partner: str = ""
    signed: bool = False
    unit: str = ""  # "t", "kg", "USD", "USD/t", "yuan/t", "pct"
    period: Span | None = None
    base: Span | None = None  # what a change is on
    flow: str = ""  # "export", "import", "price"
    goods: str = ""  # a family of ``assistant.claims`` goods
    kind: str = ""  # "level", "change", "share", "difference", "ratio"
    basis: str = ""  # "mom", "yoy", "previous", "periods"
    measure: str = ""  # "volume" or "value"


def known_from(figures: Iterable[object]) -> list[Known]:
    """Checkable figures from tool figures (value, and the ends of a reported range)."""
    out = []
    for f in figures:
        code = str(getattr(f, "partner_code", "") or getattr(f, "partner", "") or WORLD)
        unit = str(getattr(f, "unit", ""))
        measure = str(getattr(f, "measure", ""))
        kind = _KINDS.get(measure, "level")
        period = _period_of(getattr(f, "period", None))
        base, basis = _base_of(f, period)
        facts = {
            "pct": unit == "pct",
            "partner": "" if code in (WORLD, "CHN") else _MARKETS.get(code, code),
            "signed": kind == "change" and unit in ("pct", "pp"),
            "unit": unit,
            "period": _span(period),
            "base": _span(base),
            "flow": _flow_of(f),
            "goods": goods_of(str(getattr(f, "commodity", ""))),
            "kind": kind,
            "basis": basis,
            "measure": _measure_of(f, unit),
        }
        for v in (getattr(f, "value", None), getattr(f, "low", None), getattr(f, "high", None)):
            if v is not None:
                out.append(Known(float(v), **facts))
    return out


_MARKETS = {"EUROPE": "EU"}  # a price's market, as the words name it ("in Europe")
_KINDS = {
    "change_pct": "change",
    "share_pct": "share",
    "share_change": "change",  # a share's move, in percentage points
    "volume_change": "difference",
    "value_change": "difference",
    "price_change": "difference",
    "ratio": "ratio",
}


def _period_of(value: object) -> object:
    from tools.periods import parse_period

    if value is None or hasattr(value, "start"):
        return value
    try:
        return parse_period(str(value))
    except ValueError:
        return None


def _span(period: object) -> Span | None:
    return Span(period.start, period.end) if period is not None else None  # type: ignore[attr-defined]


def _base_of(figure: object, period: object) -> tuple[object, str]:
    """The period a change is on, and its basis, from the figure or the row it was reported in."""
    base = _period_of(getattr(figure, "base", None) or None)
    rows = getattr(figure, "rows", ()) or ()
    basis = str(getattr(figure, "basis", "") or (rows[0].basis if rows else ""))
    if base is None and period is not None and basis in ("mom", "yoy"):
        base = period.previous() if basis == "mom" else period.year_earlier()  # type: ignore[attr-defined]
    if base is not None and period is not None and not basis:
        if base == period.year_earlier():  # type: ignore[attr-defined]
            basis = "yoy"  # for a year, the period before is the year earlier: "on a year earlier"
        elif base == period.previous():  # type: ignore[attr-defined]
            basis = "mom" if getattr(period, "kind", "") == "month" else "previous"
        else:
            basis = "periods"
    return base, basis


def _measure_of(figure: object, unit: str) -> str:
    """Volume or value: a share or change is of one of them, as its label says."""
    if unit.startswith(("USD", "yuan")) and "/" not in unit:
        return "value"
    if unit in ("t", "kg"):
        return "volume"
    label = str(getattr(figure, "label", "")).lower()
    return "value" if "value of" in label else "volume" if label and "price" not in label else ""


def _flow_of(figure: object) -> str:
    flow = str(getattr(figure, "flow", ""))
    rows = getattr(figure, "rows", ()) or ()
    if not flow and rows:
        flow = rows[0].flow
    if not flow:
        label = str(getattr(figure, "label", "")).lower()
        flow = "price" if "price" in label else "import" if "imports" in label else "export" if label else ""
    return flow


def goods_of(code: str) -> str:
    """The family a commodity code belongs to, as the words of a sentence name it."""
    code = code.lower()
    for family, marks in _FAMILIES:
        if any(mark in code for mark in marks):
            return family
    return ""


_FAMILIES = (
    ("magnets", ("magnet", "hs_8505")),
    ("dysprosium", ("dysprosium", "dy_", "dyfe")),
    ("terbium", ("terbium", "tb_")),
    ("neodymium", ("nd_", "prnd", "pr_", "neodymium")),
    ("yttrium", ("yttrium", "y_oxide")),
    ("ore", ("ore", "concentrate")),
    ("rare_earths", ("rare_earth",)),
)


@dataclass(frozen=True)
class Check:
    """The checked text and what the checker did."""

    text: str
    warnings: tuple[str, ...]
    unverified: tuple[str, ...]
    dangling: tuple[int, ...]


@dataclass(frozen=True)
class Number:
    """A number as written: its value, decimals shown, whether a percentage, its unit as written."""

    value: float
    decimals: int
    pct: bool
    unit: str = ""
    scale: float = 1.0  # "million", "thousand": precision is judged in these


def as_digits(text: str) -> str:
    """The text with every digit written in another form (superscript, full-width, Arabic-Indic) as 0-9.

    One character for one, so positions in the result are positions in the text.
    """
    if text.isascii():
        return text
    return "".join(str(d) if not ch.isascii() and (d := unicodedata.digit(ch, None)) is not None else ch for ch in text)


def numbers_in(text: str, citations: Iterable[int] | None = None) -> list[tuple[Number, int, int]]:
    """The figures in a text with their spans, leaving out dates, codes, positions and citation markers.

    ``citations`` are the markers that point at citations; with None, any ``[n]`` is a marker.
    """
    text = as_digits(text)
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num")
        start, end = m.span()
        if _not_a_figure(raw, m, text, start, end, citations):
            continue
        value = float(_GROUP.sub("", raw))
        scale = _SCALES.get((m.group("scale") or "").strip().lower(), 1.0)
        value *= scale
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        if m.group("sign") in ("-", "−", "–"):
            value = -value
        out.append((Number(value, decimals, bool(m.group("pct")), _unit_of(m), scale), start, end))
    return out


def _unit_of(m: re.Match[str]) -> str:
    pct = (m.group("pct") or "").strip().lower()
    if pct:
        return "pp" if pct.startswith(("percentage", "pp", "ppt")) else "pct"
    unit = (m.group("unit") or "").strip().lower()
    if unit in MASS:
        return MASS[unit]
    if unit in _OTHER_UNITS:
        return _OTHER_UNITS[unit]
    written = re.sub(r"[\s.]", "", m.group("cur") or "")
    currency = _CURRENCIES.get(written, "") or (f"{written[:-1]}$" if written.endswith("$") else "")
    currency = currency or {"usd": "USD", "dollars": "USD", "yuan": "yuan", "yuan/t": "yuan"}.get(unit, "")
    if unit in ("/t", "yuan/t", "usd/t"):
        return f"{currency or 'USD'}/t"
    if unit == "/kg":
        return f"{currency or 'USD'}/kg"
    return currency or unit


# units no figure is in: a number written in them fits none ("5,577 short tons", "121 kt")
_OTHER_UNITS = {u: u for u in ("short ton", "short tons", "long ton", "long tons", "kilotonne", "kilotonnes", "kt",
                               "pound", "pounds", "lb", "lbs", "ounce", "ounces", "oz")}  # fmt: skip
_OTHER_UNITS.update({"euro": "EUR", "euros": "EUR", "renminbi": "yuan", "pounds sterling": "GBP"})
_CURRENCIES = {"$": "USD", "US$": "USD", "U.S.$": "USD", "USD": "USD", "RMB": "yuan", "CNY": "yuan", "¥": "yuan",
               "€": "EUR", "£": "GBP", "₹": "INR", "Rs": "INR", "INR": "INR"}  # fmt: skip


def _not_a_figure(raw: str, m: re.Match[str], text: str, start: int, end: int, citations: Iterable[int] | None) -> bool:
    plain = _GROUP.sub("", raw)
    bare = plain == raw and "." not in raw and not any(m.group(g) for g in ("pct", "scale", "unit", "cur", "sign"))
    if plain == raw and "." in raw and not m.group("unit") and _CODE_BEFORE.search(text[max(0, start - 24) : start]):
        return is_catalogue_code(raw.replace(".", ""))  # "HS 8505.11"
    if not bare:
        return False
    before = text[max(0, start - 24) : start]
    after = text[end : end + 30]
    if text[start - 1 : start] == "[" and text[end : end + 1] == "]" and text[end + 1 : end + 2] != "(":
        return citations is None or int(plain) in set(citations)  # a citation marker, when it cites
    if len(plain) <= 3 and _NAMED_BEFORE.search(before):
        return True  # "No. 18", "Announcement 61"
    if _CODE_BEFORE.search(before):
        return is_catalogue_code(plain)  # "HS 8505", "code 85051110"; "code 9999" is no code we know
    if len(plain) <= 2 and _POSITION_BEFORE.search(before):
        return True  # "top 5", "Q3", "H1"
    in_table = text[text.rfind("\n", 0, start) + 1 : start].lstrip().startswith("|")
    if len(plain) == 4 and 1900 <= int(plain) <= 2100 and not _unit_follows(after):
        return not in_table or bool(_MONTH_BEFORE.search(before))  # a year; alone in a table's cell, a value
    if int(plain) <= 31 and (_MONTH_AFTER.match(after) or _MONTH_BEFORE.search(before)) and not _unit_follows(after):
        return True  # a day of the month
    if len(plain) <= 2 and re.match(r"\d+[.)]\s", text[start : end + 2]) and (start == 0 or text[start - 1] == "\n"):
        return int(plain) == _list_position(text, start)  # a numbered list, counted from 1
    if int(plain) <= 366 and _COUNT_AFTER.match(after):
        return True  # "90-day truce", "12 of 17 elements", "17 rare-earth elements"
    return bool(re.search(r"\d{4}-\d{2}(-\d{2})?$", text[max(0, start - 8) : end]) and text[start - 1 : start] == "-")


def _list_position(text: str, start: int) -> int:
    """The position an item at ``start`` takes in its list: one after the item above, or 1."""
    above = text[: max(0, start - 1)].rsplit("\n", 1)[-1]
    previous = re.match(r"\s*(\d{1,2})[.)]\s", above)
    return int(previous.group(1)) + 1 if previous else 1


def _unit_follows(after: str) -> bool:
    return bool(re.match(r"\s?(?:t|kg|tonnes?|tons?|metric tons|kilograms?|%|per ?cent|percent)\b", after, re.I))


@lru_cache(maxsize=1)
def _catalogue_codes() -> frozenset[str]:
    from tools.commodities import curated

    return frozenset(code.replace(".", "") for c in curated() for code in c.hs_codes) - {""}


def is_catalogue_code(digits: str) -> bool:
    """True for an HS code, or the heading of one, that the commodity catalogue holds."""
    return len(digits) >= 4 and any(code.startswith(digits) or digits.startswith(code) for code in _catalogue_codes())


def matches(number: Number, candidates: Iterable[float]) -> bool:
    """True when ``number``, as written, is one of the candidates rounded to its precision.

    A percentage is compared by size; its sign is the words' business (see ``fits``).
    """
    for value in candidates:
        # "$302 million" is 301.6 million to the nearest million
        rounded = round(value / number.scale, number.decimals) * number.scale
        tolerance = 1e-9 * max(1.0, number.scale)
        if abs(rounded - number.value) < tolerance or (
            number.pct and abs(abs(rounded) - abs(number.value)) < tolerance
        ):
            return True
    return False


def context_at(text: str, start: int, end: int, sentence: tuple[int, int]) -> Claim:
    """What the words around the number at ``start:end`` claim about it."""
    text = as_digits(text)
    found = numbers_in(text)
    written = next((n for n, a, _ in found if a == start), None)
    return claim_at(text, start, end, sentence, written.unit if written else "", [(a, b) for _, a, b in found])


def fits(known: Known, number: Number, claim: Claim) -> bool:
    """True when a known figure can be the one the words around ``number`` speak of."""
    if (known.unit == "pp") != (number.unit == "pp") or known.unit != "pp" and known.pct != number.pct:
        return False  # percentage points are only ever a move of a share
    if not _same_unit(known.unit, number.unit or claim.unit):
        return False
    if number.pct and claim.direction and (not known.signed or (known.value < 0) != (claim.direction < 0)):
        return False  # "fell 74.9%" is not a rise of 74.9%, and a share does not fall
    if claim.kind and known.kind and claim.kind != known.kind:
        return False  # "Germany took 74.9%" is no change; "rose by 1,116 t" is no level
    if claim.partner not in known.partner.split("+") and not (claim.partner and not known.partner and claim.total):
        return False  # China's total beside a partner's figure is the one exception; a sum names each part
    if known.period is not None and not _fits_time(known, claim):
        return False
    if claim.bases:
        return False  # a share "of exports to Europe": every share computed is of China's total
    if claim.measure and known.measure and claim.measure != known.measure:
        return False
    if claim.flow and known.flow in ("export", "import") and claim.flow != known.flow:
        return False
    if claim.goods and known.goods and claim.goods != known.goods:
        return False
    if claim.basis and known.basis:
        wanted = {"mom": ("mom", "previous"), "yoy": ("yoy",)}.get(claim.basis, ())
        if known.basis not in wanted:
            return False
    return True


def _as_told(known: Known, claim: Claim) -> tuple[float, ...]:
    """The values a fitting figure may be written as: a difference by its size, its sign in words.

    "2,090 t lower" is a difference of −2,090 t; "2,090 t higher" is not.
    """
    if known.kind != "difference" or known.pct:
        return (known.value,)
    if claim.direction and (known.value < 0) != (claim.direction < 0):
        return ()
    return (abs(known.value),)


def _fits_time(known: Known, claim: Claim) -> bool:
    """The periods the words bind a number to are the figure's: its own, or for a change what it is on."""
    assert known.period is not None
    change = known.kind in ("change", "difference", "ratio")  # figures of two periods
    times = (known.period, known.base) if change and known.base else (known.period,)
    if claim.period is not None:
        bound = known.base if claim.on_base and change else known.period
        either_end = known.kind == "ratio" and known.base is not None and _same_time(claim.period, known.base)
        if (bound is None or not _same_time(claim.period, bound)) and not either_end:
            return False  # a ratio may be told from either end: "June's were 0.57 times July's"
    if claim.either and not any(_same_time(c, t) for c in claim.either for t in times):
        return False
    if change and not all(any(_same_time(c, t) or _encloses(c, t) for t in times) for c in claim.periods):
        return False  # "74.9% higher in July 2025 than in July 2024": both ends must be the change's
    if claim.to_date:  # "year to date through July": a span from January
        start, end = known.period.start, known.period.end
        return start is not None and end is not None and start.month == 1 and (end - start).days > 31
    return True


def _encloses(outer: Span, inner: Span) -> bool:
    """True when a longer period written around a change holds it ("2025: change from January to December")."""
    if None in (outer.start, outer.end, inner.start, inner.end):
        return False
    return (
        outer.start <= inner.start and inner.end <= outer.end and (outer.start, outer.end) != (inner.start, inner.end)
    )  # type: ignore[operator]


def _same_unit(known: str, written: str) -> bool:
    if not written or not known:
        return True
    known, written = _CURRENCY_NAMES.sub("yuan", known), _CURRENCY_NAMES.sub("yuan", written)
    if written in ("t", "kg"):
        return known == written
    if written.startswith(("USD", "yuan", "EUR", "GBP")):
        # "$250–310/kg": the range's first end carries only its currency
        return known.split("/")[0] == written.split("/")[0] and ("/" in known or "/" not in written)
    if written == "pct":
        return known == "pct"
    return known.endswith(written)


_CURRENCY_NAMES = re.compile(r"^(?:CNY|RMB)")


def _same_time(claimed: Span, known: Span) -> bool:
    if known.start is None:  # a passage's month without a year names no year the draft may add
        return claimed.start is None and claimed.month == known.month
    assert known.end is not None
    return claimed.fits(known.start, known.end)


@lru_cache(maxsize=256)
def passage_known(body: str) -> tuple[Known, ...]:
    """A passage's numbers as figures, each with what the passage's own words claim of it."""
    body = as_digits(body)
    spans = sentence_spans(body)
    found = numbers_in(body)[:_PASSAGE_NUMBERS]
    numbers = [(a, b) for _, a, b in found]
    out = []
    for number, start, end in found:
        sentence = next((a, b) for a, b in spans if a <= start < b)
        claim = claim_at(body, start, end, sentence, number.unit, numbers)
        out.append(
            Known(
                -abs(number.value) if number.pct and claim.direction < 0 else number.value,
                number.pct,
                claim.partner,
                signed=bool(claim.direction) or claim.kind == "change",
                unit=number.unit,
                period=claim.period,
                flow=claim.flow,
                goods=claim.goods,
                kind=claim.kind,
                basis=claim.basis,
            )
        )
    return tuple(out)


_PASSAGE_NUMBERS = 60  # a passage's numbers read for support (a chunk holds 10-30); past that, none


def _passage_fits(known: Known, number: Number, claim: Claim) -> bool:
    """A passage's number supports the draft's when the passage says all the draft says of it.

    What the draft adds (a period, goods, a kind, a basis the passage does not state) is not
    supported by the passage: "reached 1,116 tonnes" supports no "in June 2025".
    """
    if known.pct != number.pct or not _same_unit(known.unit, number.unit):
        return False
    if claim.partner != known.partner:
        return False  # a passage's number for another partner, or for the total, is no partner's figure
    if claim.period is not None and (known.period is None or not _same_time(claim.period, known.period)):
        return False
    if number.pct and claim.direction and known.signed and (known.value < 0) != (claim.direction < 0):
        return False
    for said, stated in ((claim.flow, known.flow), (claim.goods, known.goods), (claim.basis, known.basis)):
        if said and said != stated:
            return False
    return not (claim.kind and claim.kind != known.kind)


def check(
    text: str,
    known: Sequence[Known],
    passages: dict[int, str],
    allowed_text: str = "",
    stated: Mapping[int, Sequence[float]] | None = None,
) -> Check:
    """Verify a draft.

    Flags numbers that no tool figure (fitting the words around it) or cited passage supports;
    drops [n] markers that point to no retrieved passage. ``stated`` holds, for a passage [n],
    the figures it states and those computed from them only: a sentence citing [n] may give them.
    """
    warnings: list[str] = []
    dangling: list[int] = []

    def fix_marker(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n in passages or _unit_follows(text[m.end() : m.end() + 12]) or text[m.end() : m.end() + 1] == "(":
            return m.group(0)  # a citation, or a number dressed as one ("[112] t"), which is checked below
        dangling.append(n)
        return ""

    text = _CITE.sub(fix_marker, text)
    for n in dict.fromkeys(dangling):
        warnings.append(f"Citation [{n}] pointed to no retrieved passage and was removed.")
    digits = as_digits(text)
    supported = {n: passage_known(body) for n, body in passages.items()}
    allowed_numbers = [x.value for x, _, _ in numbers_in(allowed_text)]
    unverified: list[str] = []
    pieces: list[str] = []
    cursor = 0
    line_cites = _line_citations(digits, passages)
    spans = sentence_spans(digits)
    found = numbers_in(digits, passages)
    positions = [(a, b) for _, a, b in found]
    # numbers are read over the whole text, so "No. 18" keeps its "No." across a sentence split
    for number, start, end in found:
        sentence = next((a, b) for a, b in spans if a <= start < b)
        cited = [int(c) for c in _CITE.findall(digits[sentence[0] : sentence[1]]) if int(c) in passages]
        cited = cited or line_cites.get(digits.count("\n", 0, sentence[0]), [])
        bodies = [passages[c] for c in cited]
        if quotes(digits[sentence[0] : sentence[1]], bodies) or quotes(quotation_at(digits, start), bodies):
            continue  # words quoted whole from a passage they cite say what that passage says
        claim = claim_at(digits, start, end, sentence, number.unit, positions)
        pool = [v for k in known if fits(k, number, claim) for v in _as_told(k, claim)]
        support = [k.value for c in cited for k in supported[c] if _passage_fits(k, number, claim)]
        support += [v for c in cited for v in (stated or {}).get(c, ())]
        if matches(number, pool) or matches(number, support) or matches(number, allowed_numbers):
            continue
        unverified.append(text[start:end].strip())
        pieces.append(text[cursor:end] + FLAG)
        cursor = end
    pieces.append(text[cursor:])
    checked = "".join(pieces)
    worded, checked = _check_words(checked, known, supported, line_cites, passages)
    unverified += worded
    for token in dict.fromkeys(unverified):
        warnings.append(f"The number {token} matches no computed figure or cited passage; it is flagged as unverified.")
    return Check(checked, tuple(warnings), tuple(unverified), tuple(dict.fromkeys(dangling)))


def quotes(sentence: str, bodies: Sequence[str]) -> bool:
    """True when the sentence, without its markers, bullet and quotation marks, is word for word in a passage."""
    said = _plain(_CITE.sub("", sentence)).strip(" \u201c\u201d\"'.;:")
    if len(said) < 25:
        return False
    opening = r"\s+".join(re.escape(word) for word in said.split()[:6])
    for body in bodies:
        digits = as_digits(body)
        # from the start of one of its sentences: a piece of a sentence may drop what binds its number
        starts = re.search(rf"(?:^|[.!?:;\n])[\s#>]*{opening}", _QUOTE_MARKS.sub(" ", digits))
        if starts is not None and said in _plain(digits):
            return True
    return False


def quotation_at(text: str, at: int) -> str:
    """The words between the quotation marks around position ``at`` on its line ("" when it is not quoted)."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    opening = text.rfind("\u201c", line_start, at)
    closing = text.find("\u201d", at, line_end)
    if opening < 0 or closing < 0 or text.rfind("\u201d", opening, at) >= 0:
        return ""
    return text[opening + 1 : closing]


def _plain(text: str) -> str:
    """Text without emphasis, list markers or line breaks, for comparing a quotation with its source."""
    return _SPACES.sub(" ", _QUOTE_MARKS.sub(" ", text)).strip()


_QUOTE_MARKS = re.compile(r"(?:^|\s)[-*•](?=\s)|\*\*|__|^\s*\d{1,2}[.)]\s", re.M)
_SPACES = re.compile(r"\s+")


def _check_words(
    text: str,
    known: Sequence[Known],
    supported: dict[int, list[Known]],
    line_cites: dict[int, list[int]],
    passages: dict[int, str],
) -> tuple[list[str], str]:
    """Numbers written as words or fractions ("nine thousand tonnes", "a fifth", "¼"), checked like digits."""
    flagged: list[str] = []
    pieces: list[str] = []
    cursor = 0
    spans = sentence_spans(text)
    digits = numbers_in(text, passages)
    positions = [(a, b) for _, a, b in digits]
    for number, start, end in worded_numbers(text):
        sentence = next((a, b) for a, b in spans if a <= start < b)
        cited = [int(c) for c in _CITE.findall(text[sentence[0] : sentence[1]]) if int(c) in passages]
        cited = cited or line_cites.get(text.count("\n", 0, sentence[0]), [])
        bodies = [passages[c] for c in cited]
        if quotes(text[sentence[0] : sentence[1]], bodies) or quotes(quotation_at(text, start), bodies):
            continue
        claim = claim_at(text, start, end, sentence, number.unit, sorted([*positions, (start, end)]))
        pool = [v for k in known if fits(k, number, claim) for v in _as_told(k, claim)]
        support = [k.value for c in cited for k in supported[c] if _passage_fits(k, number, claim)]
        if matches(number, pool) or matches(number, support):
            continue
        flagged.append(text[start:end].strip())
        pieces.append(text[cursor:end] + FLAG)
        cursor = end
    pieces.append(text[cursor:])
    return flagged, "".join(pieces)


_SMALL = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
)
_WORD = rf"(?:{'|'.join(_SMALL.split())})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
_RUN = re.compile(
    rf"\b(?:{_WORD}|a(?= (?:hundred|thousand)))(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}|hundred|thousand|million|billion))*\b"
    r"(?P<pct>\s?(?:%|per ?cent\b|percent\b))?(?P<unit>\s?(?:tonnes?|tons?|t|kilograms?|kg)\b)?",
    re.I,
)
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "sixth": 100 / 6, "tenth": 10.0,
              "two-thirds": 200 / 3, "three-quarters": 75.0}  # fmt: skip
# "a fifth", "two-thirds", "half of", "¼": a share or change as a fraction; "first-half 2025" is a period
_FRACTION = re.compile(
    r"\b(?:(?:a|one)[\s-]+(?P<one>half|third|fifth|sixth|tenth|quarter(?=\s+of\b)|(?<=by a )quarter)|"
    r"(?P<many>(?:two|three|four)[\s-](?:thirds|quarters|fifths|tenths))|(?<!first[\s-])(?<!second[\s-])(?P<half>half)(?=\s+(?:of|the)\b))\b|"
    r"(?P<glyph>[½⅓⅔¼¾⅕⅙⅛⅒])",
    re.I,
)


def worded_numbers(text: str) -> list[tuple[Number, int, int]]:
    """Numbers written as words, and fractions of a whole (as percentages), with their spans.

    Small counts without a unit ("one of", "seven elements") are no trade figures and are left out.
    """
    from text_to_num import text2num

    out: list[tuple[Number, int, int]] = []
    for m in _RUN.finditer(text):
        words = m.group(0)[: len(m.group(0)) - len(m.group("pct") or "") - len(m.group("unit") or "")]
        words = re.sub(r"^a ", "one ", words)
        try:
            value = float(text2num(re.sub(r"\s+", " ", words.replace("-", " ")).strip().lower(), "en"))
        except ValueError:
            continue
        unit = "pct" if m.group("pct") else MASS.get((m.group("unit") or "").strip().lower(), "")
        if unit or value >= 100:
            out.append((Number(value, 0, unit == "pct", unit), m.start(), m.end()))
    for m in _FRACTION.finditer(text):
        if m.group("glyph"):
            value = unicodedata.numeric(m.group("glyph")) * 100
        else:
            word = re.sub(r"\s", "-", (m.group("one") or m.group("many") or m.group("half")).lower())
            count, _, part = word.rpartition("-")
            value = _FRACTIONS[part.rstrip("s") if part.endswith("s") and part != "halves" else part]
            value *= {"two": 2, "three": 3, "four": 4}.get(count, 1)
        out.append((Number(round(value, 6), 0, True, "pct"), m.start(), m.end()))
    for m in _MULTIPLIER.finditer(text):
        # "halved", "doubled": a change of -50% or +100%, to the nearest ten
        change = {"halved": -50.0, "doubled": 100.0, "tripled": 200.0, "quadrupled": 300.0}[m.group(1).lower()]
        out.append((Number(change, -1, True, "pct"), m.start(), m.end()))
    return out


_MULTIPLIER = re.compile(r"\b(halved|doubled|tripled|quadrupled)\b", re.I)


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
