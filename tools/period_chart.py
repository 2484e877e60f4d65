"""The period grammar's machinery: tokens, typed time values, the chart the rules fill.

The text is cut into tokens and every token that names something (a month, a year, "Q4", "H1",
an ISO code, a number) is put on a chart as a typed item (``periods`` does that first step).
Each rule matches a sequence of tokens and chart items and adds a new item spanning them; rules
run until nothing new appears, so "the second half of 2025" is ``second half`` (a half with no
year) composed with ``of 2025``.
The rules themselves are in ``period_rules``; ``periods`` picks the longest items and resolves
what is still relative.

A *partial* value has no year yet ("July", "Q4", "first half", "Jan–Jul"): its ``build`` gives
the value in a given year, the year its end falls in. Rules that need the reference month (the
latest month in the data) do nothing when the chart has none, so a chart without one reads
only absolute periods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tools.periods import Period

# Grammar words: counts and ordinals the rules take; words after a number that make it a quantity.
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
NUMBER_WORDS = {w: n for n, w in enumerate(_COUNTS, 1)}
ORDINAL_WORDS = {w: n for n, w in enumerate(_ORDINALS, 1)}
UNITS = frozenset(
    {"t", "tonnes", "tonne", "tons", "ton", "kg", "kgs", "mt", "%", "percent", "pct", "per", "usd", "dollars"}
    | {"yuan", "rmb", "million", "bn", "x", "times"}
)
WEAK_MONTHS = frozenset({"may", "march", "mar"})  # also verbs: a month only where the words around say so
COMPARING = frozenset({"compare", "compared", "comparing", "comparison", "versus", "vs"})

READ = "“{text}” read as {label}."
LATEST = "“{text}” read as {label}, the latest month in the data."
SHORT_YEAR = "“{text}” read as {label}, the two digits being the year (a day is written with its year)."
UP_TO = "“{text}” read as {label}, up to the latest month in the data."

_TOKEN = re.compile(
    r"(?P<code>\d{4}-\d{1,2}(?:-\d{1,2})?\s*\.\.\s*\d{4}-\d{1,2}(?:-\d{1,2})?)"
    r"|(?P<date>\d{4}[-/]\d{1,2}(?:[-/]\d{1,2})?(?![\d/]|-\d)|\d{1,2}/(?:\d{1,2}/)?\d{4}(?![\d/]))"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:[.,/:]\d+)*(?![a-z\d]))"
    r"|(?P<alnum>[a-z]*\d[a-z\d]*)"
    r"|(?P<yy>['’‘]\d\d(?!\d))"
    r"|(?P<word>(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.(?=\s*['’‘\d])|[a-z]+)"
    r"|(?P<dash>\.\.|[-–—‐‑−])"
    r"|(?P<punct>\S)",
    re.I,
)


@dataclass(frozen=True)
class Tok:
    """One token: its kind, lower-case form (every dash is "-"), and character span."""

    kind: str
    low: str
    start: int
    end: int


# Short forms of the unit words, read as the words themselves ("the yr before").
_SHORT_UNITS = {"yr": "year", "yrs": "years", "mth": "month", "mths": "months", "qtr": "quarter", "qtrs": "quarters"}


def tokenize(text: str) -> list[Tok]:
    """Tokens of ``text``; "5,577" and "3.5" stay one number token, "4/10/2025" one date token."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        low = m.group(0).lower().rstrip(".") if kind == "word" else m.group(0).lower()
        low = _SHORT_UNITS.get(low, low) if kind == "word" else low
        out.append(Tok(kind, "-" if kind == "dash" and low != ".." else low, m.start(), m.end()))
    return out


@dataclass(frozen=True)
class Val:
    """A time value: absolute (``period``), partial (``build``), or anaphoric (``shift``)."""

    grain: str
    period: Period | None = None
    build: Callable[[int], Val] | None = field(default=None, compare=False, repr=False)
    role: str = "plain"
    parts: tuple[Period, ...] = ()
    note: str = ""  # a template with {text} and {label}
    weak: bool = False  # a bare "may"/"march", kept only where the words around make it a month
    shift: int = 0  # anaphora: months back from the period written before it
    year: int = 0  # anaphora: "the same period of 2024" is the period written before it, moved into 2024
    fallback: bool = False  # "previous month": anaphora after a written period, else ``period`` as is

    @property
    def partial(self) -> bool:
        """True while the value still needs a year."""
        return self.period is None and self.build is not None


def grain_of(period: Period) -> str:
    """The grain of an absolute span: day, month, quarter, half, year or months."""
    return {"days": "day", "day": "day"}.get(period.kind, period.kind)


def fixed(period: Period, **kw: object) -> Val:
    """An absolute value with the grain of its span."""
    return Val(grain_of(period), period, **kw)  # type: ignore[arg-type]


