"""Telling a computed expression: the figure asked for first, with its inputs and formula beside it.

"How many more tonnes to Germany than to Japan" is answered with the difference, in tonnes, and
the two figures it was computed from; never with one of them alone, nor led by a percentage.
"""

from __future__ import annotations

from dataclasses import replace

from assistant import prompts
from assistant.draft import Draft, src, when
from assistant.reading.query import Query
from tools.algebra import Amount, Derived, Expr, Op, Series, converted, leaves
from tools.lookup import short_commodity
from tools.partners import WORLD, market_name, partner_name
from tools.results import Figure, format_number, format_pct, unit_suffix
from tools.units import SCALE_WORDS


def tell_derived(result: Derived, query: Query, draft: Draft, names: dict[str, str]) -> None:
    """Add a computed expression's sentence and figures to the draft."""
    expr = _resolved(result.expr, result.inputs)
    core = expr.args[0] if isinstance(expr, Op) and expr.name == "convert" else expr
    f = result.figure
    source = src(names, f, *result.inputs)
    c = short_commodity(query.commodity)
    draft.figures.extend(result.figures)
    draft.allowed_text.append(f.formula)  # the formula's counts ("over 6 months") are the tool's own
    draft.caveats.extend(result.warnings)
    if isinstance(core, Series):
        draft.lead.append(_level(core, f, c, source))
        return
    a, b = (core.args + (None,))[:2]
    inputs = result.inputs
    if core is not expr and core.name in ("difference", "sum"):
        # "the gap in $/kg": its operands are told in the unit asked too
        inputs = tuple(converted(i, expr.unit) for i in inputs)
        draft.figures.extend(i for i in inputs if i not in result.inputs)
    if core.name == "mean":
        draft.lead.append(
            prompts.MEAN.format(
                subject=_capital(_subject(_leaf(core), c)), value=f.display, period=_period(core), how=_how(f, source)
            )
        )
    elif core.name == "difference" and f.unit == "pp" and len(result.parts) == 2:
        draft.lead.append(_share_move(a, result.parts, f, c, source))
    elif core.name == "difference" and b is not None:
        draft.lead.append(_difference(a, b, f, c, inputs, source, result.relative))
    elif core.name == "sum" and b is not None:
        draft.lead.append(_sum(core, f, c, inputs, source))
    elif core.name == "ratio" and b is not None:
        draft.lead.append(_ratio(a, b, f, c, result.inputs, source))
    elif core.name == "share" and b is not None:
        la = _leaf(a)
        flow = prompts.SHARE_FLOW[la.flow]
        draft.lead.append(
            prompts.SHARE.format(
                partner=partner_name(la.partner),
                took=flow["took"],
                share=f.display,
                trade=flow["trade"] + (" (by value)" if la.measure == "value" else ""),
                commodity=c,
                period=_periods(a),
                part=result.parts[0].display if isinstance(a, Op) and result.parts else _shown(a, result.inputs),
                total=result.parts[1].display if isinstance(b, Op) and result.parts else _shown(b, result.inputs),
            )
        )
    elif core.name == "change" and b is not None:
        draft.lead.append(_change(a, b, f, c, result.inputs, source))
    elif core.name == "cost" and isinstance(a, Amount):
        draft.lead.append(
            prompts.COST.format(
                amount=a.text(),
                commodity=c,
                value=f.display,
                market=market_name(f.partner),
                when=when(f.period),
                how=_how(f, source),
            )
        )
    else:
        draft.lead.append(prompts.DERIVED.format(label=f.label, value=f.display, how=_how(f, source)))


def _resolved(expr: Expr, inputs: tuple[Figure, ...]) -> Expr:
    """The expression with each record ("max" or "min" of a span) replaced by the month it found."""
    if isinstance(expr, Series | Amount):
        return expr
    if expr.name in ("max", "min"):
        span = _leaf(expr)
        found = [
            f
            for f in inputs
            if f.commodity == span.commodity and f.measure == span.measure and span.period.contains(f.period)
        ]
        pick = max if expr.name == "max" else min
        best = pick(found, key=lambda f: f.value or 0.0, default=None)
        return replace(span, period=best.period) if best is not None else expr
    return replace(expr, args=tuple(_resolved(a, inputs) for a in expr.args))


def _leaf(expr: Expr) -> Series:
    return expr if isinstance(expr, Series) else _leaf(expr.args[0])


def _monthly(expr: Expr) -> bool:
    return isinstance(expr, Op) and expr.name == "mean"


