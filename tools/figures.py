"""The figure tools: pure functions over ``TradeData`` returning typed results with provenance.

Arguments are validated and normalised here (countries by name, alias or code; periods as people
write them; commodities by name), so the same functions serve the planner, an LLM agent and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from tools.commodities import resolve_commodity
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.lookup import (
    BASIS_TEXT,
    PCT_DECIMALS,
    describe,
    figure_of,
    last_month,
    pct_figure,
    pick,
    point_value,
    preferred,
    rounding_note,
    span_value,
)
from tools.partners import REGIONS, WORLD, partner_name, resolve_partner
from tools.periods import Period, parse_period, year_to_date
from tools.prices import price_value
from tools.results import (
    ChangeResult,
    ComparisonResult,
    Event,
    EventsResult,
    Figure,
    NoData,
    RankEntry,
    RankingResult,
    ShareResult,
    TotalResult,
    ValueResult,
)

Flow = Literal["export", "import"]
ValueFlow = Literal["export", "import", "price"]


Measure = Literal["volume", "value"]


def _flow(flow: str) -> str:
    if flow not in ("export", "import"):
        raise InvalidArgument(f"flow must be 'export' or 'import', not {flow!r}.")
    return flow


def value(
    data: TradeData,
    commodity: str,
    period: str | Period,
    partner: str = WORLD,
    flow: ValueFlow = "export",
    measure: Measure = "volume",
) -> ValueResult | NoData:
    """The volume for a month, or the total for a span of months (summed or as reported).

    With ``measure="value"`` the same for the USD value.

    With ``flow="price"`` it is the quote of a product for a day or a period in one market
    (``partner``), ranges kept as ranges. Examples: value(data, "magnets", "July 2025") -> 5,577 t
    (Reuters); value(data, "nd_995", "2025-04-10", "CHN", flow="price") -> $59.86/kg (KOMIS).
    """
    if flow == "price":
        return price_value(data, commodity, period, partner)
    code = resolve_commodity(commodity)
    where = resolve_partner(partner)
    when = parse_period(period)
    flow = _flow(flow)  # type: ignore[assignment]
    if when.whole_months and not when.is_month:
        got = span_value(data, code, flow, where, when, tool="value", measure=measure)
    else:
        got = point_value(data, code, flow, where, when, measure=measure, tool="value")
    # the data's end is its total's: a partner's series may stop earlier without the period being ahead
    last = last_month(data, code, flow, WORLD, measure) if isinstance(got, NoData) else None
    if last is None or when.start <= last.end:
        return got
    # "what will exports be in Q2 2026": nothing after the data's last month; the latest as long
    n = when.month_count if when.whole_months else 1
    earlier = value(data, code, Period(last.shift_months(1 - n).start, last.end), where, flow, measure)
    return NoData(
        "value",
        got.what,
        reason=f"No figures for {when.label} yet: the data ends in {last.label}, and I do not forecast.",
        latest=(earlier.figure,) if isinstance(earlier, ValueResult) else (),
    )


def change(
    data: TradeData,
    commodity: str,
    period: str | Period,
    against: str | Period = "mom",
    partner: str = WORLD,
    flow: Flow = "export",
    measure: Measure = "volume",
) -> ChangeResult | NoData:
    """The change on the previous month ("mom"), a year earlier ("yoy") or any other period.

    Computed from the volumes (or the USD values) and shown beside the reported change.

    Example: change(data, "magnets", "July 2025", "mom") -> +74.9% (5,577 t on 3,188 t).
    """
    code = resolve_commodity(commodity)
    where = resolve_partner(partner)
    when = parse_period(period)
    flow = _flow(flow)  # type: ignore[assignment]
    if against == "mom":
        base_period, basis = when.previous(), ("mom" if when.is_month else "previous")
    elif against == "yoy":
        base_period, basis = when.year_earlier(), "yoy"
    else:
        base_period = parse_period(against)
        basis = (
            "yoy"
            if base_period == when.year_earlier()
            else ("mom" if when.is_month and base_period == when.previous() else "periods")
        )
    current = value(data, code, when, where, flow, measure)  # type: ignore[arg-type]
    base = value(data, code, base_period, where, flow, measure)  # type: ignore[arg-type]
    reported = None
    if basis in ("mom", "yoy") and measure == "volume":  # reported changes are changes in volume
        for fig in current.reported_changes if isinstance(current, ValueResult) else ():
            if fig.rows and fig.rows[0].basis == basis:
                reported = fig
        if reported is None and isinstance(current, NoData):
            series = data.series(code, flow, "change_pct", where)
            rows = series[(series["period"] == when.code) & (series["basis"] == basis)] if len(series) else series
            chosen, _, _ = pick(data, rows)
            reported = figure_of(chosen) if chosen is not None else None
    what = f"{describe(code, flow, where, when, measure)} {BASIS_TEXT[basis]} ({base_period.label})"
    warnings: list[str] = []
    missing: list[Period] = []
    for part in (current, base):
        if isinstance(part, NoData):
            missing.extend(part.missing or ())
        else:
            warnings.extend(part.warnings)
    computed = absolute = None
    if isinstance(current, ValueResult) and isinstance(base, ValueResult):
        computed = pct_figure(current.figure, base.figure, what)
        if current.figure.value is not None and base.figure.value is not None:
            diff = current.figure.value - base.figure.value
            absolute = Figure(
                label=f"{what}: change in {measure}",
                value=diff,
                unit=current.figure.unit,
                period=when,
                partner=where,
                commodity=code,
                measure="volume_change",
                origin="computed",
                sources=computed.sources if computed else current.figure.sources,
                formula=f"{current.figure.display} − {base.figure.display}",
                decimals=max(current.figure.decimals, base.figure.decimals),
                base=base.figure.period,
            )
        if computed and reported:
            note = rounding_note(current.figure, base.figure, computed, reported)
            if note:
                warnings.append(note)
    if computed is None and reported is None:
        cover: list[Figure] = []
        for part in (current, base):
            if isinstance(part, NoData):
                cover.extend(part.covering)
        return NoData(
            "change",
            what,
            missing=tuple(dict.fromkeys(missing)),
            covering=tuple(dict.fromkeys(cover)),
            within=current.within if isinstance(current, NoData) else (),
            reason=f"Cannot compute the change: {_missing_text(missing)} and no change is reported.",
        )
    if computed is None and missing:
        warnings.append(f"Only the reported change is available: {_missing_text(missing)}.")
    return ChangeResult(
        "change",
        basis,
        current if isinstance(current, ValueResult) else None,
        base if isinstance(base, ValueResult) else None,
        computed,
        absolute,
        reported,
        tuple(dict.fromkeys(missing)),
        tuple(dict.fromkeys(warnings)),
    )


def _missing_text(missing: Sequence[Period]) -> str:
    if not missing:
        return "a figure is missing"
    names = [m.label for m in dict.fromkeys(missing)]
    if len(names) > 4:
        names = [*names[:3], f"{len(names) - 3} more months"]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"there is no reported figure for {listed}"


def period_total(
    data: TradeData,
    commodity: str,
    period: str | Period,
    partner: str = WORLD,
    flow: Flow = "export",
    measure: Measure = "volume",
) -> TotalResult | NoData:
    """A year-to-date, half-year, quarter or full-year total and its change on a year earlier.

    A single month means the year to date through that month. Example: period_total(data,
    "magnets", "Jan-Jul 2025") -> 27,897 t (reported; Feb and Mar 2025 are missing), −15%.
    """
    when = parse_period(period)
    if when.is_month:
        when = year_to_date(when)
    if not when.whole_months:
        raise InvalidArgument(f"A total needs whole months, not {when.label}.")
    total = value(data, commodity, when, partner, flow, measure)
    if isinstance(total, NoData):
        return replace(total, tool="period_total")
    yoy = change(data, commodity, when, "yoy", partner, flow, measure)
    return TotalResult("period_total", total, yoy, warnings=total.warnings)


def ranking(
    data: TradeData,
    commodity: str,
    period: str | Period,
    top: int = 5,
    flow: Flow = "export",
    among: Literal["countries", "regions"] = "countries",
) -> RankingResult | NoData:
    """Destinations ranked by volume for a period, with each one's share of China's total.

    Only partners with a reported figure can be ranked; the reported top-five order, where a
    source gives one, is shown beside. ``among="regions"`` ranks the continents a source breaks
    the total into (Europe, Asia, ...) instead of countries.
    """
    if not 1 <= int(top) <= 250:
        raise InvalidArgument("top must be between 1 and 250.")
    code = resolve_commodity(commodity)
    when = parse_period(period)
    flow = _flow(flow)  # type: ignore[assignment]
    rows = data.slice(code, flow, "volume", when)
    continents = [r for r in REGIONS if r not in (WORLD, "EU")]
    rows = rows[rows["partner"].isin(continents)] if among == "regions" else rows[~rows["partner"].isin(list(REGIONS))]
    ranks = data.slice(code, flow, "rank", when)
    reported_order: tuple[str, ...] = ()
    if len(ranks):
        best = {}
        for partner, group in ranks.groupby("partner"):
            chosen, _, _ = pick(data, group)
            if chosen is not None:
                best[partner] = chosen["value"]
        reported_order = tuple(sorted(best, key=lambda p: best[p]))
    best, _ = preferred(data, rows, "partner")
    if best.empty and not reported_order:
        return NoData(
            "ranking",
            f"destinations of {describe(code, flow, WORLD, when)}",
            reason=f"No destination figures are reported for {when.label}.",
        )
    leaders = best.sort_values(["value", "partner"], ascending=[False, True], kind="stable").head(int(top))
    figures = [figure_of(row) for _, row in leaders.iterrows()]
    _, warnings = preferred(data, rows[rows["partner"].isin(set(leaders["partner"]))], "partner")
    total = value(data, code, when, WORLD, flow)  # type: ignore[arg-type]
    total_fig = total.figure if isinstance(total, ValueResult) else None
    entries = []
    for i, fig in enumerate(figures, start=1):
        entries.append(
            RankEntry(
                i,
                fig.partner,
                fig,
                _share(fig, total_fig),
                reported_order.index(fig.partner) + 1 if fig.partner in reported_order else None,
            )
        )
    if len(best):
        warnings.append(
            f"Only {len(best)} destination(s) have a reported figure for {when.label}; the ranking covers those alone."
        )
    unranked = [p for p in reported_order if p not in set(best["partner"])]
    if unranked:
        warnings.append(
            "Reported among the top destinations without a volume: "
            + ", ".join(partner_name(p) for p in unranked)
            + "."
        )
    if total_fig is None:
        warnings.append(f"No total for {when.label}, so shares cannot be computed.")
    return RankingResult(
        "ranking", when, code, tuple(entries), total_fig, reported_order, tuple(dict.fromkeys(warnings)), len(best)
    )


def _share(part: Figure, total: Figure | None) -> Figure | None:
    if total is None or not total.value or part.value is None or part.unit != total.unit:
        return None
    pct = part.value / total.value * 100.0
    return Figure(
        label=f"{part.partner_name}'s share of {total.label}",
        value=pct,
        unit="pct",
        period=part.period,
        partner=part.partner,
        commodity=part.commodity,
        measure="share_pct",
        origin="computed",
        sources=tuple(dict.fromkeys((*part.sources, *total.sources))),
        formula=f"{part.display} ÷ {total.display} × 100 = {pct:.{PCT_DECIMALS}f}%",
        decimals=PCT_DECIMALS,
        rows=(*part.rows, *total.rows),
    )


def share(
    data: TradeData,
    commodity: str,
    period: str | Period,
    partner: str,
    flow: Flow = "export",
) -> ShareResult | NoData:
    """A partner's (or region's) share of China's total for a period, beside any reported share."""
    code = resolve_commodity(commodity)
    where = resolve_partner(partner)
    when = parse_period(period)
    if where == WORLD:
        raise InvalidArgument("The share of the total in itself is always 100%; name a partner.")
    part = value(data, code, when, where, flow)
    total = value(data, code, when, WORLD, flow)
    reported = None
    series = data.series(code, flow, "share_pct", where)
    if len(series):
        chosen, _, _ = pick(data, series[series["period"] == when.code])
        reported = figure_of(chosen) if chosen is not None else None
    if isinstance(part, NoData) or isinstance(total, NoData):
        missing = tuple(m for r in (part, total) if isinstance(r, NoData) for m in r.missing)
        if reported is None:
            return NoData(
                "share",
                f"{partner_name(where)}'s share, {when.label}",
                missing,
                reason=f"Cannot compute the share: {_missing_text(missing)}.",
            )
        return ShareResult(
            "share",
            None,
            None,
            reported,
            reported,
            warnings=(f"Only the reported share is available: {_missing_text(missing)}.",),
        )
    fig = _share(part.figure, total.figure)
    if fig is None:
        return NoData(
            "share",
            f"{partner_name(where)}'s share, {when.label}",
            reason="The partner and total figures are not comparable.",
        )
    warnings = [*part.warnings, *total.warnings]
    if (
        reported is not None
        and reported.value is not None
        and round(fig.value or 0, reported.decimals) != round(reported.value, reported.decimals)
    ):
        warnings.append(f"Computed {fig.value:.1f}%; the source reports {reported.display}.")
    return ShareResult("share", part.figure, total.figure, fig, reported, tuple(warnings))


