"""An algebra of figures: what a question asks, as a small typed expression over series.

A leaf is one series query: a measure (tonnes, dollars or dollars per tonne) of one commodity,
flow and partner over one period. Operators combine them: ``sum``, ``mean`` (the monthly
average), ``difference`` (in the unit), ``ratio``, ``per_unit`` (value over volume), ``change``
(a percentage), ``share`` (of a total) and ``convert`` (into another unit of the same
dimension). ``max`` and ``min`` give a span's highest or lowest month, as an operand like any
other ("how far short of the record month"). Each node has a dimension; nonsense (tonnes minus
dollars, a percentage change between spans of unequal length, dollars into euros with no sourced
rate) is refused when the tree is checked, before anything is computed.

Lists are nodes too, at the top of a tree only: ``months`` (a span's monthly series), ``rank``
(partners by their figure), ``extreme`` (a month against the months before it) and
``move_extreme`` (the month of the biggest move). Every ask a reading makes is one tree, and
``evaluate`` is the one evaluator: a plain figure (one series, the change between two periods
of one series, a share of the world total) and the lists are given by the figure tools, with
everything they report beside it (conflicting sources, reported changes, the record since);
anything composed is computed here from the tools' figures.

The tree is data: it is printed in the trace and ``ask --json`` and taken as JSON by the LLM's
figure tool, and every value it yields carries its inputs, their sources and its formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from tools.commodities import resolve_commodity
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.figures import change, period_total, ranking, share, value
from tools.lookup import point_value
from tools.partners import CHINA, WORLD, resolve_partner
from tools.periods import Period, parse_period
from tools.prices import price_change, price_value
from tools.results import Figure, NoData, ToolResult, ValueResult
from tools.series import change_extreme, extreme_since, trend
from tools.units import UNITS, UnitMismatch, convert, currency, dimension

Measure = Literal["volume", "value", "unit_value", "price"]
OPERATORS = (
    "sum",
    "mean",
    "difference",
    "ratio",
    "per_unit",
    "change",
    "share",
    "part",
    "convert",
    "max",
    "min",
    "cost",
)
LISTS = ("months", "rank", "extreme", "move_extreme")  # nodes whose value is a list: a tree's top only
_DIMENSION = {"volume": "mass", "value": "USD", "unit_value": "USD/mass", "price": "price"}


_CHANGE_MEASURES = {"value": "value_change", "price": "price_change", "unit_value": "value_change"}


class Unanswerable(InvalidArgument):
    """An expression the algebra refuses: its message says why and what can be computed instead."""


@dataclass(frozen=True)
class Series:
    """A leaf: one measure of one commodity, flow and partner over one period."""

    measure: Measure
    commodity: str
    flow: str
    period: Period
    partner: str = WORLD
    reporter: str = CHINA  # whose customs report the trade: the data set holds China's alone

    def text(self) -> str:
        """The leaf as written in traces: volume(magnets, export, DEU, 2025-07); another reporter's flow names it."""
        flow = self.flow if self.reporter == CHINA else f"{self.reporter} {self.flow}"
        return f"{self.measure}({self.commodity}, {flow}, {self.partner}, {self.period.code})"

    def to_json(self) -> dict[str, Any]:
        """The leaf as the LLM's figure tool takes it."""
        return {
            "series": self.measure,
            "commodity": self.commodity,
            "flow": self.flow,
            "partner": self.partner,
            "period": self.period.code,
        }


@dataclass(frozen=True)
class Op:
    """An operator over expressions.

    ``unit`` is the target of a conversion; ``params`` are a list's options (``top``: how many
    partners; ``which``: highest or lowest; ``basis``: mom or yoy).
    """

    name: str
    args: tuple[Expr, ...]
    unit: str = ""
    params: tuple[tuple[str, str | int], ...] = ()

    def param(self, key: str, default: str | int = "") -> str | int:
        """One of the node's options."""
        return dict(self.params).get(key, default)

    def text(self) -> str:
        """The node as written in traces: difference(volume(...), volume(...))."""
        inner = ", ".join(a.text() for a in self.args)
        options = "".join(f", {k}={v}" for k, v in self.params)
        return f"{self.name}({inner}{', ' + self.unit if self.unit else ''}{options})"

    def to_json(self) -> dict[str, Any]:
        """The node as the LLM's figure tool takes it."""
        out: dict[str, Any] = {"op": self.name, "args": [a.to_json() for a in self.args]}
        if self.unit:
            out["unit"] = self.unit
        out.update(dict(self.params))
        return out


