"""Scoring extraction of stated figures against hand-labelled ones.

A label gives a figure as written, the sentence it is in, and what it is (value, unit, period,
subject). An extracted figure finds its label when it lies in the label's sentence with the
same value (a fall may be signed or not) and unit; it is typed right when its period and
subject are the label's too. Precision counts extracted figures, recall labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.stated import Stated, partner_code
from tools.errors import InvalidArgument
from tools.periods import parse_period

_UNITS = {"yuan": "CNY", "yuan/t": "CNY/t", "RMB": "CNY"}


@dataclass
class ExtractionScore:
    """Counts, and the figures behind every miss."""

    labels: int = 0
    extracted: int = 0
    found: int = 0  # labels an extraction found (value and unit)
    typed: int = 0  # of those, with the label's period and subject
    spurious: list[str] = field(default_factory=list)  # extractions no label has
    missed: list[str] = field(default_factory=list)  # labels no extraction found
    mistyped: list[str] = field(default_factory=list)  # found, with another period or subject

    @property
    def precision(self) -> float:
        """Extracted figures that are labelled figures, typed as labelled."""
        return self.typed / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        """Labelled figures extracted, typed as labelled."""
        return self.typed / self.labels if self.labels else 0.0

    @property
    def value_precision(self) -> float:
        """Extracted figures that are labelled figures, whatever their period or subject."""
        return self.found / self.extracted if self.extracted else 0.0

    @property
    def value_recall(self) -> float:
        """Labelled figures extracted, whatever their period or subject."""
        return self.found / self.labels if self.labels else 0.0


def score_document(score: ExtractionScore, text: str, labels: list[dict[str, Any]], extracted: list[Stated]) -> None:
    """Add one document's labels and extractions to ``score``."""
    flat, where = _collapsed(text)
    spans = []
    for label in labels:
        at = flat.find(" ".join(label["sentence"].split()))
        if at < 0:
            raise ValueError(f"label sentence not in {label['doc']}: {label['sentence'][:60]}")
        spans.append((where[at], where[at + len(" ".join(label["sentence"].split())) - 1] + 1))
    free = set(range(len(labels)))
    score.labels += len(labels)
    score.extracted += len(extracted)
    for figure in extracted:
        written = text[figure.start : figure.end]
        candidates = [
            i
            for i in free
            if spans[i][0] <= figure.start < spans[i][1]
            and _same_value(figure, labels[i])
            and _unit(labels[i]["unit"]) == figure.unit
        ]
        if not candidates:
            score.spurious.append(f"{written!r} {figure.unit} {figure.period} {figure.subject}")
            continue
        # the label written where the figure is (one sentence may state the same figure twice)
        best = min(candidates, key=lambda i: abs(text.find(labels[i]["written"], spans[i][0]) - figure.start))
        free.discard(best)
        score.found += 1
        label = labels[best]
        # a label names one country a figure is about: another reporter's trade is about it and its partner alike
        about = {_subject(figure.subject), *([_subject(figure.reporter)] if figure.reporter else [])}
        if _period(label["period"]) == figure.period and _subject(label["subject"]) in about:
            score.typed += 1
        else:
            score.mistyped.append(
                f"{written!r}: {figure.period or '-'} {figure.subject or '-'} "
                f"(label {label['period'] or '-'} {label['subject'] or '-'})"
            )
    score.missed += [f"{labels[i]['doc']}: {labels[i]['written']!r} {labels[i]['unit']}" for i in sorted(free)]


def _collapsed(text: str) -> tuple[str, list[int]]:
    """The text with each run of whitespace as one space, and each character's offset in the original."""
    out, where = [], []
    for m in re.finditer(r"\s+|\S", text):
        out.append(" " if m.group(0).isspace() else m.group(0))
        where.append(m.start())
    return "".join(out), where


def _same_value(figure: Stated, label: dict[str, Any]) -> bool:
    wanted = float(label["value"])
    return abs(abs(figure.value) - abs(wanted)) <= 1e-6 * max(1.0, abs(wanted))


def _unit(unit: str) -> str:
    return _UNITS.get(unit, unit)


def _period(written: str) -> str:
    if not written:
        return ""
    try:
        return parse_period(written).code
    except InvalidArgument:
        return written


def _subject(name: str) -> str:
    code = (partner_code(name) or name.strip().lower()) if name else ""
    return "" if code == "CHN" else code  # China's own market and China's totals are one subject
