"""What the words around a number in an answer claim about it.

A number is a claim about one figure: its period, unit, flow, goods, partner and kind (a level,
a change on some basis, a share). The checker (``assistant.verify``) reads these from the
number's own clause, and from its sentence where the clause is silent, and accepts the number
only for a computed figure that fits every one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tools.partners import WORLD, partner_names

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# "July 2025", "Jul-25", "July of 2025", "Jul '25", "July": a month, with its year when written
_MONTH_MENTION = re.compile(
    rf"\b(?P<month>{MONTH_WORD})\b\.?(?:(?:\s+of)?\s*[-'’]?\s*(?P<year>(?:19|20)\d\d|\d\d)\b(?![,.]?\d))?",
    re.I,
)
_ISO_MONTH = re.compile(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])(?![\d-])")
_YEAR_TO_DATE = re.compile(
    r"\byear[- ]to[- ]date\b|\bytd\b|\bso far this year\b|\bcumulative(?:ly)?\b|\bfirst (?:\w+ )?months\b|"
    r"\bsince the start of the year\b",
    re.I,
)
_MONTH_RANGE = re.compile(
    rf"\b(?P<first>{MONTH_WORD})\.?\s*(?:[–-]|to|through|until)\s*(?P<last>{MONTH_WORD})\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_MONTHS_TO = re.compile(
    rf"\b(?:the\s+)?(?P<n>\w+)\s+months\s+(?:to|through|ending(?: in)?)\s+"
    rf"(?P<last>{MONTH_WORD})\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_COUNTS = {
    w: n
    for n, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], 1
    )
}
_COUNTS.update({str(n): n for n in range(1, 13)})
_SPAN_MENTION = re.compile(r"\b(?P<which>[QH][1-4])\s*(?P<year>(?:19|20)\d\d)?\b")
_YEAR_MENTION = re.compile(r"(?<![\d,.])(?P<year>(?:19|20)\d\d)(?![\d,.]*\d)")

# one word and its inflections each: the checker reads a direction from any of them
_DOWN_WORDS = (
    "down fell fall falls falling fallen drop dropped drops dropping decline declined declines declining decrease "
    "decreased decreases lower less fewer below slump slumped plunge plunged plunges shrank shrink shrunk contracted "
    "contraction lost lose cut cuts sank sink sinks sunk plummet plummeted plummets tumble tumbled tumbles slide slid "
    "slides dip dipped dips ease eased eases sag sagged retreat retreated slip slipped collapse collapsed "
    "crash crashed "
    "dive dived dove nosedive nosedived nosedives weaken weakened reduced reduction tank tanked tanks downturn "
    "minus negative shed contract contracts shrinking halved"
)
_UP_WORDS = (
    "up rose rise rises rising risen increase increased increases grew grow grows growth higher more above jump "
    "jumped jumps surge surged surges gain gained gains climb climbed climbs rebound rebounded rebounds added soar "
    "soared soars leap leapt leaped leaps rocket rocketed spike spiked recover recovered recovers advance advanced "
    "expand expanded expansion boost boosted rally rallied rallies upturn plus positive boom boomed booms "
    "doubled tripled"
)
DOWN = frozenset(_DOWN_WORDS.split())
UP = frozenset(_UP_WORDS.split())
_FILLER = (
    r"(?:\s+(?:\w+ly|by|of|some|about|around|nearly|almost|roughly|a|an|fully|just|only|close to|over|as much as))*"
)
_DIRECTION_BEFORE = re.compile(rf"(?P<word>[a-z]+|[↑↓▲▼🔻🔺]){_FILLER}\s*:?\s*\**$")  # "down **20%**"
_DIRECTION_AFTER = re.compile(
    r"^\s*(?:t|kg|tonnes?|tons?|%|per ?cent|percent|pc)?\**\s*"  # "**2,090 t** lower": bold ends the figure
    r"(?:(?:month[- ]on[- ]month|year[- ]on[- ]year|m/m|y/y|yoy|mom|annual|monthly|sequential|a|an)\s+)*"
    r"(?P<word>[a-z]+|[↑↓▲▼🔻🔺])"
)
_ARROWS = {"↑": 1, "▲": 1, "🔺": 1, "↓": -1, "▼": -1, "🔻": -1}
# "rose by 1,116 t", "trailed Germany by 1,116 t": the number is a difference, not a level
_BY = re.compile(r"\bby(?:\s+(?:some|about|around|nearly|almost|roughly|just|fully))?\s*$")

CLAUSE = re.compile(r";|,(?=\s)|\s(?:while|whereas|but|and|against|compared with|versus|vs\.?)\s|\s[-–—]\s")
_TOTAL = re.compile(
    r"\bchina(?:'s|’s)? (?:total|overall)\b|\b(?:total|overall) (?:exports|imports|shipments)\b|"
    r"\ball (?:destinations|partners|countries|markets)\b|\bworld(?:wide)?\b|\bglobally\b|\bthe total\b",
    re.I,
)
_OF_WHOLE = re.compile(
    r"(?<![\d,.])\d[\d,.]*+\s*(?:t|kg|tonnes?|%)?\s+(?:out )?of\s*(?:a |the |china's )?(?:total of\s*)?$", re.I
)
_SHARE = re.compile(
    r"\bshare\b|\btook\b|\btaking\b|\baccount(?:ed|ing|s)? for\b|\bmade up\b|\bmaking up\b|\bportion\b|"
    r"\bweight(?:ing)?\b|\bproportion\b|\bslice\b|\b(?:half|third|quarter|fifth|tenth)s? of\b|"
    r"%\s*of\b|\bper ?cent of\b|\bpc of\b",
    re.I,
)
_YOY = re.compile(
    r"\byear[- ]on[- ]year\b|\bon the year\b|\byoy\b|\by/y\b|\by-o-y\b|\bthe year before\b|"
    r"\ba year (?:earlier|before|ago)\b|"
    r"\bon (?:a|the) year (?:earlier|before|ago)\b|\bannual(?:ly)?\b|\bfrom (?:the )?same (?:month|period) "
    r"(?:of |in |a )?(?:last|the previous|(?:19|20)\d\d|year)",
    re.I,
)
_QOQ = re.compile(
    r"\bquarter[- ]on[- ]quarter\b|\bq/q\b|\bqoq\b|\bon the quarter\b|\b(?:previous|prior) quarter\b", re.I
)
_MOM = re.compile(
    r"\bmonth[- ]on[- ]month\b|\bon the month\b|\bmom\b|\bm/m\b|\bm-o-m\b|\bthe month before\b|"
    r"\b(?:the )?(?:previous|prior|preceding) month\b|\ba month (?:earlier|before)\b|\bsequential(?:ly)?\b",
    re.I,
)
_IMPORT = re.compile(
    r"\bimport(?:s|ed|ing)?\b|\binflows?\b|\bbrought in\b|\binbound\b|\breceived\b|\barriv(?:ed|ing|als?)\b|"
    r"\bfrom (?:abroad|overseas)\b",
    re.I,
)
_STRONG_EXPORT = re.compile(r"\bexport(?:s|ed|ing)?\b|\boutbound\b", re.I)
_FROM_CHINA = re.compile(r"\b(?:from|out of) China\b|\bChinese(?:-made)? (?:exports|shipments|magnets)\b", re.I)
_TO_CHINA = re.compile(
    r"\b(?:to|into|in) China\b|\bChina(?:'s|’s)? (?:imports|purchases|intake)\b|\bChina (?:imported|bought|received)\b",
    re.I,
)
_EXPORT = re.compile(
    r"\bexport(?:s|ed|ing)?\b|\bshipp(?:ed|ing)\b|\bshipments?\b|\boutbound\b|\bsold\b|\bsent\b|\bsales?\b", re.I
)
# the goods a sentence names, each a family of commodity codes
_GOODS = (
    ("magnets", re.compile(r"\bmagnet(?!ite)|\bndfeb\b|\bneo magnets?\b", re.I)),
    ("dysprosium", re.compile(r"\bdysprosium\b|\bdy\b", re.I)),
    ("terbium", re.compile(r"\bterbium\b|\btb\b", re.I)),
    ("neodymium", re.compile(r"\bneodymium\b|\bndpr\b|\bprnd\b|\bpraseodymium\b", re.I)),
    ("yttrium", re.compile(r"\byttrium\b", re.I)),
    # elements no figure is of: named, they make a number about them no figure's
    (
        "other_element",
        re.compile(
            r"\b(?:lanthanum|cerium|samarium|gadolinium|europium|holmium|erbium|thulium|ytterbium|lutetium|"
            r"scandium|promethium)\b",
            re.I,
        ),
    ),
    ("ore", re.compile(r"\bore\b|\bconcentrates?\b", re.I)),
    # the customs aggregate: "rare earths" that are not the rare-earth magnets or an element's
    (
        "rare_earths",
        re.compile(r"\brare[- ]earths?\b(?!\s*(?:-|permanent|magnet|element|price|concentrate|ore\b))", re.I),
    ),
)
_EXCLUDING = re.compile(
    r"\b(?:excluding|excl\.?|except(?: for)?|other than|not counting|besides|outside)\s+[\w -]{0,30}", re.I
)
_VALUE = re.compile(
    r"\bby value\b|\bin value\b|\bvalue\b|\bworth\b|\bin (?:dollar|usd|yuan) terms\b|\brevenues?\b|\bearnings\b|"
    r"\breceipts\b|\bproceeds\b",
    re.I,
)
_VOLUME = re.compile(r"\bby (?:volume|weight|tonnage)\b|\bin (?:volume|tonnage) terms\b|\btonnage\b", re.I)
MASS = {"t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "metric tons": "t", "kg": "kg",
        "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "kilo": "kg"}  # fmt: skip


@dataclass(frozen=True)
class Span:
    """A stretch of time named in the text: ``month`` is set for a month written without a year."""

    start: date | None
    end: date | None
    month: int = 0

    def fits(self, first: date, last: date) -> bool:
        """True when a figure for ``first``..``last`` is what this mention names."""
        if self.start is None:  # a month without its year: that month of any year
            return (
                first.month == self.month
                if first == _month_start(first) and last == _month_end(first)
                else (first.month == self.month or last.month == self.month)
            )
        assert self.end is not None
        if (first, last) == (self.start, self.end):
            return True
        whole_month = self.start == _month_start(self.start) and self.end == _month_end(self.start)
        if whole_month and self.start <= first == last <= self.end:
            return True  # a quote of one day, named by its month
        if whole_month:  # a span of months is named by its first and last month too
            return (
                (first.year, first.month) == (self.start.year, self.start.month)
                and last != _month_end(first)
                or ((last.year, last.month) == (self.start.year, self.start.month) and first != _month_start(last))
            )
        return False  # a year, quarter or half names that span alone, not a month within it


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)


def period_mentions(text: str, lo: int, hi: int) -> list[tuple[int, int, Span]]:
    """The periods written in ``text[lo:hi]``: months (with or without a year), quarters, halves, years."""
    found: list[tuple[int, int, Span]] = []
    taken: list[tuple[int, int]] = []
    for m in [*_MONTH_RANGE.finditer(text, lo, hi), *_MONTHS_TO.finditer(text, lo, hi)]:
        if any(a <= m.start() < b for a, b in taken):
            continue
        year = int(m.group("year"))
        last = _MONTHS.index(m.group("last").lower()[:3]) + 1
        if "first" in m.groupdict():
            first = _MONTHS.index(m.group("first").lower()[:3]) + 1
        else:
            first = last - _COUNTS.get(m.group("n").lower(), 0) + 1
        if first <= last:
            found.append((m.start(), m.end(), Span(date(year, first, 1), _month_end(date(year, last, 1)))))
            taken.append(m.span())
    for m in _MONTH_MENTION.finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b in taken):
            continue
        word = m.group("month").lower()
        if word == "may" and not m.group("year") and not text[m.start() : m.start() + 1].isupper():
            continue  # the verb
        month = _MONTHS.index(word[:3]) + 1
        year = _year(m.group("year"))
        if year is None:
            found.append((m.start(), m.end(), Span(None, None, month)))
        else:
            first = date(year, month, 1)
            found.append((m.start(), m.end(), Span(first, _month_end(first))))
        taken.append(m.span())
    for m in _ISO_MONTH.finditer(text, lo, hi):
        first = date(int(m.group("year")), int(m.group("month")), 1)
        found.append((m.start(), m.end(), Span(first, _month_end(first))))
        taken.append(m.span())
    for m in _SPAN_MENTION.finditer(text, lo, hi):
        year = _year(m.group("year"))
        if year is None:
            continue
        n = int(m.group("which")[1])
        size = 3 if m.group("which")[0] == "Q" else 6
        first = date(year, (n - 1) * size + 1, 1)
        found.append((m.start(), m.end(), Span(first, _month_end(date(year, n * size, 1)))))
        taken.append(m.span())
    for m in _YEAR_MENTION.finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b in taken):
            continue
        year = int(m.group("year"))
        found.append((m.start(), m.end(), Span(date(year, 1, 1), date(year, 12, 31))))
    return sorted(found, key=lambda x: x[0])


@dataclass(frozen=True)
class Claim:
    """What the words around one number say about it ("" or 0: not said)."""

    direction: int  # -1 written as a fall, +1 as a rise
    partner: str  # code of the partner its words name
    total: bool  # its words call it a total, so a world figure fits beside a partner
    period: Span | None  # the period its words bind it to
    unit: str  # "t", "kg", "USD", "pct", "pp" as written
    flow: str  # "export" or "import"
    goods: str  # a family of ``GOODS``
    kind: str  # "share", "change" or "difference"
    basis: str  # "mom" or "yoy"
    measure: str = ""  # "value" or "volume"
    periods: tuple[Span, ...] = ()  # every period its clause names (a change must be on one of them)
    bases: tuple[str, ...] = ()  # partners a share is said to be taken of ("of exports to Europe")
    either: tuple[Span, ...] = ()  # with no one period bound, those it may be bound to
    on_base: bool = False  # the period it is bound to is what a change is on ("from June")
    to_date: bool = False  # a year-to-date total ("through July")


def claim_at(
    text: str, start: int, end: int, sentence: tuple[int, int], unit: str, numbers: list[tuple[int, int]]
) -> Claim:
    """The claim the number at ``start:end`` makes, from its clause and, where that is silent, its sentence."""
    # a window around the number: what binds it is near it, and a sentence without end costs no more
    s_start, s_end = max(sentence[0], start - _REACH), min(sentence[1], end + _REACH)
    cuts = list(CLAUSE.finditer(text, s_start, s_end))
    c_start = max((m.end() for m in cuts if m.end() <= start), default=s_start)
    c_end = min((m.start() for m in cuts if m.start() >= end), default=s_end)
    clause = text[c_start:c_end]
    before = text[max(c_start, start - 80) : start].lower()
    after = text[end : min(c_end, end + 80)].lower()
    sentence_text = text[s_start:s_end]
    pct = unit in ("pct", "pp")
    direction = _direction(text, start, end, before, after) or _carried_direction(text, before, s_start, c_start)
    partner = _respective(text, start, s_start, s_end, numbers) or _partner(
        text, start, c_start, c_end, s_start, not pct
    )
    period, either, on_base = _period(text, start, end, c_start, c_end, (s_start, s_end), numbers, pct or direction)
    respective = respective_period(text, start, s_start, s_end, numbers)
    if respective is not None:
        period, either, on_base = respective, (), False
    to_date = bool(_YEAR_TO_DATE.search(sentence_text))
    if period is not None and period.start is not None and to_date:
        period = Span(date(period.start.year, 1, 1), period.end)  # "year to date through July": January-July
    kind = ""
    if pct:
        if _SHARE.search(clause) and not direction:
            kind = "share"
        elif direction:
            kind = "change"
    elif _BY.search(before) or _GAP.search(text, s_start, start) or _CHANGE_NOUN.match(after):
        kind = "difference"  # "rose by 1,116 t", "the gap … was 619 t", "a 3,188 t rise"
    bases = tuple(
        code
        for m, code in partners_in(text, c_start, c_end)
        if code != partner and (_DESTINATION.search(text, 0, m.start()) or text.startswith("-bound", m.end()))
    )
    return Claim(
        direction,
        partner,
        _is_total(text, start, end, c_start, c_end, before),
        period,
        unit,
        _flow(clause) or _flow(sentence_text),
        _goods(clause, start - c_start) or _goods(sentence_text, start - s_start),
        kind,
        _basis(clause) or _basis(sentence_text),
        (_MEASURE_OF_UNIT.get(unit, "") or _measure(clause) or _measure(sentence_text)),
        _compared(text, c_start, c_end, s_start, s_end),
        bases if kind == "share" else (),
        either,
        on_base,
        to_date and (period is None or period.start is None),
    )


# a mass is a volume and money a value, whatever else the sentence speaks of
_MEASURE_OF_UNIT = {"t": "volume", "kg": "volume", "USD": "value", "yuan": "value", "EUR": "value", "GBP": "value"}


_REACH = 300  # characters either side of a number that its words are read from


def _measure(text: str) -> str:
    return "value" if _VALUE.search(text) else "volume" if _VOLUME.search(text) else ""


_GAP = re.compile(r"\b(?:gap|difference|margin|lead|shortfall|surplus)\b[^.;]*$", re.I)
_CHANGE_NOUN = re.compile(
    r"^\s*(?:t|kg|tonnes?|tons?)?\s*(?:rise|increase|gain|jump|drop|fall|decline|decrease|swing|"
    r"lower|higher|less|more|fewer|above|below)\b",
    re.I,
)


def _compared(text: str, c_start: int, c_end: int, s_start: int, s_end: int) -> tuple[Span, ...]:
    """The periods a number's clause names, and those its sentence sets it against ("Compared with July 2024, …")."""
    own = [span for _, _, span in period_mentions(text, c_start, c_end)]
    framing = [m for m in CLAUSE.finditer(text, s_start, c_start)]
    bounds = list(zip([s_start, *(m.end() for m in framing)], [*(m.start() for m in framing), c_start], strict=True))
    # a clause of its own that only frames the comparison, with no number of its own
    framing_only = [(lo, hi) for lo, hi in bounds if not re.search(r"\d", re.sub(r"(?:19|20)\d\d", "", text[lo:hi]))]
    against = [
        span
        for a, _, span in period_mentions(text, s_start, c_start)
        if any(lo <= a < hi for lo, hi in framing_only) and AGAINST.search(text, max(s_start, a - 24), a)
    ]
    return tuple(own + against)


