"""Composing the offline answer: computed figures first, then cited context, then caveats.

Every number in the lead comes from a tool result; context sentences are taken whole from the
passages they cite. The sentence shapes live in ``assistant.prompts`` so they can be reviewed
in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant import prompts
from assistant.answer import Citation, FigureOut
from assistant.execute import ToolRun
from assistant.reading.query import Query
from tools.controls import control_lines
from tools.lookup import short_commodity
from tools.partners import WORLD, partner_name
from tools.periods import Period
from tools.results import (
    ChangeResult,
    ComparisonResult,
    ControlsResult,
    EventsResult,
    ExtremeResult,
    Figure,
    NoData,
    NotExtremeResult,
    PriceChangeResult,
    RankingResult,
    ShareResult,
    TotalResult,
    TrendResult,
    ValueResult,
    format_pct,
)


@dataclass
class Draft:
    """An answer being put together."""

    lead: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    allowed_text: list[str] = field(default_factory=list)  # tool-provided text (event descriptions)
    no_data: bool = False
    missing: bool = False  # the question named something the data set lacks

    def text(self) -> str:
        """The markdown answer."""
        lead = ""
        for piece in self.lead:
            lead += piece if not lead or lead.endswith("\n") or piece.startswith("\n") else " " + piece
        parts = [lead.strip()] if lead else []
        if self.context:
            parts.append(prompts.CONTEXT_HEADING + "\n" + "\n".join(f"- {c}" for c in self.context))
        if self.caveats:
            parts.append(prompts.CAVEATS_HEADING + "\n" + "\n".join(f"- {c}" for c in dict.fromkeys(self.caveats)))
        return "\n\n".join(p for p in parts if p)


def to_out(f: Figure) -> FigureOut:
    """The answer's view of a tool figure."""
    return FigureOut(
        label=f.label,
        value=f.value,
        unit=f.unit,
        period=f.period.label,
        partner=partner_name(f.partner),
        commodity=f.commodity,
        display=f.display,
        origin=f.origin,
        sources=f.sources,
        formula=f.formula,
        low=f.low,
        high=f.high,
    )


def _src(data_sources: dict[str, str], *figures: Figure) -> str:
    f = figures[0]
    names = list(dict.fromkeys(data_sources.get(s, s) for g in figures for s in g.sources))
    if f.origin == "computed":
        return prompts.COMPUTED_FROM.format(sources="; ".join(names[:3]) + (" …" if len(names) > 3 else ""))
    return prompts.REPORTED_BY.format(sources="; ".join(names))


def _who(c: str, partner: str, flow: str) -> tuple[str, str]:
    """("China exported", " to Germany") for the sentence shapes."""
    verb = "exported" if flow == "export" else "imported"
    place = "" if partner == WORLD else (" to " if flow == "export" else " from ") + partner_name(partner)
    return verb, place


