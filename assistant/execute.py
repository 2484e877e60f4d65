"""Running a query: the figure-tool calls it needs, each timed and recorded for the trace.

Every call is derived from the typed query alone. A query that names what the data lacks (another
reporter, a commodity the data set does not hold) runs no figure tool: the answer says what is
missing instead of computing something else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import tools
from assistant import prompts
from assistant.reading.query import Query
from tools import algebra
from tools.algebra import Expr, Op, Series
from tools.controls import latest_date, resolve_measure
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.partners import WORLD
from tools.periods import Period, parse_period
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


def evaluated(expr: Expr, data: TradeData, role: str = "main") -> ToolRun:
    """Evaluate one expression; the trace names the figure tool that gave its result."""
    run = call("expression", algebra.evaluate, role, data=data, expr=expr)
    return replace(run, tool=getattr(run.result, "tool", "expression"))


def _shown(value: Any) -> Any:
    """An input as the trace shows it: a period by its label, an expression as JSON."""
    if isinstance(value, Period):
        return value.label
    return value.to_json() if isinstance(value, (Series, Op)) else value


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
                # "how many rare earths need a licence": counted over every measure, not the one named
                measure=None if "count" in query.given else query.control or None,
                on=_judged_on(query, data),
            )
        ]
    if query.ask in ("events", "context"):
        return _context_runs(query, data)
    composed = query.computes or query.paired is not None
    runs = _price_runs(query, data) if query.measure == "price" and not composed else _figure_runs(query, data)
    if query.context:
        runs += _context_runs(query, data)
    return runs


def _figure_runs(query: Query, data: TradeData) -> list[ToolRun]:
    """The query's expression, evaluated; beside a plain figure, what puts it in context."""
    expr, period = query.expression(), query.period
    if expr is None or period is None:
        return []
    if query.measure == "price" and "periods" not in query.given:
        expr = _at_latest_quotes(expr, data)  # "at the latest Chinese price": that market's last quote
    runs = [evaluated(expr, data)]
    composed = query.computes or query.paired is not None

    def series(when: Period, measure: str = query.measure) -> Series:
        return Series(measure, query.commodity, query.flow, when, query.partner)  # type: ignore[arg-type]

    if composed:
        missing = isinstance(runs[0].result, NoData) and query.measure != "unit_value"
        if missing and query.ask == "change" and len(query.periods) == 2:
            # a month missing: the change a source reported, when there is one, is what can be offered
            reported = evaluated(Op("change", tuple(series(p) for p in query.periods)), data)
            runs += [reported] if reported.result is not None and not isinstance(reported.result, NoData) else []
        return runs
    monthly = period.is_month and query.measure == "volume"
    if monthly and query.ask == "change" and query.basis == "mom":  # the year-on-year change beside it
        runs.append(evaluated(Op("change", (series(period), series(period.year_earlier()))), data, "extra"))
    if monthly and query.ask in ("amount", "change", "extreme"):
        year = Period(period.shift_months(-11).start, period.end)
        runs.append(evaluated(Op("months", (series(year),)), data, "chart"))
        if query.ask != "extreme" and query.partner == WORLD:  # the record it stands against
            runs.append(evaluated(Op("extreme", (series(period),), params=(("which", "highest"),)), data, "extra"))
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


def _price_runs(query: Query, data: TradeData) -> list[ToolRun]:
    period = query.period
    if period is None:
        return []
    markets = list(query.partners) or data.partners_of(query.commodity, "price", "price") or [WORLD]

    def quote(market: str, when: Period) -> Series:
        return Series("price", query.commodity, "price", when, market)

    last = [d for m in markets if (d := _latest_quote(data, query.commodity, m)) is not None]
    if last and all(period.start > day.end for day in last):
        # "the price forecast for Q3 2026": nothing after the last quote, which is offered instead
        ahead = NoData("value", period.label, reason=prompts.NO_QUOTES_YET.format(period=period.label))
        return [
            ToolRun("value", {"period": period.label}, ahead),
            *_useful([evaluated(quote(m, d), data) for m in markets if (d := _latest_quote(data, query.commodity, m))]),
        ]

    if query.ask == "amount":  # the quote for the period: a day, a month, a quarter's contract price
        latest = "periods" not in query.given  # no date asked: each market's latest quote
        runs = _useful(
            [evaluated(quote(m, (latest and _latest_quote(data, query.commodity, m)) or period), data) for m in markets]
        )
        exact = [r for r in runs if isinstance(r.result, ValueResult) and r.result.figure.period == period]
        if exact:  # a quote for the period asked (an annual average) beats the latest quote inside it
            return exact
        found = runs[0].result if runs else None
        if period.kind in ("day", "month") or isinstance(found, ValueResult) and found.figure.period == period:
            return runs
    # a move between two periods, or across a span without one quote of its own
    start, end = (query.periods[1], query.periods[0]) if len(query.periods) > 1 else (period, period)
    return _useful([evaluated(Op("change", (quote(m, end), quote(m, start))), data) for m in markets])


def _latest_quote(data: TradeData, commodity: str, market: str) -> Period | None:
    """The day of a market's latest quote for a product."""
    rows = data.series(commodity, "price", "price", market)
    return parse_period(str(rows["period"].iloc[rows["start"].argmax()])) if len(rows) else None


def _at_latest_quotes(expr: Expr, data: TradeData) -> Expr:
    """The expression with each quote taken at its market's latest one (when no date was asked)."""
    if isinstance(expr, Series) and expr.measure == "price":
        day = _latest_quote(data, expr.commodity, expr.partner)
        return replace(expr, period=day) if day is not None else expr
    if isinstance(expr, Op):
        return replace(expr, args=tuple(_at_latest_quotes(a, data) for a in expr.args))
    return expr


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
