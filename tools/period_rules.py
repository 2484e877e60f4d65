"""The period grammar's rules: how tokens and chart items compose into time values.

Each rule below is a pattern over tokens and chart items with an action returning a typed time
value (or None when the words do not make one). Rules are tried in the order written and run
until nothing new appears; ``tools.period_words`` picks among the results. Adding a
phrasing means adding a rule here and corpus lines to the period tests.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from tools import period_chart as pc
from tools.period_chart import (
    LATEST,
    READ,
    UNITS,
    UP_TO,
    Chart,
    Item,
    Val,
    alt,
    fixed,
    gap,
    item,
    lit,
    months_unit,
    opt,
    seq,
)
from tools.periods import Period

RULES: list[pc.Rule] = []
rule = partial(pc.rule, RULES)


# -- rules ----------------------------------------------------------------------------------------
THE = opt(lit("the"))
DASH = lit("-")
YEAR = item("year", "relyear")
PARTIAL = item("time", test=lambda v: v.partial)
MONTH = item("time", test=lambda v: v.partial and v.grain == "month")
DAYNUM = item("num", "ord", test=lambda n: 1 <= n <= 31)
END = item("time", test=lambda v: (v.partial or v.period is not None) and v.role == "plain" and not v.shift)
EARLIER = lit("earlier", "before", "ago", "prior", "back", "previously")
SAME = seq(lit("same"), lit("month", "quarter", "half", "period", "time", "months"), opt(seq(opt(DASH), lit("year"))))


def _rel(year: Item, v: Val | None) -> Val | None:
    return pc.relative(v) if year.kind == "relyear" else v


@rule("time", PARTIAL, opt(lit(",")), opt(lit("of")), THE, YEAR)
def _in_year(ch, i, j, part, _c, _of, _the, year):
    return _rel(year, pc.in_year(part.val, year.val, ch.errors))


@rule("time", item("year"), item("time", test=lambda v: v.partial and v.grain in ("month", "quarter", "half")))
def _year_first(ch, i, j, year, part):
    return None if part.val.weak else pc.in_year(part.val, year.val, ch.errors)


# "2025-Q3", "2025-H2": a code's dash joins its year to the part, written tight
@rule("time", item("year"), DASH, item("time", test=lambda v: v.partial and v.grain in ("quarter", "half")))
def _year_dash_part(ch, i, j, year, _d, part):
    return pc.in_year(part.val, year.val, ch.errors) if " " not in ch.words(i, j) else None


@rule("time", MONTH, DASH, item("num", test=lambda n: n < 100 or 1900 <= n <= 2099))
def _month_dash_year(ch, i, j, month, _d, n):
    tight = " " not in ch.words(i, j) and len(ch.low(j - 1)) in (2, 4)  # "jul-25" is July 2025; "Jul 25" a day
    return pc.in_year(month.val, pc.year_of(ch.low(j - 1)), ch.errors) if tight else None


# "2020–23": a span of years whose last is written with two digits
@rule("time", item("year"), DASH, item("num", test=lambda n: n < 100))
def _years_short_end(ch, i, j, year, _d, n):
    last = year.val // 100 * 100 + n.val
    if len(ch.low(j - 1)) != 2 or not year.val < last <= year.val + 30:
        return None
    return pc.years_span(year.val, last)


@rule("time", THE, DAYNUM, opt(lit("of")), MONTH)
def _day_month(ch, i, j, _t, day, of, month):
    if of and day.kind != "ord":
        return None
    return pc.partial_day(pc.month_index(month.val), day.val)


@rule("time", MONTH, DAYNUM)
def _month_day(ch, i, j, month, day):
    if ch.low(j) in UNITS or ch.low(j) in {"-", "/"}:
        return None  # "in July 10 tonnes": a quantity, not a day
    year = short_year(ch, ch.low(j - 1)) if ch.low(i - 1) != "on" else None  # "on Dec 25" is a day
    if year is not None:
        v = pc.in_year(month.val, year, ch.errors)
        return replace(v, note=pc.SHORT_YEAR) if v else None
    return pc.partial_day(pc.month_index(month.val), day.val)


@rule("time", DAYNUM, MONTH, item("num", test=lambda n: n < 100))
def _day_month_short_year(ch, i, j, day, month, _n):
    # "6 May 25": a day, a month and the year's two digits
    year = short_year(ch, ch.low(j - 1))
    v = pc.in_year(pc.partial_day(pc.month_index(month.val), day.val), year, ch.errors) if year is not None else None
    return replace(v, note=pc.SHORT_YEAR) if v else None


PART = item("time", test=lambda v: v.partial and v.grain in ("quarter", "half"))


@rule("time", PART, item("num", test=lambda n: n < 100))
def _part_short_year(ch, i, j, part, _n):
    # "Q1 26 vs Q1 25": after a quarter or a half, two digits are its year
    year = short_year(ch, ch.low(j - 1))
    v = pc.in_year(part.val, year, ch.errors) if year is not None else None
    return replace(v, note=pc.SHORT_YEAR) if v else None


@rule("time", THE, item("ord", test=lambda n: n <= 2), opt(DASH), lit("half"), opt(seq(opt(DASH), lit("year"))))
def _half_words(ch, i, j, _t, n, *_):
    return pc.unit_val("half", n.val)


@rule("time", THE, item("ord", test=lambda n: n <= 4), opt(DASH), lit("quarter"))
def _quarter_words(ch, i, j, _t, n, *_):
    return pc.unit_val("quarter", n.val)


@rule("time", THE, lit("first"), item("num", test=lambda n: n <= 12), lit("months", "quarters"))
def _first_months(ch, i, j, _t, _f, n, unit):
    count = n.val * (3 if unit == "quarters" else 1)
    return months_unit("months", 1, count) if count <= 12 else None


@rule(
    "time",
    THE,
    lit("last", "final"),
    opt(item("num")),
    lit("month", "months", "quarter", "quarters", "half"),
    lit("of"),
    THE,
    YEAR,
)
def _last_of_year(ch, i, j, _t, _l, n, unit, _of, _the, year):
    count = (n.val if n else 1) * {"m": 1, "q": 3, "h": 6}[unit[0]]
    grain = "months" if n else unit
    return _rel(year, Val(grain, Period.months(year.val, 13 - count, 12))) if count <= 12 else None


YEAR_WORDS = alt(lit("fy"), seq(lit("full", "calendar", "whole"), opt(DASH), lit("year")), seq(THE, lit("year")))


@rule("time", YEAR_WORDS, opt(lit("of")), item("year"))
def _year_named(ch, i, j, _w, _of, year):
    return fixed(Period.year(year.val))


@rule(
    "time",
    item("year"),
    alt(lit("fy"), seq(lit("full"), opt(DASH), lit("year")), seq(lit("as"), lit("a"), lit("whole"))),
)
def _year_named_after(ch, i, j, year, _w):
    return fixed(Period.year(year.val))


@rule("time", THE, lit("start", "beginning", "end"), lit("of"), alt(YEAR, seq(lit("the", "this"), lit("year"))))
def _year_edge(ch, i, j, _t, edge, _of, year):
    if isinstance(year, tuple) and ch.ref is None:
        return None
    y = year.val if isinstance(year, Item) else ch.ref.end.year
    v = Val("month", Period.month(y, 12 if edge == "end" else 1))
    return v if isinstance(year, Item) and year.kind == "year" else pc.relative(v)


# Seasons are the northern hemisphere's meteorological ones; winter 2025 is December 2024 to
# February 2025, named by the year of its January. The reading says which months it took.
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
SEASON_NOTE = "“{{text}}” read as {{label}}, the northern-hemisphere {season}."
FALL_BEFORE = frozenset({"in", "during", "over", "this", "last", "since", "through", "throughout", "until", "by"})


def _season_val(name: str) -> Val:
    first, last = SEASONS[name]

    def build(year: int) -> Val:
        p = Period.months(year - 1, first, last, end_year=year) if first > last else Period.months(year, first, last)
        return Val("months", p, note=SEASON_NOTE.format(season=name))

    return Val("months", build=build)


@rule("time", THE, lit(*SEASONS), opt(lit("months", "season")))
def _season(ch, i, j, the, season, _m):
    if season == "fall" and not the and ch.low(i - 1) not in FALL_BEFORE:
        return None  # "did exports fall in 2025": a verb
    return _season_val(season)


# "early", "mid" and "late" in a year are taken as its thirds, with the assumption said.
THIRDS = {"early": (1, 4, "first"), "mid": (5, 8, "middle"), "late": (9, 12, "last")}


@rule("time", lit("early", "mid", "late"), opt(DASH), opt(lit("in")), YEAR)
def _third_of_year(ch, i, j, which, _d, _in, year):
    first, last, name = THIRDS[which]
    note = f"“{{text}}” read as {{label}}, taking {which} in a year as its {name} four months."
    return _rel(year, Val("months", Period.months(year.val, first, last), note=note))


@rule("time", lit("early", "mid", "late"), opt(DASH), item("time", test=lambda v: v.grain == "month" and not v.partial))
def _part_of_month(ch, i, j, which, _d, month):
    note = f"“{{text}}” read as {{label}}: the figures are monthly, so {which} in a month is the month."
    return replace(month.val, note=note)


@rule("time", THE, lit("turn"), lit("of"), alt(YEAR, seq(THE, lit("year"))))
def _turn_of_year(ch, i, j, _t, _turn, _of, year):
    note = "“{text}” read as {label}, the December and January either side of the new year."
    if isinstance(year, Item):  # "the turn of 2025": December 2024 and January 2025
        return _rel(year, Val("months", Period.months(year.val - 1, 12, 1, end_year=year.val), note=note))
    if ch.ref is None:
        return None
    year = ch.ref.end.year  # the latest January the data reaches
    return Val("months", Period.months(year - 1, 12, 1, end_year=year), note=note)


BASE_BEFORE = frozenset({"on", "than", "vs", "versus", "against", "over"})


@rule("relyear", lit("last", "previous", "prior", "this", "current"), lit("year"))
def _relative_year(ch, i, j, which, _y):
    return None if ch.present is None else ch.present.end.year - (which not in ("this", "current"))


@rule("time", THE, lit("last", "previous", "prior", "this", "current"), lit("year"))
def _last_year(ch, i, j, _t, which, _y):
    if ch.present is None:
        return None
    if which in ("this", "current"):
        p = Period.months(ch.present.end.year, 1, ch.present.end.month)
        return Val("year", p, note=UP_TO)
    # "up on last year", "vs last year": after a period, a comparison with it a year back
    back = which != "last" or ch.low(i - 1) in BASE_BEFORE
    return Val("year", Period.year(ch.present.end.year - 1), note=READ, shift=12 if back else 0, fallback=back)


REF_WORDS = lit("last", "latest", "previous", "prior", "this", "current", "recent")


@rule("time", THE, opt(lit("most")), REF_WORDS, opt(lit("reported", "available")), lit("month"))
def _reference_month(ch, i, j, _t, most, which, _r, _m):
    if ch.ref is None or (which == "recent" and not most):
        return None
    back = which in ("previous", "prior")
    return Val("month", ch.ref, note=LATEST, shift=1 if back else 0, fallback=back)


@rule("time", THE, opt(lit("most")), REF_WORDS, lit("quarter", "half"), opt(seq(opt(DASH), lit("year"))))
def _reference_unit(ch, i, j, _t, most, which, unit, _y):
    if ch.ref is None or (which == "recent" and not most):
        return None
    size, name = (3, "quarter") if unit == "quarter" else (6, "half-year")
    if which in ("this", "current"):
        note = f"“{{text}}” read as {{label}}, the {name} of {ch.ref.label}, the latest month in the data, up to it."
        return Val(unit, pc.unit_at(ch.ref, size, complete=False), note=note)
    note = f"“{{text}}” read as {{label}}, the latest complete {name} in the data."
    return Val(unit, pc.unit_at(ch.ref, size, complete=True), note=note)


@rule(
    "time",
    THE,
    lit("past", "last", "previous", "prior", "trailing", "preceding"),
    opt(item("num", test=lambda n: n <= 60)),
    lit("months", "quarters", "years", "year"),
)
def _past_months(ch, i, j, _t, which, n, unit):
    if ch.ref is None or (n is None and (unit != "year" or which != "past")) or (n and unit == "year"):
        return None  # "last year" is the calendar year; "the past year" the twelve months to the reference
    count = (n.val if n else 1) * {"m": 1, "q": 3, "y": 12}[unit[0]]
    p = Period(pc.shifted(ch.ref.start, months=1 - count), ch.ref.end)
    return Val("months", p, note=f"“{{text}}” read as {{label}}, the {count} months to the latest month in the data.")


@rule("time", THE, item("num", test=lambda n: 1 < n <= 36), lit("months"), lit("to", "through", "ending", "until"), END)
def _months_to(ch, i, j, _t, n, _m, _to, last):
    v = pc.latest(last.val, ch.ref) if last.val.partial and ch.ref else last.val
    if v is None or v.period is None or v.grain != "month":
        return None  # "the 12 months to July 2025": twelve months ending with that month
    p = Period(pc.shifted(v.period.start, months=1 - n.val), v.period.end)
    return Val("months", p, note=READ if last.val.partial else v.note)


@rule("time", THE, MONTH, lit("quarter"))
def _quarter_to(ch, i, j, _t, month, _q):
    last = month.val.build(2000).period.end.month
    if last % 3:
        return None  # "the June quarter": the quarter a company's report names by its last month
    return pc.months_unit("quarter", last - 2, last)


@rule(
    "time",
    THE,
    alt(seq(opt(lit("financial", "fiscal")), lit("year")), lit("fy")),
    lit("to", "ending", "ended", "through"),
    END,
)
def _year_to(ch, i, j, _t, _y, _to, last):
    v = pc.latest(last.val, ch.ref) if last.val.partial and ch.ref else last.val
    if v is None or v.period is None or v.grain != "month":
        return None  # "the financial year to June 2025": the twelve months ending with that month
    p = Period(pc.shifted(v.period.start, months=-11), v.period.end)
    return Val("months", p, note=READ if last.val.partial else v.note)


YTD = alt(
    lit("ytd"),
    seq(lit("year"), opt(DASH), lit("to"), opt(DASH), lit("date")),
    seq(lit("so"), lit("far"), opt(lit("in")), lit("this"), lit("year")),
    seq(THE, opt(lit("this")), lit("year"), lit("so"), lit("far")),
)


@rule("ytd", YTD)
def _ytd_words(ch, i, j, _w):
    return True


@rule("time", item("ytd"))
def _ytd(ch, i, j, _w):
    if ch.ref is None:
        return None
    return Val("months", Period.months(ch.ref.end.year, 1, ch.ref.end.month), note=UP_TO)


@rule(
    "time",
    item("ytd"),
    opt(lit("through", "thru", "to", "until", "till", "up", "in", "for")),
    opt(lit("to")),
    item("time", test=lambda v: v.grain == "month" and v.role == "plain"),
)
def _ytd_through(ch, i, j, _w, _t, _to, month):
    v, note = month.val, ""
    if v.partial:
        v, note = (pc.latest(v, ch.ref) if ch.ref else None), READ
    if v is None or v.note:
        return None
    return Val("months", Period.months(v.period.start.year, 1, v.period.start.month), note=note)


@rule(
    "time",
    item("ytd"),
    gap(4),
    lit("through", "thru", "until", "till"),
    item("time", test=lambda v: v.grain == "month" and v.role == "plain"),
)
def _ytd_words_through(ch, i, j, ytd, _gap, _t, month):
    # the words between name what is counted: "year to date magnet exports through September"
    return _ytd_through(ch, i, j, ytd, None, None, month)


@rule("time", alt(seq(item("year"), item("ytd")), seq(item("ytd"), item("year"))))
def _year_ytd(ch, i, j, pair):
    year = next(x for x in pair if x.kind == "year")
    if ch.ref is None or year.val > ch.ref.end.year:
        return None
    note = f"“{{text}}” read as {{label}}, the same months as the year to {ch.ref.label}."
    return Val("months", Period.months(year.val, 1, ch.ref.end.month), note=note)


SEP = lit("to", "through", "thru", "until", "till", "-", "..")


@rule("time", opt(lit("from")), END, SEP, END)
def _range_to(ch, i, j, start_word, a, sep, b):
    if sep == "to" and not start_word and ch.comparing(i):
        return None  # "compare June to July 2025" names two months
    return _join(ch, i, j, a, b)


@rule("time", MONTH, SEP, MONTH, item("num", test=lambda n: n < 100))
def _months_short_year(ch, i, j, a, _sep, b, n):
    # "jun-dec 25": after a range of months a two-digit number is the year, not a day
    first, last = pc.month_index(a.val), pc.month_index(b.val)
    if last < first or len(ch.low(j - 1)) != 2:
        return None
    return pc.fixed(Period.months(2000 + n.val, first, last))


@rule("time", lit("between"), END, lit("and"), END)
def _range_between(ch, i, j, _b, a, _and, b):
    return _join(ch, i, j, a, b)


def _join(ch: Chart, i: int, j: int, a: Item, b: Item) -> Val | None:
    nearby = (it for k in range(max(0, i - 12), j) for it in ch.starting[k])
    for it in nearby:  # an end cut out of a longer period is no end: "July 2025 to June 2025"
        if it.kind == "time" and (it.i < i or it.j > j) and (_inside(a, it) or _inside(b, it)):
            return None
    return pc.join(a.val, b.val)


def _inside(part: Item, whole: Item) -> bool:
    return whole.i <= part.i and part.j <= whole.j and (whole.i, whole.j) != (part.i, part.j)


NOW = seq(SEP, THE, lit("now", "today", "present", "date"))


@rule("time", alt(lit("now", "today", "currently", "presently", "nowadays"), seq(lit("at"), lit("present"))))
def _now(ch, i, j, *_):
    # "the price now against the start of 2025": the latest month; "since 2023 until now" is a range's end
    if ch.ref is None or ch.low(i - 1) in ("until", "till", "to", "through", "thru", "-", "from", "since"):
        return None
    return pc.fixed(ch.ref, note=pc.LATEST)


@rule("time", alt(seq(lit("since"), THE, END), seq(lit("from"), END, alt(lit("onwards", "onward"), NOW))))
def _since(ch, i, j, words):
    if ch.ref is None:
        return None
    v = words[-1].val if words[0] == "since" else words[1].val
    # "was Nov 2025 the highest since January?": a dated period written before is the reference
    written = [it.val.period for it in ch.items if it.kind == "time" and it.j <= i and _dated(it.val)]
    ref = Period.month(written[-1].end.year, written[-1].end.month) if written and v.partial else ch.ref
    if v.partial:  # "since April": an April before the reference month, leaving months to count
        v = pc.latest(v, ref, before=pc.day_before(ref.start))
    if v is None or v.period.start > ref.end:
        return None
    grain = "day" if v.grain == "day" else "months"
    note = UP_TO if ref is ch.ref else "“{text}” read as {label}, up to the period written before it."
    return Val(grain, Period(v.period.start, ref.end), role="since", note=note)


def _dated(v: object) -> bool:
    return isinstance(v, Val) and v.period is not None and not v.note and not v.shift and v.role == "plain"


@rule(
    "time",
    THE,
    opt(SAME),
    alt(lit("a", "an", "one", "the"), item("num", test=lambda n: n in (1, 12))),
    lit("year", "month", "months", "quarter", "half"),
    EARLIER,
)
def _anaphora(ch, i, j, _t, same, n, unit, _e):
    count = n.val if isinstance(n, Item) else 1
    if (unit == "months") != (count == 12):
        return None
    months = 12 if unit == "months" else {"year": 12, "half": 6, "quarter": 3, "month": 1}[unit]
    return Val(_same_grain(same, months) if months in (1, 12) else unit, shift=months)


@rule("time", THE, SAME, opt(lit("of", "in")), THE, lit("last", "previous", "prior"), lit("year"))
def _same_last_year(ch, i, j, _t, same, *_):
    return Val(_same_grain(same, 12), shift=12)


@rule("time", THE, SAME, opt(lit("of", "in")), item("year"))
def _same_in_year(ch, i, j, _t, same, _of, year):
    return Val(_same_grain(same, 12), year=year.val)


@rule(
    "time", THE, lit("year"), opt(DASH), lit("earlier", "ago"), opt(lit("period", "month", "quarter", "half", "level"))
)
def _year_earlier_words(ch, i, j, *_):
    return Val("year", shift=12)


def _same_grain(same: tuple | None, months: int) -> str:
    unit = same[1] if same else ""
    return unit if unit in ("month", "quarter", "half") else ("year" if months == 12 else "month")


def short_year(ch: pc.Chart, digits: str) -> int | None:
    """Two digits as a recent year ("Dec 25", "10/25") when no year is written anywhere in the text.

    A day or a month needs its year from somewhere; a question that writes none means a month of
    one of the five years to the reference month, the way tables label columns.
    """
    if ch.ref is None or len(digits) != 2 or any(_names_year(t) for t in ch.toks):
        return None
    year = 2000 + int(digits)
    return year if ch.ref.end.year - 5 <= year <= ch.ref.end.year else None


def _names_year(t: pc.Tok) -> bool:
    four = t.kind == "num" and len(t.low) == 4 and t.low.isdigit() and 1900 <= int(t.low) <= 2099
    return four or t.kind in ("yy", "date", "code")
