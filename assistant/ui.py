"""The Gradio chat: a thin adapter from the assistant's typed answers to components.

``build_ui`` builds the app without launching it (tests build it too); ``app.py`` and
``python -m assistant serve`` launch it. Each browser session keeps its own history in a
``gr.State``; nothing of one conversation is visible to another.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.answer import Answer
from assistant.charts import chart_spec
from assistant.errors import AssistantError
from assistant.markup import inert
from assistant.settings import Settings
from assistant.spreadsheet import to_csv
from assistant.workspace import Workspaces, copy_uploads
from corpus.documents import web_url

EXAMPLES = [
    "How did China's rare earth magnet exports change in July 2025?",
    "Which countries received the most magnets in September 2025?",
    "How did magnet exports to Germany change after the April 2025 controls?",
    "Was the July 2025 rebound a new trend?",
    "What were magnet exports from January to July 2025?",
    "How much did dysprosium oxide prices rise in Europe in April and May 2025?",
    "What is the EU Critical Raw Materials Act's 65% threshold?",
]

CSS = """
.source-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin: 6px 0;}
.source-card .n {font-weight: 700; margin-right: 4px;}
.source-card .meta {color: var(--body-text-color-subdued); font-size: 0.9em;}
.source-card p {margin: 4px 0 0 0; font-size: 0.92em;}
#status-line {font-size: 0.9em;}
"""


class Desk:
    """What every session shares: the assistant, and each session's own workspace.

    Uploads go to the uploading session's workspace; only with ``settings.shared_uploads`` do
    they change the shared library (and so ``assistant``) for everyone. A desk made with
    ``preparing`` serves its page at once while the assistant is built; the status line says
    how far that has got, and a question asked meanwhile waits for it.
    """

    def __init__(self, assistant: Any, settings: Settings) -> None:
        self.settings = settings
        self.lock = threading.Lock()
        self._assistant = assistant  # Assistant, or LLMAssistant when an LLM is configured
        self._ready = threading.Event()
        self._failure: Exception | None = None
        self._progress = ""
        self._build: threading.Thread | None = None
        if assistant is not None:
            self._ready.set()
        self.workspaces = Workspaces(settings, lambda: self.assistant)

    @classmethod
    def preparing(cls, settings: Settings, build: Callable[[Callable[[int, int, str], None]], Any]) -> Desk:
        """A desk whose assistant ``build(progress)`` makes in the background, once ``start`` is called."""
        desk = cls(None, settings)

        def progress(done: int, total: int, name: str) -> None:
            desk._progress = f"{done} of {total} articles"

        def run() -> None:
            try:
                desk._assistant = build(progress)
            except Exception as err:  # noqa: BLE001 - kept, and raised to whoever asks for the assistant
                desk._failure = err
            finally:
                desk._ready.set()

        desk._build = threading.Thread(target=run, name="prepare-assistant", daemon=True)
        return desk

    def start(self) -> None:
        """Start building the assistant of a desk made with ``preparing``.

        Called once the page is up, so that serving it does not share the CPU with the build.
        """
        if self._build is not None and self._build.ident is None:
            self._build.start()

    @property
    def ready(self) -> bool:
        """True once the assistant is built (or its building failed)."""
        return self._ready.is_set()

    @property
    def assistant(self) -> Any:
        """The shared assistant (waits while it is being built)."""
        self._ready.wait()
        if self._failure is not None:
            raise self._failure
        return self._assistant

    @assistant.setter
    def assistant(self, value: Any) -> None:
        self._assistant = value

    def for_session(self, request: Any) -> Any:
        """The assistant that answers this browser session."""
        session = getattr(request, "session_hash", None)
        return self.workspaces.assistant(session) if session else self.assistant

    def status(self) -> str:
        """Articles and chunks indexed, data coverage, mode (or how far preparing them has got)."""
        if not self.ready:
            return f"**Preparing** the data and the article index… {self._progress}".rstrip()
        if self._failure is not None:
            return f"**Not ready:** {html.escape(str(self._failure))}"
        a = self.assistant
        parts = []
        if a.retriever is not None:
            store = a.retriever.store
            parts.append(f"**Articles:** {len(store.manifest())} indexed ({store.count()} chunks)")
        else:
            parts.append("**Articles:** index unavailable")
        coverage = a.data.monthly_coverage()
        if coverage:
            parts.append(
                f"**Data:** magnet exports monthly, {coverage[0].label} to {coverage[1].label}; "
                f"{len(a.data.observations)} sourced figures"
            )
        from assistant.factory import notices  # skipped tables, files a stopped ingest never reached

        parts += [f"**Warning:** {html.escape(line, quote=False)}" for line in notices(self.settings)]
        parts.append(f"**Mode:** {a.mode_label}")
        return " · ".join(parts)


# -- pure adapters: answer -> component values ---------------------------------------------------
FIGURE_COLUMNS = ["value", "what", "period", "source", "how"]


def figures_table(answer: Answer) -> pd.DataFrame:
    """The answer's figures as a table: value, what it is, period, source by name, reported or computed."""
    rows = [
        {
            "value": f.display,
            "what": f.label,
            "period": f.period,
            "source": "; ".join(f.cited or f.sources),
            "how": f.origin,
        }
        for f in answer.figures[:12]
    ]
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


