"""Reading what a question computes from the figures it names: an operator, a unit, a value per unit.

The slots stage reads each ask (what, where, when, compared with what). This stage, run after it,
reads the words that say what is done with those figures: "how many more tonnes" (a difference),
"on average per month" (a mean), "how many times" (a ratio), "per tonne" of traded goods (a
value per unit), "in kilograms" or "in million dollars" (a unit). Two asks that differ in one
slot only ("Germany ... than the US", "imports ... than exports") become one difference or ratio
of the two. What the algebra cannot do (a median, a forecast, euros with no sourced rate) is
named in ``missing``, so that the answer says so first.

The phrasings live in the lexicon's ``operators``, ``units`` and ``unsupported`` lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.reading.check import same_months
from assistant.reading.query import CHINA, Query
from assistant.reading.vocabulary import Vocabulary
from tools.algebra import Amount, Op, Series, leaves
from tools.periods import Period
from tools.units import CURRENCIES, currency

if TYPE_CHECKING:
    from assistant.reading.vocabulary import Mention


def read_operators(
    words: Sequence[str],
    mentions: Sequence[Mention],
    periods: Sequence[Period],
    queries: list[Query],
    vocab: Vocabulary,
    first: Mapping[tuple[str, str], Period] | None = None,
) -> list[Query]:
    """The queries with what the question computes from them; ``periods`` are those written, in order.

    ``first`` is each series' first month, from which "the record" is judged.
    """
    first = first or {}
    unsupported = _first(words, vocab, "unsupported")
    if unsupported:
        return [q.but(missing=(*q.missing, f"operation:{unsupported}")) if q.is_figure else q for q in queries]
    op = next((name for name in ("difference", "ratio", "mean") if _first(words, vocab, "operators", name)), "")
    per_unit = bool(_first(words, vocab, "operators", "unit_value"))
    per_kg = bool(_first(words, vocab, "operators", "per_kg"))
    unit = _unit(words, vocab)
    # "the value in $ millions and the average $ per tonne": a total in that unit is asked as well
    total_in = unit if per_unit and currency(unit) == "USD" and "/" not in unit and unit != "USD" else ""
    if per_unit and unit not in CURRENCIES:  # "per kg" names the value's unit, not a mass to convert to
        unit = "USD/kg" if per_kg else ""
    if per_unit and op == "mean":
        op = ""  # "the average value per tonne" over a span is one figure: value over volume
    queries = [_ranked_change(q, words, vocab) for q in queries]
    if _first(words, vocab, "operators", "count"):  # "how many rare earths need a licence": a count
        queries = [q.but(given=q.given | {"count"}) if q.ask == "controls" else q for q in queries]
    if _first(words, vocab, "operators", "percent"):  # "by how much ..., in percent": the percentage alone
        queries = [q.but(given=q.given | {"percent"}) if q.ask == "change" else q for q in queries]
    asked = Asked(
        op=op,
        per_unit=per_unit,
        per_kg=per_kg,
        unit=unit,
        goods=tuple(str(m.value("commodity")) for m in mentions if m.has("commodity")),
        alone=sum(q.is_figure for q in queries) == 1,
    )
    out = [_one(q, asked, vocab) for q in queries]
    # "did US buyers pay more per tonne than EU buyers for Chinese magnets": China, read as a price's
    # market, is the seller of traded goods, not a buyer beside the others
    sellers = [o for q, o in zip(queries, out, strict=True) if q.partners == (CHINA,) and o.measure == "unit_value"]
    if sellers and any(o.partners and o.partners != (CHINA,) for o in out if o.is_figure):
        out = [o for o in out if not any(o is s for s in sellers)]
    if total_in:  # the total first, as it is asked
        out = [
            x
            for o in out
            for x in (
                (o.but(measure="value", unit=total_in, partners=tuple(p for p in o.partners if p != CHINA)), o)
                if o.measure == "unit_value" and o.ask == "amount" and not o.op
                else (o,)
            )
        ]
    compared = list(dict.fromkeys(periods))
    # the spans the asks were read with ("before the controls against after them") come first
    carried = list(dict.fromkeys(p for q in out if q.op == "mean" for p in q.periods))
    compared = sorted(carried, key=lambda p: p.start, reverse=True) if len(carried) >= 2 else compared
    if op == "mean" and len(compared) >= 2 and _first(words, vocab, "comparison_words"):
        # "the monthly average in H2 against H1": the change between two monthly averages
        out = [
            q.but(ask="change", basis="periods", periods=tuple(compared[:2]), over="")
            if q.op == "mean" and q.ask != "change"
            else q
            for q in out
        ]
    pair = len([q for q in out if q.is_figure and q.ask == "amount"]) == 2
    if not op and pair and _first(words, vocab, "comparison_words"):
        # "compare ... in tonnes", "did the US pay more or less than the EU, and by how much"
        op = "difference" if unit or _first(words, vocab, "operators", "by_how_much") else ""
    if op in ("difference", "ratio") and _both_flows(words, vocab):
        out = _with_other_flow(out)
    if not op and _first(words, vocab, "combining"):
        out = _paired(out, "sum")  # "Japan and Korea combined", "August and October together"
    # "the difference between the customs category and the magnet code" asks what they are: a
    # difference of two figures is asked with a period, a unit or a measure only documents state written
    dated = any("periods" in q.given or q.stated for q in out if q.is_figure) or bool(unit)
    out = _paired(out, op) if op in ("difference", "ratio") and dated else out
    out = _share_of_before(out)
    bought = _quantity(words, vocab) if _first(words, vocab, "operators", "cost") else None
    if bought is not None:  # "200 kg at the 2025 average price, what would that cost?"
        out = [_costed(q, bought) if q.is_figure and q.measure == "price" and q.periods else q for q in out]
    if op in ("difference", "ratio") and dated and not any(q.paired is not None for q in out):
        out = _claimed(out, op, compared, first)
    return _without_inputs(out)


def _claimed(
    queries: list[Query], op: str, written: list[Period], first: Mapping[tuple[str, str], Period]
) -> list[Query]:
    """A record stated beside a base: its period compared with the base, as two amounts are.

    "Exports hit a record in 2025: how many tonnes more than 2024?", "exports peaked in January
    2025, how many tonnes above December 2024?"; a month measured against the record itself ("how
    many tonnes short of the record month") is compared with the series' highest month.
    """
    amounts = [q for q in queries if q.is_figure and q.ask == "amount" and not q.op]
    records = [
        q for q in queries if q.is_figure and q.ask in ("extreme", "rank") and q.over not in ("partners", "regions")
    ]
    if len(records) != 1:
        return queries
    q, start = records[0], first.get((records[0].commodity, records[0].flow))
    if not amounts and len(written) == 1 and q.ask == "extreme" and q.period is not None and start is not None:
        month = q.period

        def leaf(period: Period) -> Series:
            return Series(q.measure, q.commodity, q.flow, period, q.partner)  # type: ignore[arg-type]

        best = Op("max" if q.which != "lowest" else "min", (leaf(Period(start.start, month.end)),))
        told = q.but(ask="amount", over="", op=op, paired=Op(op, (leaf(month), best)))
        return [told if x is q else x for x in queries]
    if not amounts and len(written) == 2 and q.periods[:1] == tuple(written[:1]):
        moved = q.but(ask="change", basis="periods", periods=tuple(written), over="", op=op)
        return [moved if x is q else x for x in queries]
    if len(amounts) != 1:
        return queries
    record = q.but(ask="amount", over="", basis="")
    return _paired([record if x is q else x for x in queries], op)


def _ranked_change(query: Query, words: Sequence[str], vocab: Vocabulary) -> Query:
    """A ranking of months by their change: "which month had the biggest month-on-month drop".

    The biggest drop is the lowest change, the biggest rise the highest; the basis is the one
    named, else the month before.
    """
    down, up = _first(words, vocab, "directions", "down"), _first(words, vocab, "directions", "up")
    basis = "yoy" if _first(words, vocab, "basis", "yoy") else "mom" if _first(words, vocab, "basis", "mom") else ""
    superlative = _first(words, vocab, "which", "highest") or _first(words, vocab, "which", "lowest")
    span = bool(query.periods) and query.periods[0].month_count > 1
    if query.ask in ("amount", "change", "trend") and span and superlative and (down or up) and basis:
        # "the biggest month-on-month drop during 2025" ranks the months of 2025 by their change
        query = query.but(ask="rank", over="months", basis="", top=1)
    if query.ask != "rank" or query.over != "months" or query.basis:
        return query
    if not (down or up or basis):
        return query
    return query.but(basis=basis or "mom", which="lowest" if down and not up else "highest")


def _first(words: Sequence[str], vocab: Vocabulary, *path: str) -> str:
    """The longest phrase of a lexicon list written among the words ("" when none is)."""
    written = _grams(tuple(words))
    return next((phrase for key, phrase in vocab.keys(*path) if key in written), "")


@lru_cache(maxsize=16)
def _grams(words: tuple[str, ...], longest: int = 8) -> frozenset[tuple[str, ...]]:
    """Every run of up to ``longest`` words: a phrase is written when its key is one of them."""
    return frozenset(words[i : i + n] for n in range(1, longest + 1) for i in range(len(words) - n + 1))


def _unit(words: Sequence[str], vocab: Vocabulary) -> str:
    """The unit asked for, by its longest phrase ("million tonnes" before "million").

    A currency comes first: "euros per kilo" asks for euros, whatever else is named.
    """
    written = _grams(tuple(words))
    named = [
        (code in CURRENCIES, len(key), code)
        for code in vocab.lexicon.get("units") or {}
        for key, _ in vocab.keys("units", code)
        if key in written
    ]
    return max(named)[2] if named else ""


@dataclass(frozen=True)
class Asked:
    """What the question's words compute, read once for all its asks."""

    op: str  # "difference", "ratio", "mean" or ""
    per_unit: bool  # a value per tonne (or kilogram) of the traded goods
    per_kg: bool  # ... per kilogram
    unit: str  # the unit named ("kg", "USD mn", "EUR"), "" when none
    goods: tuple[str, ...]  # the commodities the question names
    alone: bool  # one ask only: every word of the question is about it


