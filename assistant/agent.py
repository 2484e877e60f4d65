"""The LLM-backed answerer: a LangChain tool-calling agent whose draft is verified like any other.

The agent uses the same figure tools as the offline path and a retrieval tool.

The model never supplies a number on its own authority: every number in its draft must match a
figure a tool returned in this run, or a passage it cites; a near miss is replaced by the
verified figure, anything else is flagged. Retrieved text reaches the model as delimited data,
and passages that address instructions to a reader are withheld before it sees them. Any
failure (unreachable server, timeout, malformed calls, empty or garbled output) gives the
offline answer with a notice: the chat never hangs.
"""

from __future__ import annotations

import concurrent.futures
import html
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, Field

from assistant import prompts
from assistant.answer import Answer, Citation, ToolCall
from assistant.core import Assistant, withheld_warning
from assistant.draft import to_out
from assistant.execute import runs_for
from assistant.markup import inert, inert_passage
from assistant.query_tool import QueryArgs, to_query
from assistant.verify import FLAG, context_at, fits, known_from, matches, numbers_in, sentence_spans
from corpus.retrieval import Passage
from tools.errors import InvalidArgument
from tools.periods import Period
from tools.results import EventsResult, Figure, NoData, ToolResult


def _in_thread(fn: Callable[..., str], *args: Any) -> concurrent.futures.Future[str]:
    """Run ``fn`` in a daemon thread of its own.

    A hung model call then holds only its own answer, never a shared pool that later answers
    wait on; it ends by its deadline or by the client's timeout (the same number of seconds).
    """
    future: concurrent.futures.Future[str] = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(fn(*args))
        except BaseException as err:  # noqa: BLE001 - handed to the waiting answer as its failure
            future.set_exception(err)

    threading.Thread(target=run, name="llm-answer", daemon=True).start()
    return future


# -- typed argument schemas the model sees ---------------------------------------------------------
class SearchArgs(BaseModel):
    """Arguments for the article search."""

    query: str = Field(..., description="What to look for in the articles")


@dataclass
class Run:
    """What one agent run produced: tool results, passages, the trace, the model's tool calls."""

    results: list[ToolResult] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    withheld: list[Passage] = field(default_factory=list)
    trace: list[ToolCall] = field(default_factory=list)
    calls: int = 0
    invalid: int = 0

    def figures(self) -> list[Figure]:
        """Every figure the tools returned in this run."""
        return [f for r in self.results for f in r.figures]


def _figure_lines(result: ToolResult) -> str:
    if isinstance(result, NoData):
        return f"NO DATA: {result.message}"
    lines = [
        f"- {f.label}: {f.display} ({'computed: ' + f.formula if f.formula else 'reported'})"
        for f in result.figures[:14]
    ]
    warnings = [f"  note: {w}" for w in getattr(result, "warnings", ())[:3]]
    return "\n".join(lines + warnings) or "No figures."


