"""The answering core: plan, compute, retrieve, compose, verify; one question at a time.

``Assistant`` receives everything it uses (data set, retriever); ``build_assistant`` in
``assistant.factory`` wires the real parts. History is passed in explicitly: nothing is shared
between users.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from assistant import prompts
from assistant.answer import Answer, Citation, ToolCall
from assistant.compose import Draft, add_context, tell, to_out
from assistant.execute import ToolRun, run_plan
from assistant.planner import Clarify, Plan, PlanningContext, Refuse, clean_question, plan_question
from assistant.verify import check
from corpus.retrieval import Passage, Retriever
from tools.dataset import TradeData
from tools.lookup import publisher
from tools.periods import Period
from tools.results import NoData

ANCHORS = {  # named events that questions refer to ("since the April controls")
    "april_controls": ("export_control", "No. 18"),
    "october_expansion": ("export_control", "No. 57"),
    "suspension": ("suspension", ""),
    "geneva_truce": ("truce", "Geneva"),
    "busan_summit": ("truce", "Busan"),
    "june_easing": ("talks", "framework"),
}


class Assistant:
    """Answers questions from the trade data set and the article store."""

    def __init__(
        self,
        data: TradeData,
        retriever: Retriever | None,
        *,
        mode: str = "offline",
        passages: int = 4,
        in_scope_score: float = 0.5,
    ) -> None:
        self.data = data
        self.in_scope_score = in_scope_score
        self.retriever = retriever
        self.mode = mode
        self.passages = passages
        self.context = planning_context(data)
        self.source_names = {s: publisher(data, s) for s in data.sources["id"]}

    @property
    def mode_label(self) -> str:
        """How answers are written, for status lines: offline (no LLM) or the model's name."""
        return "offline (no LLM)" if self.mode == "offline" else self.mode

    def with_data(self, data: TradeData) -> Assistant:
        """The same assistant over another data set (after a user adds a table)."""
        return type(self)(
            data, self.retriever, mode=self.mode, passages=self.passages, in_scope_score=self.in_scope_score
        )

    def ask(self, question: str, history: Sequence[Answer] | None = None) -> Answer:
        """Answer one question; ``history`` is this user's earlier answers, oldest first."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        text, notes = clean_question(question)
        previous = next((a.plan for a in reversed(history or ()) if isinstance(a.plan, Plan)), None)
        t = time.perf_counter()
        planned = plan_question(text, self.context, previous)
        timings["plan"] = (time.perf_counter() - t) * 1000
        if isinstance(planned, Refuse) and planned.fallback is not None and self._covered(text):
            planned = planned.fallback
        if isinstance(planned, Refuse):
            return self._finish(
                Answer(text, planned.message, kind=planned.kind, warnings=tuple(notes), mode=self.mode),
                started,
                timings,
            )
        if isinstance(planned, Clarify):
            return self._finish(
                Answer(
                    text,
                    _escape(planned.message),
                    kind="clarification",
                    warnings=tuple(notes),
                    choices=planned.choices,
                    mode=self.mode,
                    plan=previous,
                ),
                started,
                timings,
            )
        return self._answer(text, planned, notes, started, timings)

    def _answer(self, question: str, plan: Plan, notes: list[str], started: float, timings: dict[str, float]) -> Answer:
        t = time.perf_counter()
        runs = run_plan(plan, self.data)
        timings["tools"] = (time.perf_counter() - t) * 1000
        draft = Draft()
        for run in runs:
            tell(run, plan, draft, self.source_names)
        t = time.perf_counter()
        passages = self._retrieve(plan, draft)
        timings["retrieval"] = (time.perf_counter() - t) * 1000
        limit = self.passages if plan.intent in ("context", "why", "timeline") or not draft.lead else 2
        add_context(draft, passages, plan, limit)
        if not draft.lead and draft.context:
            draft.lead.append(prompts.CONTEXT_ONLY_LEAD)
        if not draft.lead:
            draft.lead.append(prompts.NOTHING_FOUND)
        draft.caveats[:0] = [*notes, *plan.assumptions]
        t = time.perf_counter()
        # caveats are written by the tools (gaps, conflicts, notes): their numbers are tool output
        evidence = (*draft.allowed_text, *draft.caveats)
        checked = self.verify(draft.text(), draft.figures, draft.citations, evidence)
        timings["verify"] = (time.perf_counter() - t) * 1000
        kind = (
            "no_data"
            if draft.no_data
            and not any(r.role == "main" and not isinstance(r.result, NoData) and r.result is not None for r in runs)
            else ("context" if plan.intent == "context" else "answer")
        )
        if kind == "answer" and not draft.figures and plan.intent not in ("why", "timeline"):
            kind = "context" if draft.citations else "no_data"
        trace = tuple(_trace(r) for r in runs)
        if passages:
            trace += (
                ToolCall(
                    "retrieve",
                    {"query": plan.search[:200], "k": len(passages)},
                    f"{len(passages)} passage(s): " + "; ".join(p.title for p in passages[:4]),
                    tuple(p.doc_id for p in passages),
                    timings["retrieval"],
                ),
            )
        answer = Answer(
            question=question,
            text=checked.text,
            kind=kind,
            citations=tuple(draft.citations),
            figures=tuple(to_out(f) for f in dict.fromkeys(draft.figures)),
            warnings=tuple(dict.fromkeys([*draft.caveats, *checked.warnings])),
            trace=trace,
            mode=self.mode,
            plan=plan,
            chart=draft.chart,
            evidence=evidence,
        )
        return self._finish(answer, started, timings)

    def _covered(self, question: str) -> bool:
        """True when the articles hold a passage close to a question that had no trade words."""
        if self.retriever is None:
            return False
        best = self.retriever.search(question, k=1)
        return bool(best) and best[0].score >= self.in_scope_score

    def _retrieve(self, plan: Plan, draft: Draft) -> list[Passage]:
        if self.retriever is None:
            draft.caveats.append("The article index is not available, so no passages are cited.")
            return []
        query = plan.search
        if plan.period is not None and plan.period.label not in query:
            query += f" {plan.period.label}"
        passages, withheld = self.retriever.search_checked(query, k=self.passages)
        if withheld:
            draft.caveats.append(withheld_warning(withheld))
        return passages

    @staticmethod
    def verify(text: str, figures: Sequence, citations: Sequence[Citation], allowed_text: Sequence[str] = ()):  # noqa: ANN205
        """Check a draft's numbers against the figures and its [n] markers against the citations."""
        values: list[float] = []
        pcts: list[float] = []
        for f in figures:
            target = pcts if f.unit == "pct" else values
            target.extend(v for v in (f.value, f.low, f.high) if v is not None)
        return check(text, values, pcts, {c.n: c.text or c.snippet for c in citations}, " ".join(allowed_text))

    def _finish(self, answer: Answer, started: float, timings: dict[str, float]) -> Answer:
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(**{**answer.__dict__, "timings_ms": timings})