def _subject(leaf: Series, c: str, monthly: bool = False, *, place: bool = True) -> str:
    """The subject of a sentence: China's exports of magnets to Germany (with ``monthly``, monthly exports)."""
    if leaf.measure == "price":
        return f"the {c} price ({market_name(leaf.partner)})"
    trade = "exports" if leaf.flow == "export" else "imports"
    where = ""
    if place and leaf.partner != WORLD:
        where = (" to " if leaf.flow == "export" else " from ") + partner_name(leaf.partner)
    what = {"value": "the value of ", "unit_value": "the average value per unit of "}.get(leaf.measure, "")
    return f"{what}China's {'monthly ' if monthly else ''}{trade} of {c}{where}"


def _period(expr: Expr) -> str:
    return _leaf(expr).period.label


def _periods(expr: Expr) -> str:
    """Every period an operand reads: "August 2025 and October 2025" for a sum of two months."""
    labels = list(dict.fromkeys(leaf.period.label for leaf in leaves(expr)))
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _how(f: Figure, source: str) -> str:
    return f"{f.formula}; {source}" if f.formula else source


def _level(leaf: Series, f: Figure, c: str, source: str) -> str:
    """One figure: a value per tonne, a quote or a level stated in another unit."""
    if leaf.measure == "price":
        where = market_name(f.partner)
        return prompts.PRICE_QUOTE.format(
            product=c, market=where, value=f.display, when=when(f.period), mid="", source=_how(f, source)
        )
    if leaf.measure == "unit_value":
        return prompts.UNIT_VALUE.format(
            subject=_subject(leaf, c).replace("the average value per unit of ", ""),
            value=f.display,
            period=leaf.period.label,
            how=_how(f, source),
        )
    return prompts.LEVEL.format(
        subject=_capital(_subject(leaf, c)), value=f.display, period=leaf.period.label, how=_how(f, source)
    )


def _sides(a: Expr, b: Expr) -> tuple[str, str]:
    """The words that tell two operands apart: their flows, their partners or their periods."""
    la, lb = _leaf(a), _leaf(b)
    if la.flow != lb.flow:
        return f"China's {la.flow}s", f"its {lb.flow}s"
    if la.partner != lb.partner:
        to = "to" if la.flow == "export" else "from"
        return f"{to} {partner_name(la.partner)}", f"{to} {partner_name(lb.partner)}"
    return when(la.period), when(lb.period)


def _difference(
    a: Expr, b: Expr, f: Figure, c: str, inputs: tuple[Figure, ...], source: str, relative: Figure | None
) -> str:
    la, lb = _leaf(a), _leaf(b)
    value = f.value or 0.0
    amount = f"{format_number(abs(value) / f.scale, f.decimals, f.unit)}{_scale(f)}{unit_suffix(f.unit)}"
    direction = "higher" if value > 0 else "lower" if value < 0 else "no different"
    side_a, side_b = _sides(a, b)
    monthly = _monthly(a)
    pair = f"{_shown(a, inputs)} {side_a} against {_shown(b, inputs)} {side_b}"
    if la.commodity != lb.commodity:  # "the alloy's premium over the oxide"
        return prompts.DIFFERENCE.format(
            subject=_capital(_subject(la, c)),
            verb=_verb(_subject(la, c)),
            amount=amount,
            direction=direction,
            contrast=f"than {_subject(lb, short_commodity(lb.commodity))} {when(la.period)}",
            pair=(_relative(relative, b, a, inputs, "", "") if la.measure == "price" else "") or pair,
            source=source,
        )
    if relative is not None and la.period != lb.period and relative.value is not None:
        # between two periods, the same difference as a percentage, beside its inputs
        pair = _relative(relative, b, a, inputs, f" {side_b}", f" {side_a}")
    if la.flow != lb.flow:
        subject = f"{side_a} of {c} in {la.period.label}" if la.period == lb.period else f"{side_a} of {c}"
        pair = f"{_shown(a, inputs)} of {la.flow}s against {_shown(b, inputs)} of {lb.flow}s"
        return prompts.DIFFERENCE.format(
            subject=_capital(subject),
            verb="were",
            amount=amount,
            direction=direction,
            contrast=f"than {side_b}",
            pair=pair,
            source=source,
        )
    place = la.partner == lb.partner
    subject = _capital(_subject(la, c, monthly, place=place))
    at = "" if la.period != lb.period else f" in {la.period.label}"
    return prompts.DIFFERENCE.format(
        subject=subject,
        verb=_verb(subject),
        amount=amount,
        direction=direction,
        contrast=f"{side_a} than {side_b}{at}",
        pair=pair,
        source=source,
    )


def _share_move(a: Expr, shares: tuple[Figure, ...], f: Figure, c: str, source: str) -> str:
    """How far a partner's share moved between two periods, in percentage points, with both shares."""
    la, (now, then) = _leaf(a), shares
    value = f.value or 0.0
    return prompts.SHARE_MOVE.format(
        partner=partner_name(la.partner),
        trade=prompts.SHARE_FLOW[la.flow]["trade"],
        commodity=c,
        a=now.display,
        period_a=now.period.label,
        b=then.display,
        period_b=then.period.label,
        direction="a change of" if round(value, f.decimals) == 0 else "up" if value > 0 else "down",
        points=f"{format_number(abs(value), f.decimals)}{unit_suffix(f.unit)}",
        source=source,
    )