def build_tools(assistant: Assistant, run: Run, passages_per_search: int = 4) -> list[Any]:
    """The LangChain tools for one run; each records its result in ``run``."""
    from langchain_core.tools import StructuredTool

    data = assistant.data

    def query_figures(**kwargs: Any) -> str:
        run.calls += 1
        started = time.perf_counter()
        try:
            query = to_query(QueryArgs(**kwargs), data)
        except InvalidArgument as err:  # the model's mistake: tell it, so it can correct itself
            run.invalid += 1
            elapsed = (time.perf_counter() - started) * 1000
            run.trace.append(ToolCall("query_figures", kwargs, f"error: {err}", (), elapsed))
            return f"ERROR: {err} Fix the arguments and try again."
        outputs = []
        for tool_run in runs_for(query, data):
            if tool_run.error:
                outputs.append(f"ERROR: {tool_run.error}")
                continue
            if tool_run.result is None or tool_run.role == "chart":
                continue
            run.results.append(tool_run.result)
            outputs.append(_figure_lines(tool_run.result))
        out = "\n".join(outputs) or "No figures."
        sources = tuple(dict.fromkeys(s for r in run.results for f in r.figures for s in f.sources))
        run.trace.append(ToolCall("query_figures", kwargs, out[:600], sources, (time.perf_counter() - started) * 1000))
        return out

    def search(query: str) -> str:
        run.calls += 1
        started = time.perf_counter()
        if assistant.retriever is None:
            return "The article index is not available."
        found, withheld = assistant.retriever.search_checked(query, k=passages_per_search)
        run.withheld.extend(withheld)
        blocks = []
        for p in map(inert_passage, found):  # its links and images reach neither the model nor the answer
            if p not in run.passages:
                run.passages.append(p)
            n = run.passages.index(p) + 1
            blocks.append(
                prompts.PASSAGE.format(  # attributes and text escaped: a passage cannot close its own tag
                    n=n,
                    title=html.escape(p.title, quote=True),
                    publisher=html.escape(p.cited_as, quote=True),
                    date=html.escape(p.date, quote=True),
                    text=html.escape(p.text, quote=False),
                )
            )
        run.trace.append(
            ToolCall(
                "search_articles",
                {"query": query},
                f"{len(found)} passage(s)",
                tuple(p.doc_id for p in found),
                (time.perf_counter() - started) * 1000,
            )
        )
        return prompts.PASSAGES_INTRO + "\n" + "\n".join(blocks) if blocks else "No passages found."

    return [
        StructuredTool.from_function(
            func=query_figures,
            name="query_figures",
            args_schema=QueryArgs,
            description="Exact figures from the trade data set: amounts, changes, shares, rankings, highs and lows, "
            "monthly series, prices, events and export-control measures; and figures computed from them "
            "(differences in tonnes, monthly averages, ratios, values per tonne, other units) by op, unit or "
            "an expression.",
            handle_tool_error=True,
            handle_validation_error=_validation_error(run, "query_figures"),
        ),
        StructuredTool.from_function(
            func=search,
            name="search_articles",
            args_schema=SearchArgs,
            description="Passages from news articles, to explain why; cite them as [n].",
            handle_tool_error=True,
            handle_validation_error=_validation_error(run, "search_articles"),
        ),
    ]


def _validation_error(run: Run, name: str) -> Callable[[Exception], str]:
    def handle(err: Exception) -> str:
        run.invalid += 1
        run.calls += 1
        run.trace.append(ToolCall(name, {}, f"error: invalid arguments: {str(err)[:200]}"))
        return f"ERROR: invalid arguments ({str(err)[:200]}). Use the documented argument types."

    return handle


