"""Price tools: a quote on a day or in a period, and the move between two quotes.

Quotes are kept as reported: ranges stay ranges (compared bound by bound and at the midpoint),
each market and unit on its own.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from tools.commodities import resolve_commodity
from tools.dataset import TradeData, enclosing, inside, starting_in
from tools.errors import AmbiguousName, InvalidArgument
from tools.lookup import (
    PCT_DECIMALS,
    describe,
    figure_of,
    pick,
    point_value,
    short_commodity,
)
from tools.partners import WORLD, market_name, resolve_partner
from tools.periods import Period, parse_period
from tools.results import (
    Figure,
    NoData,
    PriceChangeResult,
    ValueResult,
    format_pct,
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
        where = f" in {market_name(markets[0])}" if market else ""
        return NoData("price_change", label, reason=f"Fewer than two quotes for {label}{where}.")
    if len(candidates) > 1:
        raise AmbiguousName("market", product, [f"{market_name(m)} ({m})" for m in candidates])
    where, rows = next(iter(candidates.items()))
    rows = rows.sort_values("start", kind="stable")
    warnings: list[str] = []
    unit = rows["unit"].iloc[0]
    if rows["unit"].nunique() > 1:
        warnings.append(f"Quotes in other units than {unit} are left out.")
        rows = rows[rows["unit"] == unit]
    quotes = []
    days = list(rows.groupby("start", sort=True))  # one quote a day; the first and the last are compared
    for k, (_, group) in enumerate(days):
        chosen, _, notes = pick(data, group)
        if chosen is not None:
            quotes.append(figure_of(chosen))
        if k in (0, len(days) - 1):
            warnings.extend(notes)
    a, b = quotes[0], quotes[-1]
    moved_over = Period(a.period.start, b.period.end)  # the move is between the two quotes, not the window asked

    def pct(x: float | None, y: float | None, what: str, formula: str) -> Figure | None:
        if x is None or y is None or x == 0:
            return None
        v = (y / x - 1) * 100
        return Figure(
            label=f"{label}: {what}",
            value=v,
            unit="pct",
            period=moved_over,
            partner=where,
            commodity=code,
            measure="change_pct",
            origin="computed",
            sources=tuple(dict.fromkeys((*a.sources, *b.sources))),
            formula=f"{formula} = {format_pct(v, PCT_DECIMALS)}",
            decimals=PCT_DECIMALS,
            rows=(*a.rows, *b.rows),
        )

    main = pct(a.mid, b.mid, "change", f"({_mid_text(b)} ÷ {_mid_text(a)} − 1) × 100")
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
    ma, mb = a.midpoint(), b.midpoint()
    moved = None
    if ma.value is not None and mb.value is not None:
        moved = replace(
            mb,
            label=f"{label}: change in {a.unit}",
            value=mb.value - ma.value,
            period=moved_over,
            measure="price_change",
            sources=tuple(dict.fromkeys((*a.sources, *b.sources))),
            formula=f"{mb.display} − {ma.display}",
            decimals=min(ma.decimals, mb.decimals),
            rows=(*a.rows, *b.rows),
        )
    return PriceChangeResult(
        "price_change", a, b, main, low, high, reported, tuple(dict.fromkeys(warnings)), tuple(quotes), moved
    )


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
            raise AmbiguousName("market", product, [f"{market_name(m)} ({m})" for m in pool])
        also = [m for m in held_in if m not in pool]
        pool = pool or markets or [WORLD]
    if len(pool) == 1:
        where = pool[0]
        exact = point_value(data, code, "price", where, when, measure="price")
        if isinstance(exact, ValueResult):
            if not also:
                return exact
            other = ", ".join(market_name(m) for m in also)
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
            near.append(" and ".join(d.label for d in dates) + ("" if single else f" ({market_name(m)})"))
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


def _bound(f: Figure, side: str) -> float | None:
    return getattr(f, side) if f.is_range else f.value


def _mid_text(f: Figure) -> str:
    return f"midpoint of {f.display}" if f.is_range else f.display