def tell(run: ToolRun, query: Query, draft: Draft, names: dict[str, str]) -> None:
    """Add one tool result to the draft: sentences, figures, caveats, chart."""
    result = run.result
    if run.error:
        draft.caveats.append(prompts.TOOL_ERROR.format(error=run.error))
        return
    if result is None:
        return
    if run.role != "chart":
        draft.caveats.extend(getattr(result, "warnings", ()))
    c = short_commodity(query.commodity)
    if isinstance(result, NoData):
        if run.role == "main":
            draft.no_data = True
            draft.lead.append(prompts.NO_DATA.format(message=result.message))
            draft.allowed_text.append(result.message)
            draft.figures.extend(result.covering)
        return
    if run.role == "chart":
        if isinstance(result, TrendResult) and draft.chart is None and len(result.points) > 1:
            draft.chart = _line_chart(result, c)
        return
    if isinstance(result, ValueResult):
        verb, place = _who(c, result.figure.partner, query.flow)
        draft.lead.append(
            prompts.VALUE.format(
                verb=verb,
                value=result.figure.display,
                commodity=c,
                place=place,
                period=result.figure.period.label,
                source=_src(names, result.figure),
            )
        )
        draft.figures.append(result.figure)
        for alt in result.alternatives:
            draft.figures.append(alt)
    elif isinstance(result, ChangeResult):
        _tell_change(result, query, draft, names, c, extra=run.role == "extra")
    elif isinstance(result, TotalResult):
        total = result.total.figure
        verb, place = _who(c, total.partner, query.flow)
        how = prompts.SUMMED if total.origin == "computed" else prompts.AS_REPORTED
        draft.lead.append(
            prompts.TOTAL.format(
                verb=verb,
                value=total.display,
                commodity=c,
                place=place,
                period=total.period.label,
                how=how,
                source=_src(names, total),
            )
        )
        draft.figures.append(total)
        draft.figures.extend(result.total.alternatives)
        if isinstance(result.change, ChangeResult):
            _tell_change(result.change, query, draft, names, c, extra=True)
        else:
            draft.caveats.append(result.change.message)
    elif isinstance(result, RankingResult):
        _tell_ranking(result, draft, names, c)
    elif isinstance(result, ShareResult):
        s = result.share
        if result.part is not None and result.total is not None:
            draft.lead.append(
                prompts.SHARE.format(
                    partner=partner_name(s.partner),
                    share=s.display,
                    commodity=c,
                    period=s.period.label,
                    part=result.part.display,
                    total=result.total.display,
                )
            )
            draft.figures.extend([s, result.part, result.total])
        else:
            draft.lead.append(
                prompts.SHARE_REPORTED.format(
                    partner=partner_name(s.partner),
                    share=s.display,
                    commodity=c,
                    period=s.period.label,
                    source=_src(names, s),
                )
            )
            draft.figures.append(s)
        if result.reported_share is not None and result.reported_share is not s:
            draft.figures.append(result.reported_share)
    elif isinstance(result, ExtremeResult):
        f = result.figure
        extra = run.role == "extra"
        if extra and (result.since is None and not result.compared or isinstance(result, NotExtremeResult)):
            return  # beside another figure, only a real high is worth a sentence
        text = prompts.EXTREME.format(
            value=f.display,
            period=f.period.label,
            statement=result.statement,
            since=f" ({result.since.display})" if result.since else "",
        )
        draft.lead.append(text)
        draft.figures.extend([f] + ([result.since] if result.since else []))
    elif isinstance(result, TrendResult) and query.ask == "rank":
        _tell_months(result, query, draft, c)
    elif isinstance(result, TrendResult):
        _tell_trend(result, query, draft, c)
    elif isinstance(result, ControlsResult):
        lines = control_lines(result, names)
        draft.lead.append("\n\n" + "\n".join(f"- {line}" for line in lines) + "\n")
        draft.allowed_text.extend(lines)
    elif isinstance(result, PriceChangeResult):
        _tell_price(result, draft, names)
    elif isinstance(result, ComparisonResult):
        parts = []
        for entry, share in zip(result.entries, result.shares, strict=True):
            if isinstance(entry, ValueResult):
                pct = f", {share.display} of the total" if share else ""
                parts.append(f"{partner_name(entry.figure.partner)} **{entry.figure.display}**{pct}")
                draft.figures.append(entry.figure)
                if share:
                    draft.figures.append(share)
        if parts:
            draft.lead.append(prompts.COMPARE.format(commodity=c, period=result.period.label, parts="; ".join(parts)))
        if result.total:
            draft.figures.append(result.total)
    elif isinstance(result, EventsResult):
        _tell_events(result, draft, names)


def _tell_change(result: ChangeResult, query: Query, draft: Draft, names: dict[str, str], c: str, extra: bool) -> None:
    pct = result.pct
    if pct is None:
        return
    base_label = result.base.figure.period.label if result.base else ""
    if result.basis == "yoy" and result.current:
        base_label = result.current.figure.period.year_earlier().label
    elif result.basis in ("mom", "previous") and result.current:
        base_label = result.current.figure.period.previous().label
    direction = "up" if (pct.value or 0) > 0 else "down" if (pct.value or 0) < 0 else "unchanged"
    amount = format_pct(abs(pct.value or 0.0), pct.decimals).lstrip("+")
    reported = ""
    if result.change_pct is not None and result.reported_pct is not None:
        reported = prompts.REPORTED_PCT.format(value=result.reported_pct.display)
    if result.current is not None:
        cur = result.current.figure
        verb, place = _who(c, cur.partner, query.flow)
        base = f" ({result.base.figure.display})" if result.base else ""
        if extra:
            draft.lead.append(
                prompts.CHANGE_EXTRA.format(
                    direction=direction, pct=amount, base_period=base_label, base=base, reported=reported
                )
            )
        else:
            draft.lead.append(
                prompts.CHANGE.format(
                    verb=verb,
                    value=cur.display,
                    commodity=c,
                    place=place,
                    period=cur.period.label,
                    direction=direction,
                    pct=amount,
                    base_period=base_label,
                    base=base,
                    reported=reported,
                    source=_src(names, cur, pct),
                )
            )
            draft.figures.append(cur)
            draft.figures.extend(result.current.alternatives)
        if result.base:
            draft.figures.append(result.base.figure)
    else:
        draft.lead.append(
            prompts.CHANGE_REPORTED_ONLY.format(
                commodity=c,
                period=pct.period.label,
                direction=direction,
                pct=amount,
                base_period=base_label,
                source=_src(names, pct),
            )
        )
    draft.figures.append(pct)
    if result.change_pct is not None and result.reported_pct is not None:
        draft.figures.append(result.reported_pct)