def _one(query: Query, asked: Asked, vocab: Vocabulary) -> Query:
    """One ask with what the question computes from it."""
    if not query.is_figure:
        return query
    op, unit = asked.op, asked.unit
    if asked.per_unit:
        # "the export price of magnets per tonne": a value per unit of the traded goods, not a market quote
        goods = next((c for c in asked.goods if c in vocab.mass_units), "")
        if query.commodity in vocab.mass_units or goods:
            query = query.but(
                measure="unit_value",
                commodity=goods or query.commodity,
                assumptions=tuple(a for a in query.assumptions if "Prices are given" not in a),
                missing=tuple(m for m in query.missing if not m.startswith("period:")),
            )
            if query.ask in ("trend", "rank", "extreme") and query.over != "partners":
                query = query.but(ask="amount", over="")  # one value per tonne for the span, not a series
    if query.measure == "price":
        return _quote(query, op, asked, vocab)
    if unit in CURRENCIES:
        money = "value" if query.measure == "volume" else query.measure
        return query.but(measure=money, missing=(*query.missing, f"unit:{unit}"))
    if unit.startswith("USD") and "/" not in unit and query.measure == "volume":
        query = query.but(measure="value")
    held = vocab.mass_units.get(query.commodity, "t")
    # a share is a percentage whatever its figures' unit ("what % of the value went to the EU, in $m")
    wanted = unit if _fits(unit, query.measure) and unit != held and query.ask != "share" else ""
    if not op and asked.alone and _fits(unit, query.measure) and query.ask in ("change", "trend") and _two_ends(query):
        op = "difference"  # a change asked in tonnes or dollars ("how many tonnes did exports drop")
    if op == "mean" and not _spans_months(query):
        op = ""
    if op in ("difference", "ratio") and query.ask == "trend" and _two_ends(query):
        query = query.but(ask="change", basis="periods", over="")  # "from October to November, in tonnes"
    if op == "difference" and query.ask == "rank" and query.over in ("partners", "regions"):
        return query.but(op=op, top=max(query.top, 2))  # "by how many tonnes did it beat the next one"
    if op in ("difference", "ratio") and not (query.ask == "change" or len(query.partners) == 2 or query.basis):
        op = ""  # one figure: nothing to subtract it from (two asks are paired below)
    if op == "mean" and query.ask in ("trend", "rank", "extreme"):
        query = query.but(ask="amount", over="")
    return query.but(op=op, unit=wanted) if (op or wanted) else query


