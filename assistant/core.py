"""The answering core: read, compute, retrieve, compose, verify; one question at a time.

``Assistant`` receives everything it uses (data set, retriever, reader); ``build_assistant`` in
``assistant.factory`` wires the real parts. History is passed in explicitly: nothing is shared
between users.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import replace

from assistant import prompts
from assistant.answer import Answer, Citation, ToolCall
from assistant.compose import tell
from assistant.context import add_context
from assistant.draft import Draft, to_out
from assistant.execute import ToolRun, runs_for
from assistant.markup import inert
from assistant.reading.build import build_reader
from assistant.reading.query import CHINA, Clarify, Query, Reading, Refuse, describe
from assistant.reading.reader import Reader
from assistant.reading.text import clean_question
from assistant.reading.vocabulary import phrase_key
from assistant.stated_answers import Ask as StatedAsk
from assistant.stated_answers import (
    Found,
    Missing,
    Statement,
    Statements,
    agrees,
    tell_differing,
    tell_found,
    tell_missing,
)
from assistant.stated_words import worded
from assistant.verify import check, known_from
from corpus.retrieval import Focus, Passage, Retriever
from tools.algebra import Series
from tools.dataset import TradeData
from tools.lookup import publisher, short_commodity
from tools.partners import is_company, partner_name
from tools.results import NoData, ValueResult
from tools.units import label as unit_label


class Assistant:
    """Answers questions from the trade data set and the article store."""

    def __init__(
        self,
        data: TradeData,
        retriever: Retriever | None,
        *,
        reader: Reader | None = None,
        mode: str = "offline",
        passages: int = 4,
        in_scope_score: float = 0.5,
    ) -> None:
        self.data = data
        self.in_scope_score = in_scope_score
        self.retriever = retriever
        self.mode = mode
        self.passages = passages
        self.reader = reader or build_reader(data, retriever.embedder if retriever is not None else None)
        self.source_names = {s: publisher(data, s) for s in data.sources["id"]}
        trade = {c.code for c in data.catalogue() if not c.price}
        self.covered = ", ".join(dict.fromkeys(short_commodity(c) for c in data.commodities() if c in trade))
        self._stated: tuple[object, Statements | None] = (None, None)

    @property
    def mode_label(self) -> str:
        """How answers are written, for status lines: offline (no LLM) or the model's name."""
        return "offline (no LLM)" if self.mode == "offline" else self.mode

    def with_data(self, data: TradeData, retriever: Retriever | None = None) -> Assistant:
        """The same assistant over another data set, and another retriever when one is given.

        A user's table brings its words into the vocabulary; a session's retriever adds its articles.
        """
        reader = build_reader(data, lexicon=self.reader.vocab.lexicon, intents=self.reader.intents)
        return type(self)(
            data,
            retriever or self.retriever,
            reader=reader,
            mode=self.mode,
            passages=self.passages,
            in_scope_score=self.in_scope_score,
        )

    def read(
        self, question: str, history: Sequence[Answer] | None = None
    ) -> tuple[str, list[str], Reading | Clarify | Refuse]:
        """The cleaned question, cleaning notes, and how it reads (after this user's earlier answers)."""
        text, notes = clean_question(question)
        previous = next((a.reading for a in reversed(history or ()) if isinstance(a.reading, Reading)), None)
        statements = self._statements()
        reading = self.reader.read(text, previous, statements.names if statements is not None else None)
        # a figure asked in a document's own words ("the REPM scheme's incentives") is within what it covers
        if (
            isinstance(reading, Refuse)
            and reading.fallback is not None
            and (self._covered(text) or self._worded(text, statements) is not None)
        ):
            reading = reading.fallback
        return text, notes, reading

    def ask(self, question: str, history: Sequence[Answer] | None = None) -> Answer:
        """Answer one question; ``history`` is this user's earlier answers, oldest first."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        t = time.perf_counter()
        text, notes, reading = self.read(question, history)
        if isinstance(reading, Reading) and reading.unread and self.retriever is not None:
            # a publisher named to limit the answer to its documents is read, not skipped
            named = " ".join(self.retriever.named_publishers(text)).lower()
            reading = replace(reading, unread=tuple(w for w in reading.unread if w.lower() not in named))
        timings["read"] = (time.perf_counter() - t) * 1000
        if isinstance(reading, Refuse):
            return self._finish(
                Answer(text, reading.message, kind=reading.kind, warnings=tuple(notes), mode=self.mode),
                started,
                timings,
            )
        if isinstance(reading, Clarify):
            return self._finish(
                Answer(
                    text,
                    _escape(reading.message),
                    kind="clarification",
                    warnings=tuple(notes),
                    choices=reading.choices,
                    mode=self.mode,
                ),
                started,
                timings,
            )
        return self._answer(text, reading, notes, started, timings)

    def _answer(
        self, question: str, reading: Reading, notes: list[str], started: float, timings: dict[str, float]
    ) -> Answer:
        t = time.perf_counter()
        # with several figures asked, each is told without the context volunteered beside a lone one
        draft = Draft(own_sources=self.data.user_sources, alone=sum(q.is_figure for q in reading.queries) <= 1)
        runs: list[ToolRun] = []
        stated_calls: list[ToolCall] = []
        statements = self._statements()
        publishers = self.retriever.named_publishers(question) if self.retriever is not None else []
        for query in reading.queries:
            if _stated_by_a_change(query, reading.queries):
                continue  # "March and how it compares with February": the change sentence gives March
            # a company is no customs partner: only documents can state its trade
            company = any(is_company(p) for p in query.partners)
            query_runs = [] if query.stated or company else runs_for(query, self.data)
            runs += query_runs
            lacking = query.stated or not any(_found(r) for r in query_runs if r.role == "main")
            unknown = _names_unread(question, reading.unread) if query.stated and not query.partners else []
            hit = None
            if unknown or query.context:
                hit = self._worded(question, statements, query if unknown else None)
            elif reading.unread and query.is_figure:
                # "the sales-linked incentives under the magnet scheme": the words left unread are a document's
                hit = self._worded(question, statements, query, must=reading.unread)
            if hit is not None:
                stated_calls.append(_told_worded(hit, query, draft))
                continue
            if unknown:
                # "JL Mag net profit 2025?": whom no document names is no licence to answer for everyone
                draft.lead.append(prompts.NOT_STATED_FOR_NAME.format(what=query.measure, name=" ".join(unknown)))
                draft.missing = True
                continue
            if lacking and query.seen_from:
                stated_calls += _seen_from(query, statements, publishers, draft)
            if lacking or publishers:
                # documents answer what the data set lacks, and what a named publisher states
                # another country's trade is in no data set: the briefs' figures count as much as a user's
                trade = not query.stated and query.reporter == CHINA
                found, call = _stated(query, statements, publishers, trade=trade)
                stated_calls += [call] if call is not None else []
                if isinstance(found, Found):
                    tell_found(found, draft, instead=lacking and not query.stated)
                    held = [f for r in query_runs if r.role == "main" for f in getattr(r.result, "figures", ())]
                    if lacking or publishers and agrees(found, held):
                        continue  # "according to X": the data set's figure only where it says otherwise
                elif query.stated:
                    tell_missing(found, draft, publishers)
                    continue
                elif publishers or not trade:
                    # the periods the documents do state for another country's trade are worth offering
                    tell_missing(found, draft, publishers)
            _tell_missing(query, draft, self.covered)
            for run in query_runs:
                if run.role != "extra" or draft.alone:
                    tell(run, query, draft, self.source_names)
            if not lacking and not publishers:
                # a figure a document people added states otherwise is shown beside the data set's
                stated_calls += _beside(query, query_runs, statements, draft)
        timings["tools"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        main = reading.queries[0]
        passages = self._retrieve(question, reading, draft)
        timings["retrieval"] = (time.perf_counter() - t) * 1000
        wants_context = any(q.ask in ("context", "events") or q.context for q in reading.queries)
        limit = self.passages if wants_context or not draft.lead else 2
        add_context(draft, passages, main, limit)
        if not draft.lead and draft.context:
            draft.lead.append(prompts.CONTEXT_ONLY_LEAD)
        if not draft.lead:
            draft.lead.append(prompts.NOTHING_FOUND)
        draft.caveats[:0] = [*notes, *reading.assumptions]
        if reading.skipped:
            draft.lead.insert(0, reading.skipped)
        t = time.perf_counter()
        # caveats are written by the tools (gaps, conflicts, notes): their numbers are tool output
        evidence = (*draft.allowed_text, *draft.caveats, reading.text)
        checked = self.verify(draft.text(), draft.figures, draft.citations, evidence, draft.stated)
        timings["verify"] = (time.perf_counter() - t) * 1000
        answered = any(r.role == "main" and _found(r) for r in runs)
        if draft.no_data and not answered:
            kind = "no_data"
        elif all(q.ask == "context" for q in reading.queries):
            kind = "context"
        else:
            kind = "answer"
        if kind == "answer" and not draft.figures and not any(q.ask in ("events", "controls") for q in reading.queries):
            kind = "context" if draft.citations and not draft.missing else "no_data"
        trace = (*(_trace(r) for r in runs), *stated_calls)
        if passages:
            trace += (
                ToolCall(
                    "retrieve",
                    {"query": question[:200], "k": len(passages)},
                    f"{len(passages)} passage(s): " + "; ".join(p.title for p in passages[:4]),
                    tuple(p.doc_id for p in passages),
                    timings["retrieval"],
                ),
            )
        answer = Answer(
            question=question,
            text=inert(checked.text),  # tool text from a user's table too: nothing in it is rendered live
            kind=kind,
            citations=tuple(draft.citations),
            figures=tuple(to_out(f, self.source_names) for f in dict.fromkeys(draft.figures)),
            warnings=tuple(dict.fromkeys([*draft.warned, *draft.caveats, *checked.warnings])),
            trace=trace,
            mode=self.mode,
            reading=reading,
            chart=draft.chart,
            evidence=evidence,
        )
        return self._finish(answer, started, timings)

    def _statements(self) -> Statements | None:
        """The stated figures of the stores' documents, built again only when the stores change."""
        if self.retriever is None or self.retriever.stated is None:
            return None
        pairs = self.retriever.stated_passages()
        if self._stated[0] is not pairs:
            self._stated = (pairs, Statements(pairs, self.retriever.stated.measures))
        return self._stated[1]

    def _worded(
        self, question: str, statements: Statements | None, read: Query | None = None, must: Sequence[str] = ()
    ) -> Statement | None:
        """The stated figure a question asks for in its document's own words (``stated_words``), if any.

        ``read``: the figure the question was read as asking for, whose measure fixes the unit's kind;
        without one, the question's own words must ask how much. ``must``: words the sentence must hold.
        """
        if statements is None or self.retriever is None or self.retriever.stated is None:
            return None
        cues = self.reader.intents.cue_scores(list(phrase_key(question)))
        if read is None and not any(cues.get(ask, (0.0,))[0] >= 3 for ask in ("amount", "share")):
            return None  # "what is the REPM scheme?" asks what it is, not a figure
        units = getattr(self.retriever.stated.measures, "units", {})
        dimension = units.get(read.measure, "") if read is not None else ""
        publishers = self.retriever.named_publishers(question)
        frame = self.reader.vocab.words("figure_frame")
        return worded(question, statements.all, frame, publishers, dimension, must)

    def _covered(self, question: str) -> bool:
        """True when the articles hold a passage close to a question that had no trade words."""
        if self.retriever is None:
            return False
        best = self.retriever.search(question, k=1)
        return bool(best) and best[0].score >= self.in_scope_score

    def _retrieve(self, question: str, reading: Reading, draft: Draft) -> list[Passage]:
        if self.retriever is None:
            draft.caveats.append("The article index is not available, so no passages are cited.")
            return []
        query = question
        for period in dict.fromkeys(p for q in reading.queries for p in q.periods):
            if period.label not in query:
                query += f" {period.label}"
        passages, withheld = self.retriever.search_checked(query, k=self.passages, focus=self._focus(reading))
        if withheld:
            draft.caveats.append(withheld_warning(withheld))
        return passages

    def _focus(self, reading: Reading) -> Focus:
        """The reading as retrieval's focus: the periods and partners the question names, its element.

        A period the reader assumed (the latest month) is no focus, nor is a product: nearly every
        title names one.
        """
        periods = tuple(dict.fromkeys(p for q in reading.queries if "periods" in q.given for p in q.periods))
        names: list[str] = []
        for q in reading.queries:
            names += [partner_name(p) for p in q.partners]
            if q.element:
                names.append(q.element)
        return Focus(periods, tuple(dict.fromkeys(n for n in names if n)))

    @staticmethod
    def verify(  # noqa: ANN205
        text: str,
        figures: Sequence,
        citations: Sequence[Citation],
        allowed_text: Sequence[str] = (),
        stated: dict[int, list[float]] | None = None,
    ):
        """Check a draft's numbers against the figures and its [n] markers against the citations."""
        passages = {c.n: c.text or c.snippet for c in citations}
        return check(text, known_from(figures), passages, " ".join(allowed_text), stated)

    def _finish(self, answer: Answer, started: float, timings: dict[str, float]) -> Answer:
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(**{**answer.__dict__, "timings_ms": timings})