FISCAL = (
    "“{{text}}” read as the financial year ending in {year}: the twelve months a document states for it, "
    "else the calendar year."
)


def years_span(first: int, last: int) -> Val:
    """Years written as a span: "2020-23" is four calendar years; "2023-24", two years running, a financial year."""
    if last == first + 1:
        return fixed(replace(Period.year(last), fiscal=True), note=FISCAL.format(year=last))
    return fixed(Period(Period.year(first).start, Period.year(last).end))


def months_unit(grain: str, first: int, last: int) -> Val:
    """A partial span of whole months in one year: a month, quarter, half, or "first N months"."""
    return Val(grain, build=lambda y: Val(grain, Period.months(y, first, last)))


def partial_day(month: int, day: int) -> Val:
    """A day with no year yet: "10 April"."""
    return Val("day", build=lambda y: Val("day", Period.day(date(y, month, day))))


def in_year(v: Val, year: int, errors: list[str] | None = None) -> Val | None:
    """The partial value in ``year`` (None if that date does not exist, e.g. 29 February 2025)."""
    try:
        return v.build(year) if v.build else None
    except ValueError as err:  # InvalidArgument included
        if errors is not None:
            errors.append(str(err))
        return None


def latest(v: Val, ref: Period, before: date | None = None) -> Val | None:
    """The most recent occurrence of a partial value ending by the reference month (or ``before``)."""
    limit = before or ref.end
    for year in range(ref.end.year, ref.end.year - 9, -1):
        found = in_year(v, year)
        if found and found.period and found.period.end <= limit:
            return found
    return None


def month_index(v: Val) -> int:
    """The month number of a partial month value."""
    return in_year(v, 2000).period.start.month  # type: ignore[union-attr]


def year_of(text: str) -> int:
    """A written year: "2025", or "25" for 2025."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def unit_val(kind: str, n: int) -> Val:
    """The n-th quarter or half of a year, as a partial value."""
    size = 3 if kind.startswith("quarter") else 6
    return months_unit(kind.split("_")[0], size * n - size + 1, size * n)


# -- the chart -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """A typed item on the chart covering tokens i..j-1."""

    i: int
    j: int
    kind: str  # time, year, relyear, num, ord, ytd
    val: object


class Chart:
    """Tokens, the items found over them, and the reference months (None: absolute periods only).

    ``ref`` is the series' latest month ("last month"), ``present`` the data set's ("last year").
    """

    def __init__(self, text: str, ref: Period | None, present: Period | None = None) -> None:
        self.text, self.ref, self.present = text, ref, present or ref
        self.toks = tokenize(text)
        self.starting: list[list[Item]] = [[] for _ in range(len(self.toks) + 1)]
        self.items: list[Item] = []
        self.errors: list[str] = []
        self.seen: set[tuple[int, int, str]] = set()

    def add(self, i: int, j: int, kind: str, val: object, key: str) -> None:
        """Put an item on the chart unless this rule already made one over the same tokens."""
        if (i, j, key) not in self.seen:
            self.seen.add((i, j, key))
            item = Item(i, j, kind, val)
            self.items.append(item)
            self.starting[i].append(item)

    def low(self, k: int) -> str:
        """The lower-case token at k, or "" outside the text."""
        return self.toks[k].low if 0 <= k < len(self.toks) else ""

    def words(self, i: int, j: int) -> str:
        """The text covered by tokens i..j-1."""
        return self.text[self.toks[i].start : self.toks[j - 1].end]

    def comparing(self, i: int) -> bool:
        """True when a comparison word comes earlier in the sentence ("compare June to July")."""
        for k in range(i - 1, -1, -1):
            if self.toks[k].low in {".", "?", "!", ";"}:
                return False
            if self.toks[k].low in COMPARING:
                return True
        return False


# -- patterns: each yields (end position, matched value) ----------------------------------------
Matcher = Callable[[Chart, int], Iterator[tuple[int, object]]]


_GRAMMAR_WORDS: set[str] = set()  # every word a pattern names: a match can start only at one, or at an item


def lit(*words: str) -> Matcher:
    """One token written as one of ``words``."""
    wanted = frozenset(words)
    _GRAMMAR_WORDS.update(wanted)

    def match(ch: Chart, pos: int) -> Iterator[tuple[int, object]]:
        if ch.low(pos) in wanted:
            yield pos + 1, ch.low(pos)

    return match


def item(*kinds: str, test: Callable[[object], bool] | None = None) -> Matcher:
    """A chart item of one of ``kinds`` whose value passes ``test``."""

    def match(ch: Chart, pos: int) -> Iterator[tuple[int, object]]:
        for it in tuple(ch.starting[pos]) if pos < len(ch.starting) else ():
            if it.kind in kinds and (test is None or test(it.val)):
                yield it.j, it

    return match


def opt(m: Matcher) -> Matcher:
    """``m`` or nothing (None)."""

    def match(ch: Chart, pos: int) -> Iterator[tuple[int, object]]:
        yield from m(ch, pos)
        yield pos, None

    return match


def gap(most: int) -> Matcher:
    """Up to ``most`` tokens of any kind ("year to date [magnet exports] through September")."""

    def match(ch: Chart, pos: int) -> Iterator[tuple[int, object]]:
        for end in range(pos, min(pos + most, len(ch.starting) - 1) + 1):
            yield end, None

    return match


def seq(*ms: Matcher) -> Matcher:
    """``ms`` one after another; the value is the tuple of their values."""
    if not ms:
        return lambda ch, pos: iter([(pos, ())])
    head, tail = ms[0], seq(*ms[1:])

    def match(ch: Chart, pos: int) -> Iterator[tuple[int, object]]:
        for mid, first in head(ch, pos):
            for end, rest in tail(ch, mid):
                yield end, (first, *rest)  # type: ignore[misc]

    return match


def alt(*ms: Matcher) -> Matcher:
    """Any one of ``ms``."""

    def match(ch: Chart, pos: int) -> Iterator[tuple[int, object]]:
        for m in ms:
            yield from m(ch, pos)

    return match


@dataclass(frozen=True)
class Rule:
    """A pattern and what it produces: ``action(chart, i, j, *values)`` returns a value or None."""

    name: str
    kind: str
    pattern: Matcher
    action: Callable[..., object]


def rule(
    registry: list[Rule], kind: str, *pattern: Matcher
) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Register a rule producing items of ``kind`` in ``registry``; rules are tried in that order."""

    def register(action: Callable[..., object]) -> Callable[..., object]:
        registry.append(Rule(action.__name__, kind, seq(*pattern), action))
        return action

    return register