def _quote(query: Query, op: str, asked: Asked, vocab: Vocabulary) -> Query:
    """A market quote: in its own currency per another mass, a difference or ratio of two, an average.

    A quote in another currency cannot be given (no sourced rate); "the 2025 average price" is the
    quote reported for that period, and a change asked in yuan is the difference in yuan.
    """
    quoted = vocab.quote_units.get((query.commodity, query.partner)) or vocab.price_units.get(query.commodity, "")
    unit = asked.unit
    target = ""
    if currency(unit):
        if currency(unit) != currency(quoted):
            return query.but(missing=(*query.missing, f"unit:{currency(unit)}"))
        target = f"{currency(unit)}/{'kg' if asked.per_kg else quoted.split('/')[-1]}"
        target = "" if target == quoted else target
        if not op and asked.alone and query.ask in ("change", "trend") and _two_ends(query):
            op = "difference"
    if op == "mean":
        return query.but(ask="amount", over="", basis="", periods=query.periods[:1], unit=target)
    if op in ("difference", "ratio") and query.ask == "trend" and _two_ends(query):
        query = query.but(ask="change", basis="periods", over="")
    if op in ("difference", "ratio") and not (query.ask == "change" or len(query.partners) == 2 or query.basis):
        op = ""
    return query.but(op=op, unit=target) if (op or target) else query