def events(
    data: TradeData,
    start: str | Period,
    end: str | Period | None = None,
    element: str | None = None,
    kind: str | None = None,
) -> EventsResult:
    """Policy and trade events in a window, optionally about one element or of one kind."""
    first = parse_period(start)
    last = parse_period(end) if end is not None else first
    window = Period(first.start, last.end)
    frame = data.events
    out = []
    for row in frame.itertuples(index=False):
        when = parse_period(row.date)
        if not (window.start <= when.start <= window.end):
            continue
        elements = tuple(e for e in str(row.elements).split(";") if e)
        if element and element.lower() not in elements:
            continue
        if kind and row.kind != kind:
            continue
        out.append(Event(when, row.kind, row.event, elements, row.source_id, row.flag))
    return EventsResult("events", window, tuple(out))


def compare_partners(
    data: TradeData,
    commodity: str,
    period: str | Period,
    partners: Sequence[str],
    flow: Flow = "export",
) -> ComparisonResult:
    """Several partners side by side for one period, each with its share of China's total."""
    if not partners:
        raise InvalidArgument("Name at least one partner to compare.")
    codes = list(dict.fromkeys(resolve_partner(p) for p in partners))
    when = parse_period(period)
    total = value(data, commodity, when, WORLD, flow)
    total_fig = total.figure if isinstance(total, ValueResult) else None
    entries = tuple(value(data, commodity, when, c, flow) for c in codes)
    shares = tuple(_share(e.figure, total_fig) if isinstance(e, ValueResult) else None for e in entries)
    warnings = [e.message for e in entries if isinstance(e, NoData)]
    return ComparisonResult("compare_partners", when, entries, shares, total_fig, tuple(warnings))