def withheld_warning(passages: Sequence[Passage]) -> str:
    """The caveat that names passages left out for giving instructions."""
    return prompts.WITHHELD.format(titles="; ".join(dict.fromkeys(p.title for p in passages)))


def planning_context(data: TradeData) -> PlanningContext:
    """The latest month of each series and the months of the named events."""
    latest = {}
    for commodity in data.commodities():
        for flow in ("export", "import"):
            coverage = data.monthly_coverage(commodity, flow)
            if coverage and (commodity not in latest or flow == "export"):
                latest[commodity] = coverage[1]
    anchors = {}
    events = data.events
    for key, (kind, words) in ANCHORS.items():
        rows = events[(events["kind"] == kind) & events["event"].str.contains(words, regex=False)]
        if len(rows):
            day = rows.iloc[0]["start"]
            anchors[key] = Period.month(day.year, day.month)
    return PlanningContext(latest, anchors)


def _trace(run: ToolRun) -> ToolCall:
    result = run.result
    if run.error:
        output = f"error: {run.error}"
    elif isinstance(result, NoData):
        output = result.message
    elif result is None:
        output = "no result"
    else:
        figs = result.figures[:6]
        output = "; ".join(f"{f.label}: {f.display}" + (f" = {f.formula}" if f.formula else "") for f in figs)
    sources = tuple(dict.fromkeys(s for f in (result.figures if result is not None else ()) for s in f.sources))
    return ToolCall(run.tool, run.inputs, output, sources, run.ms)


def _escape(text: str) -> str:
    return re.sub(r"[<>]", lambda m: {"<": "&lt;", ">": "&gt;"}[m.group(0)], text)