@dataclass(frozen=True)
class Amount:
    """A leaf the user gives: a quantity ("200 kg") to price at a quote."""

    value: float
    unit: str  # t, kg, kt or Mt

    def text(self) -> str:
        """The quantity as written in traces: 200 kg."""
        return f"{self.value:g} {self.unit}"

    def to_json(self) -> dict[str, Any]:
        """The quantity as the LLM's figure tool takes it."""
        return {"amount": self.value, "unit": self.unit}


Expr = Series | Op | Amount


def from_json(node: Mapping[str, Any]) -> Expr:
    """An expression from its JSON form; names are resolved and checked as the figure tools do."""
    if "amount" in node:
        unit = str(node.get("unit", ""))
        if dimension(unit) != "mass" or not isinstance(node["amount"], int | float) or node["amount"] <= 0:
            raise InvalidArgument("An amount is a positive quantity in t, kg, kt or Mt.")
        return Amount(float(node["amount"]), unit)
    if "series" in node:
        measure = str(node["series"])
        if measure not in _DIMENSION:
            raise InvalidArgument(f"series must be one of {sorted(_DIMENSION)}, not {measure!r}.")
        flow = "price" if measure == "price" else str(node.get("flow", "export"))
        if flow not in ("export", "import", "price"):
            raise InvalidArgument(f"flow must be 'export' or 'import', not {flow!r}.")
        return Series(
            measure,  # type: ignore[arg-type]
            resolve_commodity(str(node.get("commodity", "magnets")), price=measure == "price"),
            flow,
            parse_period(str(node["period"])),
            resolve_partner(str(node.get("partner", WORLD))),
        )
    name = str(node.get("op", ""))
    if name not in (*OPERATORS, *LISTS):
        raise InvalidArgument(f"op must be one of {', '.join((*OPERATORS, *LISTS))}, not {name!r}.")
    args = node.get("args") or []
    if not isinstance(args, list) or not args or len(args) > 12:
        raise InvalidArgument("args must be a list of 1 to 12 expressions.")
    params = tuple((k, _option(k, node[k])) for k in ("top", "which", "basis", "among") if k in node)
    return check(Op(name, tuple(from_json(a) for a in args), str(node.get("unit", "")), params))


def _option(key: str, raw: object) -> str | int:
    allowed = {"which": ("highest", "lowest"), "basis": ("mom", "yoy"), "among": ("countries", "regions")}
    if key == "top":
        if not isinstance(raw, int) or not 1 <= raw <= 50:
            raise InvalidArgument("top must be a whole number from 1 to 50.")
        return raw
    if raw not in allowed[key]:
        raise InvalidArgument(f"{key} must be one of {', '.join(allowed[key])}, not {raw!r}.")
    return str(raw)


# -- types ------------------------------------------------------------------------------------------
def dimension_of(expr: Expr) -> str:
    """The node's dimension: "mass", "USD", "USD/mass", "pct" or "ratio"."""
    if isinstance(expr, Series):
        return _DIMENSION[expr.measure]
    if isinstance(expr, Amount):
        return "mass"
    if expr.name in LISTS:
        return "list"
    if expr.name == "cost":
        return "money"
    dims = [dimension_of(a) for a in expr.args]
    if expr.name in ("change", "share"):
        return "pct"
    if expr.name == "per_unit" or (expr.name == "ratio" and dims == ["USD", "mass"]):
        return "USD/mass"
    if expr.name == "ratio":
        return "ratio"
    if expr.name == "convert":
        return dimension(expr.unit)
    if expr.name == "part":
        return dims[1]  # a share of a whole is in the whole's unit
    return dims[0]


def months_of(expr: Expr) -> int | None:
    """How many months a node's figure covers (a monthly average covers one), None when mixed."""
    if isinstance(expr, Series):
        return expr.period.month_count if expr.period.whole_months else None
    if isinstance(expr, Amount):
        return None
    if expr.name in ("mean", "max", "min", "cost"):
        return 1
    counts = {months_of(a) for a in expr.args}
    return counts.pop() if len(counts) == 1 else None


