"""Running a query: the figure-tool calls it needs, each timed and recorded for the trace.

Every call is derived from the typed query alone. A query that names what the data lacks (another
reporter, a commodity the data set does not hold) runs no figure tool: the answer says what is
missing instead of computing something else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tools
from assistant.reading.query import Query
from tools import algebra
from tools.algebra import Op, Series
from tools.controls import latest_date, resolve_measure
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.partners import WORLD
from tools.periods import Period
from tools.results import NoData, ToolResult, ValueResult


@dataclass(frozen=True)
class ToolRun:
    """One tool call: name, inputs, result (or the argument error it raised), time taken."""

    tool: str
    inputs: dict[str, Any]
    result: ToolResult | None
    error: str = ""
    ms: float = 0.0
    role: str = "main"  # "main" figures lead the answer; "chart" runs only feed the chart


def call(tool: str, fn: Callable[..., ToolResult], role: str = "main", **inputs: Any) -> ToolRun:
    """Run one tool with keyword inputs; an argument error is recorded, not raised."""
    started = time.perf_counter()
    try:
        result = fn(**inputs)
        error = ""
    except InvalidArgument as err:
        result, error = None, str(err)
    shown = {k: _shown(v) for k, v in inputs.items() if k != "data"}
    return ToolRun(tool, shown, result, error, (time.perf_counter() - started) * 1000, role)


def _shown(value: Any) -> Any:
    """An input as the trace shows it: a period by its label, an expression as JSON."""
    if isinstance(value, Period):
        return value.label
    return value.to_json() if isinstance(value, (Series, Op)) else value


def _month(period: Period, end: bool = False) -> Period:
    day = period.end if end else period.start
    return Period.month(day.year, day.month)


def runs_for(query: Query, data: TradeData) -> list[ToolRun]:
    """The tool calls for one query, in the order their results are told."""
    if any(m.startswith(("reporter:", "commodity:")) for m in query.missing):
        return []
    if query.ask == "controls":
        return [
            call(
                "controls",
                tools.controls,
                data=data,
                element=query.element or None,
                measure=query.control or None,
                on=_judged_on(query, data),
            )
        ]
    if query.ask in ("events", "context"):
        return _context_runs(query, data)
    by_value = query.ask == "share" and query.measure == "value"  # the share tool counts tonnes only
    expr = query.expression() if query.computes or query.paired is not None or by_value else None
    if expr is None and query.measure == "price":
        return _price_runs(query, data)
    if expr is not None:
        runs = [call("expression", algebra.evaluate, data=data, expr=expr)]
        if (
            isinstance(runs[0].result, NoData)
            and query.ask == "change"
            and len(query.periods) == 2
            and query.measure != "unit_value"
        ):
            # a month missing: the change a source reported, when there is one, is what can be offered
            current, base = query.periods
            measured = {"data": data, "commodity": query.commodity, "flow": query.flow, "measure": query.measure}
            runs.append(call("change", tools.change, **measured, period=current, against=base, partner=query.partner))
        return runs
    runs = _figure_runs(query, data)
    if query.context:
        runs += _context_runs(query, data)
    return runs


def _figure_runs(query: Query, data: TradeData) -> list[ToolRun]:
    period, partner = query.period, query.partner
    if period is None:
        return []
    same = {"data": data, "commodity": query.commodity, "flow": query.flow}
    measured = {**same, "measure": query.measure}  # tonnes or USD, for the tools that take both
    runs: list[ToolRun] = []
    ask = query.ask
    if query.measure == "value" and ask not in ("amount", "change"):
        # rankings, shares and series are computed from tonnages only: say so rather than swap
        return [call(ask, _volume_only, data=data, ask=ask)]
    if ask == "amount":
        if period.is_month or period.kind == "day":
            runs.append(call("value", tools.value, **measured, period=period, partner=partner))
        else:
            runs.append(call("period_total", tools.period_total, **measured, period=period, partner=partner))
    elif ask == "change":
        against: Any = query.basis or "mom"
        if query.basis == "periods" and len(query.periods) > 1:
            period, against = query.periods[0], query.periods[1]
        elif query.basis == "periods":  # one span: its last month against its first
            period, against = _month(period, end=True), _month(period)
        runs.append(call("change", tools.change, **measured, period=period, against=against, partner=partner))
        if period.is_month and query.basis == "mom":
            runs.append(
                call("change", tools.change, "extra", **measured, period=period, against="yoy", partner=partner)
            )
    elif ask == "share":
        runs.append(call("share", tools.share, **same, period=period, partner=partner))
    elif ask == "rank" and query.over == "months" and query.basis in ("mom", "yoy"):
        window = {"start": _month(period), "end": _month(period, True), "partner": partner}
        runs.append(
            call("change_extreme", tools.change_extreme, **same, **window, basis=query.basis, which=query.which)
        )
    elif ask == "rank" and query.over == "months":
        runs.append(call("trend", tools.trend, **same, start=_month(period), end=_month(period, True), partner=partner))
    elif ask == "rank":
        runs.append(call("ranking", tools.ranking, **same, period=period, top=query.top))
    elif ask == "extreme":
        runs.append(
            call("extreme_since", tools.extreme_since, **same, period=period, partner=partner, which=query.which)
        )
    elif ask == "trend":
        runs.append(call("trend", tools.trend, **same, start=_month(period), end=_month(period, True), partner=partner))
    if period.is_month and ask in ("amount", "change", "extreme") and query.measure == "volume":
        first = _month(period).shift_months(-11)
        runs.append(call("trend", tools.trend, "chart", **same, start=first, end=period, partner=partner))
        if ask != "extreme" and partner == WORLD:
            runs.append(
                call(
                    "extreme_since",
                    tools.extreme_since,
                    "extra",
                    **same,
                    period=period,
                    partner=partner,
                    which="highest",
                )
            )
    return runs


def _judged_on(query: Query, data: TradeData) -> Period | None:
    """The date a control's status is judged on: the period asked about, or the latest date.

    The month in "the October 2025 controls" names the measure, not a date: "is the October
    expansion still suspended?" asks about today.
    """
    period = query.period
    if period is None or not query.control or not period.is_month:
        return period
    try:
        named = resolve_measure(data.controls, query.control)
    except InvalidArgument:
        return period
    months = {str(m)[:7] for m in data.controls[data.controls["measure"].isin(named)]["announced"]}
    return None if period.code in months else period


def _volume_only(data: TradeData, ask: str) -> NoData:
    return NoData(ask, "figures by value", reason="Rankings, shares and series are computed from tonnages only.")


def _price_runs(query: Query, data: TradeData) -> list[ToolRun]:
    period = query.period
    if period is None:
        return []
    markets = list(query.partners) or data.partners_of(query.commodity, "price", "price") or [None]
    if query.ask == "amount":  # the quote for the period: a day, a month, a quarter's contract price
        same = {"data": data, "commodity": query.commodity, "flow": "price", "period": period}
        runs = _useful([call("value", tools.value, **same, partner=m or WORLD) for m in markets])
        exact = [r for r in runs if isinstance(r.result, ValueResult) and r.result.figure.period == period]
        if exact:  # a quote for the period asked (an annual average) beats the latest quote inside it
            return exact
        found = runs[0].result if runs else None
        if period.kind in ("day", "month") or isinstance(found, ValueResult) and found.figure.period == period:
            return runs
    # a move between two periods, or across a span without one quote of its own
    start, end = (query.periods[1], query.periods[0]) if len(query.periods) > 1 else (period, period)
    moved = {"data": data, "product": query.commodity, "start": start, "end": end}
    return _useful([call("price_change", tools.price_change, **moved, market=m) for m in markets])


def _useful(runs: list[ToolRun]) -> list[ToolRun]:
    """The runs that found something, or the first one to say why nothing was found."""
    useful = [r for r in runs if r.result is not None and not isinstance(r.result, NoData)]
    return useful or runs[:1]


def _context_runs(query: Query, data: TradeData) -> list[ToolRun]:
    period = query.period
    runs: list[ToolRun] = []
    if query.ask == "context" and period is not None and period.is_month and "commodity" in query.given:
        runs.append(
            call(
                "change",
                tools.change,
                data=data,
                commodity=query.commodity,
                flow=query.flow,
                period=period,
                against="mom",
                partner=query.partner,
            )
        )
    if period is None and query.ask == "context":
        return runs  # a why-question with no date is answered from the articles, not a year of events
    if period is None:  # "what has happened lately": the twelve months to the latest dated fact
        try:
            last = latest_date(data)
        except InvalidArgument:
            return runs  # a data set with no dated events: the articles answer alone
        window = Period(Period.month(last.year, last.month).shift_months(-11).start, last)
    elif period.is_month and query.ask == "context":  # why in July: what led up to it
        window = Period(period.shift_months(-3).start, period.end)
    else:
        window = period
    runs.append(call("events", tools.events, data=data, start=window, end=window))
    return runs
