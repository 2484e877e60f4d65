"""Running a plan: the figure-tool calls it needs, each timed and recorded for the trace."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import tools
from assistant.planner import Plan
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.periods import Period
from tools.results import NoData, ToolResult

WORLD = "WLD"


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
    shown = {k: (v.label if isinstance(v, Period) else v) for k, v in inputs.items() if k != "data"}
    return ToolRun(tool, shown, result, error, (time.perf_counter() - started) * 1000, role)


def run_plan(plan: Plan, data: TradeData) -> list[ToolRun]:
    """The tool calls for a plan, in the order their results are told."""
    partner = plan.partners[0] if plan.partners else WORLD
    period = plan.period
    same = {"data": data, "commodity": plan.commodity, "flow": plan.flow}  # every figure call shares these
    runs: list[ToolRun] = []
    if period is not None:
        if plan.intent == "value":
            runs.append(call("value", tools.value, **same, period=period, partner=partner))
        elif plan.intent == "change":
            against: Any = plan.basis
            if plan.basis == "periods" and len(plan.periods) > 1:
                period, against = max(plan.periods), min(plan.periods)  # the later period against the earlier
            runs.append(call("change", tools.change, **same, period=period, against=against, partner=partner))
            if period.is_month and plan.basis == "mom":
                runs.append(
                    call("change", tools.change, "extra", **same, period=period, against="yoy", partner=partner)
                )
        elif plan.intent == "total":
            runs.append(call("period_total", tools.period_total, **same, period=period, partner=partner))
        elif plan.intent == "ranking":
            runs.append(call("ranking", tools.ranking, **same, period=period, top=plan.top))
        elif plan.intent == "share":
            runs.extend(call("share", tools.share, **same, period=period, partner=p) for p in plan.partners or ("EU",))
        elif plan.intent == "extreme":
            runs.append(
                call("extreme_since", tools.extreme_since, **same, period=period, partner=partner, which=plan.which)
            )
        elif plan.intent == "trend":
            first, last = (
                Period.month(period.start.year, period.start.month),
                Period.month(period.end.year, period.end.month),
            )
            runs.extend(
                call("trend", tools.trend, **same, start=first, end=last, partner=p) for p in plan.partners or (WORLD,)
            )
        elif plan.intent == "compare":
            runs.append(
                call("compare_partners", tools.compare_partners, **same, period=period, partners=list(plan.partners))
            )
        elif plan.intent == "price":
            runs.extend(_price_runs(plan, data, period))
    if plan.intent in ("why", "timeline") or (plan.wants_context and plan.intent != "context"):
        window = period or Period.year(2025)
        if plan.intent == "why" and period is not None and period.is_month and plan.commodity_given:
            runs.append(call("change", tools.change, **same, period=period, against="mom", partner=partner))
        if period is not None and period.is_month:
            window = Period(period.shift_months(-3).start, period.end)
        runs.append(call("events", tools.events, data=data, start=window, end=window))
    if period is not None and period.is_month and plan.intent in ("value", "change", "extreme", "why"):
        first = Period.month(period.start.year, period.start.month).shift_months(-11)
        runs.append(call("trend", tools.trend, "chart", **same, start=first, end=period, partner=partner))
        if plan.intent != "extreme" and partner == WORLD:
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


def _price_runs(plan: Plan, data: TradeData, period: Period) -> list[ToolRun]:
    markets = data.partners_of(plan.commodity, "price", "price") or [None]
    runs = [
        call(
            "price_change",
            tools.price_change,
            data=data,
            product=plan.commodity,
            start=period,
            end=period,
            market=m,
        )
        for m in markets
    ]
    useful = [r for r in runs if r.result is not None and not isinstance(r.result, NoData)]
    return useful or runs[:1]