# -- the answerer --------------------------------------------------------------------------------------
class LLMAssistant:
    """Answers with a chat model and tools; falls back to ``offline`` whenever the model fails."""

    def __init__(
        self,
        model: Any,
        offline: Assistant,
        *,
        mode: str,
        timeout: float = 60.0,
        max_tool_calls: int = 6,
        max_model_calls: int = 6,
        max_unverified: int = 2,
    ) -> None:
        self.model = model
        self.offline = offline
        self.mode = mode
        self.timeout = timeout
        self.max_tool_calls = max_tool_calls
        self.max_model_calls = max_model_calls
        self.max_unverified = max_unverified

    # the offline assistant's data and retriever are the agent's too (the UI reads them)
    @property
    def data(self) -> Any:
        """The trade data set."""
        return self.offline.data

    @property
    def retriever(self) -> Any:
        """The article retriever."""
        return self.offline.retriever

    @property
    def mode_label(self) -> str:
        """The mode for status lines."""
        return self.mode

    def with_data(self, data: Any, retriever: Any = None) -> LLMAssistant:
        """The same answerer over another data set (and retriever)."""
        return LLMAssistant(
            self.model,
            self.offline.with_data(data, retriever),
            mode=self.mode,
            timeout=self.timeout,
            max_tool_calls=self.max_tool_calls,
            max_model_calls=self.max_model_calls,
            max_unverified=self.max_unverified,
        )

    def ask(self, question: str, history: Sequence[Answer] | None = None) -> Answer:
        """Answer one question (the last item of ``stream``)."""
        answer = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None  # stream always ends with an Answer
        return answer

    def stream(self, question: str, history: Sequence[Answer] | None = None) -> Iterator[str | Answer]:
        """The model's text as it is written (str pieces), then the verified Answer."""
        started = time.perf_counter()
        offline = self.offline.ask(question, history)
        if offline.kind in ("empty", "clarification", "out_of_scope"):
            yield replace(offline, mode=self.mode)  # nothing for a model to add; clarifications stay exact
            return
        run = Run()
        pieces: list[str] = []
        deadline = started + self.timeout
        future = _in_thread(self._run_agent, question, history or (), run, pieces, deadline)
        sent = 0
        try:
            while not future.done():
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"no answer within {self.timeout:.0f} s")
                if len(pieces) > sent:
                    sent = len(pieces)
                    yield inert("".join(pieces))  # shown before it is verified: nothing in it may load or link
                time.sleep(0.05)
            draft = future.result()
        except Exception as err:  # any model-side failure: the offline answer, with a notice
            yield self._fallback(offline, f"{type(err).__name__}: {str(err)[:160]}", run, started)
            return
        draft = html.unescape(draft)  # some servers send "&#39;" for an apostrophe
        problem = _garbage(draft)
        if problem:
            yield self._fallback(offline, problem, run, started)
            return
        answer = self._verified(question, inert(draft), offline, run, started)  # no live links or images
        flagged = sum(1 for w in answer.warnings if "unverified" in w)
        if flagged >= self.max_unverified:  # a draft this far from the data is worse than none
            yield self._fallback(offline, prompts.TOO_MANY_UNVERIFIED.format(n=flagged), run, started)
            return
        yield answer

    def _run_agent(self, question: str, history: Sequence[Answer], run: Run, pieces: list[str], deadline: float) -> str:
        from langchain.agents import create_agent
        from langchain.agents.middleware import ModelCallLimitMiddleware, ToolCallLimitMiddleware

        agent = create_agent(
            model=self.model,
            tools=build_tools(self.offline, run),
            system_prompt=prompts.SYSTEM,
            middleware=[
                ModelCallLimitMiddleware(run_limit=self.max_model_calls, exit_behavior="end"),
                ToolCallLimitMiddleware(run_limit=self.max_tool_calls, exit_behavior="continue"),
            ],
        )
        messages: list[dict[str, str]] = []
        for turn in list(history)[-3:]:  # a short memory of this user's conversation only
            messages.append({"role": "user", "content": turn.question[:500]})
            messages.append({"role": "assistant", "content": re.sub(r"\s+", " ", turn.text)[:600]})
        messages.append({"role": "user", "content": question})
        final = ""
        for chunk, meta in agent.stream(
            {"messages": messages}, stream_mode="messages", config={"recursion_limit": 2 * self.max_model_calls + 4}
        ):
            if time.perf_counter() > deadline:  # the answer was given up: stop before the next call
                raise TimeoutError("the answer's deadline passed")
            if (
                meta.get("langgraph_node") == "model"
                and getattr(chunk, "content", None)
                and not getattr(chunk, "tool_call_chunks", None)
            ):
                text = chunk.content if isinstance(chunk.content, str) else ""
                pieces.append(text)
                final += text
            elif meta.get("langgraph_node") == "model" and getattr(chunk, "tool_call_chunks", None):
                final = ""  # text before a tool call is thinking aloud, not the answer
        return final.strip()

    def _fallback(self, offline: Answer, why: str, run: Run, started: float) -> Answer:
        notice = prompts.LLM_FALLBACK.format(why=why)
        timings = {**offline.timings_ms, "total": (time.perf_counter() - started) * 1000}
        return replace(
            offline,
            mode=f"{self.mode} (fell back to offline)",
            warnings=(notice, *offline.warnings),
            trace=(*offline.trace, *run.trace),
            timings_ms=timings,
        )

    def _verified(self, question: str, draft: str, offline: Answer, run: Run, started: float) -> Answer:
        figures = run.figures()
        text, replaced = replace_near_misses(draft, figures)
        cited = sorted({int(n) for n in re.findall(r"\[(\d{1,3})\]", text)})
        citations = [
            Citation(n, p.title, p.cited_as, p.date, p.url, p.snippet(), p.doc_id, p.text)
            for n, p in enumerate(run.passages, start=1)
        ]
        valid = {c.n: c for c in citations}
        evidence = tuple(e.event for r in run.results if isinstance(r, EventsResult) for e in r.events)
        checked = Assistant.verify(text, figures, [valid[n] for n in cited if n in valid], evidence)
        shown = [c for c in citations if f"[{c.n}]" in checked.text]
        warnings = [*replaced, *checked.warnings]
        if run.withheld:
            warnings.append(withheld_warning(run.withheld))
        body = checked.text
        if not figures and offline.figures:
            body += (
                "\n\n"
                + prompts.VERIFIED_FIGURES
                + "\n"
                + "\n".join(f"- {f.label}: **{f.display}**" for f in offline.figures[:6])
            )
            figures_out = offline.figures
        else:
            figures_out = tuple(to_out(f, self.offline.source_names) for f in dict.fromkeys(figures))
        if not shown and run.passages:
            body += (
                "\n\n"
                + prompts.SOURCES_CONSULTED
                + "\n"
                + "\n".join(f"- {p.title} ({p.cited_as}, {p.date})" for p in run.passages[:4])
            )
        trace = (*run.trace,)
        timings = {"total": (time.perf_counter() - started) * 1000}
        return Answer(
            question=question,
            text=body,
            kind="answer" if figures_out else "context",
            citations=tuple(shown),
            figures=tuple(figures_out),
            warnings=tuple(dict.fromkeys(warnings)),
            trace=trace,
            timings_ms=timings,
            mode=self.mode,
            reading=offline.reading,
            chart=offline.chart,
            evidence=evidence,
        )


