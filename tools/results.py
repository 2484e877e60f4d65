"""Typed results of the figure tools, each carrying its provenance.

Every number a tool returns is a ``Figure``: its value and unit, the period and partner, whether
it was reported by a source or computed by us (and then the formula), the sources behind it and
the data rows it rests on. A tool that cannot answer returns ``NoData`` naming the gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from tools.commodities import commodity_label
from tools.partners import partner_name
from tools.periods import Period
from tools.units import SCALE_WORDS

Origin = Literal["reported", "computed", "stated"]  # "stated": read from a document's text, not the data set


@dataclass(frozen=True)
class Row:
    """One data row a figure rests on."""

    commodity: str
    flow: str
    partner: str
    period: str
    measure: str
    basis: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    source_id: str
    flag: str = ""
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A number with its provenance."""

    label: str
    value: float | None
    unit: str
    period: Period
    partner: str
    commodity: str
    measure: str
    origin: Origin
    sources: tuple[str, ...]
    formula: str = ""
    low: float | None = None
    high: float | None = None
    decimals: int = 0
    rows: tuple[Row, ...] = ()
    flag: str = ""
    note: str = ""
    base: Period | None = None  # for a change: the period it is on
    scale: float = 1.0  # read in thousands, millions or billions of its unit ("$12.35 million")

    @property
    def is_range(self) -> bool:
        """True when the figure is a reported range rather than one number."""
        return self.value is None and self.low is not None and self.high is not None

    @property
    def mid(self) -> float | None:
        """The value, or a range's midpoint."""
        return (self.low + self.high) / 2 if self.is_range else self.value  # type: ignore[operator]

    def midpoint(self) -> Figure:
        """A range as the one figure of its midpoint, with the decimal it may need ($91–94/kg: $92.5/kg)."""
        if not self.is_range:
            return self
        mid, places = self.mid or 0.0, self.decimals
        places += round(mid, places) != mid
        return replace(
            self,
            value=mid,
            low=None,
            high=None,
            origin="computed",
            decimals=places,
            formula=f"midpoint of {self.display}",
        )

    @property
    def display(self) -> str:
        """The number as it should be read: 5,577 t; +74.9%; $700–1,000/kg."""
        if self.is_range:
            low = format_number(self.low, self.decimals, self.unit)
            high = format_number(self.high, self.decimals, self.unit, bare=True)
            return f"{low}–{high}{unit_suffix(self.unit)}"
        if self.value is None:
            return "n/a"
        if self.measure == "change_pct":
            return format_pct(self.value, self.decimals)
        if self.scale != 1.0:
            scaled = format_number(self.value / self.scale, self.decimals, self.unit)
            return f"{scaled} {SCALE_WORDS[self.scale]}{unit_suffix(self.unit)}"
        return f"{format_number(self.value, self.decimals, self.unit)}{unit_suffix(self.unit)}"

    @property
    def partner_name(self) -> str:
        """Display name of the partner."""
        return partner_name(self.partner)

    @property
    def commodity_label(self) -> str:
        """Display name of the commodity."""
        return commodity_label(self.commodity)


