"""Series tools: a month against the months before it, and a monthly series over a window."""

from __future__ import annotations

from typing import Literal

from tools.commodities import resolve_commodity
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.lookup import (
    describe,
    figure_of,
    pct_figure,
    pick,
    point_value,
)
from tools.partners import WORLD, resolve_partner
from tools.periods import Period, parse_period
from tools.results import (
    ChangeExtremeResult,
    ChangeResult,
    ExtremeResult,
    Figure,
    NoData,
    NotExtremeResult,
    TiedExtremeResult,
    TrendResult,
)

Flow = Literal["export", "import"]


def extreme_since(
    data: TradeData,
    commodity: str,
    period: str | Period,
    partner: str = WORLD,
    which: Literal["highest", "lowest"] = "highest",
    flow: Flow = "export",
) -> ExtremeResult | NoData:
    """Whether a month is the highest (or lowest) since some earlier month, over reported months.

    Example: July 2025 magnets (5,577 t) -> the highest since January 2025 (6,357 t).
    """
    if which not in ("highest", "lowest"):
        raise InvalidArgument("which must be 'highest' or 'lowest'.")
    code = resolve_commodity(commodity)
    where = resolve_partner(partner)
    when = parse_period(period)
    if not when.is_month:
        raise InvalidArgument(f"'{which} since' compares months; {when.label} is not one month.")
    current = point_value(data, code, flow, where, when, tool="extreme_since")
    if isinstance(current, NoData):
        return current
    grouped = data.reports(code, flow, "volume", where)
    cutoff = when.start.toordinal()
    months = sorted(
        (month for month, rows in grouped.items() if rows[0]["kind"] == "month" and rows[0]["start"] < cutoff),
        reverse=True,
    )
    compared: list[Figure] = []
    since = None
    level = current.figure.value or 0.0
    beaten = 0  # earlier months the current one is strictly above (highest) or below (lowest)
    for month_code in months:
        chosen, _, _ = pick(data, grouped[month_code])
        if chosen is None:
            continue
        fig = figure_of(chosen)
        compared.append(fig)
        v = fig.value or 0.0
        if v == level or (v > level if which == "highest" else v < level):
            since = fig
            break
        beaten += 1
    if not compared:
        return NoData(
            "extreme_since",
            describe(code, flow, where, when),
            reason=f"No earlier month is reported to compare {when.label} with.",
        )
    start = since.period if since else compared[-1].period
    window = Period(start.start, when.end).month_list()[1:-1]
    have = {f.period for f in compared}
    gaps = tuple(m for m in window if m not in have)
    warnings = list(current.warnings)
    if gaps:
        names = ", ".join(g.label for g in gaps)
        warnings.append(f"No monthly figure for {names}; the comparison uses reported months only.")
    # A month that beats no earlier month is no high (or low), and a tie is said as a tie.
    kind = ExtremeResult
    if since is not None and beaten == 0:
        kind = NotExtremeResult
    elif since is not None and since.value == current.figure.value:
        kind = TiedExtremeResult
    return kind("extreme_since", which, current.figure, since, tuple(compared), gaps, tuple(warnings))


def trend(
    data: TradeData,
    commodity: str,
    start: str | Period,
    end: str | Period | None = None,
    partner: str = WORLD,
    flow: Flow = "export",
) -> TrendResult | NoData:
    """The monthly series over a window: start, end, minimum, maximum (peak month), average.

    ``start`` may be a whole window ("2025", "H1 2025") when ``end`` is omitted.
    """
    code = resolve_commodity(commodity)
    where = resolve_partner(partner)
    first = parse_period(start)
    last = parse_period(end) if end is not None else first
    if last.end < first.start:
        raise InvalidArgument(f"The window ends ({last.label}) before it starts ({first.label}).")
    window = Period(first.start, last.end)
    reports = data.reports(code, flow, "volume", where)
    first_day, last_day = window.start.toordinal(), window.end.toordinal()
    monthly = [
        month
        for month, rows in reports.items()
        if rows[0]["kind"] == "month" and rows[0]["start"] >= first_day and rows[0]["end"] <= last_day
    ]
    points: list[Figure] = []
    warnings: list[str] = []
    for month_code in sorted(monthly):
        chosen, _, notes = pick(data, reports[month_code])
        if chosen is not None:
            points.append(figure_of(chosen))
            warnings.extend(notes)
    what = describe(code, flow, where, window)
    months = Period(window.start.replace(day=1), window.end).month_list() if window.whole_months else []
    have = {p.period for p in points}
    missing = tuple(m for m in months if m not in have)
    if not points:
        return NoData("trend", what, missing=missing, reason=f"No monthly figures for {what}.")
    lo = min(points, key=lambda f: (f.value or 0.0, f.period))
    hi = max(points, key=lambda f: (f.value or 0.0, -f.period.start.toordinal()))
    mean = sum(p.value or 0.0 for p in points) / len(points)
    average = Figure(
        label=f"{what}: average of {len(points)} reported month(s)",
        value=mean,
        unit=points[0].unit,
        period=window,
        partner=where,
        commodity=code,
        measure="volume",
        origin="computed",
        sources=tuple(dict.fromkeys(s for p in points for s in p.sources)),
        formula=f"({' + '.join(p.display for p in points)}) ÷ {len(points)}",
        decimals=min(1, max(p.decimals for p in points)),
        rows=tuple(r for p in points for r in p.rows),
    )
    change_fig = (
        pct_figure(
            points[-1],
            points[0],
            f"{what}: change from {points[0].period.label} to {points[-1].period.label}",
        )
        if len(points) > 1
        else None
    )
    if missing:
        warnings.append(
            f"{len(missing)} of {len(months)} months have no reported figure ("
            + ", ".join(m.short_label for m in missing)
            + "); the average and extremes use reported months only."
        )
    return TrendResult(
        "trend",
        tuple(points),
        points[0],
        points[-1],
        lo,
        hi,
        average,
        change_fig,
        missing,
        tuple(dict.fromkeys(warnings)),
    )


def change_extreme(
    data: TradeData,
    commodity: str,
    start: str | Period,
    end: str | Period | None = None,
    partner: str = WORLD,
    flow: Flow = "export",
    basis: Literal["mom", "yoy"] = "mom",
    which: Literal["highest", "lowest"] = "highest",
) -> ChangeExtremeResult | NoData:
    """The month of a window whose change (on the month before, or a year earlier) was largest or smallest.

    Rank over months of a derived series: each month's change is computed from the two reported
    months, or taken as reported where one is missing; months with neither are left out and counted.
    Example: change_extreme(data, "magnets", "2025", basis="mom", which="lowest") -> May 2025, −52.9%.
    """
    from tools.figures import change

    code = resolve_commodity(commodity)
    first = parse_period(start)
    last = parse_period(end) if end is not None else first
    window = Period(first.start, last.end)
    if not window.whole_months:
        raise InvalidArgument(f"A ranking of months needs whole months, not {window.label}.")
    found: list[ChangeResult] = []
    for month in window.month_list():
        result = change(data, code, month, basis, partner, flow)
        if isinstance(result, ChangeResult) and result.pct is not None and result.pct.value is not None:
            found.append(result)
    what = describe(code, flow, resolve_partner(partner), window)
    if not found:
        return NoData("change_extreme", what, reason=f"No month of {window.label} has a change that can be given.")
    pick_one = max if which == "highest" else min
    best = pick_one(found, key=lambda r: r.pct.value)  # type: ignore[union-attr]
    return ChangeExtremeResult("change_extreme", best, which, basis, len(found), window.month_count, window)