def check(expr: Expr) -> Expr:
    """The expression, once its types agree; ``Unanswerable`` says what is wrong with it."""
    if isinstance(expr, Series) and expr.reporter != CHINA:
        raise Unanswerable(f"The data set holds China's own customs figures only, none reported by {expr.reporter}.")
    if isinstance(expr, Series | Amount):
        return expr
    if any(isinstance(arg, Amount) for arg in expr.args) and expr.name != "cost":
        raise Unanswerable("A quantity you give enters only a cost: the quantity times a price.")
    if expr.name == "cost":
        kinds = [type(a) for a in expr.args]
        if kinds != [Amount, Series] or dimension_of(expr.args[1]) not in ("price", "USD/mass"):
            raise Unanswerable("A cost is a quantity times a price per unit: cost(200 kg, price(...)).")
        return expr
    for arg in expr.args:
        check(arg)
        if isinstance(arg, Op) and arg.name in LISTS:
            raise Unanswerable(f"A list ({arg.name}) is an answer by itself; it cannot enter a computation.")
    if expr.name in LISTS or expr.name in ("max", "min"):
        series = expr.args[0] if len(expr.args) == 1 else None
        if not isinstance(series, Series) or series.measure not in ("volume", "value"):
            raise Unanswerable(f"{expr.name} takes one series of tonnes or dollars.")
        if series.measure == "value":
            raise Unanswerable("Rankings, records and monthly series are computed from tonnages only.")
        return expr
    dims = [dimension_of(a) for a in expr.args]
    arity = {"difference": 2, "ratio": 2, "per_unit": 2, "change": 2, "share": 2, "part": 2, "mean": 1, "convert": 1}
    if expr.name in arity and len(expr.args) != arity[expr.name]:
        raise Unanswerable(f"{expr.name} takes {arity[expr.name]} expression(s), not {len(expr.args)}.")
    if expr.name in ("sum", "difference", "change", "share") and len(set(dims)) > 1:
        raise Unanswerable(f"A {expr.name} of {_dim_words(dims[0])} and {_dim_words(dims[1])} means nothing.")
    if expr.name == "part" and dims[0] != "pct":
        raise Unanswerable("A part takes a share and the whole it is a share of.")
    if expr.name == "per_unit" and dims != ["USD", "mass"]:
        raise Unanswerable("A value per unit divides dollars by a quantity.")
    if expr.name == "convert":
        if expr.unit not in UNITS:
            raise UnitMismatch(
                f"Converting {_dim_words(dims[0])} to {expr.unit} needs an exchange rate, "
                "and the data set holds no sourced rate."
            )
        if dimension(expr.unit) != dims[0] and not (dims[0] == "price" and "/" in expr.unit):
            raise UnitMismatch(f"A figure in {_dim_words(dims[0])} cannot be stated in {expr.unit}.")
    if expr.name in ("change", "difference"):
        a, b = (months_of(x) for x in expr.args)
        if a is not None and b is not None and a != b:
            raise Unanswerable(
                f"The two periods are of unequal length ({_months_words(a)} against {_months_words(b)}), "
                "so their change is not comparable; the same months, or monthly averages, are."
            )
    if expr.name == "mean" and not (isinstance(expr.args[0], Series) and expr.args[0].period.whole_months):
        raise Unanswerable("A monthly average is taken over whole months of one series.")
    return expr


def _dim_words(dim: str) -> str:
    return {"mass": "tonnes", "USD": "dollars", "USD/mass": "dollars per tonne", "pct": "percentages"}.get(dim, dim)


