"""The LLM agent's figure tool: the typed query's own fields, validated into a ``Query``.

The model fills the same fields the offline reader fills, so both paths compute through
``assistant.execute.runs_for`` and a bad argument ("partner=commodity", "period=the summer")
comes back to the model as an error naming the accepted values.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.reading.query import Query
from tools import algebra
from tools.commodities import resolve_commodity
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.partners import WORLD, resolve_partner
from tools.periods import Period, parse_period
from tools.units import CURRENCIES, UNITS


class QueryArgs(BaseModel):
    """One figure question, in the fields of the typed query."""

    ask: Literal["amount", "change", "share", "rank", "extreme", "trend", "events", "controls"] = Field(
        ...,
        description="amount (a month or a total), change, share, rank (top destinations or which month), "
        "extreme (highest/lowest since), trend (monthly series), events, controls (export-control measures)",
    )
    commodity: str = Field("magnets", description="magnets, rare earths, dysprosium, terbium, PrNd oxide, ...")
    measure: Literal["volume", "value", "price", "unit_value"] = Field(
        "volume", description="tonnes, USD value, a price, or unit_value (USD per tonne of the traded goods)"
    )
    flow: Literal["export", "import"] = Field("export", description="China's exports or imports")
    partners: list[str] = Field(default_factory=list, description="Country names or ISO codes; empty for China's total")
    periods: list[str] = Field(
        default_factory=list,
        description="Periods such as 'July 2025', 'H1 2025', '2025', '10 April 2025'; for a change between two "
        "periods, the later one first",
    )
    basis: Literal["", "mom", "yoy", "periods"] = Field("", description="for change: mom, yoy, or periods")
    over: Literal["", "partners", "months"] = Field("", description="for rank: partners or months")
    which: Literal["highest", "lowest"] = Field("highest", description="for rank over months and extreme")
    within: str = Field("", description="for extreme: the window it is judged over, e.g. '2023' for 'since 2023'")
    top: int = Field(5, ge=1, le=20, description="for rank over partners")
    element: str = Field("", description="for controls: an element such as dysprosium")
    control: str = Field("", description="for controls: a measure such as 'No. 18' or 'October 2025 controls'")
    op: Literal["", "difference", "mean", "ratio"] = Field(
        "", description="for amount or change: the difference in the unit, the monthly average, or the ratio"
    )
    unit: str = Field("", description="the unit to state the figure in: t, kg, kt, Mt, USD, USD mn, USD bn, USD/kg")
    expression: dict[str, Any] | None = Field(
        None,
        description="instead of the fields above, an expression over series, e.g. {'op': 'difference', 'args': "
        "[{'series': 'volume', 'commodity': 'magnets', 'partner': 'DEU', 'period': '2025-10'}, {'series': "
        "'volume', 'commodity': 'magnets', 'partner': 'JPN', 'period': '2025-10'}]}; ops: sum, mean, difference, "
        "ratio, per_unit, change, share, convert (with 'unit'), max and min (a span's highest or lowest month), "
        "cost (args: {'amount': 200, 'unit': 'kg'} and a price series); lists, alone: months, rank (with 'top'), "
        "extreme (with 'which'), move_extreme (with 'which' and 'basis')",
    )


def to_query(args: QueryArgs, data: TradeData) -> Query:
    """The typed query for the model's arguments; ``InvalidArgument`` names what is wrong."""
    if args.expression is not None:
        return _expression_query(args.expression)
    if args.unit and args.unit not in UNITS and args.unit not in CURRENCIES:
        raise InvalidArgument(f"unit must be one of {', '.join(UNITS)}, not {args.unit!r}.")
    extra = data.catalogue()
    commodity = resolve_commodity(args.commodity, price=args.measure == "price", extra=extra)
    partners = tuple(p for p in (resolve_partner(name) for name in args.partners) if p != WORLD)
    periods = tuple(parse_period(text) for text in args.periods)
    if args.ask in ("amount", "change", "share", "rank", "extreme", "trend") and not periods:
        raise InvalidArgument("Give at least one period, e.g. periods=['July 2025'].")
    basis = args.basis or ("" if args.ask != "change" else "periods" if len(periods) > 1 else "mom")
    over = args.over or ("partners" if args.ask == "rank" else "")
    return Query(
        ask=args.ask,
        measure=args.measure,
        commodity=commodity,
        flow=args.flow,
        partners=partners,
        periods=periods,
        basis=basis,  # type: ignore[arg-type]
        over=over,  # type: ignore[arg-type]
        which=args.which,
        within=_window(args.within, periods),
        top=args.top,
        element=args.element,
        control=args.control,
        given=frozenset({"commodity"}),
        op=args.op,
        unit="" if args.unit in CURRENCIES else args.unit,
        missing=(f"unit:{args.unit}",) if args.unit in CURRENCIES else (),
    )


def _expression_query(node: dict[str, Any]) -> Query:
    """A query that carries the model's expression, checked as the reader's are."""
    expr = algebra.from_json(node)
    first = algebra.leaves(expr)[0]
    return Query(
        ask="amount",
        measure=first.measure,
        commodity=first.commodity,
        flow="export" if first.flow == "price" else first.flow,  # type: ignore[arg-type]
        partners=() if first.partner == WORLD else (first.partner,),
        periods=(first.period,),
        paired=expr,
        op="difference" if isinstance(expr, algebra.Op) and expr.name == "difference" else "",
        given=frozenset({"commodity"}),
    )


def _window(text: str, periods: tuple[Period, ...]) -> Period | None:
    """The window an extreme is judged over, from its start to the month judged."""
    if not text:
        return None
    start = parse_period(text)
    return Period(start.start, periods[0].end) if periods and start.start < periods[0].start else None
