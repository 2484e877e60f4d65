"""Telling the results that are lists or series: rankings, monthly series, prices, events.

Split from ``assistant.compose`` so each module stays short; the sentence shapes are in
``assistant.prompts``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from assistant import prompts
from assistant.draft import Draft, midpoint, src, who
from assistant.reading.query import Query
from tools.algebra import difference_of
from tools.dataset import OWN_TABLE
from tools.lookup import short_commodity
from tools.partners import WORLD, market_name, partner_name
from tools.periods import Period
from tools.results import (
    ChangeExtremeResult,
    Event,
    EventsResult,
    Figure,
    PriceChangeResult,
    RankingResult,
    TrendResult,
    format_pct,
)


def tell_ranking(
    result: RankingResult, draft: Draft, names: dict[str, str], c: str, gap: bool = False, named: tuple[str, ...] = ()
) -> None:
    """The ranked destinations, their shares and a bar chart.

    With ``gap``, how far the first led the second; with ``named`` partners, where each stood.
    """
    for partner in named:
        draft.lead.append(_place(result, partner, c, names))
    if result.entries:
        rows = []
        for e in result.entries:
            share = f" ({e.share.display})" if e.share else ""
            own = f" {OWN_TABLE}" if draft.rests_on_own(e.figure) else ""
            rows.append(f"{e.rank}. {partner_name(e.partner)} **{e.figure.display}**{own}{share}")
            draft.figures.append(e.figure)
            if e.share:
                draft.figures.append(e.share)
        if len(result.entries) == 1:  # "which country took the most": one sentence, not a list of one
            e = result.entries[0]
            share = f", {e.share.display} of China's total" if e.share else ""
            draft.lead.append(
                prompts.RANK_FIRST.format(
                    partner=partner_name(e.partner),
                    commodity=c,
                    period=result.period.label,
                    value=e.figure.display,
                    share=share,
                    among=_ranked(result.with_figures, result.with_figures),
                    source=src(names, e.figure),
                )
            )
            return
        draft.lead.append(
            "\n\n"
            + prompts.RANKING.format(
                commodity=c,
                period=result.period.label,
                ranked=_ranked(len(result.entries), result.with_figures),
            )
            + "\n\n"
            + "\n".join(rows)
            + "\n"
        )
        if result.total:
            draft.figures.append(result.total)
        if gap and len(result.entries) >= 2:  # "by how many tonnes did the first beat the second"
            first, second = result.entries[0], result.entries[1]
            lead = difference_of(first.figure, second.figure)
            draft.lead.insert(
                len(draft.lead) - 1,
                prompts.RANK_GAP.format(
                    first=partner_name(first.partner),
                    gap=lead.display,
                    second=partner_name(second.partner),
                    a=first.figure.display,
                    b=second.figure.display,
                ),
            )
            draft.figures.append(lead)
        bars = sorted(result.entries, key=lambda e: -(e.figure.value or 0))
        draft.chart = {
            "type": "bar",
            "title": f"Destinations of China's {c} exports, {result.period.label}",
            "unit": result.entries[0].figure.unit,
            "bars": [{"name": partner_name(e.partner), "value": e.figure.value, "how": e.figure.origin} for e in bars],
        }
    if result.reported_order:
        draft.lead.append(
            prompts.REPORTED_ORDER.format(order=", ".join(partner_name(p) for p in result.reported_order))
        )


def tell_trend(result: TrendResult, query: Query, draft: Draft, c: str) -> None:
    """A monthly series: first and last month, high, low, average, and a line chart."""
    verb, place = who(c, result.start.partner, query.flow)
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
            window=result.average.period.label,
            average=result.average.display,
        )
    )
    draft.figures.extend([result.start, result.end, result.maximum, result.minimum, result.average])
    if result.change_pct:
        draft.figures.append(result.change_pct)
    draft.figures.extend(result.points)
    if draft.chart is None or draft.chart.get("type") != "line":
        draft.chart = line_chart(result, c, query.periods)


def tell_months(result: TrendResult, query: Query, draft: Draft, c: str) -> None:
    """Which month of a window was highest or lowest, among the months with a reported figure."""
    pick = result.minimum if query.which == "lowest" else result.maximum
    verb, place = who(c, pick.partner, query.flow)
    window = Period(result.start.period.start, result.end.period.end).label
    if query.top > 1 and len(result.points) > 1:  # "which 3 months were lowest"
        ordered = sorted(result.points, key=lambda f: f.value or 0.0, reverse=query.which == "highest")
        picks = ordered[: query.top]
        draft.lead.append(
            prompts.MONTH_PICKS.format(
                n=len(result.points),
                window=window,
                count=len(picks),
                which=query.which,
                flow="exports" if query.flow == "export" else "imports",
                commodity=c,
                place=place,
                months="; ".join(f"{f.period.label} **{f.display}**" for f in picks),
            )
        )
        draft.figures.extend(result.points)
        draft.chart = line_chart(result, c, tuple(f.period for f in picks))
        return
    draft.lead.append(
        prompts.MONTH_PICK.format(
            which=query.which,
            window=window,
            month=pick.period.label,
            value=pick.display,
            verb=verb,
            commodity=c,
            place=place,
            n=len(result.points),
        )
    )
    draft.figures.extend([pick, *result.points])
    draft.chart = line_chart(result, c, (pick.period,))


def line_chart(result: TrendResult, c: str, asked: tuple[Period, ...] = ()) -> dict[str, Any]:
    """The monthly series as chart data.

    Every month of the window (a missing one as a gap), how each value came about, a reported
    range's ends, and the months the question asked about.
    """
    place = "" if result.start.partner == WORLD else f" to {partner_name(result.start.partner)}"
    held = {p.period.code: p for p in result.points}
    months = Period(result.start.period.start, result.end.period.end).month_list()
    points = [_point(held[m.code]) if m.code in held else {**_point(None, m), "how": "missing"} for m in months]
    return {
        "type": "line",
        "title": f"China's {c} exports{place}, monthly",
        "unit": result.points[0].unit,
        "points": points,
        "asked": [m.code for m in months if any(a.contains(m) for a in asked)],
    }


def _point(figure: Figure | None, period: Period | None = None) -> dict[str, Any]:
    """One point of a chart: when, its label, its value or range, how it came about."""
    when = figure.period if figure is not None else period
    assert when is not None
    return {
        "month": when.code,
        "date": when.start.isoformat(),
        "label": when.label if when.kind == "day" else when.short_label,
        "value": figure.value if figure is not None else None,
        "low": figure.low if figure is not None else None,
        "high": figure.high if figure is not None else None,
        "how": figure.origin if figure is not None else "missing",
    }


def price_chart(result: PriceChangeResult) -> dict[str, Any]:
    """The quotes of a price move as chart data (a range drawn as a band)."""
    a = result.first
    market = market_name(a.partner)
    return {
        "type": "line",
        "title": f"{short_commodity(a.commodity)} price, {market}",
        "unit": a.unit,
        "points": [_point(q) for q in result.quotes] or [_point(a), _point(result.last)],
        "asked": [a.period.code, result.last.period.code],
    }


def tell_price(result: PriceChangeResult, draft: Draft, names: dict[str, str], percent: bool = False) -> None:
    """How a price moved between two quotes: ranges bound by bound and at the midpoint.

    The move in the quote's unit is given too, unless ``percent`` (the question asked for a percentage).
    """
    a, b = result.first, result.last
    product = short_commodity(a.commodity)
    market = market_name(a.partner)
    detail = ""
    if result.change_low_pct and result.change_high_pct:
        detail = prompts.PRICE_BOUNDS.format(low=result.change_low_pct.display, high=result.change_high_pct.display)
    main = result.change_pct.display if result.change_pct else "n/a"
    basis = " at the midpoint" if (a.is_range or b.is_range) else ""
    if result.moved is not None and result.moved.value is not None and not percent:
        moved = "up" if result.moved.value > 0 else "down"
        basis += f", {moved} {_size(result.moved)}"
    draft.lead.append(
        prompts.PRICE.format(
            product=product,
            market=market,
            first=a.display,
            first_period=", ".join(x for x in (a.period.label, midpoint(a)) if x),
            last=b.display,
            last_period=", ".join(x for x in (b.period.label, midpoint(b)) if x),
            change=main,
            basis=basis,
            detail=detail,
            source=src(names, a, b),
        )
    )
    if result.between:
        parts = [
            prompts.PRICE_BETWEEN_PART.format(
                which=which,
                value=q.display,
                period=q.period.label,
                source="" if q.sources == a.sources else f", {src(names, q)}",
            )
            for which, q in result.between.items()
        ]
        draft.lead.append(prompts.PRICE_BETWEEN.format(parts=" and ".join(parts)))
    draft.figures.extend([*result.figures, a.midpoint(), b.midpoint()])
    if draft.chart is None:
        draft.chart = price_chart(result)


def tell_change_extreme(result: ChangeExtremeResult, draft: Draft, names: dict[str, str], c: str) -> None:
    """The month whose change was largest (or smallest), among those with a change that could be given."""
    best = result.best
    pct = best.pct
    if pct is None or pct.value is None or best.current is None:
        return
    cur = best.current.figure
    rising = pct.value > 0
    size = "largest" if (result.which == "highest") == rising else "smallest"
    move = "rise" if rising else "fall"
    base = best.base.figure if best.base else None
    moved = best.change_abs if best.change_abs is not None and best.change_abs.value is not None else None
    draft.lead.append(
        prompts.CHANGE_EXTREME.format(
            ranked=result.ranked,
            window=result.window.label,
            basis=prompts.BASIS_WORDS[result.basis],
            size=size,
            move=move,
            month=cur.period.label,
            direction="up" if rising else "down",
            pct=format_pct(abs(pct.value), pct.decimals).lstrip("+"),
            # the move in the figures' unit as well: "down 30.9%, or 1,791.7 t"
            moved=f", or {_size(moved)}" if moved else "",
            value=cur.display,
            base=f", against {base.display} in {base.period.label}" if base else "",
            source=src(names, cur, pct),
        )
    )
    draft.figures.extend([f for f in (cur, pct, base, moved) if f is not None])
    draft.allowed_text.append(f"{result.ranked} months")  # the count of months ranked is the tool's own


def tell_events(result: EventsResult, draft: Draft, names: dict[str, str], question: str = "") -> None:
    """The events of a window, each with its source; the one the question's words single out first."""
    if not result.events:
        return
    rows = [f"{e.date.label}: {e.event} ({names.get(e.source_id, e.source_id)})" for e in result.events[:8]]
    best = result.events[0] if len(result.events) == 1 else answering_event(result.events, question)
    if best is not None:
        # "what was the combined US tariff after the April increases": that event is the answer
        draft.lead.append(prompts.EVENT_FIRST.format(date=best.date.label, event=best.event.rstrip(".")))
        draft.lead.append(f"({names.get(best.source_id, best.source_id)}).")
        draft.allowed_text.append(best.event)
    if len(result.events) == 1:
        return
    draft.lead.append(
        "\n\n" + prompts.EVENTS.format(window=result.window.label) + "\n\n" + "\n".join(f"- {r}" for r in rows) + "\n"
    )
    draft.allowed_text.extend(e.event for e in result.events)
    if len(result.events) > 8:
        draft.caveats.append(f"{len(result.events) - 8} more event(s) in this window are not listed.")


