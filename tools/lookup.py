"""Choosing one figure among the reports for a period, and building figures with provenance.

The preference order itself is applied once, when the data set is indexed (``tools.dataset``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import pandas as pd

from tools.commodities import commodity_label
from tools.dataset import Report, TradeData, decimals_of, inside
from tools.partners import WORLD, market_name, partner_name
from tools.periods import Period, parse_period
from tools.results import Figure, NoData, Row, ValueResult, format_pct

PCT_DECIMALS = 1


def short_commodity(code: str) -> str:
    """The commodity's name without its parenthetical detail."""
    return commodity_label(code).split(" (")[0]


def describe(commodity: str, flow: str, partner: str, period: Period, measure: str = "volume") -> str:
    """A label such as "China's exports of rare-earth permanent magnets to Germany, July 2025"."""
    name = short_commodity(commodity)
    if flow == "price":
        return f"{name} price ({market_name(partner)}), {period.label}"
    what = {"value": "value of ", "unit_value": "average price of "}.get(measure, "")
    direction = "exports" if flow == "export" else "imports"
    place = ""
    if partner != WORLD:
        place = f" {'to' if flow == 'export' else 'from'} {partner_name(partner)}"
    return f"China's {what}{direction} of {name}{place}, {period.label}"


def _num(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def row_of(record: Report) -> Row:
    """The provenance record of one data row."""
    return Row(
        commodity=record["commodity"],
        flow=record["flow"],
        partner=record["partner"],
        period=record["period"],
        measure=record["measure"],
        basis=record["basis"],
        value=_num(record["value"]),
        low=_num(record["low"]),
        high=_num(record["high"]),
        unit=record["unit"],
        source_id=record["source_id"],
        flag=record["flag"],
        note=record["note"],
    )


def figure_of(record: Report, label: str | None = None) -> Figure:
    """A reported figure from one data row."""
    period = parse_period(record["period"])
    low, high = _num(record["low"]), _num(record["high"])
    decimals = int(record["decimals"])
    if low is not None:
        decimals = max(decimals_of(low), decimals_of(high or 0.0))
    if record["measure"] == "change_pct":
        decimals = max(decimals, 0)
    return Figure(
        label=label or describe(record["commodity"], record["flow"], record["partner"], period, record["measure"]),
        value=_num(record["value"]),
        unit=record["unit"],
        period=period,
        partner=record["partner"],
        commodity=record["commodity"],
        measure=record["measure"],
        origin="reported",
        sources=(record["source_id"],),
        low=low,
        high=high,
        decimals=decimals,
        rows=(row_of(record),),
        flag=record["flag"],
        note=record["note"],
    )


def agrees(a: float, da: int, b: float, db: int) -> bool:
    """True when two reports are the same figure at two precisions (1,238 and 1,238.47)."""
    d = min(da, db)
    return round(a, d) == round(b, d)


def pick(data: TradeData, rows: pd.DataFrame | Sequence[Report]) -> tuple[Report | None, list[Report], list[str]]:
    """(preferred row, rows that conflict with it, warnings) among reports of one figure.

    ``rows`` come from the data set's indexes, which keep them in order of preference: a frame,
    or the records of ``TradeData.reports``.
    """
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows
    if not records:
        return None, [], []
    chosen = records[0]
    conflicts: list[Report] = []
    warnings: list[str] = []
    for other in records[1:]:
        if other["source_id"] == chosen["source_id"]:
            continue
        same = (
            not math.isnan(chosen["value"])
            and not math.isnan(other["value"])
            and agrees(chosen["value"], int(chosen["decimals"]), other["value"], int(other["decimals"]))
        )
        if not same:
            conflicts.append(other)
    if conflicts:
        chosen_fig = figure_of(chosen)
        parts = [f"{chosen_fig.display} ({publisher(data, chosen['source_id'])})"] + [
            f"{figure_of(o).display} ({publisher(data, o['source_id'])})" for o in conflicts
        ]
        what = describe(
            chosen["commodity"],
            chosen["flow"],
            chosen["partner"],
            parse_period(chosen["period"]),
            chosen["measure"],
        )
        warnings.append(
            f"Sources disagree on {what}: {' vs '.join(parts)}. Shown: the first (preferred by source rank)."
        )
    if chosen["flag"]:
        warnings.append(flag_warning(data, chosen))
    return chosen, conflicts, warnings


def flag_warning(data: TradeData, row: Report) -> str:
    """The warning shown whenever a flagged (doubtful, truncated) figure is used.

    A user's note is quoted as theirs, never told in the data set's voice.
    """
    figure = f"The figure {figure_of(row).display} for {parse_period(row['period']).label}"
    if data.source(row["source_id"]).own:
        note = f", with the note \u201c{row['note']}\u201d" if row["note"] else ""
        return f"{figure} is marked {row['flag']} in your table{note}."
    return f"{figure} is marked {row['flag']} in the data set: {row['note'] or 'treat it with care'}."


def publisher(data: TradeData, source_id: str) -> str:
    """A source as it is cited: "Reuters via Kitco" (see ``Source.cited_as``)."""
    return data.source(source_id).cited_as


def preferred(data: TradeData, rows: pd.DataFrame, key: str) -> tuple[pd.DataFrame, list[str]]:
    """The preferred row for each value of ``key`` (e.g. each month), and warnings on conflicts."""
    if rows.empty:
        return rows, []
    best = rows.drop_duplicates(key)  # rows are in order of preference
    warnings: list[str] = []
    repeated = rows[rows[key].duplicated(keep=False)]
    for _, group in repeated.groupby(key, sort=False):
        warnings.extend(pick(data, group)[2])
    already = set(repeated[key])
    flagged = best[best["flag"] != ""]
    warnings.extend(flag_warning(data, row) for _, row in flagged.iterrows() if row[key] not in already)
    return best, warnings


def point_value(
    data: TradeData,
    commodity: str,
    flow: str,
    partner: str,
    period: Period,
    measure: str = "volume",
    tool: str = "value",
) -> ValueResult | NoData:
    """The preferred report for exactly ``period`` (a month, a day, or a reported aggregate)."""
    chosen, conflicts, warnings = pick(data, data.reports(commodity, flow, measure, partner).get(period.code, ()))
    what = describe(commodity, flow, partner, period, measure)
    if chosen is None:
        return NoData(tool, what, missing=(period,), covering=covering(data, commodity, flow, partner, period, measure))
    figure = figure_of(chosen)
    alternatives = tuple(figure_of(c) for c in conflicts)
    return ValueResult(
        tool,
        figure,
        reported=figure,
        alternatives=alternatives,
        reported_changes=reported_changes(data, commodity, flow, partner, period),
        warnings=tuple(warnings),
    )


def reported_changes(data: TradeData, commodity: str, flow: str, partner: str, period: Period) -> tuple[Figure, ...]:
    """Every reported percentage change for exactly this period, preferred report per basis."""
    rows = data.reports(commodity, flow, "change_pct", partner).get(period.code, ())
    out = []
    for basis in ("mom", "yoy", "wow", "span"):
        chosen, _, _ = pick(data, [r for r in rows if r["basis"] == basis])
        if chosen is not None:
            out.append(
                figure_of(
                    chosen,
                    label=f"{describe(commodity, flow, partner, period)}: reported change {BASIS_TEXT[basis]}",
                )
            )
    return tuple(out)


BASIS_TEXT = {
    "mom": "on the previous month",
    "yoy": "on a year earlier",
    "wow": "on the previous week",
    "span": "over the period",
    "periods": "between the two periods",
    "previous": "on the previous period",
}


def covering(
    data: TradeData,
    commodity: str,
    flow: str,
    partner: str,
    period: Period,
    measure: str = "volume",
    limit: int = 3,
) -> tuple[Figure, ...]:
    """The smallest reported aggregates whose span contains ``period`` (at most ``limit``)."""
    reports = data.reports(commodity, flow, measure, partner)
    first, last = period.start.toordinal(), period.end.toordinal()
    lengths = {
        code: rows[0]["end"] - rows[0]["start"]
        for code, rows in reports.items()
        if rows[0]["kind"] not in ("month", "day")
        and rows[0]["start"] <= first
        and rows[0]["end"] >= last
        and code != period.code
    }
    out: list[Figure] = []
    for code in sorted(lengths, key=lambda c: int(lengths[c])):
        chosen, _, _ = pick(data, reports[code])
        if chosen is not None:
            out.append(figure_of(chosen))
        if len(out) >= limit:
            break
    return tuple(out)


def span_value(
    data: TradeData,
    commodity: str,
    flow: str,
    partner: str,
    period: Period,
    tool: str = "value",
    measure: str = "volume",
) -> ValueResult | NoData:
    """A total over whole months: the monthly sum (when complete) beside any reported aggregate."""
    reported = point_value(data, commodity, flow, partner, period, measure=measure, tool=tool)
    monthly = inside(data.series(commodity, flow, measure, partner), period)
    best, notes = preferred(data, monthly[monthly["kind"] == "month"], "period")
    parts = [figure_of(row) for _, row in best.sort_values("start").iterrows()]
    have = {p.period for p in parts}
    missing = [month for month in period.month_list() if month not in have]
    warnings = list(notes)
    computed = None
    if not missing and parts:
        units = {p.unit for p in parts}
        computed = summed(parts, describe(commodity, flow, partner, period, measure), period, measure)
        if len(units) > 1:  # cannot happen after unit harmonisation; kept as a loud guard
            raise AssertionError(f"mixed units in one series: {units}")
    if computed is None and missing and isinstance(reported, NoData):
        computed = tiled(data, commodity, flow, partner, period, measure)
    if isinstance(reported, NoData):
        if computed is None:
            return NoData(
                tool,
                describe(commodity, flow, partner, period, measure),
                missing=tuple(missing),
                covering=covering(data, commodity, flow, partner, period, measure),
                within=within(data, commodity, flow, partner, period, measure),
                reason=f"No reported total for {describe(commodity, flow, partner, period, measure)}, "
                "and the monthly figures are incomplete.",
            )
        return ValueResult(
            tool,
            computed,
            computed=computed,
            months_used=tuple(p.period for p in parts),
            warnings=tuple(warnings),
        )
    if computed is None:
        note = (
            f"The total is the reported aggregate: {_month_names(missing)} "
            f"{'has' if len(missing) == 1 else 'have'} no reported monthly figure, "
            "so the months cannot be added up."
        )
        return ValueResult(
            tool,
            reported.figure,
            reported=reported.figure,
            alternatives=reported.alternatives,
            reported_changes=reported.reported_changes,
            months_used=tuple(p.period for p in parts),
            missing=tuple(missing),
            warnings=(*reported.warnings, note),
        )
    if not agrees(computed.value or 0.0, computed.decimals, reported.figure.value or 0.0, reported.figure.decimals):
        warnings.append(
            f"The months add up to {computed.display}, but the reported total is {reported.figure.display}; "
            "monthly figures are often revised after first release."
        )
    return ValueResult(
        tool,
        computed,
        computed=computed,
        reported=reported.figure,
        alternatives=reported.alternatives,
        reported_changes=reported.reported_changes,
        months_used=tuple(p.period for p in parts),
        warnings=(*reported.warnings, *warnings),
    )


def tiled(
    data: TradeData, commodity: str, flow: str, partner: str, period: Period, measure: str = "volume"
) -> Figure | None:
    """The period's total from reported figures that tile it exactly, when the months alone do not.

    "Q1 2026 to the US" is the reported January–February figure plus March's. The fewest pieces
    win; nothing is estimated, so a period no set of reports tiles has no total.
    """
    reports = data.reports(commodity, flow, measure, partner)
    pieces: dict[int, list[tuple[int, str]]] = {}
    for code, rows in reports.items():
        start, end = int(rows[0]["start"]), int(rows[0]["end"])
        if (
            rows[0]["kind"] != "day"
            and code != period.code
            and period.start.toordinal() <= start <= end <= period.end.toordinal()
        ):
            pieces.setdefault(start, []).append((end, code))
    best: list[str] | None = None

    def walk(at: int, path: list[str]) -> None:
        nonlocal best
        if best is not None and len(path) >= len(best):
            return
        if at == period.end.toordinal() + 1:
            best = list(path)
            return
        for end, code in sorted(pieces.get(at, ()), reverse=True):
            walk(end + 1, [*path, code])

    walk(period.start.toordinal(), [])
    if not best or len(best) < 2:
        return None
    parts = []
    for code in best:
        chosen, _, _ = pick(data, reports[code])
        if chosen is None or chosen["flag"]:
            return None
        parts.append(figure_of(chosen))
    return summed(parts, describe(commodity, flow, partner, period, measure), period, measure)


def summed(parts: Sequence[Figure], label: str, period: Period, measure: str) -> Figure:
    """The total of reported parts of one series: computed, with its formula and every row it rests on."""
    first = parts[0]
    return Figure(
        label=label,
        value=sum(p.value or 0.0 for p in parts),
        unit=first.unit,
        period=period,
        partner=first.partner,
        commodity=first.commodity,
        measure=measure,
        origin="computed",
        sources=tuple(dict.fromkeys(s for p in parts for s in p.sources)),
        formula=" + ".join(f"{p.display} ({p.period.short_label})" for p in parts),
        decimals=min(p.decimals for p in parts),  # a sum is as precise as its coarsest part
        rows=tuple(r for p in parts for r in p.rows),
    )


def last_month(data: TradeData, commodity: str, flow: str, partner: str, measure: str) -> Period | None:
    """The month in which the series' latest report ends."""
    ends = [int(rows[0]["end"]) for rows in data.reports(commodity, flow, measure, partner).values()]
    last = date.fromordinal(max(ends)) if ends else None
    return Period.month(last.year, last.month) if last else None


def within(
    data: TradeData, commodity: str, flow: str, partner: str, period: Period, measure: str = "volume", limit: int = 2
) -> tuple[Figure, ...]:
    """The longest reported figures for part of ``period`` (the latest first among equals): what can be offered."""
    reports = data.reports(commodity, flow, measure, partner)
    first, last = period.start.toordinal(), period.end.toordinal()
    inside_codes = [
        code
        for code, rows in reports.items()
        if rows[0]["kind"] != "day" and first <= rows[0]["start"] and rows[0]["end"] <= last and code != period.code
    ]
    ranked = sorted(
        inside_codes,
        key=lambda c: (int(reports[c][0]["end"] - reports[c][0]["start"]), int(reports[c][0]["end"])),
        reverse=True,
    )
    out: list[Figure] = []
    for code in ranked:
        chosen, _, _ = pick(data, reports[code])
        if chosen is not None and not chosen["flag"]:
            out.append(figure_of(chosen))
        if len(out) >= limit:
            break
    return tuple(out)


def _month_names(months: list[Period]) -> str:
    names = [m.label for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def pct_figure(current: Figure, base: Figure, label: str, tool_formula: str = "") -> Figure | None:
    """The computed percentage change from ``base`` to ``current`` (None if base is 0)."""
    if current.value is None or base.value is None or base.value == 0:
        return None
    pct = (current.value / base.value - 1.0) * 100.0
    return Figure(
        label=label,
        value=pct,
        unit="pct",
        period=current.period,
        partner=current.partner,
        commodity=current.commodity,
        measure="change_pct",
        origin="computed",
        sources=tuple(dict.fromkeys((*current.sources, *base.sources))),
        formula=tool_formula or f"({current.display} ÷ {base.display} − 1) × 100 = {format_pct(pct, PCT_DECIMALS)}",
        decimals=PCT_DECIMALS,
        base=base.period,
        rows=(*current.rows, *base.rows),
    )


def rounding_note(current: Figure, base: Figure, computed: Figure, reported: Figure) -> str | None:
    """Explain a computed change that differs from the reported one, or flag a real mismatch."""
    assert computed.value is not None and reported.value is not None
    if round(computed.value, reported.decimals) == round(reported.value, reported.decimals):
        return None
    c, b = current.value or 0.0, base.value or 0.0
    ec, eb = 0.5 * 10**-current.decimals, 0.5 * 10**-base.decimals
    er = 0.5 * 10**-reported.decimals
    if "approx" in reported.note.lower():
        er = max(er, 1.0)
    low = ((c - ec) / (b + eb) - 1) * 100 if b + eb else -math.inf
    high = ((c + ec) / (b - eb) - 1) * 100 if b - eb > 0 else math.inf
    if low <= reported.value + er and reported.value - er <= high:
        return (
            f"Computed {computed.display} from the rounded figures ({current.display} and "
            f"{base.display}); the source reports {reported.display}. Both are right: the "
            f"rounding of the two volumes allows anything from {format_pct(low, 2)} to "
            f"{format_pct(high, 2)}, and the source works from unrounded customs data."
        )
    return (
        f"Computed {computed.display} from {current.display} and {base.display}, but the source "
        f"reports {reported.display}; the report may use a different base figure."
    )
