"""Composing the offline answer: computed figures first, then cited context, then caveats.

Every number in the lead comes from a tool result; context sentences are taken whole from the
passages they cite. The sentence shapes live in ``assistant.prompts`` so they can be reviewed
in one place.
"""

from __future__ import annotations

from assistant import prompts
from assistant.compose_derived import tell_derived
from assistant.compose_lists import (
    line_chart,
    tell_change_extreme,
    tell_events,
    tell_months,
    tell_price,
    tell_ranking,
    tell_trend,
)
from assistant.draft import Draft, midpoint, src, when, who
from assistant.execute import ToolRun
from assistant.reading.query import Query
from tools.algebra import Derived
from tools.controls import control_lines
from tools.dataset import OWN_TABLE
from tools.lookup import short_commodity
from tools.partners import WORLD, market_name, partner_name
from tools.results import (
    ChangeExtremeResult,
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


def tell(run: ToolRun, query: Query, draft: Draft, names: dict[str, str]) -> None:
    """Add one tool result to the draft: sentences, figures, caveats, chart.

    When any figure of the result, or any figure it was compared with, rests on a row of the
    user's own tables, the answer says so beside it: a ranking, share, total or "highest in the
    data" computed over a user's rows is never told as if it were curated.
    """
    told = len(draft.lead)
    _tell(run, query, draft, names)
    if run.role == "chart" or run.result is None or len(draft.lead) == told:
        return
    led = run.result.figure if run.role == "main" and isinstance(run.result, ValueResult) else None
    if led is not None and led.flag:
        # a figure the data set marks doubtful is said to be so before it is given, not after
        warning = next((c for c in draft.caveats if c.startswith(f"The figure {led.display} for")), None)
        if warning is not None:
            draft.caveats.remove(warning)
            draft.warned.append(warning)
            draft.lead.insert(told, warning)
            draft.allowed_text.append(warning)
    own = [f for f in figures_in(run.result) if draft.rests_on_own(f)]
    if own:
        # where and when, not the values: a figure the answer never states must not appear here
        items = ", ".join(dict.fromkeys(_row_label(f) for f in own))
        draft.lead.append(prompts.OWN_ROWS.format(items=items))


def _counted_elements(result: ControlsResult) -> str:
    """How many elements each measure lists, and how many need a licence on the date."""
    listed: dict[str, list[str]] = {}
    for row in result.rows:
        if row.item_kind == "element":
            listed.setdefault(row.short_name, []).append(row.item)
    each = "; ".join(f"the {name} list {len(items)} ({', '.join(items)})" for name, items in listed.items())
    live = sorted({r.item for r in result.in_force if r.item_kind == "element"})
    return prompts.CONTROLS_COUNT.format(
        each=each, on=f"{result.on.day} {result.on:%B %Y}", n=len(live), items=", ".join(live) or "none"
    )


def _row_label(figure: Figure) -> str:
    where = "" if figure.partner == WORLD else f"{partner_name(figure.partner)}, "
    return f"{where}{figure.period.label}"


def figures_in(result: object, depth: int = 0) -> list[Figure]:
    """Every figure a tool result holds, however deep (entries, totals, compared months)."""
    if isinstance(result, Figure):
        return [result]
    if depth > 4:
        return []
    if isinstance(result, (list, tuple)):
        return [f for item in result for f in figures_in(item, depth + 1)]
    fields = getattr(result, "__dataclass_fields__", None)
    if not fields:
        return []
    return [f for name in fields for f in figures_in(getattr(result, name), depth + 1)]


def _tell(run: ToolRun, query: Query, draft: Draft, names: dict[str, str]) -> None:
    result = run.result
    if run.error and run.tool == "expression":  # what the algebra refuses is the answer's first line
        draft.lead.append(prompts.CANNOT_EXPRESSION.format(error=run.error))
        draft.allowed_text.append(run.error)
        draft.no_data = True
        return
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
            draft.figures.extend(result.figures)
        return
    if run.role == "chart":
        if isinstance(result, TrendResult) and draft.chart is None and len(result.points) > 1:
            draft.chart = line_chart(result, c, query.periods)
        return
    if isinstance(result, ValueResult) and result.figure.measure == "price":
        f = result.figure
        mid = midpoint(f)
        draft.lead.append(
            prompts.PRICE_QUOTE.format(
                product=c,
                market=market_name(f.partner),
                value=f.display,
                when=when(f.period),
                mid=f"{mid}; " if mid else "",
                source=src(names, f),
            )
        )
        draft.figures.extend([f, f.midpoint()])
        draft.figures.extend(result.alternatives)
    elif isinstance(result, ValueResult):
        verb, place = who(c, result.figure.partner, query.flow)
        draft.lead.append(
            prompts.VALUE.format(
                verb=verb,
                value=result.figure.display,
                commodity=c,
                place=place,
                period=result.figure.period.label,
                source=src(names, result.figure),
            )
        )
        draft.figures.append(result.figure)
        for alt in result.alternatives:
            draft.figures.append(alt)
    elif isinstance(result, Derived):
        tell_derived(result, query, draft, names)
    elif isinstance(result, ChangeResult):
        _tell_change(result, query, draft, names, c, extra=run.role == "extra")
    elif isinstance(result, TotalResult):
        total = result.total.figure
        verb, place = who(c, total.partner, query.flow)
        how = prompts.AS_REPORTED
        if total.origin == "computed":
            spans = any(".." in r.period for r in total.rows)  # reported part-periods as well as months
            how = prompts.SUMMED_PARTS if spans else prompts.SUMMED
        draft.lead.append(
            prompts.TOTAL.format(
                verb=verb,
                value=total.display,
                commodity=c,
                place=place,
                period=total.period.label,
                how=how,
                source=src(names, total),
            )
        )
        draft.figures.append(total)
        draft.figures.extend(result.total.alternatives)
        if isinstance(result.change, ChangeResult) and draft.alone:
            _tell_change(result.change, query, draft, names, c, extra=True)
        elif draft.alone:
            draft.caveats.append(result.change.message)
    elif isinstance(result, RankingResult):
        tell_ranking(result, draft, names, c, gap=query.op == "difference", named=query.partners)
    elif isinstance(result, ShareResult):
        s = result.share
        if result.part is not None and result.total is not None:
            draft.lead.append(
                prompts.SHARE.format(
                    **prompts.SHARE_FLOW[query.flow],
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
                    **prompts.SHARE_FLOW[query.flow],
                    partner=partner_name(s.partner),
                    share=s.display,
                    commodity=c,
                    period=s.period.label,
                    source=src(names, s),
                )
            )
            draft.figures.append(s)
        if result.reported_share is not None and result.reported_share is not s:
            draft.figures.append(result.reported_share)
    elif isinstance(result, ExtremeResult):
        f = result.figure
        extra = run.role == "extra"
        unreal = result.since is None and not result.compared or isinstance(result, NotExtremeResult)
        # beside another figure, only a real high over mostly reported months is worth a sentence
        if extra and (unreal or len(result.gaps) > len(result.compared) - 1):
            return
        text = prompts.EXTREME.format(
            value=f.display,
            period=f.period.label,
            statement=result.statement,
            since=f" ({result.since.display})" if result.since else "",
        )
        draft.lead.append(text)
        if run.role == "main" and query.within is not None:  # a window was named: answer for it
            window = query.within
            draft.lead.append(
                prompts.EXTREME_OVER[result.holds_from(window.start)].format(which=result.which, window=window.label)
            )
        draft.figures.extend([f] + ([result.since] if result.since else []))
    elif isinstance(result, ChangeExtremeResult):
        tell_change_extreme(result, draft, names, c)
    elif isinstance(result, TrendResult) and query.ask == "rank":
        tell_months(result, query, draft, c)
    elif isinstance(result, TrendResult):
        tell_trend(result, query, draft, c)
    elif isinstance(result, ControlsResult):
        lines = control_lines(result, names)
        if "count" in query.given:  # "how many rare earths need a licence": the count first
            counted = _counted_elements(result)
            draft.lead.append(counted)
            draft.allowed_text.append(counted)
        # one measure is told in the lead; several are a list
        draft.lead.append(lines[0] if len(lines) == 1 else "\n\n" + "\n".join(f"- {line}" for line in lines) + "\n")
        draft.allowed_text.extend(lines)
    elif isinstance(result, PriceChangeResult):
        tell_price(result, draft, names, percent="percent" in query.given)
    elif isinstance(result, ComparisonResult):
        parts = []
        for entry, share in zip(result.entries, result.shares, strict=True):
            if isinstance(entry, ValueResult):
                pct = f", {share.display} of the total" if share else ""
                own = f" {OWN_TABLE}" if draft.rests_on_own(entry.figure) else ""
                parts.append(f"{partner_name(entry.figure.partner)} **{entry.figure.display}**{own}{pct}")
                draft.figures.append(entry.figure)
                if share:
                    draft.figures.append(share)
        if parts:
            draft.lead.append(prompts.COMPARE.format(commodity=c, period=result.period.label, parts="; ".join(parts)))
        if result.total:
            draft.figures.append(result.total)
    elif isinstance(result, EventsResult):
        tell_events(result, draft, names, query.search)


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
        verb, place = who(c, cur.partner, query.flow)
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
                    source=src(names, cur, pct),
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
                source=src(names, pct),
            )
        )
    draft.figures.append(pct)
    if result.change_pct is not None and result.reported_pct is not None:
        draft.figures.append(result.reported_pct)