def figures_csv(answer: Answer) -> str:
    """The answer's figures as CSV: numbers as numbers, with unit, period, sources and formula.

    Every cell goes through ``spreadsheet.to_csv``: text a spreadsheet would run is written inert.
    """
    header = ["figure", "value", "unit", "low", "high", "period", "partner", "origin", "sources", "formula"]
    rows = [
        [
            f.label,
            f.value,
            f.unit,
            f.low,
            f.high,
            f.period,
            f.partner,
            f.origin,
            "; ".join(f.cited or f.sources),
            f.formula,
        ]
        for f in answer.figures
    ]
    return to_csv(header, rows)


def write_figures_csv(answer: Answer) -> str | None:
    """A file for the download button (None when the answer has no figures)."""
    import tempfile

    if not answer.figures:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".csv", prefix="figures-", delete=False, encoding="utf-8") as f:
        f.write(figures_csv(answer))
    return f.name


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown to paste into a note: the text, then its numbered sources."""
    cited = [
        f"[{c.n}] {c.title}. {c.publisher}"
        + (f", {c.date}" if c.date else "")
        + (f". {web_url(c.url)}" if web_url(c.url or "") else "")
        for c in answer.citations
    ]
    return answer.text + ("\n\n**Sources**\n\n" + "\n".join(f"- {line}" for line in cited) if cited else "")


_CARD_TAGS = {"div", "span", "p", "a"}
_CARD_ATTRIBUTES = {"div": {"class", "data-n"}, "span": {"class"}, "a": {"href", "target"}, "p": set()}


def source_cards(answer: Answer) -> str:
    """Citations as HTML cards matching the [n] markers.

    Every field is escaped as it is written, and the whole is passed through a maintained HTML
    sanitiser (nh3) that keeps only the card markup and http(s) links.
    """
    import nh3

    if not answer.citations:
        return "<p class='meta'>No passages cited.</p>"
    cards = []
    for c in answer.citations:
        title = html.escape(c.title or "Untitled")
        url = web_url(c.url or "")
        link = f"<a href='{html.escape(url, quote=True)}' target='_blank'>{title}</a>" if url else title
        meta = " · ".join(html.escape(x) for x in (c.publisher, c.date) if x)
        cards.append(
            f"<div class='source-card' data-n='{int(c.n)}'><span class='n'>[{int(c.n)}]</span>{link}"
            f"<div class='meta'>{meta}</div><p>{html.escape(c.snippet)}</p></div>"
        )
    return nh3.clean(
        "\n".join(cards),
        tags=_CARD_TAGS,
        attributes=_CARD_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    )


def computation(answer: Answer) -> str:
    """Each tool call with its inputs, outputs and sources, as markdown."""
    if not answer.trace:
        return "No tools were called for this answer."
    lines = []
    for call in answer.trace:
        inputs = ", ".join(f"{k}={v!r}" for k, v in call.inputs.items())
        sources = f"  \n  sources: {', '.join(call.sources[:8])}" if call.sources else ""
        lines.append(f"- **{call.tool}**({inputs}) — {call.ms:.1f} ms  \n  → {call.output}{sources}")
    if answer.timings_ms:
        lines.append("\nTimings: " + ", ".join(f"{k} {v:.0f} ms" for k, v in answer.timings_ms.items()))
    return inert("\n".join(lines))  # titles, and a model's search words: shown, never rendered live


def reading_line(answer: Answer) -> str:
    """The reading shown above the answer, as Wolfram|Alpha shows its input interpretation."""
    reading = answer.reading
    if reading is None:
        return ""
    line = f"**Read as:** {html.escape(reading.text)}"
    assumed = reading.notes()
    if assumed:
        line += "  \n" + " ".join(html.escape(a) for a in assumed)
    if reading.alternatives:
        line += "  \n*Another reading is offered below.*"
    return line


ALTERNATIVES = 2  # buttons kept for other readings; hidden when there are none


def alternative_buttons(answer: Answer | None) -> list[dict[str, Any]]:
    """Label and visibility of each alternative-reading button."""
    alternatives = list(answer.reading.alternatives) if answer is not None and answer.reading is not None else []
    out = []
    for i in range(ALTERNATIVES):
        if i < len(alternatives):
            out.append({"value": f"Use instead: {alternatives[i].question}", "visible": True})
        else:
            out.append({"value": "", "visible": False})
    return out


def chunks(text: str) -> Iterator[str]:
    """The answer text in growing pieces, paragraph by paragraph, for streaming."""
    pieces = re.split(r"(\n\n)", text)
    shown = ""
    for piece in pieces:
        shown += piece
        if piece.strip():
            yield shown


# -- the app --------------------------------------------------------------------------------------
def build_ui(desk: Desk) -> Any:
    """Build the Gradio Blocks app (not launched)."""
    import gradio as gr

    def respond(
        message: str, chat: list[dict[str, Any]], answers: list[Answer], request: Any = None
    ) -> Iterator[tuple[Any, ...]]:
        chat = [*chat, {"role": "user", "content": message}, {"role": "assistant", "content": "Working on it…"}]
        keep = tuple(gr.update() for _ in range(7 + ALTERNATIVES))
        yield (chat, answers, "", *keep)
        answer = None
        assistant = desk.for_session(request)
        try:
            if hasattr(assistant, "stream"):  # the LLM path: the model's tokens as they come
                for item in assistant.stream(message, answers):
                    if isinstance(item, Answer):
                        answer = item
                    else:
                        chat[-1] = {"role": "assistant", "content": item + " …"}
                        yield (chat, answers, "", *keep)
            else:
                answer = assistant.ask(message, answers)
        except AssistantError as err:  # a user-facing failure: say it, keep the conversation
            chat[-1] = {"role": "assistant", "content": f"Sorry, that failed: {err}"}
            yield (chat, answers, "", *keep)
            return
        assert answer is not None
        for piece in chunks(answer.text):  # the verified text replaces whatever was streamed
            chat[-1] = {"role": "assistant", "content": piece}
            yield (chat, answers, "", *keep)
        plot = chart_spec(answer.chart)
        yield (
            chat,
            [*answers, answer],
            "",
            figures_table(answer),
            gr.update(value=plot, visible=plot is not None),
            source_cards(answer),
            computation(answer),
            reading_line(answer),
            answer_markdown(answer),
            gr.update(value=write_figures_csv(answer), visible=bool(answer.figures)),
            *(gr.update(**b) for b in alternative_buttons(answer)),
        )

    def ask_instead(index: int) -> Any:
        def run(chat: list[dict[str, Any]], answers: list[Answer], request: Any = None) -> Iterator[tuple[Any, ...]]:
            last = answers[-1] if answers else None
            options = last.reading.alternatives if last is not None and last.reading is not None else ()
            if index < len(options):
                yield from respond(options[index].question, chat, answers, request)

        return with_request(run)

    def api_ask(question: str, request: Any = None) -> dict[str, Any]:
        return desk.for_session(request).ask(question).to_json()

    # Gradio finds its progress tracker through this default argument
    def add_articles(
        files: list[str] | None,
        request: Any = None,
        progress: Any = gr.Progress(),  # noqa: B008
    ) -> tuple[str, str, None]:
        if not files:
            return "Choose one or more files (md, txt, html, pdf).", desk.status(), None
        paths = [Path(f) for f in files]

        def tick(done: int, total: int, name: str) -> None:
            progress((done, total), desc=f"Ingesting {name}")

        try:
            desk.workspaces.check_files(paths, (".md", ".txt", ".html", ".htm", ".pdf"))
            if desk.settings.shared_uploads:
                report = add_shared_articles(desk, paths, tick)
                where = "for every user of this app"
            else:
                report = desk.workspaces.add_articles(request.session_hash, paths, tick)
                where = "for this session only, marked “your article”"
        except AssistantError as err:
            return f"**Not added:** {html.escape(str(err))}", desk.status(), None
        return f"**Added** {where}.  \n" + report.summary.replace("\n", "  \n"), desk.status(), None

    def add_table(file: str | None, fmt: str, request: Any = None) -> tuple[str, str, None]:
        if not file:
            return "Choose a CSV file.", desk.status(), None
        from assistant.factory import import_table, load_trade_data

        path = Path(file)
        try:
            desk.workspaces.check_files([path], (".csv",))
            if desk.settings.shared_uploads:
                with desk.lock:
                    table, _ = import_table(desk.settings, path, None if fmt == "auto" else fmt)
                    desk.assistant = desk.assistant.with_data(load_trade_data(desk.settings))
                where = "for every user of this app"
            else:
                table = desk.workspaces.add_table(request.session_hash, path, None if fmt == "auto" else fmt)
                where = "for this session only, marked “your table”"
        except AssistantError as err:  # name the file as the user knows it, not the upload folder
            message = str(err).replace(str(path.parent) + "/", "")
            return f"**Not imported:** {html.escape(message)}", desk.status(), None
        return f"**Imported:** {table.summary}, {where}. The next question uses it.", desk.status(), None

    def end_session(request: Any = None) -> None:
        if request is not None and request.session_hash:
            desk.workspaces.end(request.session_hash)

    for fn in (respond, api_ask, add_articles, add_table, end_session):
        with_request(fn)

    with gr.Blocks(title="Rare-earth trade assistant") as app:
        gr.Markdown(
            "## Rare-earth trade assistant\nExact figures from a sourced data set, context from cited "
            "articles. Every number is checked before it is shown."
        )
        status = gr.Markdown(desk.status(), elem_id="status-line")
        # while the assistant is prepared in the background, the status line follows its progress
        ticker = gr.Timer(1.0, active=not desk.ready)
        ticker.tick(
            lambda: (desk.status(), gr.Timer(active=not desk.ready)),
            None,
            [status, ticker],
            api_visibility="private",
        )
        app.load(desk.status, None, status, api_visibility="private")
        answers = gr.State([])
        with gr.Row():
            with gr.Column(scale=3):
                reading = gr.Markdown(elem_id="reading")
                with gr.Row():
                    others = [
                        gr.Button(visible=False, size="sm", elem_id=f"alternative-{i}") for i in range(ALTERNATIVES)
                    ]
                chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="chat")
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Ask about China's rare-earth exports…",
                        show_label=False,
                        scale=5,
                        elem_id="question",
                        max_lines=4,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask-button")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
            with gr.Column(scale=2):
                table = gr.Dataframe(
                    label="Figures",
                    interactive=False,
                    wrap=True,
                    elem_id="figures",
                    column_widths=["17%", "31%", "13%", "19%", "20%"],
                    max_height=360,
                )
                chart = gr.Plot(label="Chart", visible=False, elem_id="answer-chart")
                cards = gr.HTML("<p class='meta'>Sources appear here.</p>", label="Sources", elem_id="sources")
                download = gr.DownloadButton(
                    "Download figures (CSV)", visible=False, size="sm", elem_id="download-figures"
                )
                with gr.Accordion("How this was computed", open=False, elem_id="how"):
                    how = gr.Markdown("Ask a question to see each tool call.")
                with gr.Accordion("Copy answer (Markdown with citations)", open=False):
                    markdown = gr.Code(language="markdown", interactive=False, elem_id="answer-markdown")
        with gr.Accordion("Add your own articles or trade table", open=False), gr.Row():
            with gr.Column():
                files = gr.File(
                    label="Articles (md, txt, html, pdf)",
                    file_count="multiple",
                    file_types=[".md", ".txt", ".html", ".htm", ".pdf"],
                    elem_id="article-upload",
                )
                ingest_button = gr.Button("Add articles")
                ingest_note = gr.Markdown()
            with gr.Column():
                csv_file = gr.File(
                    label="Trade table (tidy or UN Comtrade CSV)", file_types=[".csv"], elem_id="table-upload"
                )
                fmt = gr.Radio(["auto", "tidy", "comtrade"], value="auto", label="Format")
                import_button = gr.Button("Import table")
                import_note = gr.Markdown()
        outputs = [chatbot, answers, box, table, chart, cards, how, reading, markdown, download, *others]
        send.click(respond, [box, chatbot, answers], outputs, api_visibility="private")
        for i, button in enumerate(others):
            button.click(ask_instead(i), [chatbot, answers], outputs, api_visibility="private")
        box.submit(respond, [box, chatbot, answers], outputs, api_visibility="private")
        # callable by API clients too (undocumented), so that load tests can ingest as a session
        ingest_button.click(
            add_articles, [files], [ingest_note, status, files], api_name="add_articles", api_visibility="undocumented"
        )
        import_button.click(add_table, [csv_file, fmt], [import_note, status, csv_file], api_visibility="private")
        hidden_q = gr.Textbox(visible=False)
        hidden_out = gr.JSON(visible=False)
        hidden_q.submit(api_ask, hidden_q, hidden_out, api_name="ask")
        app.unload(end_session)
    return app


def with_request(fn: Any) -> Any:
    """Mark ``fn``'s ``request`` parameter as Gradio's request (its session) for Gradio to fill.

    Gradio finds the parameter by its resolved type hint, and this module imports Gradio only
    inside ``build_ui``, so the hint is set here rather than written in the signature.
    """
    import typing

    import gradio as gr

    hints = typing.get_type_hints(fn, globalns={**globals(), "Any": Any})
    fn.__annotations__ = {**hints, "request": gr.Request}
    return fn


def add_shared_articles(desk: Desk, paths: list[Path], tick: Any) -> Any:
    """Add uploads to the shared library (an app started with --shared-uploads)."""
    from assistant.factory import ingest_journal
    from corpus.ingest import ingest
    from corpus.store import UPLOAD

    retriever = desk.assistant.retriever
    if retriever is None:
        raise AssistantError("The article index is not available.")
    with desk.lock:
        copies = copy_uploads(paths, desk.settings.home / "uploads")
        journal = ingest_journal(desk.settings)  # a killed upload is named at the next start
        return ingest(
            copies,
            retriever.store,
            retriever.embedder,
            progress=tick,
            origin=UPLOAD,
            journal=journal,
            stated=retriever.stated,
        )


def launch(app: Any, settings: Settings, *, block: bool = True) -> None:
    """Serve the app on the configured host and port (``block=False`` returns once it is up).

    At most ``settings.concurrency`` answers run at once (the rest wait in Gradio's queue), and
    Gradio refuses uploads over the size limit before any handler sees them.
    """
    app.queue(default_concurrency_limit=settings.concurrency, max_size=20 * settings.concurrency)
    app.launch(
        server_name=settings.host,
        server_port=settings.port,
        max_file_size=f"{settings.upload_max_mb:g}mb",
        css=CSS,
        show_error=False,
        footer_links=["api"],
        prevent_thread_lock=not block,
        quiet=not block,
    )