def _fits(unit: str, measure: str) -> bool:
    if not unit:
        return False
    if measure == "volume":
        return unit in ("t", "kg", "kt", "Mt")
    if measure == "value":
        return unit.startswith("USD") and "/" not in unit
    return measure == "unit_value" and unit in ("USD/t", "USD/kg")


def _two_ends(query: Query) -> bool:
    """True when the ask names two periods, or a span whose ends can be compared."""
    return len(query.periods) > 1 or bool(query.basis) or any(p.month_count > 1 for p in query.periods)


def _spans_months(query: Query) -> bool:
    return any(p.whole_months and p.month_count > 1 for p in query.periods)


def _both_flows(words: Sequence[str], vocab: Vocabulary) -> bool:
    return all(_first(words, vocab, "flows", flow) for flow in ("export", "import"))


def _with_other_flow(queries: list[Query]) -> list[Query]:
    """The one ask read and its other flow, for "how much more did China import than it exported"."""
    figures = [q for q in queries if q.is_figure and q.ask == "amount" and not q.op]
    if len(figures) != 1 or len({q.flow for q in queries if q.is_figure}) > 1:
        return queries
    q = figures[0]
    return [*queries, q.but(flow="export" if q.flow == "import" else "import")]


def _without_inputs(queries: list[Query]) -> list[Query]:
    """The asks left once repeats, and those that only name a computed figure's inputs, are dropped.

    "How did monthly exports change from October to November, in tonnes" may read as the change
    and a monthly series for each month; the difference tells both months anyway.
    """
    computed = [q for q in queries if q.is_figure and (q.op or q.paired is not None)]

    def an_input(q: Query) -> bool:
        return (
            q.is_figure
            and not (q.op or q.paired is not None)
            and any(
                (q.commodity, q.flow, q.measure) == (c.commodity, c.flow, c.measure)
                and all(any(c_p.contains(p) for c_p in c.periods) for p in q.periods)
                for c in computed
            )
        )

    out: list[Query] = []
    for q in queries:
        reads = _reads(q)
        # "October against December ... the difference": one pair told once, whichever way round
        told = q in out or (reads and any(reads == _reads(o) and o.op == q.op for o in out))
        if not an_input(q) and not told:
            out.append(q)
    return out