def saturate(ch: Chart, rules: tuple[Rule, ...], rounds: int = 6) -> None:
    """Apply every rule everywhere until no new item appears."""
    for _ in range(rounds):
        before = len(ch.items)
        starts = [i for i, t in enumerate(ch.toks) if ch.starting[i] or t.low in _GRAMMAR_WORDS]
        for r in rules:
            for i in starts:
                for j, values in list(r.pattern(ch, i)):
                    if j > i and (i, j, r.name) not in ch.seen:
                        val = r.action(ch, i, j, *values)  # type: ignore[misc]
                        if val is not None:
                            ch.add(i, j, r.kind, val, r.name)
        if len(ch.items) == before:
            return


def shifted(d: date, **delta: int) -> date:
    """``d`` moved by a relativedelta (months clip to the month's end)."""
    return d + relativedelta(**delta)  # type: ignore[arg-type]


def day_before(d: date) -> date:
    """The day before ``d``."""
    return d - timedelta(days=1)


def relative(v: Val | None, note: str = READ) -> Val | None:
    """``v`` marked as read against the reference month."""
    return replace(v, note=note) if v else None


# -- composing values ----------------------------------------------------------------------------
def unit_at(ref: Period, n: int, complete: bool) -> Period:
    """The latest complete n-month calendar unit up to ref, or the one holding ref up to ref."""
    index = ref.end.year * 12 + ref.end.month - 1
    last = index - ((index % 12) + 1) % n if complete else index
    first = last - n + 1 if complete else index - (index % 12) % n
    return Period.months(first // 12, first % 12 + 1, last % 12 + 1, end_year=last // 12)


def span(a: Val, b: Val) -> Val | None:
    """The range from a's start to b's end, with both ends kept; None if b ends before a starts."""
    pa, pb = a.period, b.period
    if pa is None or pb is None or pb.end < pa.start or pa == pb:
        return None
    grain = "day" if a.grain == b.grain == "day" else "months"
    return Val(grain, Period(pa.start, pb.end), role="range", parts=(pa, pb))


def join(a: Val, b: Val) -> Val | None:
    """Two written ends as one range; a bare end takes its year from the other ("Nov–Feb 2026")."""
    if a.partial and b.partial:
        return Val("months", build=lambda y: _joined(a, b, y), role="range")
    if a.partial and b.period:
        y = b.period.start.year
        start = in_year(a, y)
        if start and start.period and start.period.start > b.period.start:
            start = in_year(a, y - 1)
        return span(start, b) if start else None
    if b.partial and a.period:
        y = a.period.end.year
        end = in_year(b, y)
        if end and end.period and end.period.end < a.period.start:
            end = in_year(b, y + 1)
        return span(a, end) if end else None
    return span(a, b)


def _joined(a: Val, b: Val, year: int) -> Val:
    end = in_year(b, year)
    joined = join(a, end) if end else None
    if joined is None:
        raise ValueError("a range that ends before it starts")
    return joined
