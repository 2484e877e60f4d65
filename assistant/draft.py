"""An answer being put together, and the small helpers every telling uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant import prompts
from assistant.answer import Citation, FigureOut
from tools.partners import WORLD, partner_name
from tools.periods import Period
from tools.results import Figure


@dataclass
class Draft:
    """An answer being put together."""

    lead: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)  # caveats told first, in the lead: still warnings
    figures: list[Figure] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    allowed_text: list[str] = field(default_factory=list)  # tool-provided text (event descriptions)
    no_data: bool = False
    missing: bool = False  # the question named something the data set lacks
    own_sources: frozenset[str] = frozenset()  # source ids of the user's own tables
    alone: bool = True  # the question asks one figure: what puts it in context may be volunteered
    stated: dict[int, list[float]] = field(default_factory=dict)  # [n] -> figures it states, and computed from them

    def rests_on_own(self, figure: Figure) -> bool:
        """True when a figure is, or is computed from, a row of the user's own tables."""
        return any(s in self.own_sources for s in figure.sources) or any(
            r.source_id in self.own_sources for r in figure.rows
        )

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


def to_out(f: Figure, names: dict[str, str] | None = None) -> FigureOut:
    """The answer's view of a tool figure; ``names`` cite its sources by name."""
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
        cited=tuple(dict.fromkeys((names or {}).get(s, s) for s in f.sources)),
        measure=f.measure,
        partner_code=f.partner,
        base=_base_label(f),
        flow=f.rows[0].flow if f.rows else "",
    )


def _base_label(f: Figure) -> str:
    """The period a change is on: computed changes carry it, reported ones say it by their basis."""
    if f.base is not None:
        return f.base.label
    basis = f.rows[0].basis if f.rows else ""
    if basis == "mom":
        return f.period.previous().label
    return f.period.year_earlier().label if basis == "yoy" else ""


def src(data_sources: dict[str, str], *figures: Figure) -> str:
    """Who reported the figures, or what they were computed from."""
    f = figures[0]
    names = list(dict.fromkeys(data_sources.get(s, s) for g in figures for s in g.sources))
    if f.origin == "computed":
        return prompts.COMPUTED_FROM.format(sources="; ".join(names[:3]) + (" …" if len(names) > 3 else ""))
    return prompts.REPORTED_BY.format(sources="; ".join(names))


def who(c: str, partner: str, flow: str) -> tuple[str, str]:
    """("China exported", " to Germany") for the sentence shapes."""
    verb = "exported" if flow == "export" else "imported"
    place = "" if partner == WORLD else (" to " if flow == "export" else " from ") + partner_name(partner)
    return verb, place


def midpoint(figure: Figure) -> str:
    """A range's midpoint, as told beside it ("midpoint $850/kg"); "" for one number."""
    return f"midpoint {figure.midpoint().display}" if figure.is_range else ""


def when(period: Period) -> str:
    """The period after a verb: on a day ("on 31 December 2025"), in a longer span ("in December 2025")."""
    return ("on " if period.kind == "day" else "in ") + period.label