def _quantity(words: Sequence[str], vocab: Vocabulary) -> Amount | None:
    """A quantity the question gives: a number and a unit of mass ("200 kg", "1.5 tonnes")."""
    masses = {key: code for code in ("t", "kg", "kt", "Mt") for key, _ in vocab.keys("units", code)}
    for i, word in enumerate(words[:-1]):
        number = word.replace(",", "")
        unit = next((code for key, code in masses.items() if tuple(words[i + 1 : i + 1 + len(key)]) == key), "")
        if unit and number.replace(".", "", 1).isdigit() and float(number) > 0:
            return Amount(float(number), unit)
    return None


def _costed(query: Query, bought: Amount) -> Query:
    """The quote asked, as the price of the quantity given."""
    quote = Series("price", query.commodity, "price", query.periods[0], query.partner)
    return query.but(ask="amount", over="", basis="", op="", unit="", paired=Op("cost", (bought, quote)))


def _share_of_before(queries: list[Query]) -> list[Query]:
    """A share asked of no one after a figure for partners: the share of that figure.

    "How much terbium went to Japan in August and October combined, and what share of China's
    total in those two months is that?" is Japan's sum over the world's sum of the same months.
    """
    out: list[Query] = []
    for q in queries:
        before = next((p for p in reversed(out) if p.is_figure and p.ask == "amount" and p.partners), None)
        if q.ask == "share" and before is not None and (q.commodity, q.flow) == (before.commodity, before.flow):
            q = _share_of(q, before)
        out.append(q)
    return out


def _share_of(share: Query, before: Query) -> Query:
    part = before.but(unit="").expression()
    if before.paired is None or part is None:  # a plain figure: the share tool's, for its partner
        return share if share.partners else share.but(partners=before.partners, periods=before.periods)
    if share.partners not in ((), before.partners):
        return share
    months = list(dict.fromkeys(leaf.period for leaf in leaves(part)))
    world = [Series(share.measure, share.commodity, share.flow, p) for p in months]  # type: ignore[arg-type]
    whole = world[0] if len(world) == 1 else Op("sum", tuple(world))
    return share.but(paired=Op("share", (part, whole)), partners=before.partners, periods=before.periods)


def _reads(query: Query) -> frozenset[Series]:
    """The series a computed figure reads (empty for any other ask)."""
    expr = query.expression() if query.is_figure and (query.op or query.paired is not None) else None
    return frozenset(leaves(expr)) if expr is not None else frozenset()


def _paired(queries: list[Query], op: str) -> list[Query]:
    """Two asks that differ in one slot, read as the difference, ratio or sum of their figures.

    Two amounts, or two shares ("the share of EU imports from China and Russia combined").
    """
    figures = [q for q in queries if q.is_figure and q.ask == "amount" and not q.op]
    shares = [q for q in queries if q.is_figure and q.ask == "share" and not q.op]
    figures = shares if len(figures) != 2 and len(shares) == 2 else figures
    if len(figures) != 2:
        return queries
    first, second = a, b = figures
    differ = [f for f in ("partners", "flow", "commodity", "periods") if getattr(a, f) != getattr(b, f)]
    same = a.measure == b.measure and a.unit == b.unit and len(differ) == 1
    notes: list[str] = []
    if differ == ["periods"] and len(a.periods) == len(b.periods) == 1:
        # "summer 2025 against the same months of 2024", "H1 2025 against 2024": the same months
        (pa, pb), notes = same_months([a.periods[0], b.periods[0]])
        a, b = a.but(periods=(pa,)), b.but(periods=(pb,))
    ea, eb = a.but(unit="").expression(), b.but(unit="").expression()
    if not same or ea is None or eb is None:
        return queries
    paired = a.but(
        ask="amount",
        op=op,
        paired=Op(op, (ea, eb)),
        partners=tuple(dict.fromkeys((*a.partners, *b.partners))),
        assumptions=tuple(dict.fromkeys((*a.assumptions, *b.assumptions, *notes))),
    )
    return [paired if q is first else q for q in queries if q is not second]
