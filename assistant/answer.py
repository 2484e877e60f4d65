"""The typed answer every interface returns.

Text with [n] markers, citations, figures, warnings, the tool trace and timings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["answer", "context", "no_data", "clarification", "out_of_scope", "empty", "error"]


@dataclass(frozen=True)
class Citation:
    """A retrieved passage the answer cites as [n]."""

    n: int
    title: str
    publisher: str
    date: str
    url: str
    snippet: str
    doc_id: str = ""
    text: str = ""


@dataclass(frozen=True)
class FigureOut:
    """A figure the answer rests on, with its provenance."""

    label: str
    value: float | None
    unit: str
    period: str
    partner: str
    commodity: str
    display: str
    origin: str
    sources: tuple[str, ...]
    formula: str = ""
    low: float | None = None
    high: float | None = None
    cited: tuple[str, ...] = ()  # the sources as analysts cite them ("Reuters via Kitco")
    measure: str = ""  # "volume", "change_pct", "share_pct", ...
    partner_code: str = ""  # "DEU", "WLD": what the checker binds a number to
    base: str = ""  # for a change, the period it is on ("June 2025")
    flow: str = ""  # "export", "import" or "price"


@dataclass(frozen=True)
class ToolCall:
    """One figure-tool or retrieval call: its inputs, a summary of its output, its sources."""

    tool: str
    inputs: dict[str, Any]
    output: str
    sources: tuple[str, ...] = ()
    ms: float = 0.0


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns."""

    question: str
    text: str
    kind: Kind = "answer"
    citations: tuple[Citation, ...] = ()
    figures: tuple[FigureOut, ...] = ()
    warnings: tuple[str, ...] = ()
    trace: tuple[ToolCall, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "offline"
    reading: Any = None  # how the question was read (a Reading), kept so follow-ups can build on it
    chart: dict[str, Any] | None = None
    choices: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # tool-written text the checker accepted numbers from (events, caveats)

    def interpretation(self) -> dict[str, Any] | None:
        """The reading in one line and the structured queries behind it (None when nothing was read)."""
        return self.reading.to_json() if self.reading is not None else None

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (answer, citations, figures, warnings, mode, timings_ms, ...)."""
        return {
            "answer": self.text,
            "interpretation": self.interpretation(),
            "kind": self.kind,
            "citations": [
                {k: v for k, v in asdict(c).items() if k in ("n", "title", "publisher", "date", "url", "snippet")}
                for c in self.citations
            ],
            "figures": [
                {
                    "label": f.label,
                    "value": f.value,
                    "unit": f.unit,
                    "period": f.period,
                    "partner": f.partner,
                    "commodity": f.commodity,
                    "display": f.display,
                    "origin": f.origin,
                    "sources": list(f.sources),
                    "formula": f.formula,
                    **({"low": f.low, "high": f.high} if f.low is not None else {}),
                }
                for f in self.figures
            ],
            "warnings": list(self.warnings),
            "mode": self.mode,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "trace": [asdict(t) for t in self.trace],
            "choices": list(self.choices),
            "chart": self.chart,
        }