def _relative(relative: Figure | None, b: Expr, a: Expr, inputs: tuple[Figure, ...], side_b: str, side_a: str) -> str:
    """The difference as a percentage of its base, with both figures: "up 22.5%, from 435,000 to 533,000"."""
    if relative is None or relative.value is None:
        return ""
    pct = format_pct(abs(relative.value), relative.decimals).lstrip("+")
    moved = "up" if relative.value > 0 else "down"
    return f"{moved} {pct}, from {_shown(b, inputs)}{side_b} to {_shown(a, inputs)}{side_a}"


def _sum(core: Op, f: Figure, c: str, inputs: tuple[Figure, ...], source: str) -> str:
    """The sum of two figures that differ in one slot: two partners, two periods, two goods."""
    a, b = core.args[0], core.args[1]
    la, lb = _leaf(a), _leaf(b)
    if la.partner != lb.partner:
        to = "to" if la.flow == "export" else "from"
        where = f" {to} {partner_name(la.partner)} and {partner_name(lb.partner)} combined"
        subject, at = _subject(la, c, place=False) + where, f"in {la.period.label}"
    else:
        subject, at = _subject(la, c), f"in {la.period.label} and {lb.period.label} together"
    return prompts.SUM.format(subject=_capital(subject), value=f.display, at=at, how=_how(f, source))


def _ratio(a: Expr, b: Expr, f: Figure, c: str, inputs: tuple[Figure, ...], source: str) -> str:
    la, lb = _leaf(a), _leaf(b)
    side_a, side_b = _sides(a, b)
    pair = f"{_shown(a, inputs)} {side_a} against {_shown(b, inputs)} {side_b}"
    if la.flow != lb.flow:
        subject, those = f"{side_a} of {c}", side_b
        pair = f"{_shown(a, inputs)} of {la.flow}s against {_shown(b, inputs)} of {lb.flow}s"
    else:
        subject = _subject(la, c, _monthly(a), place=la.partner == lb.partner)
        those = f"those {side_b}"
        subject += f" {side_a}"
    at = f" in {la.period.label}" if la.period == lb.period else ""
    return prompts.RATIO.format(
        subject=_capital(subject),
        verb=_verb(subject),
        value=f.display,
        those=those,
        when=at,
        pair=pair,
        source=source,
    )


def _change(a: Expr, b: Expr, f: Figure, c: str, inputs: tuple[Figure, ...], source: str) -> str:
    la, lb = _leaf(a), _leaf(b)
    value = f.value or 0.0
    direction = "up" if value > 0 else "down" if value < 0 else "unchanged"
    side_a, side_b = _sides(a, b)
    base = side_b.removeprefix("in ") if la.period != lb.period else f"those {side_b}"
    subject = _subject(la, c, _monthly(a), place=la.partner == lb.partner)
    return prompts.CHANGE_DERIVED.format(
        subject=_capital(subject),
        verb=_verb(subject),
        a=_shown(a, inputs),
        side_a=side_a,
        base=base,
        b=_shown(b, inputs),
        direction=direction,
        pct=format_pct(abs(value), f.decimals).lstrip("+"),
        source=source,
    )


def _shown(expr: Expr, inputs: tuple[Figure, ...]) -> str:
    """An operand's figure as told: a monthly average is "3,985 t a month"."""
    leaf = _leaf(expr)
    matches = [
        f
        for f in inputs
        if (f.period, _flow(f), f.measure, f.commodity) == (leaf.period, leaf.flow, leaf.measure, leaf.commodity)
        and (f.partner == leaf.partner or leaf.measure == "price")  # a quote's market is found, not asked
    ]
    if not matches:
        return "n/a"
    found = matches[0]
    if found.is_range:  # the range as quoted, and the midpoint the figure was computed from
        mid = next((f for f in matches if not f.is_range), found.midpoint())
        return f"{found.display} (midpoint {mid.display})"
    if _monthly(expr):
        n = leaf.period.month_count
        return f"{format_number((found.value or 0.0) / n, found.decimals, found.unit)}{unit_suffix(found.unit)} a month"
    return found.display


def _flow(f: Figure) -> str:
    return f.rows[0].flow if f.rows else ""


def _scale(f: Figure) -> str:
    return f" {SCALE_WORDS[f.scale]}" if f.scale != 1.0 else ""


def _verb(subject: str) -> str:
    """The verb for a subject: was for one thing (the value of, the price), were for exports and imports."""
    return "was" if subject.lower().startswith("the ") else "were"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