def replace_near_misses(text: str, figures: Sequence[Figure], tolerance: float = 0.02) -> tuple[str, list[str]]:
    """Replace a number within ``tolerance`` of exactly one fitting tool figure by that figure.

    A model that writes 5,580 t for the tool's 5,577 t gets 5,577 t. The figure must fit the words
    around the number as the checker reads them (same kind, the partner its clause names, the
    direction it is written with) and the period its sentence names; with no such figure, or
    two, the number is left for the checker to flag. The sign is kept as written.
    """
    notes: list[str] = []
    pieces: list[str] = []
    cursor = 0
    spans = sentence_spans(text)
    for number, start, end in numbers_in(text):
        sentence = next(span for span in spans if span[0] <= start < span[1])
        context = context_at(text, start, end, sentence)
        said = text[sentence[0] : sentence[1]]
        pool = [
            (f, k)
            for f in figures
            for k in known_from([f])[:1]
            if f.value is not None and fits(k, number, context) and _period_fits(f.period, said)
        ]
        if not pool or any(matches(number, [k.value]) for _, k in pool):
            continue
        near = {f.display: f for f, k in pool if abs(abs(k.value) - abs(number.value)) <= tolerance * abs(k.value)}
        if len(near) != 1:
            continue
        best = next(iter(near.values()))
        written = text[start:end]
        sign = written[0] if written[:1] in "+-−" else ""
        verified = sign + best.display.lstrip("+-−")
        if number.pct or not written.strip().endswith(("t", "kg")):
            verified = verified.split(" ")[0]
        pieces.append(text[cursor:start] + verified)
        cursor = end
        notes.append(prompts.REPLACED.format(written=written.strip(), verified=verified))
    pieces.append(text[cursor:])
    return "".join(pieces), notes


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _period_fits(period: Period, sentence: str) -> bool:
    """True when the sentence names no year, or names this period."""
    return not _YEAR.search(sentence) or period.named_in(sentence)


def _garbage(draft: str) -> str:
    """Why a draft is unusable (empty, tool-call text, mostly symbols), or ''."""
    text = draft.strip()
    if len(text) < 15:
        return "the model gave no usable answer"
    if re.search(r"<\|?(tool_call|im_start|im_end|function)|\{\s*\"(name|function)\"\s*:", text):
        return "the model wrote a tool call as text"
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.4 * len(text):
        return "the model's text was garbled"
    if text.count(FLAG.strip()) > 3:
        return "the model's text was mostly unverifiable"
    return ""