AGAINST = re.compile(
    r"\b(?:compared (?:with|to)|against|versus|vs\.?|from|than|on|above|below)\s+"
    r"(?:(?:a|an|the|its|in|higher|lower|weaker|stronger|earlier|previous)\s+){0,2}$|"
    # "than on 3 April 2025": a day after a comparing word is the base; "higher on 31 December" is a date
    r"\b(?:compared (?:with|to)|against|versus|vs\.?|than|from)\s+(?:on\s+)?\d{1,2}\s+$|"
    # "on the previous month (June 2025)", "on a year earlier (2024)": the base, named in brackets
    r"\b(?:previous|prior|preceding) (?:month|quarter|year|period)\s*\(\s*$|"
    r"\b(?:month|year) (?:earlier|before|ago)\s*\(\s*$",
    re.I,
)
# an explicit comparison elsewhere in the sentence names no period of a level ("From June to July" does)
_COMPARED_WITH = re.compile(r"\b(?:compared (?:with|to)|against|versus|vs\.?|than)\s+(?:in\s+|the\s+)?$", re.I)
_DESTINATION = re.compile(r"\b(?:to|from|in)\s+(?:the\s+)?$", re.I)


def _basis(text: str) -> str:
    if _QOQ.search(text):
        return "qoq"  # no figure is a change on the quarter: any number said to be one is flagged
    yoy, mom = bool(_YOY.search(text)), bool(_MOM.search(text))
    return "yoy" if yoy and not mom else "mom" if mom and not yoy else ""


