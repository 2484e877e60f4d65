"""The gold-set evaluation behind ``python -m assistant eval``.

Scores exact figures, cited support, correct refusals and clarifications, and latency.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from assistant.answer import Answer
from assistant.core import Assistant
from corpus.chunking import sentences

_MARKER = re.compile(r"\s*\[\d{1,3}\]")


def load_gold() -> list[dict[str, Any]]:
    """The gold questions shipped with the package."""
    import yaml

    return yaml.safe_load(resources.files("assistant.gold").joinpath("questions.yaml").read_text())


@dataclass
class Report:
    """Scores over the gold set, and the items that failed."""

    figure_total: int = 0
    figure_exact: int = 0
    citations_total: int = 0
    citations_supported: int = 0
    context_total: int = 0
    context_hit: int = 0
    refusal_total: int = 0
    refusal_ok: int = 0
    clarify_total: int = 0
    clarify_ok: int = 0
    unverified: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @staticmethod
    def _rate(ok: int, total: int) -> float:
        return ok / total if total else 1.0

    @property
    def numeric_exact_match(self) -> float:
        """Share of figure questions whose every expected figure is in the answer."""
        return self._rate(self.figure_exact, self.figure_total)

    @property
    def citation_support(self) -> float:
        """Share of citations whose passage holds the sentence that cites it."""
        return self._rate(self.citations_supported, self.citations_total)

    @property
    def refusals(self) -> float:
        """Share of no-data and out-of-scope questions answered as such."""
        return self._rate(self.refusal_ok, self.refusal_total)

    @property
    def clarifications(self) -> float:
        """Share of ambiguous or unknown names answered with a clarifying question."""
        return self._rate(self.clarify_ok, self.clarify_total)

    @property
    def context_hits(self) -> float:
        """Share of context questions that cite the brief that answers them."""
        return self._rate(self.context_hit, self.context_total)

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))] if ordered else 0.0

    def lines(self) -> list[str]:
        """The printed report."""
        out = [
            f"numeric exact-match : {self.numeric_exact_match:6.1%}  ({self.figure_exact}/{self.figure_total})",
            f"citation support    : {self.citation_support:6.1%}  ({self.citations_supported}/{self.citations_total})",
            f"context brief cited : {self.context_hits:6.1%}  ({self.context_hit}/{self.context_total})",
            f"correct refusals    : {self.refusals:6.1%}  ({self.refusal_ok}/{self.refusal_total})",
            f"clarifications      : {self.clarifications:6.1%}  ({self.clarify_ok}/{self.clarify_total})",
            f"unverified numbers  : {self.unverified}",
            f"latency p50 / p95   : {statistics.median(self.latencies_ms or [0]):.0f} ms / "
            f"{self.percentile(0.95):.0f} ms",
        ]
        return out + [f"FAIL {f}" for f in self.failures]


def supported(answer: Answer) -> tuple[int, int]:
    """(citations whose passage holds the citing sentence, citations checked)."""
    ok = total = 0
    bodies = {c.n: re.sub(r"\s+", " ", c.text or c.snippet) for c in answer.citations}
    for line in answer.text.splitlines():
        for n in {int(x) for x in re.findall(r"\[(\d{1,3})\]", line)}:
            total += 1
            claim = re.sub(r"\s+", " ", _MARKER.sub("", line.lstrip("- "))).strip()
            if n in bodies and claim and all(part.text in bodies[n] for part in sentences(claim)):
                ok += 1
    return ok, total


def _has_figure(answer: Answer, expected: str) -> bool:
    number = re.sub(r"[+−\-]", "", expected)
    shown = any(f.display == expected for f in answer.figures)
    return shown and number.replace("$", "") in answer.text.replace("**", "")


def evaluate(assistant: Assistant, gold: list[dict[str, Any]] | None = None) -> Report:
    """Ask every gold question (with its earlier turns) and score the answers."""
    report = Report()
    for item in gold or load_gold():
        history: list[Answer] = []
        for turn in item.get("turns", []):
            history.append(assistant.ask(turn, history))
        started = time.perf_counter()
        answer = assistant.ask(item["question"], history)
        report.latencies_ms.append((time.perf_counter() - started) * 1000)
        ok_cites, cites = supported(answer)
        report.citations_total += cites
        report.citations_supported += ok_cites
        report.unverified += sum(1 for w in answer.warnings if "unverified" in w)
        kind = item["type"]
        if kind == "figure":
            report.figure_total += 1
            missing = [e for e in item["expect"] if not _has_figure(answer, e)]
            if missing:
                report.failures.append(f"{item['id']}: missing {missing} in: {answer.text[:160]!r}")
            else:
                report.figure_exact += 1
        elif kind == "context":
            report.context_total += 1
            if any(c.doc_id.endswith(f"{item['cite']}.md") for c in answer.citations):
                report.context_hit += 1
            else:
                report.failures.append(
                    f"{item['id']}: {item['cite']} not cited ({[c.doc_id for c in answer.citations]})"
                )
        elif kind in ("no_data", "refusal"):
            report.refusal_total += 1
            wanted = {"no_data": {"no_data"}, "refusal": {"out_of_scope"}}[kind]
            if answer.kind in wanted:
                report.refusal_ok += 1
            else:
                report.failures.append(f"{item['id']}: kind {answer.kind}, expected {wanted}: {answer.text[:120]!r}")
        elif kind == "clarification":
            report.clarify_total += 1
            if answer.kind == "clarification":
                report.clarify_ok += 1
            else:
                report.failures.append(f"{item['id']}: kind {answer.kind}: {answer.text[:120]!r}")
    return report
