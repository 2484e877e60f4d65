"""A query said back as a plain question: the text behind an "ask this instead" button.

Each sentence shape reads back to the query it came from (the tests check the round trip).
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.reading.query import Query
from tools.partners import partner_name


def _goods(query: Query, labels: Mapping[str, str]) -> str:
    """The catalogue's name without its parenthetical detail ("rare-earth permanent magnets")."""
    return labels.get(query.commodity, query.commodity).split(" (")[0]


def _where(query: Query) -> str:
    if not query.partners:
        return ""
    word = " to " if query.flow == "export" else " from "
    return word + " and ".join(partner_name(p) for p in query.partners)


def restate(query: Query, labels: Mapping[str, str]) -> str:
    """The question that asks exactly this query."""
    goods = _goods(query, labels)
    when = query.periods[0].label if query.periods else ""
    flow = f"{query.flow}s"
    place = _where(query)
    measure = " by value" if query.measure == "value" else ""
    if query.ask == "change":
        base = {"mom": " on the previous month", "yoy": " on a year earlier"}.get(query.basis, "")
        if query.basis == "periods" and len(query.periods) > 1:
            return f"How did China's {goods} {flow}{place}{measure} change from {query.periods[1].label} to {when}?"
        return f"How did China's {goods} {flow}{place}{measure} change in {when}{base}?"
    if query.ask == "share":
        return f"What share of China's {goods} {flow} went{place} in {when}?"
    if query.ask == "rank":
        if query.over == "months":
            return f"Which month of {when} had the {query.which} {goods} {flow}?"
        return f"What were the top {query.top} destinations of China's {goods} {flow} in {when}?"
    if query.ask == "extreme":
        return f"Were China's {goods} {flow}{place} in {when} the {query.which} in years?"
    if query.ask == "trend":
        return f"Show China's {goods} {flow}{place} month by month, {when}."
    if query.ask == "context":
        return f"Why did China's {goods} {flow}{place} move in {when}?".replace(" in ?", "?")
    if query.measure == "price":
        return f"What was the {goods} price in {when}?"
    return f"How much did China's {goods} {flow}{place}{measure} come to in {when}?"