def _is_total(text: str, start: int, end: int, c_start: int, c_end: int, before: str) -> bool:
    """True when the words call the number a total: "of 5,577 t", "the 5,577 t total", "in all".

    A total word counts only when it is nearer the number than any partner, and is not a
    partner's own ("the United States' overall intake").
    """
    if _OF_WHOLE.search(before):
        return True
    totals = [
        m for m in _TOTAL.finditer(text, c_start, c_end) if not _POSSESSIVE_BEFORE.search(text, c_start, m.start())
    ]
    if not totals:
        return False
    distance = min(abs(m.start() - end) if m.start() >= end else start - m.end() for m in totals)
    named = [
        abs(m.start() - end) if m.start() >= end else start - m.end() for m, _ in partners_in(text, c_start, c_end)
    ]
    return not named or distance < min(named)


_POSSESSIVE_BEFORE = re.compile(r"(?<!china)(?:'s?|’s?)\s+(?:\w+\s+){0,1}$", re.I)


def _respective(text: str, start: int, s_start: int, s_end: int, numbers: list[tuple[int, int]]) -> str:
    """With "respectively", the n-th number is the n-th partner's ("Germany and the US took … respectively")."""
    if "respectively" not in text[s_start:s_end].lower():
        return ""
    partners = [code for _, code in partners_in(text, s_start, s_end)]
    mine = [a for a, b in numbers if s_start <= a < s_end]
    if start not in mine or len(partners) != len(mine):
        return ""
    return partners[mine.index(start)]


