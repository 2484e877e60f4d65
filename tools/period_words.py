"""The one period grammar: every period a question writes, as typed values with a grain.

In the manner of Duckling, small rules over tokens produce typed time values and compose:
"first half" is a half with no year, "of 2025" gives it one; "Jan–Jul 2025" is a range whose
bare start takes the year of its end. Relative forms ("last quarter", "since April", "the past
6 months", "YTD") are resolved against a reference month passed in, the latest month in the
data, and each such reading carries a note saying how it was read.

Choices worth knowing:
- A bare month, quarter or half takes the year of a dated period written next to it, joined only
  by words like "and", "vs", "or" ("June and July 2025" → June 2025; "Jul 2025 vs Jun" → June
  2025); otherwise it is its most recent occurrence up to the reference month ("Q4" → Q4 2025
  for March 2026). "since April" takes the most recent April *before* the reference month, so
  the span it opens holds at least two months.
- "previous month" / "previous year" alone mean the reference month / the year before it; after
  a written period they refer back to it ("July 2025 vs the previous month" → June 2025).
- "may" and "march" are months only with a year or day, after a preposition ("in may"), linked
  to another period, or capitalised mid-sentence ("What were May exports?").
- "compare June to July 2025" compares two months: after a comparison word, "to" does not
  make a range (unless "from" opens it).
- "after July 2025" is just July 2025: "after" too often means "compared with" to open a span.
  "from 2023 until now" and "from May 2025 onwards" do open one, like "since".
- "Dec 25" and "10/25" are December and October 2025 when no year is written anywhere and that
  year is one of the five to the reference month; "on Dec 25" and "Dec 25, 2025" stay days.
- "the same period of 2024" is the period written before it moved into 2024; "the quarter
  before" and "the half before" step back one unit from it and are periods of their own.
- Numeric dates are read month/day/year ("4/10/2025" is 10 April 2025, with a note) unless the
  first number cannot be a month ("25/12/2025").
- Not periods: numbers with thousands separators ("2,000 tonnes"), a four-digit number before a
  unit ("2025 t"), percentages, "Q&A", "second" alone. "No. 18 of 2025" still yields the year
  2025.
- "early", "mid" and "late 2025" are the year's thirds (January–April, May–August,
  September–December); seasons are the northern hemisphere's (winter 2025 is December 2024 to
  February 2025); "the turn of the year" is the December and January around it. Each reading
  says which months it took.
- The grain is the unit the words name: "this half" is a half even while it runs only to the
  reference month; ranges, year-to-date and spans since a month are "months".

dateutil supplies the month spellings (its ``parserinfo``: Jan, Sept, September...) and month
arithmetic (``relativedelta``). Its free-text ``parser`` is not used: it fills missing parts from
today's date and its fuzzy mode takes words like "may" as dates; days are built from their
written parts with ``datetime.date``, which rejects 31 February.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from tools import period_chart as pc
from tools.errors import InvalidArgument
from tools.period_chart import Chart, Item, Val
from tools.period_rules import RULES, short_year
from tools.periods import ACCEPTED_FORMS, Period, month_number

# Words that may stand between two periods of one phrase ("June and July 2025", "Jul 2025 vs Jun").
LINKS = frozenset({"and", "or", ",", "&", "+", "/", "vs", "v", "versus", "against", "compared", "with", "to", "plus"})
# Words after which "may" / "march" are months.
BEFORE_MONTH = frozenset(
    {"in", "of", "since", "from", "during", "for", "until", "till", "through", "throughout", "by", "before", "after"}
    | {"between", "early", "late", "mid", "end", "over", "last", "this", "next", "around"}
)
DATE_ORDER = "“{text}” read as {label}, taking the numbers as month/day/year."
GAPS = {12: "a year", 6: "a half-year", 3: "a quarter", 1: "a month"}
NO_ANTECEDENT = "“{text}” refers back to a period, but none is written before it."


@dataclass(frozen=True)
class PeriodMention:
    """A period written in a text, with its span and how it was read."""

    start: int  # character span in the text
    end: int
    text: str  # the words matched
    period: Period | None  # None for anaphora with nothing before it, and months whose years come after
    grain: str  # day | month | quarter | half | year | months
    role: str  # plain | since | range | year_earlier | month_earlier
    parts: tuple[Period, ...] = ()  # for a range: its two written ends
    note: str = ""  # how a relative or assumed reading was made


def parse(text: str, ref: Period | None, present: Period | None = None) -> Chart:
    """The filled chart of ``text``; relative rules stay silent when ``ref`` is None."""
    chart = Chart(text, ref, present)
    _lexical(chart)
    pc.saturate(chart, tuple(RULES))
    return chart


def find_periods(text: str, latest: Period, present: Period | None = None) -> list[PeriodMention]:
    """Every period written in text, in order, non-overlapping, longest match first.

    Relative ones are resolved against ``latest``, a month (the latest month of the series), and
    calendar years ("last year") against ``present``, the latest month of the whole data set.
    Example: find_periods("June and July 2025", Period.month(2026, 3)) gives June 2025 and July 2025.
    """
    ref = Period.month(latest.end.year, latest.end.month)
    now = Period.month(present.end.year, present.end.month) if present is not None else None
    chart = parse(text, ref, now)
    chosen = _choose(chart)
    vals = _same_months_of_years(chart, chosen, _take_years(chart, chosen))
    mentions: list[PeriodMention] = []
    antecedent: PeriodMention | None = None
    for it, v in zip(chosen, vals, strict=True):
        if v.partial:
            found = pc.latest(v, ref)
            v = pc.relative(found, found.note or pc.READ) if found else None  # type: ignore[assignment]
            if v is None:
                continue
        mention = _mention(chart, it, v, antecedent)
        mentions.append(mention)
        if mention.period is not None and mention.role not in ("year_earlier", "month_earlier"):
            antecedent = mention
    return mentions


def parse_written(text: str) -> Period:
    """The whole text as one absolute period; raise ``InvalidArgument`` listing accepted forms otherwise.

    Example: parse_written("first half of 2025") == Period.months(2025, 1, 6).
    """
    chart = parse(text, None)
    toks = chart.toks
    i, j = 0, len(toks)
    while i < j and toks[i].kind == "punct":
        i += 1
    while j > i and toks[j - 1].kind == "punct":
        j -= 1
    for it in chart.items:
        v = it.val
        if (it.kind, it.i, it.j) == ("time", i, j) and isinstance(v, Val) and v.period and not v.note and not v.shift:
            return v.period
    if chart.errors:
        raise InvalidArgument(f"{text!r} is not a valid period: {chart.errors[0]}.")
    raise InvalidArgument(f"Cannot read {text!r} as a period. Accepted forms: {ACCEPTED_FORMS}.")


# -- what single tokens name: the chart's first items ------------------------------------------
MONTH_YY = re.compile(r"(\d{1,2})/(\d\d)")  # "10/25"
_ALNUM: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"q([1-4])|([1-4])q"), "quarter"),
    (re.compile(r"([1-4])q(\d\d|\d{4})|(\d{4})q([1-4])"), "quarter_year"),
    (re.compile(r"h([12])|([12])h"), "half"),
    (re.compile(r"([12])h(\d\d|\d{4})|(\d{4})h([12])"), "half_year"),
    (re.compile(r"fy(\d\d|\d{4})"), "fy"),
    (re.compile(r"(\d{1,2})(?:st|nd|rd|th)"), "ord"),
]


def _lexical(ch: Chart) -> None:
    """Put the typed items single tokens name on the chart: months, numbers, years, "Q4", codes."""
    for k, t in enumerate(ch.toks):
        found: list[tuple[str, object]] = []
        if t.kind == "word":
            if (m := month_number(t.low)) is not None:
                v = pc.months_unit("month", m, m)
                found.append(("time", replace(v, weak=t.low in pc.WEAK_MONTHS)))
            if t.low in pc.NUMBER_WORDS:
                found.append(("num", pc.NUMBER_WORDS[t.low]))
            if t.low in pc.ORDINAL_WORDS:
                found.append(("ord", pc.ORDINAL_WORDS[t.low]))
        elif (m := MONTH_YY.fullmatch(t.low)) and 1 <= int(m[1]) <= 12 and (y := short_year(ch, m[2])):
            v = pc.in_year(pc.months_unit("month", int(m[1]), int(m[1])), y)
            found.append(("time", replace(v, note=pc.SHORT_YEAR)))  # "10/25" in a table's way: October 2025
        elif t.kind == "num" and t.low.isdigit():
            found.append(("num", int(t.low)))
            # "2020 per tonne" is a quantity; "2020 per Quillfeather" a year and its source
            unit = ch.low(k + 1) in pc.UNITS and (ch.low(k + 1) != "per" or ch.low(k + 2) in _PER_WHAT)
            quantity = unit or ch.low(k - 1) in {"$", "us$", "€", "£", "¥"}
            if len(t.low) == 4 and 1900 <= int(t.low) <= 2099 and not quantity:
                found += [("year", int(t.low)), ("time", pc.fixed(Period.year(int(t.low))))]
        elif t.kind == "yy":
            found.append(("year", 2000 + int(t.low[1:])))
        elif t.kind == "alnum":
            found += _alnum(t.low)
        elif t.kind in ("date", "code"):
            years = _short_years(t.low)
            try:
                found.append(("time", years or _code(t.low)))
            except ValueError as err:
                ch.errors.append(str(err))
        for kind, val in found:
            ch.add(k, k + 1, kind, val, f"lexical {kind}")


def _short_years(low: str) -> pc.Val | None:
    """A span of years written "2020-23": there is no month 23, and the last year has two digits."""
    m = re.fullmatch(r"((?:19|20)\d\d)-(\d\d)", low)
    if m is None or int(m[2]) <= 12:
        return None
    first, last = int(m[1]), int(m[1][:2] + m[2])
    return pc.years_span(first, last) if first < last <= first + 30 else None


_GLUED = re.compile(r"(\d{1,2})?([a-z]{3,9})(\d\d|\d{4})")  # "jun25", "31dec25", "mar2026"


def _alnum(low: str) -> list[tuple[str, object]]:
    glued = _GLUED.fullmatch(low)
    month = month_number(glued[2]) if glued else None
    if glued and month is not None:  # a desk's dates written as one word
        year = pc.year_of(glued[3])
        part = pc.partial_day(month, int(glued[1])) if glued[1] else pc.months_unit("month", month, month)
        found = pc.in_year(part, year)
        return [("time", found)] if found is not None else []
    for pattern, kind in _ALNUM:
        if m := pattern.fullmatch(low):
            g = [x for x in m.groups() if x]
            if kind == "ord":
                return [("ord", int(g[0]))]
            if kind == "fy":
                year = pc.year_of(g[0])
                return [("time", pc.years_span(year - 1, year))]
            if kind in ("quarter", "half"):
                return [("time", pc.unit_val(kind, int(g[0])))]
            n, y = (g[0], g[1]) if len(g[0]) == 1 else (g[1], g[0])
            return [("time", pc.in_year(pc.unit_val(kind, int(n)), pc.year_of(y)))]
    return []


def _code(low: str) -> Val:
    """An ISO code or a numeric date: 2025-07, 7/2025, 2025/07, 2025-04-10, 4/10/2025, 2025-01..2025-07."""
    ends = [[int(x) for x in re.split(r"[-/]", part.strip())] for part in low.split("..")]
    note = ""
    if len(ends[0]) == 2 and ends[0][1] > 12 and ends[0][0] <= 12:  # "7/2025"
        ends[0].reverse()
    elif len(ends[0]) == 3 and ends[0][2] > 31:  # "4/10/2025" month first, "25/12/2025" day first
        a, b, y = ends[0]
        ends[0] = [y, b, a] if a > 12 else [y, a, b]
        note = DATE_ORDER if a <= 12 and b <= 12 and a != b else ""
    ps = [Period.day(date(*e)) if len(e) == 3 else Period.month(*e) for e in ends]
    return pc.fixed(Period(ps[0].start, ps[-1].end), note=note)


def _choose(chart: Chart) -> list[Item]:
    """Longest items first, none overlapping; bare "may"/"march" only where they read as months."""
    times = [it for it in chart.items if it.kind == "time"]
    # equal spans: a plain reading before a range ("first half-year 2025" is not "first half – year 2025")
    times.sort(key=lambda it: (it.i - it.j, chart.toks[it.i].start - chart.toks[it.j - 1].end, it.i, it.val.role))
    taken: set[int] = set()
    chosen = []
    for it in times:
        if not taken.intersection(range(it.i, it.j)):
            taken.update(range(it.i, it.j))
            chosen.append(it)
    chosen.sort(key=lambda it: it.i)
    return [it for k, it in enumerate(chosen) if not it.val.weak or _reads_as_month(chart, chosen, k)]


def _reads_as_month(chart: Chart, chosen: list[Item], k: int) -> bool:
    it = chosen[k]
    tok = chart.toks[it.i]
    written = chart.text[tok.start : tok.end]
    opening = it.i == 0 or chart.low(it.i - 1) in {".", "?", "!", ":", ";", '"', "“"}
    before = k > 0 and _linked(chart, chosen[k - 1], it)
    linked = before or (k + 1 < len(chosen) and _linked(chart, it, chosen[k + 1]))
    # "May shipments came to ..." opens with the month; "May I ask ..." with the verb
    asking = opening and tok.low == "may" and chart.low(it.j) in _ASKING
    capital = written[0].isupper() and not asking
    return chart.low(it.i - 1) in BEFORE_MONTH or linked or capital


def _linked(chart: Chart, a: Item, b: Item) -> bool:
    """True when only linking words stand between a and b ("June and July", "Jul 2025 vs. Jun")."""
    gap = [chart.low(k) for k in range(a.j, b.i)]
    if not gap:
        return False
    return all(w in LINKS or (w == "." and k > 0 and gap[k - 1] in ("vs", "v")) for k, w in enumerate(gap))


COMPARING = frozenset({"vs", "v", "versus", "against", "compared", "or"})
_PER_WHAT = frozenset({"t", "tonne", "tonnes", "ton", "tons", "mt", "metric", "kg", "kilogram", "kilo", "cent", "unit"})
_ASKING = frozenset({"i", "we", "you", "they", "he", "she", "it", "one", "this", "that", "there", ""})


def _take_years(chart: Chart, chosen: list[Item]) -> list[Val]:
    """Bare months, quarters and halves take the year of a dated period linked to them.

    Unlinked, they take the one year the question's dated periods are in: "ore in Jan-May 2025,
    and concentrate over Jan-Sep" asks about Jan-Sep 2025.
    """
    vals: list[Val] = [it.val for it in chosen]  # type: ignore[misc]
    changed = True
    while changed:
        changed = False
        for k in reversed(range(len(vals))):  # a year written last flows back: "May, June and July 2025"
            found = _year_from_neighbour(chart, chosen, vals, k) if vals[k].partial else None
            if found is not None:
                vals[k], changed = found, True
    years = {y for v in vals if v.period is not None and not v.shift for y in (v.period.start.year, v.period.end.year)}
    if len(years) == 1:
        year = years.pop()
        vals = [(pc.in_year(v, year) or v) if v.partial else v for v in vals]
    return vals


def _same_months_of_years(chart: Chart, chosen: list[Item], vals: list[Val]) -> list[Val]:
    """Bare years compared with months are those months in each year.

    "jan-jul magnet exports: 2025 compared to 2024" compares January–July of the two years (the
    months, written without a year, name no period of their own), and "July 2025 vs 2024" July
    of each: compared periods are of equal length.
    """
    years = [k for k, v in enumerate(vals) if v.grain == "year" and v.period is not None and not v.shift]
    partial = [k for k, v in enumerate(vals) if v.partial]
    if len(partial) == 1 and len(years) >= 2 and partial[0] < years[0]:
        source, targets = partial[0], years
    else:
        compared = [
            k
            for k in years
            if k > 0
            and vals[k - 1].period is not None
            and vals[k - 1].grain not in ("year", "day")
            and _linked(chart, chosen[k - 1], chosen[k])
            and {chart.low(i) for i in range(chosen[k - 1].j, chosen[k].i)} & COMPARING
        ]
        if not compared:
            return vals
        source, targets = compared[0] - 1, compared[:1]
    months = vals[source]
    out = list(vals)
    for k in targets:
        year = vals[k].period.start.year  # type: ignore[union-attr]
        moved = pc.in_year(months, year) if months.partial else _months_in(months, year)
        if moved is None or moved.period is None:
            return vals
        out[k] = replace(moved, note="“{text}” read as {label}, the months compared.", role="plain")
    if months.partial:
        out[source] = Val(months.grain)  # the months name no period of their own
    return out


def _months_in(v: Val, year: int) -> Val | None:
    """A dated span of months moved into ``year``."""
    period = v.period
    if period is None or period.start.year != period.end.year:
        return None
    return replace(v, period=period.shift_months(12 * (year - period.start.year)), note="")


def _year_from_neighbour(chart: Chart, chosen: list[Item], vals: list[Val], k: int) -> Val | None:
    after = k + 1 < len(vals) and _linked(chart, chosen[k], chosen[k + 1])
    if not after and not (k > 0 and _linked(chart, chosen[k - 1], chosen[k])):
        return None
    other = vals[k + 1] if after else vals[k - 1]
    if other.period is None or other.shift:
        return None
    if after:  # "June and July 2025"; "December and January 2026" is December 2025
        found = pc.in_year(vals[k], other.period.start.year)
        gap = {chart.low(i) for i in range(chosen[k].j, chosen[k + 1].i)}
        # two months compared ("dec vs sep 2025") share the year written; a sequence steps back
        sequence = not gap & COMPARING
        if sequence and found and found.period and found.period.start > other.period.start:
            found = pc.in_year(vals[k], other.period.start.year - 1)
    else:  # "Jul 2025 vs Jun"
        found = pc.in_year(vals[k], other.period.end.year)
    return found if found and found.period != other.period else None


def _mention(chart: Chart, it: Item, v: Val, antecedent: PeriodMention | None) -> PeriodMention:
    words = chart.words(it.i, it.j)
    start, end = chart.toks[it.i].start, chart.toks[it.j - 1].end
    period, grain, role, note = v.period, v.grain, v.role, v.note
    if v.year:  # "the same half of 2024": as many years back as the period before it is from 2024
        back = 12 * (antecedent.period.start.year - v.year) if antecedent and antecedent.period else 12
        v = replace(v, shift=back or 12)
    if v.shift and (antecedent is not None or not v.fallback):
        # a year or a month back is a basis; further back ("the same months of 2023") a period of its own
        role = {12: "year_earlier", 1: "month_earlier"}.get(v.shift, "plain")
        if antecedent is None or antecedent.period is None:
            period, note = None, NO_ANTECEDENT
        else:
            period, grain = antecedent.period.shift_months(-v.shift), antecedent.grain
            gap = GAPS.get(v.shift, f"{abs(v.shift) // 12} years")
            direction = "before" if v.shift > 0 else "after"
            note = f"“{{text}}” read as {{label}}, {gap} {direction} {antecedent.period.label}."
    text_note = note.format(text=words, label=period.label if period else "") if note else ""
    return PeriodMention(start, end, words, period, grain, role, v.parts, text_note)
