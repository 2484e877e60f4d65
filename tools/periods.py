"""Periods: one type for every span the data and the questions name ("Jul 2025", "2025-01..2025-07").

A ``Period`` is an inclusive span of days. Month-based periods start on the first of a month and
end on the last day of a month; the data set writes them as ``YYYY-MM`` or ``YYYY-MM..YYYY-MM``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from dateutil.parser import parserinfo

from tools.errors import InvalidArgument

ACCEPTED_FORMS = (
    "July 2025, Jul 2025, 2025-07, H1 2025, Q1 2026, 2025, Jan–Jul 2025, 2025-01..2025-07, 10 April 2025, 2025-04-10"
)


@lru_cache(maxsize=1)
def _months() -> parserinfo:
    return parserinfo()


def month_number(word: str) -> int | None:
    """1-12 for any spelling of a month dateutil knows (July, Jul, Sep, Sept, September), else None."""
    return _months().month(word.strip().lower().rstrip("."))


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    """An inclusive span of days; most periods are whole months."""

    start: date
    end: date
    # "FY2025": a financial year that ends in the year. Its days are the calendar year's until a
    # document states the company's own year, which it then matches (see ``same_span``).
    fiscal: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidArgument(f"Period ends before it starts: {self.start} to {self.end}.")

    # -- construction -------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The whole calendar month."""
        return cls(date(year, month, 1), _last_day(year, month))

    @classmethod
    def months(cls, year: int, first: int, last: int, end_year: int | None = None) -> Period:
        """Whole months from ``first`` of ``year`` to ``last`` of ``end_year`` (default same)."""
        return cls(date(year, first, 1), _last_day(end_year or year, last))

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year."""
        return cls.months(year, 1, 12)

    @classmethod
    def day(cls, day: date) -> Period:
        """A single day."""
        return cls(day, day)

    # -- what kind of span --------------------------------------------------------------
    @property
    def whole_months(self) -> bool:
        """True when the span starts on a first and ends on a last day of a month."""
        return self.start.day == 1 and self.end == _last_day(self.end.year, self.end.month)

    @property
    def is_month(self) -> bool:
        """True for exactly one calendar month."""
        return self.whole_months and (self.start.year, self.start.month) == (
            self.end.year,
            self.end.month,
        )

    @property
    def kind(self) -> str:
        """One of month, quarter, half, year, months, day, days."""
        if not self.whole_months:
            return "day" if self.start == self.end else "days"
        n = self.month_count
        if n == 1:
            return "month"
        if self.start.year == self.end.year:
            first = self.start.month
            if n == 12:
                return "year"
            if n == 6 and first in (1, 7):
                return "half"
            if n == 3 and first in (1, 4, 7, 10):
                return "quarter"
        return "months"

    @property
    def month_count(self) -> int:
        """Number of calendar months touched by the span."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def month_list(self) -> list[Period]:
        """Every calendar month in the span, in order."""
        out = []
        year, month = self.start.year, self.start.month
        for _ in range(self.month_count):
            out.append(Period.month(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    # -- arithmetic -------------------------------------------------------------------
    def shift_months(self, n: int) -> Period:
        """The same span moved by ``n`` months (whole-month spans only)."""
        if not self.whole_months:
            return Period(_add_months(self.start, n), _add_months(self.end, n))

        def move(d: date) -> tuple[int, int]:
            index = d.year * 12 + d.month - 1 + n
            return index // 12, index % 12 + 1

        (y1, m1), (y2, m2) = move(self.start), move(self.end)
        return replace(Period.months(y1, m1, m2, end_year=y2), fiscal=self.fiscal)

    def same_span(self, other: Period) -> bool:
        """True for the same days, or for a financial year and a stated twelve months ending in its year."""
        if (self.start, self.end) == (other.start, other.end):
            return True
        fiscal, stated = (self, other) if self.fiscal else (other, self)
        return fiscal.fiscal and stated.whole_months and stated.month_count == 12 and stated.end.year == fiscal.end.year

    def previous(self) -> Period:
        """The span of the same length just before this one (for a month: the month before)."""
        return self.shift_months(-self.month_count) if self.whole_months else self

    def year_earlier(self) -> Period:
        """The same span one year earlier."""
        return self.shift_months(-12)

    def named_in(self, text: str) -> bool:
        """True when ``text`` names this period.

        A month by its month and year ("July 2025", "Jul. 2025"); a span of months within a year by
        one of its months and the year ("spring 2025" is not named by "25 September 2025"); a year
        or longer by its first year.
        """
        year = str(self.start.year)
        if not re.search(rf"\b{year}\b", text):
            return False
        if self.month_count >= 12 or not self.whole_months:
            return True
        months = {m.start.strftime("%b").lower() for m in self.month_list()}
        low = text.lower()
        return any(re.search(rf"\b{m}[a-z]*\.?[^.\d]{{0,12}}{year}\b", low) for m in months)

    def contains(self, other: Period) -> bool:
        """True when ``other`` lies inside this span."""
        return self.start <= other.start and other.end <= self.end

    # -- naming -------------------------------------------------------------------------
    @property
    def code(self) -> str:
        """The data set's spelling: 2025-07, 2025-01..2025-07, 2025-04-10."""
        if self.whole_months:
            first = f"{self.start.year:04d}-{self.start.month:02d}"
            if self.is_month:
                return first
            return f"{first}..{self.end.year:04d}-{self.end.month:02d}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """A reader's name: July 2025, H1 2025, Q1 2026, 2025, January–July 2025, 10 April 2025."""
        kind = self.kind
        s, e = self.start, self.end
        if self.fiscal:
            return f"FY{e.year}"
        if kind == "month":
            return f"{calendar.month_name[s.month]} {s.year}"
        if kind == "year":
            return str(s.year)
        if kind == "half":
            return f"H{1 if s.month == 1 else 2} {s.year}"
        if kind == "quarter":
            return f"Q{(s.month - 1) // 3 + 1} {s.year}"
        if kind == "months":
            if s.year == e.year:
                return f"{calendar.month_name[s.month]}–{calendar.month_name[e.month]} {s.year}"
            return f"{calendar.month_name[s.month]} {s.year}–{calendar.month_name[e.month]} {e.year}"
        if kind == "day":
            return f"{s.day} {calendar.month_name[s.month]} {s.year}"
        return f"{s.day} {calendar.month_name[s.month]} {s.year}–{e.day} {calendar.month_name[e.month]} {e.year}"

    @property
    def short_label(self) -> str:
        """A compact name for tables and charts: Jul 2025, H1 2025, Jan–Jul 2025."""
        if self.kind == "month":
            return f"{calendar.month_abbr[self.start.month]} {self.start.year}"
        if self.kind == "months" and self.start.year == self.end.year:
            s, e = self.start, self.end
            return f"{calendar.month_abbr[s.month]}–{calendar.month_abbr[e.month]} {s.year}"
        return self.label

    def __str__(self) -> str:
        return self.label


def _add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


_FISCAL_CODE = re.compile(r"FY(\d{4})")  # how a stated figure of a financial year keeps it
_CODE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?:\.\.(\d{4})-(\d{2})(?:-(\d{2}))?)?")


def parse_period(text: str | Period) -> Period:
    """Parse a period as people write it; raise ``InvalidArgument`` listing the accepted forms.

    The data set's codes ("2025-07", "2025-01..2025-07", "2025-04-10") are read here; every other
    spelling goes through the period grammar in ``tools.period_words``.
    Example: "Jan–Jul 2025" -> Period(2025-01-01, 2025-07-31).
    """
    if isinstance(text, Period):
        return text
    if not isinstance(text, str):
        raise InvalidArgument(f"A period must be text such as {ACCEPTED_FORMS}; got {text!r}.")
    if fiscal := _FISCAL_CODE.fullmatch(text.strip()):
        return replace(Period.year(int(fiscal.group(1))), fiscal=True)
    match = _CODE.fullmatch(text.strip())
    if match and (match.group(3) is None) == (match.group(6) is None):
        try:
            return _from_code(match.groups())
        except ValueError as err:  # e.g. month 13, 31 February
            raise InvalidArgument(f"{text!r} is not a valid period: {err}.") from None
    # the grammar builds on Period, so it is imported when first needed, not at the top
    from tools.period_words import parse_written

    return parse_written(text)


def _from_code(g: tuple[str | None, ...]) -> Period:
    y1, m1, y2, m2 = (int(x) if x else 0 for x in (g[0], g[1], g[3], g[4]))
    if g[2] is not None:
        first = date(y1, m1, int(g[2]))
        return Period(first, date(y2, m2, int(g[5] or 0)) if g[3] else first)
    return Period.months(y1, m1, m2, end_year=y2) if g[3] else Period.month(y1, m1)


def year_to_date(month: Period) -> Period:
    """January to the given month of the same year."""
    return Period.months(month.start.year, 1, month.end.month)