def respective_period(text: str, start: int, s_start: int, s_end: int, numbers: list[tuple[int, int]]) -> Span | None:
    """With "respectively", the n-th number is the n-th period's ("1,275 t and 1,116 t in June and July")."""
    if "respectively" not in text[s_start:s_end].lower():
        return None
    spans = [span for _, _, span in period_mentions(text, s_start, s_end)]
    mine = [a for a, b in numbers if s_start <= a < s_end]
    if start not in mine or len(spans) != len(mine):
        return None
    return _with_year(spans[mine.index(start)], _sentence_year(text, s_start, s_end))


def _carried_direction(text: str, before: str, s_start: int, c_start: int) -> int:
    """A clause that opens with "by" takes the direction before it ("Exports fell in July, by 74.9%")."""
    if not re.fullmatch(r"\s*by(?:\s+(?:some|about|around|nearly|almost|roughly|fully))?\s*", before):
        return 0
    words = re.findall(r"[a-z]+", text[s_start:c_start].lower())
    for word in reversed(words):
        if word in DOWN:
            return -1
        if word in UP:
            return 1
    return 0


def _direction(text: str, start: int, end: int, before: str, after: str) -> int:
    sign = text[start : start + 1]
    if sign in "-−–":
        return -1
    if sign == "+":
        return 1
    for found in (_DIRECTION_BEFORE.search(before), _DIRECTION_AFTER.match(after)):
        if found is None:
            continue
        word = found.group("word")
        if word in _ARROWS:
            return _ARROWS[word]
        if word in DOWN:
            return -1
        if word in UP:
            return 1
    return 0