def withheld_warning(passages: Sequence[Passage]) -> str:
    """The caveat that names passages left out for giving instructions."""
    return prompts.WITHHELD.format(titles="; ".join(dict.fromkeys(inert(p.title) for p in passages)))


def _tell_missing(query: Query, draft: Draft, covered: str) -> None:
    """What the question asks for and the data set lacks, said in the answer's lead."""
    for item in query.missing:
        kind, _, value = item.partition(":")
        if kind in ("partner", "reporter") and is_company(value):
            # a company named as trader or partner: no country whose trade with it could be asked instead
            draft.lead.append(prompts.MISSING_COMPANY_TRADE.format(company=value))
            draft.missing = True
        elif kind == "reporter":
            draft.lead.append(prompts.MISSING_REPORTER.format(flow=query.flow, reporter=partner_name(value)))
            draft.missing = True
        elif kind == "commodity":
            draft.lead.append(prompts.MISSING_COMMODITY.format(commodity=short_commodity(value), covered=covered))
            draft.missing = True
        elif kind == "operation":
            draft.lead.append(prompts.CANNOT_OPERATION.format(operation=value))
        elif kind == "unit":
            draft.lead.append(prompts.CANNOT_UNIT.format(unit=unit_label(value)))
        elif kind == "comparison":
            draft.lead.append(prompts.UNEQUAL_SPANS.format(periods=" and ".join(p.label for p in query.periods)))


