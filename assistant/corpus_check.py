"""The briefs check the data: every trade figure a brief states, compared with the data set's.

A brief states a level of China's exports or imports (its goods, partner and period read by
``assistant.stated``); the data set gives its figure for the same series and period, with every
source's figure that disagrees with the headline one. The stated figure agrees when it is any of
them to the brief's own rounding. Figures the data set has no series or month for are counted,
not compared: a brief may give what the customs tables do not.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.stated import Stated, StatedReader, canonical
from assistant.verify import numbers_in
from corpus.documents import Document
from tools.dataset import TradeData
from tools.errors import InvalidArgument
from tools.figures import value
from tools.partners import WORLD
from tools.periods import parse_period
from tools.results import Figure, NoData

# the goods a brief names, as the data set's series: element figures name no one product (oxide, metal)
_SERIES = {"magnets": "magnets", "rare_earths": "rare_earths"}
_FLOWS = {"exports": "export", "imports": "import"}
_MEASURES = {"t": "volume", "kg": "volume", "USD": "value"}
_IN_KG = {"t": 1000.0, "kg": 1.0}
_BROAD = re.compile(r"[^.;\d]*?\b(?:powders?|alloys?)\b", re.I)
_FORECAST = re.compile(r"\b(?:project(?:ed|s|ion)|forecasts?|expect(?:s|ed)?|outlook|would|could|on track)\b", re.I)


@dataclass(frozen=True)
class Comparison:
    """A brief's figure against the data set's figures for the same series and period."""

    doc: str  # the brief's file name
    quote: str  # the words that state it
    stated: Stated
    data: tuple[Figure, ...]  # the headline figure first, then the sources' other figures
    agrees: bool

    def line(self) -> str:
        """One line of the report: the figure as read (goods, partner, period), its sentence, the data's figures."""
        s, head = self.stated, self.data[0]
        read = f"{_display(s)} of {head.commodity} {'to' if 'export' in head.label else 'from'} {head.partner_name}"
        shown = "; ".join(f"{f.display} ({', '.join(f.sources)})" for f in self.data)
        return f"{self.doc}: {read}, {head.period.label} \u2014 \u201c{self.quote}\u201d; the data set has {shown}"


@dataclass(frozen=True)
class Report:
    """The comparisons, and how many stated figures had nothing in the data set to compare with."""

    compared: tuple[Comparison, ...]
    not_in_data: int
    forecasts: int = 0

    @property
    def disagreements(self) -> tuple[Comparison, ...]:
        """The figures no source of the data set gives."""
        return tuple(c for c in self.compared if not c.agrees)

    def unexplained(self, notes: Mapping[tuple[str, float], str]) -> tuple[Comparison, ...]:
        """The disagreements no note explains (``notes``: (brief, stated value) -> why they differ)."""
        return tuple(c for c in self.disagreements if (c.doc, c.stated.value) not in notes)


def read_notes(path: Path) -> dict[tuple[str, float], str]:
    """The notes on known disagreements: a CSV of brief, value (as stated), note."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {(row["brief"], float(row["value"])): row["note"] for row in csv.DictReader(f)}


def check_briefs(docs: Iterable[tuple[str, Document]], reader: StatedReader, data: TradeData) -> Report:
    """Every level of China's trade the ``docs`` state, compared with ``data``.

    A projection ("SMM projected full-year exports of roughly 49,000 t") is counted, not compared:
    what was expected is no report of what happened.
    """
    compared: list[Comparison] = []
    missing = forecasts = 0
    for name, doc in docs:
        for record in map(Stated.from_json, reader(doc)):
            series = _series(record, reader.measures)
            if series is None:
                continue
            commodity, flow, measure = series
            sentence = _sentence(doc.text, record.start)
            if commodity == "magnets" and _BROAD.match(doc.text, record.end, record.end + 80):
                commodity = "magnets_broad"  # "686 t once magnet powder and alloys are included": the wider scope
            if _FORECAST.search(sentence):
                forecasts += 1
                continue
            try:
                found = value(data, commodity, parse_period(record.period), record.subject or WORLD, flow, measure)
            except InvalidArgument:
                found = None
            if found is None or isinstance(found, NoData):
                missing += 1
                continue
            figures = (found.figure, *(f for f in found.alternatives if f.value != found.figure.value))
            quote = doc.text[record.start : record.end]
            agrees = any(_same(record, quote, f) for f in figures if f.value is not None)
            compared.append(Comparison(name, sentence, record, figures, agrees))
    return Report(tuple(compared), missing, forecasts)


def _series(record: Stated, measures: dict[str, tuple[str, ...]]) -> tuple[str, str, str] | None:
    """The data set's series a stated figure is of: (commodity, flow, measure)."""
    flow = _FLOWS.get(canonical(record.measure, measures))
    commodity = _SERIES.get(record.goods)
    measure = _MEASURES.get(record.unit)
    if flow is None or commodity is None or measure is None or record.kind != "level" or not record.period:
        return None
    if record.subject and len(record.subject) != 3 or record.high is not None:
        return None  # a company's figure, or a range: no series of the data set is either
    return commodity, flow, measure


def _same(record: Stated, quote: str, figure: Figure) -> bool:
    """True when the data's figure is the stated one to the brief's rounding ("5.6 million kg", "5,577 t")."""
    held = float(figure.value or 0.0) * _IN_KG.get(figure.unit, 1.0) / _IN_KG.get(record.unit, 1.0)
    written = numbers_in(quote)
    step = 0.5 * 10 ** (-written[0][0].decimals) * written[0][0].scale if written else 0.5
    return abs(held - record.value) <= max(step, 0.005 * abs(held)) + 1e-9


def _display(record: Stated) -> str:
    return f"{record.value:,.{0 if record.value == int(record.value) else 1}f} {record.unit}"


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    end = min(x for x in (text.find(". ", at), text.find("\n", at), len(text)) if x >= 0)
    return text[start:end].strip()