def _flow(text: str) -> str:
    """China's side of the trade the words name: "Germany's imports from China" are China's exports."""
    if _FROM_CHINA.search(text):
        return "export"
    if _TO_CHINA.search(text):
        return "import"
    imports, exports = bool(_IMPORT.search(text)), bool(_EXPORT.search(text))
    if imports and not exports:
        return "import"
    if exports and not imports:
        return "export"
    return "import" if imports and not _STRONG_EXPORT.search(text) else "export" if exports and not imports else ""


def goods_named(text: str) -> str:
    """The family of goods a text names ("Neodymium oxide price" names neodymium), or ""."""
    return _goods(text)


def _goods(text: str, at: int = -1) -> str:
    """The goods the words name: the one named nearest ``at`` (magnets over the elements they are made of)."""
    text = _EXCLUDING.sub(lambda m: " " * len(m.group(0)), text)
    named = [
        (at - m.start() if m.start() <= at else m.start() - at + 10_000, family)
        for family, pattern in _GOODS
        for m in pattern.finditer(text)
    ]
    families = {family for _, family in named}
    if len(families) <= 1:
        return next(iter(families), "")
    if "magnets" in families and families <= {"magnets", "neodymium", "dysprosium", "terbium", "other_element"}:
        return "magnets"
    if at < 0:
        return ""
    # the goods named before the number are its subject's ("rare earths … were 5,994 t, beside 5,577 t of magnets")
    before = [(distance, family) for distance, family in named if distance <= at]
    return min(before or named)[1]