@dataclass(frozen=True)
class NoData:
    """A structured "no figure": what was asked, which periods are missing, and what covers them."""

    tool: str
    what: str
    missing: tuple[Period, ...] = ()
    covering: tuple[Figure, ...] = ()
    reason: str = ""
    within: tuple[Figure, ...] = ()  # reported for part of the period: what can be offered instead
    latest: tuple[Figure, ...] = ()  # a period after the data ends: the latest one as long

    @property
    def message(self) -> str:
        """One plain sentence naming the gap and any reported aggregate covering it."""
        text = self.reason or f"No figure for {self.what}."
        if self.missing:
            names = ", ".join(p.label for p in self.missing[:4])
            if len(self.missing) > 4:
                names += f" and {len(self.missing) - 4} more"
            text = f"{text} Missing: {names}."
        if self.covering:
            cover = "; ".join(f"{f.period.label}: {f.display}" for f in self.covering)
            text = f"{text} Reported aggregates covering it: {cover}."
        if self.within:
            part = "; ".join(f"{f.period.label}: {f.display}" for f in self.within)
            text = f"{text} Reported for part of it: {part}."
        if self.latest:
            part = "; ".join(f"{f.period.label}: {f.display}" for f in self.latest)
            text = f"{text} The latest period as long: {part}."
        return text

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The covering and partial aggregates (the only numbers a NoData holds)."""
        return (*self.covering, *self.within, *self.latest)

    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ValueResult:
    """The figure for one period: the headline, the computed and reported versions, conflicts."""

    tool: str
    figure: Figure
    computed: Figure | None = None
    reported: Figure | None = None
    alternatives: tuple[Figure, ...] = ()
    reported_changes: tuple[Figure, ...] = ()
    months_used: tuple[Period, ...] = ()
    missing: tuple[Period, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result, headline first."""
        seen = [self.figure]
        for f in (self.computed, self.reported, *self.alternatives, *self.reported_changes):
            if f is not None and f not in seen:
                seen.append(f)
        return tuple(seen)