def _found(run: ToolRun) -> bool:
    return run.result is not None and not isinstance(run.result, NoData)


def _stated(
    query: Query, statements: Statements | None, publishers: Sequence[str], trade: bool
) -> tuple[Found | Missing, ToolCall | None]:
    """The query's figure from what documents state, and its trace entry."""
    expr = query.expression()
    if statements is None or expr is None:
        return Missing(describe(query, query.commodity)), None
    t = time.perf_counter()
    words = frozenset(re.findall(r"[a-z]+", query.search.lower()))
    ask = StatedAsk("periods" in query.given, tuple(publishers), trade, "commodity" in query.given, words)
    found = statements.evaluate(expr, ask)
    if isinstance(found, Found):
        output = f"{found.figure.label}: {found.figure.display}"
        docs = tuple(dict.fromkeys(s.passage.doc_id for s in (*found.statements, *found.others)))
    else:
        output, docs = f"not stated: {found.what}", ()
    inputs = {"expression": expr.text(), **({"publishers": list(publishers)} if publishers else {})}
    return found, ToolCall("stated", inputs, output, docs, (time.perf_counter() - t) * 1000)


def _names_unread(question: str, unread: Sequence[str]) -> list[str]:
    """The words left unread that are names: "JL", "eVAC", and capitalised words mid-question ("Sumter")."""
    return [
        w for w in unread if len(w) > 1 and (any(c.isupper() for c in w[1:]) or w[0].isupper() and question.find(w) > 0)
    ]