_PLAIN = re.compile(r"[a-z]{4,}|\d+%?")


def answering_event(events: Sequence[Event], question: str) -> Event | None:
    """The event the question's words single out among several, or None.

    Words of four letters or more (and numbers) shared by the question and an event count when few
    events use them (a word most events use, "China", tells none apart); the event must share two
    such words, and more than any other event.
    """
    asked = {_stem(w) for w in _PLAIN.findall(question.lower())}
    used = [{_stem(w) for w in _PLAIN.findall(e.event.lower())} for e in events]
    common = {w for w in asked if sum(w in u for u in used) > max(1, len(events) // 3)}
    scored = sorted(((len((asked - common) & u), i) for i, u in enumerate(used)), reverse=True)
    if len(scored) < 2 or scored[0][0] < 2 or scored[1][0] >= scored[0][0]:  # one event is the list itself
        return None
    return events[scored[0][1]]


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _place(result: RankingResult, partner: str, c: str, names: dict[str, str]) -> str:
    """Where one partner stood: by its reported volume, else in a source's reported order."""
    entry = next((e for e in result.entries if e.partner == partner), None)
    where = partner_name(partner)
    if entry is not None:
        counted = f"of {result.with_figures} destinations with a reported figure"
        how = f"{entry.figure.display}, {counted}; {src(names, entry.figure)}"
        return prompts.RANK_PLACE.format(partner=where, n=entry.rank, commodity=c, period=result.period.label, how=how)
    if partner in result.reported_order:
        n = result.reported_order.index(partner) + 1
        how = "in the reported order of the leading destinations, with no volume given"
        return prompts.RANK_PLACE.format(partner=where, n=n, commodity=c, period=result.period.label, how=how)
    return prompts.RANK_UNPLACED.format(partner=where, commodity=c, period=result.period.label)


def _size(figure: Figure) -> str:
    """A move told by its size, its direction said in words beside it: "1,791.7 t"."""
    return replace(figure, value=abs(figure.value or 0.0)).display


def _ranked(shown: int, with_figures: int) -> str:
    """Which destinations a ranking lists: "the 5 destinations", "the top 1 of the 5 destinations"."""
    ranked = prompts.RANKED_ONE if with_figures == 1 else prompts.RANKED.format(n=with_figures)
    return ranked if shown >= with_figures else prompts.RANKED_TOP.format(shown=shown, ranked=ranked)
