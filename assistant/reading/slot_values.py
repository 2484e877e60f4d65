"""The values read for one ask (goods, measures, flows, partners, period sets, basis), before they become queries."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from assistant.reading.query import CHINA, Query
from tools.partners import WORLD
from tools.periods import Period


@dataclass
class Slots:
    """The values read for one ask; ``queries()`` multiplies them out."""

    ask: str
    commodities: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    reporter: str = CHINA
    seen_from: str = ""  # the importer whose imports from China were asked, read as China's exports to it
    seen_whole: bool = False  # and its imports from everywhere were asked: "Japan's RE imports", China unnamed
    partners: list[str] = field(default_factory=list)
    period_sets: list[tuple[Period, ...]] = field(default_factory=list)
    basis: str = ""
    over: str = ""
    which: str = "highest"
    within: Period | None = None
    top: int = 5
    elements: list[str] = field(default_factory=list)
    control: str = ""
    context: bool = False
    since: bool = False  # the period runs from a date to the latest month
    assumptions: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    given: set[str] = field(default_factory=set)

    def queries(self) -> list[Query]:
        """One query per commodity × measure × flow × partner × period set × element.

        A ranking and a why-question take their places together: one list, one background.
        """
        together = self.ask in ("rank", "context") or len(self.partners) <= 1
        partners: list[tuple[str, ...]] = [tuple(self.partners)] if together else [(p,) for p in self.partners]
        out = []
        for commodity, measure, flow, who, periods, element in itertools.product(
            self.commodities or ["magnets"],
            self.measures or ["volume"],
            self.flows or ["export"],
            partners or [()],
            self.period_sets or [()],
            (self.elements if self.ask == "controls" else []) or [""],
        ):
            if self.ask != "controls":  # goods that are elements carry their own name for retrieval
                element = commodity if commodity in self.elements else next(iter(self.elements), "")
            out.append(
                Query(
                    ask=self.ask,  # type: ignore[arg-type]
                    measure=measure,  # type: ignore[arg-type]
                    commodity=commodity,
                    flow=flow,  # type: ignore[arg-type]
                    reporter=self.reporter,
                    seen_from=self.seen_from if self.seen_from in who else "",
                    seen_whole=self.seen_whole and self.seen_from in who,
                    partners=tuple(p for p in who if p != WORLD),
                    periods=periods,
                    basis=self.basis,  # type: ignore[arg-type]
                    over=self.over,  # type: ignore[arg-type]
                    which=self.which,  # type: ignore[arg-type]
                    within=self.within,
                    top=self.top,
                    element=element,
                    control=self.control,
                    context=self.context,
                    assumptions=tuple(self.assumptions),
                    missing=tuple(self.missing),
                    given=frozenset(self.given),
                )
            )
        return out