@dataclass(frozen=True)
class ChangeResult:
    """A change between two periods: both values, the computed change and any reported one."""

    tool: str
    basis: str
    current: ValueResult | None
    base: ValueResult | None
    change_pct: Figure | None
    change_abs: Figure | None
    reported_pct: Figure | None
    missing: tuple[Period, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def pct(self) -> Figure | None:
        """The change to lead with: computed where possible, else as reported."""
        return self.change_pct or self.reported_pct

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        out: list[Figure] = []
        for part in (self.current, self.base):
            if part is not None:
                out.extend(f for f in part.figures if f.measure != "change_pct")
        out.extend(f for f in (self.change_pct, self.change_abs, self.reported_pct) if f)
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class TotalResult:
    """A total over a span (year to date, half, quarter, year) and its change on a year earlier."""

    tool: str
    total: ValueResult
    change: ChangeResult | NoData
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        return tuple(dict.fromkeys((*self.total.figures, *self.change.figures)))


@dataclass(frozen=True)
class RankEntry:
    """One partner's place in a ranking."""

    rank: int
    partner: str
    figure: Figure
    share: Figure | None
    reported_rank: int | None = None


@dataclass(frozen=True)
class RankingResult:
    """Destinations ordered by volume, with shares of China's total."""

    tool: str
    period: Period
    commodity: str
    entries: tuple[RankEntry, ...]
    total: Figure | None
    reported_order: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    with_figures: int = 0  # destinations with a figure; the entries are the top of them

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        out = [e.figure for e in self.entries] + [e.share for e in self.entries if e.share]
        if self.total:
            out.append(self.total)
        return tuple(out)


@dataclass(frozen=True)
class ShareResult:
    """A partner's share of China's total."""

    tool: str
    part: Figure | None
    total: Figure | None
    share: Figure
    reported_share: Figure | None = None
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        return tuple(f for f in (self.share, self.part, self.total, self.reported_share) if f)


@dataclass(frozen=True)
class ExtremeResult:
    """Whether a month is the highest or lowest since some earlier month."""

    tool: str
    which: Literal["highest", "lowest"]
    figure: Figure
    since: Figure | None
    compared: tuple[Figure, ...]
    gaps: tuple[Period, ...]
    warnings: tuple[str, ...] = ()

    @property
    def statement(self) -> str:
        """The claim in words, e.g. "the highest since January 2025"."""
        if self.since is None:
            first = self.compared[-1].period.label if self.compared else self.figure.period.label
            return f"the {self.which} in the data (which starts in {first})"
        return f"the {self.which} since {self.since.period.label}"

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        return tuple(f for f in (self.figure, self.since) if f)

    def holds_from(self, start: date) -> bool | None:
        """Whether the month beats every reported month from ``start`` on; None if the data start later."""
        if self.since is None:
            first = self.compared[-1].period.start if self.compared else self.figure.period.start
            return True if first <= start else None
        return not isinstance(self, NotExtremeResult) and self.since.period.start < start


@dataclass(frozen=True)
class NotExtremeResult(ExtremeResult):
    """A month that is no high (or low): ``since``, the latest earlier reported month, is above (below) or level."""

    @property
    def statement(self) -> str:
        """The finding in words, e.g. "lower than July 2025" or "level with July 2025"."""
        label = self.since.period.label if self.since else self.figure.period.label
        if self.since is not None and self.since.value == self.figure.value:
            return f"level with {label}"
        return f"{'lower' if self.which == 'highest' else 'higher'} than {label}"


@dataclass(frozen=True)
class TiedExtremeResult(ExtremeResult):
    """A month level with ``since`` and above (below) every reported month in between."""

    @property
    def statement(self) -> str:
        """The finding in words, e.g. "level with March 2025 and higher than every reported month in between"."""
        label = self.since.period.label if self.since else self.figure.period.label
        word = "higher" if self.which == "highest" else "lower"
        return f"level with {label} and {word} than every reported month in between"


@dataclass(frozen=True)
class ChangeExtremeResult:
    """The month with the largest (or smallest) change in a window, and how many months had one."""

    tool: str
    best: ChangeResult
    which: str
    basis: str
    ranked: int  # months with a change that could be given
    months: int  # months in the window
    window: Period
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The winning month's figures."""
        return self.best.figures


@dataclass(frozen=True)
class TrendResult:
    """A series over a window: start, end, low, high, average and the months missing."""

    tool: str
    points: tuple[Figure, ...]
    start: Figure
    end: Figure
    minimum: Figure
    maximum: Figure
    average: Figure
    change_pct: Figure | None
    missing: tuple[Period, ...]
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result (the summary first, then the points)."""
        head = [self.start, self.end, self.minimum, self.maximum, self.average]
        if self.change_pct:
            head.append(self.change_pct)
        return tuple(dict.fromkeys((*head, *self.points)))


@dataclass(frozen=True)
class PriceChangeResult:
    """A price move over a window; ranges are compared bound by bound and by midpoint."""

    tool: str
    first: Figure
    last: Figure
    change_pct: Figure | None
    change_low_pct: Figure | None
    change_high_pct: Figure | None
    reported_changes: tuple[Figure, ...] = ()
    warnings: tuple[str, ...] = ()
    quotes: tuple[Figure, ...] = ()  # every quote of the window, one a day, oldest first
    moved: Figure | None = None  # the same move in the quote's unit, midpoint to midpoint

    @property
    def between(self) -> dict[str, Figure]:
        """The highest and the lowest quote (by midpoint), each when it lies beyond both the first and the last."""
        priced = [q for q in self.quotes if q.mid is not None]
        ends = [q.mid for q in (self.first, self.last) if q.mid is not None]
        if not priced or len(ends) < 2:
            return {}
        top = max(priced, key=lambda q: q.mid or 0.0)
        bottom = min(priced, key=lambda q: q.mid or 0.0)
        found = {"highest": top if (top.mid or 0.0) > max(ends) else None}
        found["lowest"] = bottom if (bottom.mid or 0.0) < min(ends) else None
        return {which: q for which, q in found.items() if q is not None}

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        parts = (
            self.first,
            self.last,
            self.change_pct,
            self.change_low_pct,
            self.change_high_pct,
            self.moved,
            *self.reported_changes,
            *self.between.values(),
        )
        return tuple(f for f in parts if f)


@dataclass(frozen=True)
class Event:
    """A policy or trade event."""

    date: Period
    kind: str
    event: str
    elements: tuple[str, ...]
    source_id: str
    flag: str = ""


@dataclass(frozen=True)
class EventsResult:
    """Events in a window, oldest first."""

    tool: str
    window: Period
    events: tuple[Event, ...]
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Events carry no figures."""
        return ()


@dataclass(frozen=True)
class ControlRow:
    """One item under one export-control measure, with its status on the date asked."""

    measure: str
    short_name: str
    announced: date
    effective: date | None
    item: str
    item_kind: str
    status: str  # as recorded: in_force, suspended or lifted
    status_from: date | None
    status_until: date | None
    status_by: str
    sources: tuple[str, ...]
    status_on: str  # on the date asked: not_announced, announced, in_force, suspended, lifted, unknown
    flag: str = ""
    note: str = ""
    note_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ControlsResult:
    """Export-control measures and their items, with each item's status on one date."""

    tool: str
    on: date
    rows: tuple[ControlRow, ...]
    element: str | None = None
    measures: tuple[str, ...] = ()
    checked_sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Controls carry no figures."""
        return ()

    @property
    def covered(self) -> bool:
        """True when some listed measure covers what was asked (whatever its status on the date)."""
        return bool(self.rows)

    @property
    def in_force(self) -> tuple[ControlRow, ...]:
        """The rows in force on the date."""
        return tuple(r for r in self.rows if r.status_on == "in_force")

    @property
    def suspended(self) -> bool:
        """True when a matched row is suspended on the date."""
        return any(r.status_on == "suspended" for r in self.rows)

    def lines(self, source_names: dict[str, str]) -> list[str]:
        """Plain sentences for an answer, each naming its source (``source_names``: id -> publisher)."""
        from tools.controls import control_lines  # tools.controls imports this module

        return control_lines(self, source_names)


@dataclass(frozen=True)
class ComparisonResult:
    """Several partners side by side for one period."""

    tool: str
    period: Period
    entries: tuple[ValueResult | NoData, ...]
    shares: tuple[Figure | None, ...]
    total: Figure | None
    warnings: tuple[str, ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in the result."""
        out: list[Figure] = []
        for entry in self.entries:
            out.extend(entry.figures)
        out.extend(s for s in self.shares if s)
        return tuple(out)


ToolResult = (
    ValueResult
    | ChangeResult
    | TotalResult
    | RankingResult
    | ShareResult
    | ExtremeResult
    | TrendResult
    | PriceChangeResult
    | EventsResult
    | ComparisonResult
    | ControlsResult
    | NoData
)


# -- number formatting: one place so every surface shows numbers the same way -------------
_CURRENCY = {"USD": "$", "USD/t": "$", "USD/kg": "$"}


def unit_suffix(unit: str) -> str:
    """The text after a number: " t", "/kg", " yuan/t", "%"."""
    return {
        "t": " t",
        "kg": " kg",
        "USD": "",
        "USD/t": "/t",
        "USD/kg": "/kg",
        "CNY": " yuan",
        "CNY/t": " yuan/t",
        "CNY/kg": " yuan/kg",
        "pct": "%",
        "pp": " percentage points",
        "rank": "",
    }.get(unit, "" if unit.endswith("$") else f" {unit}")


def format_number(value: float | None, decimals: int, unit: str = "", *, bare: bool = False) -> str:
    """5577 -> "5,577"; with a dollar unit "$5,577" (``bare`` drops the currency sign)."""
    if value is None:
        return "n/a"
    text = f"{value:,.{decimals}f}"
    sign = _CURRENCY.get(unit) or (unit if unit.endswith("$") else "")  # "A$556.5", as documents write it
    if sign and not bare:
        return f"-{sign}{text[1:]}" if value < 0 else f"{sign}{text}"
    return text


def format_pct(value: float, decimals: int = 1) -> str:
    """74.94 -> "+74.9%"; -15 -> "−15.0%" with ``decimals``=1."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{abs(value):,.{decimals}f}%"