def _period(
    text: str,
    start: int,
    end: int,
    c_start: int,
    c_end: int,
    sentence: tuple[int, int],
    numbers: list[tuple[int, int]],
    change: object,
) -> tuple[Span | None, tuple[Span, ...], bool]:
    """The period a number is bound to, or the periods it may be bound to, and whether that is a base.

    One written just after it (before the next number), else the last before it in its clause.
    A period written after a comparing word ("from June", "than in June") is what a change is
    on; for a level it is no binding at all ("fell to 1,275 t from a higher June level").
    Failing both, the most precise periods named elsewhere in the sentence, any one of which
    may be meant ("From January 2025 to December 2025, exports went from 6,357 t to 5,952 t").
    A month written without its year takes the year its sentence gives.
    """
    s_start, s_end = sentence
    following = min((a for a, _ in numbers if a >= end), default=c_end)
    if _RANGE_DASH.fullmatch(text, end, following):  # "$700–1,000/kg (6 May 2025)": one range, one period
        end = next(b for a, b in numbers if a == following)
        following = min((a for a, _ in numbers if a >= end), default=c_end)
    year = _sentence_year(text, s_start, s_end)
    after = [m for m in period_mentions(text, end, min(c_end, following)) if m[0] - end <= 40]
    for a, _, span in after:
        base = bool(AGAINST.search(text, max(end, a - 24), a))
        if base and not change:
            continue
        return _with_year(span, year), (), base
    own = period_mentions(text, c_start, start)
    if own:
        a, _, span = own[-1]
        return _with_year(span, year), (), bool(change) and bool(AGAINST.search(text, max(c_start, a - 24), a))
    elsewhere = [
        span
        for a, _, span in period_mentions(text, s_start, s_end)
        if not c_start <= a < c_end and (change or not _COMPARED_WITH.search(text, max(s_start, a - 24), a))
    ]
    if not elsewhere:
        return None, (), False
    best = max(_precision(span) for span in elsewhere)
    return None, tuple(dict.fromkeys(_with_year(span, year) for span in elsewhere if _precision(span) == best)), False