def _tell_ranking(result: RankingResult, draft: Draft, names: dict[str, str], c: str) -> None:
    if result.entries:
        rows = []
        for e in result.entries:
            share = f" ({e.share.display})" if e.share else ""
            rows.append(f"{e.rank}. {partner_name(e.partner)} **{e.figure.display}**{share}")
            draft.figures.append(e.figure)
            if e.share:
                draft.figures.append(e.share)
        draft.lead.append(
            "\n\n"
            + prompts.RANKING.format(commodity=c, period=result.period.label, n=len(result.entries))
            + "\n\n"
            + "\n".join(rows)
            + "\n"
        )
        if result.total:
            draft.figures.append(result.total)
        draft.chart = {
            "type": "bar",
            "title": f"Destinations of China's {c} exports, {result.period.label}",
            "x": [partner_name(e.partner) for e in result.entries],
            "y": [e.figure.value for e in result.entries],
            "unit": result.entries[0].figure.unit,
        }
    if result.reported_order:
        draft.lead.append(
            prompts.REPORTED_ORDER.format(order=", ".join(partner_name(p) for p in result.reported_order))
        )


def _tell_trend(result: TrendResult, query: Query, draft: Draft, c: str) -> None:
    verb, place = _who(c, result.start.partner, query.flow)
    change = f" ({result.change_pct.display})" if result.change_pct else ""
    draft.lead.append(
        prompts.TREND.format(
            commodity=c,
            place=place,
            start_period=result.start.period.label,
            start=result.start.display,
            end_period=result.end.period.label,
            end=result.end.display,
            change=change,
            high=result.maximum.display,
            high_period=result.maximum.period.label,
            low=result.minimum.display,
            low_period=result.minimum.period.label,
            n=len(result.points),
            average=result.average.display,
        )
    )
    draft.figures.extend([result.start, result.end, result.maximum, result.minimum, result.average])
    if result.change_pct:
        draft.figures.append(result.change_pct)
    draft.figures.extend(result.points)
    if draft.chart is None or draft.chart.get("type") != "line":
        draft.chart = _line_chart(result, c)


def _tell_months(result: TrendResult, query: Query, draft: Draft, c: str) -> None:
    """Which month of a window was highest or lowest, among the months with a reported figure."""
    pick = result.minimum if query.which == "lowest" else result.maximum
    verb, place = _who(c, pick.partner, query.flow)
    draft.lead.append(
        prompts.MONTH_PICK.format(
            which=query.which,
            window=Period(result.start.period.start, result.end.period.end).label,
            month=pick.period.label,
            value=pick.display,
            verb=verb,
            commodity=c,
            place=place,
            n=len(result.points),
        )
    )
    draft.figures.extend([pick, *result.points])
    draft.chart = _line_chart(result, c)


def _line_chart(result: TrendResult, c: str) -> dict[str, Any]:
    place = "" if result.start.partner == WORLD else f" to {partner_name(result.start.partner)}"
    return {
        "type": "line",
        "title": f"China's {c} exports{place}, monthly",
        "x": [p.period.short_label for p in result.points],
        "y": [p.value for p in result.points],
        "unit": result.points[0].unit,
    }


def _tell_price(result: PriceChangeResult, draft: Draft, names: dict[str, str]) -> None:
    a, b = result.first, result.last
    product = short_commodity(a.commodity)
    market = "Europe" if a.partner == "EUROPE" else partner_name(a.partner)
    detail = ""
    if result.change_low_pct and result.change_high_pct:
        detail = prompts.PRICE_BOUNDS.format(low=result.change_low_pct.display, high=result.change_high_pct.display)
    main = result.change_pct.display if result.change_pct else "n/a"
    basis = " at the midpoint" if (a.is_range or b.is_range) else ""
    draft.lead.append(
        prompts.PRICE.format(
            product=product,
            market=market,
            first=a.display,
            first_period=a.period.label,
            last=b.display,
            last_period=b.period.label,
            change=main,
            basis=basis,
            detail=detail,
            source=_src(names, a),
        )
    )
    draft.figures.extend([f for f in (a, b, result.change_pct, result.change_low_pct, result.change_high_pct) if f])
    draft.figures.extend(result.reported_changes)


def _tell_events(result: EventsResult, draft: Draft, names: dict[str, str]) -> None:
    if not result.events:
        return
    rows = [f"{e.date.label}: {e.event} ({names.get(e.source_id, e.source_id)})" for e in result.events[:8]]
    draft.lead.append(
        "\n\n" + prompts.EVENTS.format(window=result.window.label) + "\n\n" + "\n".join(f"- {r}" for r in rows) + "\n"
    )
    draft.allowed_text.extend(e.event for e in result.events)
    if len(result.events) > 8:
        draft.caveats.append(f"{len(result.events) - 8} more event(s) in this window are not listed.")
