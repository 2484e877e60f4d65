"""The figure tools: pure functions over ``TradeData`` returning typed results with provenance.

Arguments are validated and normalised here (countries by name, alias or code; periods as people
write them; commodities by name), so the same functions serve the planner, an LLM agent and tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

import pandas as pd

from tools.commodities import resolve_commodity
from tools.dataset import TradeData, enclosing, inside, starting_in
from tools.errors import AmbiguousName, InvalidArgument
from tools.lookup import (
    BASIS_TEXT,
    PCT_DECIMALS,
    describe,
    figure_of,
    pct_figure,
    pick,
    point_value,
    preferred,
    rounding_note,
    short_commodity,
    span_value,
)
from tools.partners import REGIONS, WORLD, partner_name, resolve_partner
from tools.periods import Period, parse_period, year_to_date
from tools.results import (
    ChangeResult,
    ComparisonResult,
    Event,
    EventsResult,
    ExtremeResult,
    Figure,
    NoData,
    NotExtremeResult,
    PriceChangeResult,
    RankEntry,
    RankingResult,
    ShareResult,
    TiedExtremeResult,
    TotalResult,
    TrendResult,
    ValueResult,
    format_pct,
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
        return span_value(data, code, flow, where, when, tool="value", measure=measure)
    return point_value(data, code, flow, where, when, measure=measure, tool="value")


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
        return NoData("period_total", total.what, total.missing, total.covering, total.reason)
    yoy = change(data, commodity, when, "yoy", partner, flow, measure)
    return TotalResult("period_total", total, yoy, warnings=total.warnings)


def ranking(
    data: TradeData,
    commodity: str,
    period: str | Period,
    top: int = 5,
    flow: Flow = "export",
) -> RankingResult | NoData:
    """Destinations ranked by volume for a period, with each one's share of China's total.

    Only partners with a reported figure can be ranked; the reported top-five order, where a
    source gives one, is shown beside.
    """
    if not 1 <= int(top) <= 250:
        raise InvalidArgument("top must be between 1 and 250.")
    code = resolve_commodity(commodity)
    when = parse_period(period)
    flow = _flow(flow)  # type: ignore[assignment]
    rows = data.slice(code, flow, "volume", when)
    rows = rows[~rows["partner"].isin(list(REGIONS))]
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
        "ranking", when, code, tuple(entries), total_fig, reported_order, tuple(dict.fromkeys(warnings))
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
    series = data.series(code, flow, "volume", where)
    earlier = series[(series["kind"] == "month") & (series["start"] < when.start.toordinal())]
    months = sorted(earlier["period"].unique(), reverse=True)
    grouped = {k: g for k, g in earlier.groupby("period")}
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
    series = data.series(code, flow, "volume", where)
    monthly = inside(series, window)
    monthly = monthly[monthly["kind"] == "month"]
    points: list[Figure] = []
    warnings: list[str] = []
    for _, group in sorted(monthly.groupby("period"), key=lambda kv: kv[0]):
        chosen, _, notes = pick(data, group)
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


def price_change(
    data: TradeData,
    product: str,
    start: str | Period,
    end: str | Period | None = None,
    market: str | None = None,
) -> PriceChangeResult | NoData:
    """The move of a price between the first and last quote in a window (one market, one unit).

    Ranges are compared bound by bound and by midpoint. Example: dysprosium oxide in Europe,
    April to 6 May 2025: $250–310/kg -> $700–1,000/kg.
    """
    code = resolve_commodity(product, price=True)
    first = parse_period(start)
    last = parse_period(end) if end is not None else first
    if last.end < first.start:
        raise InvalidArgument(f"The window ends ({last.label}) before it starts ({first.label}).")
    window = Period(first.start, last.end)
    markets = [resolve_partner(market)] if market else data.partners_of(code, "price", "price")
    quoted = {m: starting_in(data.series(code, "price", "price", m), window) for m in markets}
    candidates = {m: rows for m, rows in quoted.items() if rows["start"].nunique() >= 2}
    label = describe(code, "price", markets[0] if len(markets) == 1 else WORLD, window)
    if not candidates:
        where = f" in {_market_name(markets[0])}" if market else ""
        return NoData("price_change", label, reason=f"Fewer than two quotes for {label}{where}.")
    if len(candidates) > 1:
        raise AmbiguousName("market", product, [f"{_market_name(m)} ({m})" for m in candidates])
    where, rows = next(iter(candidates.items()))
    rows = rows.sort_values("start", kind="stable")
    warnings: list[str] = []
    unit = rows["unit"].iloc[0]
    if rows["unit"].nunique() > 1:
        warnings.append(f"Quotes in other units than {unit} are left out.")
        rows = rows[rows["unit"] == unit]
    quotes = []
    for day in (rows["start"].iloc[0], rows["start"].iloc[-1]):  # the first and the last quote
        chosen, _, notes = pick(data, rows[rows["start"] == day])
        quotes.append(figure_of(chosen))
        warnings.extend(notes)
    a, b = quotes

    def pct(x: float | None, y: float | None, what: str, formula: str) -> Figure | None:
        if x is None or y is None or x == 0:
            return None
        v = (y / x - 1) * 100
        return Figure(
            label=f"{label}: {what}",
            value=v,
            unit="pct",
            period=window,
            partner=where,
            commodity=code,
            measure="change_pct",
            origin="computed",
            sources=tuple(dict.fromkeys((*a.sources, *b.sources))),
            formula=f"{formula} = {format_pct(v, PCT_DECIMALS)}",
            decimals=PCT_DECIMALS,
            rows=(*a.rows, *b.rows),
        )

    main = pct(_mid(a), _mid(b), "change", f"({_mid_text(b)} ÷ {_mid_text(a)} − 1) × 100")
    low = high = None
    if a.is_range or b.is_range:
        low = pct(
            _bound(a, "low"),
            _bound(b, "low"),
            "change of the low end",
            f"({_bound(b, 'low'):,g} ÷ {_bound(a, 'low'):,g} − 1) × 100",
        )
        high = pct(
            _bound(a, "high"),
            _bound(b, "high"),
            "change of the high end",
            f"({_bound(b, 'high'):,g} ÷ {_bound(a, 'high'):,g} − 1) × 100",
        )
    reported = tuple(
        figure_of(r) for _, r in inside(data.series(code, "price", "change_pct", where), window).iterrows()
    )
    warnings.extend(f"{q.period.label} quote: {q.note}." for q in (a, b) if q.note)
    return PriceChangeResult("price_change", a, b, main, low, high, reported, tuple(dict.fromkeys(warnings)))


def price_value(
    data: TradeData,
    product: str,
    period: str | Period,
    market: str = WORLD,
) -> ValueResult | NoData:
    """The reported quote of a product for a day or a period in one market, ranges kept as ranges.

    A period without a quote of its own gives the latest quote inside it; no quote at all gives a
    NoData naming the nearest quote dates. ``market`` WLD (the default) means the one market quoted.
    Example: price_value(data, "dy_oxide", "2025-04-10", "CHN") -> 1,680,000–1,700,000 yuan/t.
    """
    code = resolve_commodity(product, price=True)
    when = parse_period(period)
    where = resolve_partner(market)
    markets = data.partners_of(code, "price", "price")
    pool, also = [where], []
    exact_in = _quoted(data, code, markets, when, exact=True)
    if where == WORLD and WORLD not in exact_in:
        held_in = _quoted(data, code, markets, when, exact=False)
        pool = exact_in or held_in
        if len(pool) > 1:
            raise AmbiguousName("market", product, [f"{_market_name(m)} ({m})" for m in pool])
        also = [m for m in held_in if m not in pool]
        pool = pool or markets or [WORLD]
    if len(pool) == 1:
        where = pool[0]
        exact = point_value(data, code, "price", where, when, measure="price")
        if isinstance(exact, ValueResult):
            if not also:
                return exact
            other = ", ".join(_market_name(m) for m in also)
            note = f"{other} also has quotes in {when.label}; name the market to see them."
            return replace(exact, warnings=(*exact.warnings, note))
        held = inside(data.series(code, "price", "price", where), when)
        if len(held):
            chosen, conflicts, notes = pick(data, held[held["start"] == held["start"].max()])
            figure = figure_of(chosen)
            others = sorted({parse_period(p) for p in held["period"]} - {figure.period})
            note = f"No quote covers {when.label} as a whole; shown: the latest quote in it, of {figure.period.label}"
            if others:
                note += f" (other quotes in it: {', '.join(o.label for o in others)})"
            return ValueResult(
                "value",
                figure,
                reported=figure,
                alternatives=tuple(figure_of(c) for c in conflicts),
                warnings=(*notes, note + "."),
            )
    single = len(pool) == 1
    label = describe(code, "price", pool[0], when) if single else f"{short_commodity(code)} price, {when.label}"
    near, cover, count = [], [], 0
    for m in pool:
        series = data.series(code, "price", "price", m)
        dates = _nearest(series, when)
        count += len(dates)
        if dates:
            near.append(" and ".join(d.label for d in dates) + ("" if single else f" ({_market_name(m)})"))
        spans = enclosing(series, when)
        for _, group in spans[spans["period"] != when.code].groupby("period"):
            chosen, _, _ = pick(data, group)
            cover.append(figure_of(chosen))
    reason = f"No quote for {label}."
    if near:
        reason += f" The nearest {'quote is' if count == 1 else 'quotes are'} dated {'; '.join(near)}."
    return NoData("value", label, missing=(when,), covering=tuple(cover), reason=reason)


def _quoted(data: TradeData, code: str, markets: list[str], when: Period, *, exact: bool) -> list[str]:
    """Markets with a quote for exactly ``when`` (``exact``) or for a day or span inside it."""
    out = []
    for m in markets:
        series = data.series(code, "price", "price", m)
        rows = series[series["period"] == when.code] if exact else inside(series, when)
        if len(rows):
            out.append(m)
    return out


def _nearest(series: pd.DataFrame, when: Period) -> list[Period]:
    """The periods of the last quote before ``when`` and the first one after it."""
    before = series[series["end"] < when.start.toordinal()]
    after = series[series["start"] > when.end.toordinal()]
    out = []
    if len(before):
        out.append(parse_period(before.loc[before["end"].idxmax(), "period"]))
    if len(after):
        out.append(parse_period(after.loc[after["start"].idxmin(), "period"]))
    return out


def _market_name(code: str) -> str:
    return "Europe" if code == "EUROPE" else partner_name(code)


def _mid(f: Figure) -> float | None:
    return f.value if f.value is not None else ((f.low or 0) + (f.high or 0)) / 2


def _bound(f: Figure, side: str) -> float | None:
    return getattr(f, side) if f.is_range else f.value


def _mid_text(f: Figure) -> str:
    return f"midpoint of {f.display}" if f.is_range else f.display


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