def _months_words(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


# -- evaluation -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Derived:
    """An expression's value: the figure, the leaf figures it rests on, and the expression."""

    tool: str
    figure: Figure
    inputs: tuple[Figure, ...]
    expr: Expr
    warnings: tuple[str, ...] = ()
    relative: Figure | None = None  # for a difference: the same as a percentage change
    parts: tuple[Figure, ...] = ()  # the values of the top node's operands (a share's part and total)

    @property
    def expression(self) -> str:
        """The expression as written in traces."""
        return self.expr.text()

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The result first, then every input."""
        return tuple(dict.fromkeys((self.figure, *self.inputs, *([self.relative] if self.relative else []))))


def evaluate(data: TradeData, expr: Expr) -> ToolResult:
    """The value of a checked expression over ``data``, or what is missing to compute it.

    A plain figure or a list is the figure tool's own result, with all it reports; a composed
    figure is a ``Derived`` computed here from the tools' figures.
    """
    check(expr)
    told = _by_tool(data, expr)
    if told is not None:
        return told
    inputs: list[Figure] = []
    warnings: list[str] = []
    parts: list[Figure] = []
    if isinstance(expr, Op) and expr.name not in ("max", "min", "cost"):
        for arg in expr.args:
            part = _eval(data, arg, inputs, warnings)
            if isinstance(part, NoData):
                return part
            parts.append(part)
        value: Figure | NoData = apply(expr, parts)
    else:
        value = _eval(data, expr, inputs, warnings)
    if isinstance(value, NoData):
        return value
    relative = None
    if isinstance(expr, Op) and expr.name == "difference":
        change = apply(Op("change", expr.args), parts) if all(p.value for p in parts[1:]) else None
        relative = change
    found = (tuple(dict.fromkeys(inputs)), expr, tuple(dict.fromkeys(warnings)), relative, tuple(parts))
    return Derived("expression", value, *found)


def _by_tool(data: TradeData, expr: Expr) -> ToolResult | None:
    """The figure tool's result for a plain figure or a list; None for what is composed here."""
    if isinstance(expr, Series):
        if expr.measure == "price":
            return price_value(data, expr.commodity, expr.period, expr.partner)
        if expr.measure == "unit_value":
            return None
        if expr.period.is_month or expr.period.kind == "day":
            return value(data, expr.commodity, expr.period, expr.partner, expr.flow, expr.measure)  # type: ignore[arg-type]
        return period_total(data, expr.commodity, expr.period, expr.partner, expr.flow, expr.measure)  # type: ignore[arg-type]
    if expr.name in LISTS:
        return _listed(data, expr)
    args = expr.args
    if len(args) != 2 or not all(isinstance(a, Series) for a in args):
        return None
    a, b = args  # type: ignore[assignment]
    assert isinstance(a, Series) and isinstance(b, Series)
    same = (a.measure, a.commodity, a.flow) == (b.measure, b.commodity, b.flow)
    if expr.name == "change" and same and a.partner == b.partner:
        if a.measure == "price":  # between two quotes; the world is whichever one market quotes it
            return price_change(data, a.commodity, b.period, a.period, market=None if a.partner == WORLD else a.partner)
        if a.measure == "unit_value":
            return None
        against: str | Period = b.period
        if a.period.is_month and b.period == a.period.previous():
            against = "mom"
        elif b.period == a.period.year_earlier():
            against = "yoy"
        return change(data, a.commodity, a.period, against, a.partner, a.flow, a.measure)  # type: ignore[arg-type]
    if expr.name == "share" and same and a.measure == "volume" and b.partner == WORLD and a.period == b.period:
        return share(data, a.commodity, a.period, a.partner, a.flow)  # type: ignore[arg-type]
    return None


def _listed(data: TradeData, expr: Op) -> ToolResult:
    s = expr.args[0]
    assert isinstance(s, Series)
    first, last = _months(s.period)
    which = str(expr.param("which", "highest"))
    flow = s.flow
    if expr.name == "months":
        return trend(data, s.commodity, first, last, s.partner, flow)  # type: ignore[arg-type]
    if expr.name == "rank":
        among = str(expr.param("among", "countries"))
        return ranking(data, s.commodity, s.period, int(expr.param("top", 5)), flow, among)  # type: ignore[arg-type]
    if expr.name == "extreme":
        return extreme_since(data, s.commodity, s.period, s.partner, which, flow)  # type: ignore[arg-type]
    basis = str(expr.param("basis", "mom"))
    return change_extreme(data, s.commodity, first, last, s.partner, flow, basis, which)  # type: ignore[arg-type]


def _cost(data: TradeData, expr: Op, inputs: list[Figure], warnings: list[str]) -> Figure | NoData:
    """A quantity the user gives times a price per unit: 200 kg at $224/kg is $44,800."""
    qty, per = expr.args
    assert isinstance(qty, Amount) and isinstance(per, Series)
    price = _leaf(data, per, inputs, warnings)
    if isinstance(price, NoData):
        return price
    money, mass = price.unit.split("/")
    stated = convert(qty.value, 3, qty.unit, mass)  # the quantity in the quote's mass unit
    total = stated.value * (price.value or 0.0)
    return replace(
        price,
        label=f"cost of {qty.text()} at {price.label}",
        value=total,
        unit=money,
        measure="value",
        origin="computed",
        formula=f"{qty.text()} × {price.display}",
        low=None,
        high=None,
        scale=1.0,
    )


def _months(period: Period) -> tuple[Period, Period]:
    """The first and the last month of a period."""
    return Period.month(period.start.year, period.start.month), Period.month(period.end.year, period.end.month)


def _eval(data: TradeData, expr: Expr, inputs: list[Figure], warnings: list[str]) -> Figure | NoData:
    if isinstance(expr, Series):
        return _leaf(data, expr, inputs, warnings)
    if isinstance(expr, Amount):
        raise Unanswerable("A quantity you give enters only a cost.")
    if expr.name == "cost":
        return _cost(data, expr, inputs, warnings)
    if expr.name in ("max", "min"):  # a span's highest or lowest month, as an operand
        s = expr.args[0]
        assert isinstance(s, Series)
        monthly = trend(data, s.commodity, *_months(s.period), s.partner, s.flow)  # type: ignore[arg-type]
        if isinstance(monthly, NoData):
            return monthly
        found = monthly.maximum if expr.name == "max" else monthly.minimum
        inputs.append(found)
        warnings.extend(monthly.warnings)
        return found
    parts: list[Figure] = []
    for arg in expr.args:
        got = _eval(data, arg, inputs, warnings)
        if isinstance(got, NoData):
            return got
        parts.append(got)
    return apply(expr, parts)


def _leaf(data: TradeData, leaf: Series, inputs: list[Figure], warnings: list[str]) -> Figure | NoData:
    if leaf.measure == "price":
        quote = price_value(data, leaf.commodity, leaf.period, leaf.partner)
        if isinstance(quote, NoData):
            return quote
        inputs.append(quote.figure)
        warnings.extend(quote.warnings)
        if not quote.figure.is_range:
            return quote.figure
        warnings.append(f"{quote.figure.label} is a range ({quote.figure.display}); its midpoint is used.")
        inputs.append(quote.figure.midpoint())
        return quote.figure.midpoint()

    if leaf.measure == "unit_value":
        reported = point_value(data, leaf.commodity, leaf.flow, leaf.partner, leaf.period, measure="unit_value")
        if isinstance(reported, ValueResult):
            inputs.append(reported.figure)
            warnings.extend(reported.warnings)
            return reported.figure
        per = _eval(
            data, Op("per_unit", (Series("value", *_rest(leaf)), Series("volume", *_rest(leaf)))), inputs, warnings
        )
        if isinstance(per, Figure):
            inputs.append(per)
        return per
    got = value(data, leaf.commodity, leaf.period, leaf.partner, leaf.flow, leaf.measure)  # type: ignore[arg-type]
    if isinstance(got, NoData):
        return got
    inputs.append(got.figure)
    warnings.extend(got.warnings)
    return got.figure


def _rest(leaf: Series) -> tuple[str, str, Period, str]:
    return leaf.commodity, leaf.flow, leaf.period, leaf.partner


def apply(expr: Op, parts: list[Figure]) -> Figure:
    """The top node's value from its operands' values, with its formula and their sources."""
    a = parts[0]
    values = [p.value for p in parts]
    if any(v is None for v in values):
        raise Unanswerable("A reported range cannot enter a computation; each end is shown as reported.")
    x = [float(v) for v in values]  # type: ignore[arg-type]
    decimals = min(p.decimals for p in parts)
    same = {
        "period": a.period,
        "partner": a.partner,
        "commodity": a.commodity,
        "origin": "computed",
        "sources": tuple(dict.fromkeys(s for p in parts for s in p.sources)),
        "rows": tuple(r for p in parts for r in p.rows),
    }
    name = expr.name
    if name == "sum" and len({p.partner for p in parts}) > 1:
        same["partner"] = "+".join(dict.fromkeys(p.partner for p in parts))  # "Japan and Korea combined"
    if name == "sum":
        return Figure(
            f"sum of {_join(parts)}",
            sum(x),
            a.unit,
            measure=a.measure,
            formula=" + ".join(p.display for p in parts),
            decimals=decimals,
            **same,  # type: ignore[arg-type]
        )
    if name == "mean":
        n = a.period.month_count
        return Figure(
            f"monthly average of {a.label}",
            x[0] / n,
            a.unit,
            measure=a.measure,
            formula=f"{a.display} over {n} months",
            decimals=decimals,
            **same,  # type: ignore[arg-type]
        )
    if name == "convert":
        stated = convert(x[0], a.decimals, a.unit, expr.unit)
        told = replace(
            a, value=stated.value, unit=stated.unit, decimals=stated.decimals, scale=stated.scale, rows=same["rows"]
        )
        return replace(told, formula=f"{a.display} = {told.display}")
    b = parts[1]
    if name == "part":  # a share of a whole: "79.6% of 9,898 t"
        if a.unit != "pct":
            raise Unanswerable(f"{a.label} is {a.display}, not a share, so no part of {b.label} follows from it.")
        return Figure(
            f"{a.label} of {b.label}",
            x[0] / 100 * x[1],
            b.unit,
            measure=b.measure,
            formula=f"{a.display} × {b.display}",
            decimals=b.decimals,
            scale=b.scale,
            **same,  # type: ignore[arg-type]
        )
    if a.unit != b.unit and name != "per_unit" and currency(a.unit) != currency(b.unit):
        raise Unanswerable(
            f"{a.label} is {a.display} and {b.label} {b.display}: comparing them needs an exchange rate, "
            "and the data set holds no sourced rate."
        )
    if a.unit != b.unit and name != "per_unit" and dimension(a.unit) == dimension(b.unit):
        b = converted(b, a.unit)  # $/t beside $/kg: the second in the first's unit
        x[1] = float(b.value or 0.0)
    if name == "difference":
        points = a.unit == "pct"  # two shares apart: percentage points, never a percentage of a percentage
        return Figure(
            f"difference: {a.label} minus {b.label}",
            x[0] - x[1],
            "pp" if points else a.unit,
            measure="share_change" if points else _CHANGE_MEASURES.get(a.measure, "volume_change"),
            formula=f"{a.display} − {b.display}",
            decimals=decimals,
            base=b.period if b.period != a.period else None,
            scale=a.scale,
            **same,  # type: ignore[arg-type]
        )
    if x[1] == 0:
        raise Unanswerable(f"{b.label} is zero, so nothing can be divided by it.")
    if name in ("change", "share"):
        pct = (x[0] / x[1] - 1) * 100 if name == "change" else x[0] / x[1] * 100
        return Figure(
            f"{name}: {a.label} on {b.label}",
            pct,
            "pct",
            measure=f"{name}_pct",
            formula=f"({a.display} ÷ {b.display}{' − 1' if name == 'change' else ''}) × 100",
            decimals=1,
            base=b.period if name == "change" else None,
            **same,  # type: ignore[arg-type]
        )
    if name == "per_unit" or (name == "ratio" and dimension(a.unit) == "USD" and b.unit in ("t", "kg")):
        unit = f"USD/{b.unit}"
        return Figure(
            f"value per {b.unit}: {a.label} ÷ {b.label}",
            x[0] / x[1],
            unit,
            measure="unit_value",
            formula=f"{a.display} ÷ {b.display}",
            decimals=0 if b.unit == "t" else 2,
            **same,  # type: ignore[arg-type]
        )
    if name == "ratio":
        return Figure(
            f"ratio: {a.label} to {b.label}",
            x[0] / x[1],
            "times",
            measure="ratio",
            formula=f"{a.display} ÷ {b.display}",
            decimals=2,
            base=b.period if b.period != a.period else None,
            **same,  # type: ignore[arg-type]
        )
    raise Unanswerable(f"Unknown operator {name!r}.")


def difference_of(a: Figure, b: Figure) -> Figure:
    """The first figure minus the second, in their unit, with its formula."""
    return apply(Op("difference", ()), [a, b])


def converted(figure: Figure, unit: str) -> Figure:
    """The figure stated in another unit of its dimension (itself when it cannot be)."""
    if figure.value is None or figure.unit == unit or dimension(figure.unit) != dimension(unit):
        return figure
    return apply(Op("convert", (), unit), [figure])


def _join(parts: list[Figure]) -> str:
    return "; ".join(p.label for p in parts)


def leaves(expr: Expr) -> list[Series]:
    """The series an expression reads, in order."""
    if isinstance(expr, Amount):
        return []
    return [expr] if isinstance(expr, Series) else [leaf for a in expr.args for leaf in leaves(a)]