def _sentence_year(text: str, s_start: int, s_end: int) -> int | None:
    """The one year a sentence names, for its months written without one."""
    years = {span.start.year for _, _, span in period_mentions(text, s_start, s_end) if span.start is not None}
    return years.pop() if len(years) == 1 else None


def _with_year(span: Span, year: int | None) -> Span:
    if span.start is not None or year is None:
        return span
    first = date(year, span.month, 1)
    return Span(first, _month_end(first))


_RANGE_DASH = re.compile(r"\s*[–-]\s*")


def _precision(span: Span) -> int:
    if span.start is None:
        return 1  # a month without its year
    assert span.end is not None
    return 3 if (span.end - span.start).days < 31 else 0


def _partner(text: str, start: int, c_start: int, c_end: int, s_start: int, level: bool) -> str:
    """The partner of the clause nearest the number; where the clause names none, one named before it.

    Before it in the sentence, a destination ("to the United States, Germany's rival, …") wins
    over a name in passing, and "the former"/"the latter" pick theirs. A clause that points back
    ("That is down 3%", "they were up 5.7%", "shipped 5,577 t to it") speaks of the subject of
    the sentence before it, or of the question just asked; a line under a heading or a table
    under its title ("Exports to Germany (t):") speaks of the partner those name.
    """
    named = [
        (abs(m.start() - start) if m.start() < start else m.start() - start, code)
        for m, code in partners_in(text, c_start, c_end)
    ]
    if named:
        return min(named)[1]
    clause = text[c_start:c_end]
    earlier = partners_in(text, s_start, c_start)
    former = _FORMER.search(clause)
    if former and len(partners_in(text, s_start, c_end)) >= 2:
        listed = [code for _, code in partners_in(text, s_start, c_end)]
        return listed[0] if former.group(0).lower().endswith("former") else listed[1]
    if level and _CHINA.search(clause) and not _TO_IT.search(clause):
        return ""  # "…, when China exported 5,577 t": a clause of China's own trade names no partner
    if _TOTAL.search(clause) and not _SHARE.search(clause):
        return ""  # "the total fell 12.5%": China's total, whoever the sentence named before
    if earlier:
        destinations = [code for m, code in earlier if _DESTINATION.search(text, max(0, m.start() - 12), m.start())]
        return destinations[-1] if destinations else earlier[-1][1]
    asked = text[:s_start].rstrip().endswith("?")
    if asked or _POINTS_BACK.match(text, s_start) or _PRONOUN.search(clause) or _TO_IT.search(clause):
        return _previous_subject(text, s_start)
    return _heading_partner(text, s_start)


