"""The reading check, run before anything is computed.

Every name in the question is used or said to be missing, compared periods have equal length,
and a question about another country's own trade is told what the data covers instead of
getting China's figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.reading.query import CHINA, Query
from tools.partners import WORLD, is_company, partner_name
from tools.periods import Period


@dataclass(frozen=True)
class Coverage:
    """What the data holds: per (commodity, flow), its months and partners."""

    first: dict[tuple[str, str], Period] = field(default_factory=dict)
    latest: dict[tuple[str, str], Period] = field(default_factory=dict)
    partners: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    last: dict[tuple[str, str], Period] = field(default_factory=dict)  # the latest month any figure reaches

    def latest_month(self, commodity: str, flow: str = "export") -> Period:
        """The latest month of the series (of the magnet series when it has none)."""
        return (
            self.latest.get((commodity, flow))
            or self.latest.get((commodity, "export"))
            or self.latest.get((commodity, "import"))
            or self.latest.get((commodity, "price"))
            or self.latest.get(("magnets", "export"))
            or max(self.latest.values())  # a commodity with no series: the data's latest month
        )

    @property
    def present(self) -> Period:
        """The latest month of the whole data set: "now" for calendar words like "last year"."""
        return max(self.latest.values())

    def knows(self, commodity: str) -> bool:
        """True when any series of the commodity is in the data."""
        return any(c == commodity for c, _ in self.latest)


def coverage_of(rows: Iterable[tuple[str, str, str, Period]]) -> Coverage:
    """Coverage from (commodity, flow, partner, period) rows of the data set."""
    first: dict[tuple[str, str], Period] = {}
    latest: dict[tuple[str, str], Period] = {}
    partners: dict[tuple[str, str], set[str]] = {}
    spans: dict[tuple[str, str], Period] = {}
    for commodity, flow, partner, period in rows:
        key = (commodity, flow)
        start = Period.month(period.start.year, period.start.month)
        end = Period.month(period.end.year, period.end.month)
        if key not in first or start < first[key]:
            first[key] = start
        # the latest month is the latest single month (or day) reported; a later aggregate
        # ("January-February") does not make its last month one that can be asked alone
        target = latest if period.is_month or not period.whole_months else spans
        if key not in target or end > target[key]:
            target[key] = end
        partners.setdefault(key, set()).add(partner)
    last = {key: max(end, latest.get(key, end)) for key, end in spans.items()}
    for key, end in spans.items():
        latest.setdefault(key, end)
    return Coverage(first, latest, {k: frozenset(v) for k, v in partners.items()}, {**latest, **last})


def _period_name(period: Period) -> str:
    return str(period.start.year) if period.kind == "year" else period.code


def check(query: Query, coverage: Coverage) -> Query:
    """The query with what the data lacks named in ``missing`` and notes in ``assumptions``."""
    if query.stated:
        # "US reserves", "China's mine output": whoever the measure is of is its subject, not a trade's reporter
        subjects = (*query.partners, *((query.reporter,) if query.reporter != CHINA else ()))
        return comparable(query.but(reporter=CHINA, partners=tuple(dict.fromkeys(subjects))))
    if query.reporter == CHINA and query.measure != "price" and CHINA in query.partners:
        # "China's magnet exports": the owner of the trade, never its destination
        query = query.but(partners=tuple(p for p in query.partners if p != CHINA))
    missing = list(query.missing)
    notes = list(query.assumptions)
    flow = "price" if query.measure == "price" else query.flow
    key = (query.commodity, flow)
    if query.reporter != CHINA:
        missing.append(f"reporter:{query.reporter}")
        notes.append(
            f"The data set holds China's own trade only: it has no figures reported by {partner_name(query.reporter)}."
        )
    for partner in query.partners:
        if is_company(partner):  # a company the documents name: no trade partner
            missing.append(f"partner:{partner}")
    if query.is_figure and not coverage.knows(query.commodity) and f"commodity:{query.commodity}" not in missing:
        missing.append(f"commodity:{query.commodity}")
    elif query.is_figure and key in coverage.latest:
        have = coverage.partners.get(key, frozenset())
        for partner in query.partners:
            if partner not in have and partner != WORLD and query.ask != "rank":
                missing.append(f"partner:{partner}")
        reach = coverage.last.get(key, coverage.latest[key])
        for period in query.periods:
            if period.end < coverage.first[key].start or period.start > reach.end:
                missing.append(f"period:{_period_name(period)}")
    query = query.but(missing=tuple(dict.fromkeys(missing)), assumptions=tuple(dict.fromkeys(notes)))
    return comparable(query)


def same_months(periods: list[Period]) -> tuple[list[Period], list[str]]:
    """A bare year compared with part of another year, as the same months of it, and the notes saying so."""
    part = next((p for p in periods if p.whole_months and p.kind != "year" and p.start.year == p.end.year), None)
    out, notes = list(periods), []
    for k, p in enumerate(periods):
        if part is not None and p.kind == "year" and p.start.year != part.start.year:
            out[k] = part.shift_months(12 * (p.start.year - part.start.year))
            notes.append(f"“{p.label}” read as {out[k].label}, the same months as {part.label}.")
    return out, notes


def comparable(query: Query) -> Query:
    """Compared periods of unequal length made comparable, saying how.

    A bare year against part of another year is the same months of it ("Jan–Jul 2025 against
    2024" compares January–July 2024). Other spans of unequal length are compared by their
    monthly averages: a change between totals of 7 and 12 months says nothing.
    """
    if query.basis != "periods" or len(query.periods) < 2 or query.paired is not None:
        return query
    periods = list(dict.fromkeys(query.periods))  # "between March and April, before the April controls"
    if query.op == "mean":
        return query.but(periods=tuple(periods))
    if not all(p.whole_months for p in periods) or len({p.month_count for p in periods}) == 1:
        return query.but(periods=tuple(periods))
    periods, said = same_months(periods)
    notes = [*query.assumptions, *said]
    if len(periods) < 2 or len({p.month_count for p in periods}) == 1:
        return query.but(periods=tuple(periods), assumptions=tuple(notes))
    return query.but(op="mean", missing=(*query.missing, "comparison:unequal"))
