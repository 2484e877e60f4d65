"""The typed query: the one contract between reading a question and computing its answer.

A question becomes one ``Query`` per ask ("exports and imports in Q1 2025" is two). Every figure
tool call is derived from a query, the LLM agent's tools take the same fields, and the reading
shown to the user is written from it, so what was computed is what was said to be computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant import prompts
from tools.algebra import Expr, Op, Series
from tools.partners import CHINA, WORLD, partner_name
from tools.periods import Period
from tools.units import label as unit_label

Ask = Literal["amount", "change", "share", "rank", "extreme", "trend", "events", "controls", "context"]
Measure = Literal["volume", "value", "price", "unit_value"]
Operator = Literal["", "difference", "mean", "ratio", "sum"]
Flow = Literal["export", "import"]
Basis = Literal["", "mom", "yoy", "periods"]

ASKS: tuple[str, ...] = ("amount", "change", "share", "rank", "extreme", "trend", "events", "controls", "context")
FIGURE_ASKS = frozenset({"amount", "change", "share", "rank", "extreme", "trend"})
TRADE_MEASURES = frozenset({"volume", "value", "price", "unit_value"})


@dataclass(frozen=True)
class Query:
    """What one ask of a question wants computed or looked up.

    ``periods`` holds the period asked about first; with ``basis="periods"`` the others are the
    periods it is compared with. ``missing`` names what the question asks for and the data lacks
    ("partner:BRA"), so the answer says so instead of answering something else.
    """

    ask: Ask
    measure: Measure = "volume"
    commodity: str = "magnets"
    flow: Flow = "export"
    reporter: str = CHINA
    partners: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    basis: Basis = ""
    over: Literal["", "partners", "regions", "months"] = ""
    which: Literal["highest", "lowest"] = "highest"
    within: Period | None = None  # an extreme judged over a named window ("the lowest since 2023")
    top: int = 5
    element: str = ""
    control: str = ""
    context: bool = False
    search: str = ""
    assumptions: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    given: frozenset[str] = field(default_factory=frozenset)  # slots the question named, not defaulted
    op: Operator = ""  # what is computed from the figures the ask names: their difference, mean, ratio
    unit: str = ""  # the unit the figure is asked in, when not the data's own ("kg", "USD mn")
    paired: Expr | None = None  # two asks read as one: "Germany ... than the US" is their difference
    # "Japan's imports from China" is read as China's exports to Japan, the same trade as China counts it;
    # Japan's own count, where a document states it, is the figure asked in the question's words
    seen_from: str = ""
    seen_whole: bool = False  # China unnamed ("Japan's RE imports"): Japan's count of its imports from everywhere

    @property
    def period(self) -> Period | None:
        """The period asked about (the first one)."""
        return self.periods[0] if self.periods else None

    @property
    def partner(self) -> str:
        """The one partner of a single-partner ask (China's total when none)."""
        return self.partners[0] if self.partners else WORLD

    @property
    def stated(self) -> bool:
        """True for a measure only documents state (mine production, reserves): the trade data holds none."""
        return self.measure not in TRADE_MEASURES

    @property
    def is_figure(self) -> bool:
        """True for the asks answered by figure tools."""
        return self.ask in FIGURE_ASKS

    @property
    def computes(self) -> bool:
        """True when the ask is answered by the algebra: an operator, a unit, a value per tonne."""
        return self.is_figure and bool(self.op or self.unit or self.measure == "unit_value")

    def expression(self) -> Expr | None:
        """The figure or list asked for as an expression over series (None for lookups).

        Amounts, changes, shares, differences, means and ratios are trees of figures; a monthly
        series, a ranking, a record and the biggest move are list nodes over one series.
        """
        if not self.is_figure or self.period is None:
            return None
        if self.paired is not None:
            return Op("convert", (self.paired,), self.unit) if self.unit else self.paired
        listed = self._listed()
        if listed is not None:
            return listed
        operands = self._operands()
        if self.op == "mean":
            operands = tuple(Op("mean", (x,)) for x in operands)
        if self.op in ("difference", "ratio") and len(operands) == 2:
            expr: Expr = Op(self.op, operands)
        elif self.ask == "change" and len(operands) == 2:
            expr = Op("change", operands)
        elif self.ask == "share" and self.partners and len(self.periods) == 2:
            # a share at two dates: how far it moved, in percentage points
            expr = Op("difference", tuple(Op("share", (self._series(p), self._series(p, WORLD))) for p in self.periods))
        elif self.ask == "share" and self.partners:
            expr = Op("share", (self._series(partner=self.partner), self._series(partner=WORLD)))
        elif self.ask in ("amount", "change", "share"):
            expr = operands[0]
        else:
            return None
        return Op("convert", (expr,), self.unit) if self.unit else expr

    def _listed(self) -> Op | None:
        """A list ask as its node: the months of a span, the partners ranked, a record, the biggest move."""
        if self.ask == "trend" or (self.ask == "rank" and self.over == "months" and not self.basis):
            return Op("months", (self._series(),))
        if self.ask == "rank" and self.over == "months":
            return Op("move_extreme", (self._series(),), params=(("which", self.which), ("basis", self.basis)))
        if self.ask == "rank":
            among = (("among", "regions"),) if self.over == "regions" else ()
            top = 50 if self.partners else self.top  # "where did India rank": far enough down to find it
            return Op("rank", (self._series(partner=WORLD),), params=(("top", top), *among))
        if self.ask == "extreme":
            return Op("extreme", (self._series(),), params=(("which", self.which),))
        return None

    def _series(self, period: Period | None = None, partner: str | None = None) -> Series:
        flow = "price" if self.measure == "price" else self.flow
        return Series(
            self.measure, self.commodity, flow, period or self.periods[0], partner or self.partner, self.reporter
        )

    def _operands(self) -> tuple[Expr, ...]:
        """The figures the ask names: two periods, two partners, a period and its base, or one."""
        first = self.periods[0]
        if self.measure == "price" and self.ask == "change":  # a quote's move, or its move across one span
            return (self._series(first), self._series(self.periods[1] if len(self.periods) > 1 else first))
        if len(self.partners) == 2 and self.op in ("difference", "ratio"):
            return tuple(self._series(partner=p) for p in self.partners)
        if self.basis == "periods" and len(self.periods) > 1:
            return (self._series(first), self._series(self.periods[1]))
        if self.basis == "periods" and first.month_count > 1 and self.op != "mean":
            # one span compared within itself: its last month on its first
            last, start = first.month_list()[-1], first.month_list()[0]
            return (self._series(last), self._series(start))
        if self.basis in ("mom", "yoy") and (self.ask == "change" or self.op) or self.ask == "change":
            # a change with no basis named is on the period before
            base = first.year_earlier() if self.basis == "yoy" else first.previous()
            return (self._series(first), self._series(base))
        return (self._series(first),)

    def but(self, **changes: Any) -> Query:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The structured reading, as ``ask --json`` prints it."""
        out: dict[str, Any] = {
            "ask": self.ask,
            "measure": self.measure,
            "commodity": self.commodity,
            "flow": self.flow,
            "reporter": self.reporter,
            "partners": list(self.partners),
            "periods": [p.code for p in self.periods],
        }
        optional = {
            "basis": self.basis,
            "over": self.over,
            "which": self.which if self.ask in ("rank", "extreme") else "",
            "within": self.within.code if self.within else "",
            "top": self.top if self.ask == "rank" and (self.over == "partners" or self.top > 1) else 0,
            "element": self.element,
            "control": self.control,
            "context": self.context,
            "assumptions": list(self.assumptions),
            "missing": list(self.missing),
            "op": self.op,
            "unit": self.unit,
        }
        out.update({k: v for k, v in optional.items() if v})
        expr = self.expression()
        if expr is not None:
            out["expression"] = expr.text()
        return out


@dataclass(frozen=True)
class Alternative:
    """Another plausible reading, offered as a question to ask instead."""

    label: str
    question: str


@dataclass(frozen=True)
class Reading:
    """How a question was read: its queries, the reading in words, other plausible readings."""

    queries: tuple[Query, ...]
    text: str
    alternatives: tuple[Alternative, ...] = ()
    follow_up: bool = False
    unread: tuple[str, ...] = ()  # words of the question the reading did not use

    @property
    def assumptions(self) -> list[str]:
        """What the reading assumed, each said once."""
        return list(dict.fromkeys(a for q in self.queries for a in q.assumptions))

    def notes(self) -> list[str]:
        """What the answer must say about the reading: its assumptions, then the words it skipped."""
        return [*self.assumptions, self.skipped] if self.skipped else self.assumptions

    @property
    def skipped(self) -> str:
        """The words the reading did not use, said where they are seen first ("" when none).

        A skipped word may change what is asked ("earn", "median"), so the answer's first line
        names it rather than a caveat at the end.
        """
        return prompts.UNREAD.format(words=", ".join(f"“{w}”" for w in self.unread)) if self.unread else ""

    def to_json(self) -> dict[str, Any]:
        """The ``interpretation`` object of the JSON answer."""
        return {
            "text": self.text,
            "queries": [q.to_json() for q in self.queries],
            "alternatives": [{"label": a.label, "question": a.question} for a in self.alternatives],
            "follow_up": self.follow_up,
            "unread": list(self.unread),
        }


# -- the reading in words --------------------------------------------------------------------------
_ASK_WORDS = {
    "amount": "how much",
    "change": "change",
    "share": "share of China's total",
    "rank": "ranking",
    "extreme": "high or low point",
    "trend": "monthly series",
    "events": "policy and trade events",
    "controls": "export-control measures",
    "context": "background from the articles",
}


def _places(query: Query) -> str:
    if not query.partners:
        return "all destinations" if query.flow == "export" else "all origins"
    return " and ".join(partner_name(p) for p in query.partners)


def _periods(query: Query) -> str:
    if not query.periods:
        return "no period"
    if query.basis == "periods" and len(query.periods) > 1:
        return " against ".join(p.label for p in query.periods)
    text = query.periods[0].label
    if query.basis == "mom":
        text += " against the month before"
    elif query.basis == "yoy":
        text += " against a year earlier"
    return text


def describe(query: Query, commodity_label: str) -> str:
    """One line: what, where, when, compared with what.

    Example: "change · rare-earth magnets · exports to Germany · July 2025 against the month before".
    """
    if query.ask == "controls":
        parts = ["export-control measures"]
        if query.control:
            parts.append(query.control)
        if query.element:
            parts.append(f"covering {query.element}")
        if query.periods:
            parts.append(f"as of {query.periods[0].label}")
        return " · ".join(parts)
    if query.ask in ("events", "context"):
        parts = [_ASK_WORDS[query.ask], commodity_label]
        if query.periods:
            parts.append(query.periods[0].label)
        return " · ".join(parts)
    if query.stated:
        who = f"as documents state it, of {_places(query)}"
    elif query.reporter != CHINA:
        who = f"{partner_name(query.reporter)}'s {query.flow}s"
    elif query.measure == "price":
        who = "prices" + (f" in {_places(query)}" if query.partners else "")
    else:
        who = f"China's {query.flow}s " + ("to " if query.flow == "export" else "from ") + _places(query)
    ask = _ASK_WORDS[query.ask]
    if query.ask == "rank":
        ask = (
            f"which month was {query.which}"
            if query.over == "months"
            else f"top {query.top} {'destinations' if query.flow == 'export' else 'origins'}"
        )
    elif query.ask == "extreme":
        ask = f"{query.which} since"
    if query.op:
        ask = {"difference": "difference", "mean": "monthly average", "ratio": "ratio", "sum": "combined total"}[
            query.op
        ]
        if query.ask == "change" and query.op == "mean":
            ask = "change in the monthly average"
    measure = {"volume": "tonnage", "value": "value (USD)", "price": "price", "unit_value": "value per tonne"}.get(
        query.measure, query.measure
    )
    if query.unit:
        measure += f" in {unit_label(query.unit)}"
    line = f"{ask} · {commodity_label} · {measure} · {who} · {_periods(query)}"
    if query.context:
        line += " · with the reasons behind it"
    return line


@dataclass(frozen=True)
class Clarify:
    """A question back to the user, with the choices to pick from."""

    message: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refuse:
    """An honest short reply for what the assistant does not answer.

    ``fallback`` is the reading to use instead when the articles turn out to cover the question
    (its words alone did not show it was about the rare-earth trade).
    """

    message: str
    kind: Literal["out_of_scope", "empty"] = "out_of_scope"
    fallback: Reading | None = None