def _previous_subject(text: str, s_start: int) -> str:
    """The first partner of the sentence before (its subject), in the same paragraph."""
    paragraph = text.rfind("\n\n", 0, s_start)
    paragraph = 0 if paragraph < 0 else paragraph + 2
    cut = max(text.rfind(". ", paragraph, s_start - 1), text.rfind("? ", paragraph, s_start - 1), paragraph)
    previous = partners_in(text, cut, s_start)
    return previous[0][1] if previous else ""


def _heading_partner(text: str, s_start: int) -> str:
    """The one partner of the heading or title line above, for the lines and table rows under it."""
    lines = text[:s_start].split("\n")[-8:-1]
    for line in reversed(lines):
        stripped = line.strip()
        if stripped.startswith("#") or stripped.endswith(":") or stripped.endswith("?"):
            offset = text.rfind(line, 0, s_start)
            codes = {code for _, code in partners_in(text, offset, offset + len(line))}
            return codes.pop() if len(codes) == 1 else ""
    return ""


_FORMER = re.compile(r"\bthe (?:former|latter)\b", re.I)
_TO_IT = re.compile(r"\b(?:to|from|for) (?:it|them|the country|that country)\b", re.I)
_PRONOUN = re.compile(r"\b(?:they|it|its|their|them)\b", re.I)
_CHINA = re.compile(r"\bChina(?:'s|’s)?\b")
_POINTS_BACK = re.compile(
    r"\s*(?:that|this|it|its|these|those|the (?:figure|change|volume|total|rise|fall|high|low|peak|trough|average))\b",
    re.I,
)


def partners_in(text: str, lo: int, hi: int) -> list[tuple[re.Match[str], str]]:
    """Partners named in ``text[lo:hi]``, by display name, demonym or the capital codes people write.

    Names inside a source attribution ("reported by Reuters via Telegraph India") are publishers'.
    """
    names, lookup, codes = _partner_patterns()
    found = [(m, lookup[m.group(0).lower()]) for m in names.finditer(text, lo, hi)]
    found += [(m, codes[m.group(0)]) for m in _CODES.finditer(text, lo, hi)]
    credits = [m.span() for m in _ATTRIBUTION.finditer(text, max(0, lo - 200), hi)]
    return sorted(
        ((m, code) for m, code in found if not any(a <= m.start() < b for a, b in credits)), key=lambda x: x[0].start()
    )


_ATTRIBUTION = re.compile(
    r"\((?:as reported; )?(?:reported by|computed from|according to|source:)[^()]*(?:\([^()]*\)[^()]*){0,3}\)|"
    # a dot inside a name ("Energy News (oedigital.com)", "U.S.") but not a sentence's end: "via Goldsea. The US"
    r"\bvia\s+[A-Z][\w&-]*(?:\.[\w&-]+)*(?:\s+[A-Z][\w&-]*(?:\.[\w&-]+)*){0,4}",
)


_CODES = re.compile(r"(?<![\w.])(?:US|U\.S\.|USA|UK|EU)(?![\w$])")


@lru_cache(maxsize=1)
def _partner_patterns() -> tuple[re.Pattern[str], dict[str, str], dict[str, str]]:
    from assistant.reading.build import load_lexicon  # the demonyms are lexicon data

    lookup = {name.lower(): code for code, name in partner_names().items() if code not in (WORLD, "CHN")}
    for code, words in load_lexicon().get("partners", {}).items():
        for word in words:
            if len(word) > 3 and code not in (WORLD, "CHN"):
                lookup.setdefault(word.lower(), code)
    lookup.update(
        {
            "america": "USA",
            "united states of america": "USA",
            "europe": "EU",
            "european": "EU",
            "korea": "KOR",
            "britain": "GBR",
            "great britain": "GBR",
            "holland": "NLD",
            "czechia": "CZE",
        }
    )
    words = sorted(lookup, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.I)
    codes = {"US": "USA", "U.S.": "USA", "USA": "USA", "UK": "GBR", "EU": "EU"}
    return pattern, lookup, codes