def _told_worded(hit: Statement, query: Query, draft: Draft) -> ToolCall:
    """The figure a document states in the question's own words, said to be read so."""
    figure = hit.figure(query.commodity)
    if not figure.label[:1].isalnum():  # ", September 2025": no measure or subject the document's words gave
        figure = replace(figure, label=f"{prompts.WORDED_LABEL}{figure.label}")
    draft.lead.append(prompts.WORDED)
    tell_found(Found(figure, (hit,)), draft)
    return ToolCall("stated_words", {"quote": hit.quote()[:200]}, figure.display, (hit.passage.doc_id,))


def _seen_from(query: Query, statements: Statements | None, publishers: Sequence[str], draft: Draft) -> list[ToolCall]:
    """Japan's own count of its imports from China, where a document states it and China's customs have none.

    Of its imports from everywhere where the question named no origin ("Japan RE raw material imports").
    """
    origins = () if query.seen_whole else (CHINA,)
    mirror = replace(query, reporter=query.seen_from, flow="import", partners=origins, seen_from="", seen_whole=False)
    seen, call = _stated(mirror, statements, publishers, trade=False)
    if not isinstance(seen, Found) or call is None:
        return []
    draft.lead.append(prompts.SEEN_FROM.format(importer=partner_name(query.seen_from)))
    tell_found(seen, draft)
    return [call]


def _beside(query: Query, runs: Sequence[ToolRun], statements: Statements | None, draft: Draft) -> list[ToolCall]:
    """A document's figure for a plain figure of the data set, told beside it when it differs."""
    main = next((r.result for r in runs if r.role == "main"), None)
    if not isinstance(main, ValueResult) or main.figure.value is None or not isinstance(query.expression(), Series):
        return []
    found, call = _stated(query, statements, (), trade=True)
    if isinstance(found, Found) and not tell_differing(found, main.figures, draft):
        return []
    return [call] if isinstance(found, Found) and call is not None else []


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


def _stated_by_a_change(query: Query, queries: tuple[Query, ...]) -> bool:
    """An amount whose figure a change asked beside it states anyway (same series, same period)."""

    def series(q: Query) -> tuple[object, ...]:
        return (q.commodity, q.measure, q.flow, q.reporter, q.partners, q.period)

    return query.ask == "amount" and any(q.ask == "change" and series(q) == series(query) for q in queries)
