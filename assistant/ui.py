"""The Gradio chat: a thin adapter from the assistant's typed answers to components.

``build_ui`` builds the app without launching it (tests build it too); ``app.py`` and
``python -m assistant serve`` launch it. Each browser session keeps its own history in a
``gr.State``; nothing of one conversation is visible to another.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.answer import Answer
from assistant.errors import AssistantError
from assistant.settings import Settings

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


@dataclass
class Desk:
    """What every session shares: the assistant (replaced when a user adds a trade table)."""

    assistant: Any  # Assistant, or LLMAssistant when an LLM is configured
    settings: Settings
    lock: threading.Lock

    def status(self) -> str:
        """Articles and chunks indexed, data coverage, mode."""
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
        parts.append(f"**Mode:** {a.mode_label}")
        return " · ".join(parts)


# -- pure adapters: answer -> component values ---------------------------------------------------
def figures_table(answer: Answer) -> pd.DataFrame:
    """The answer's figures as a table (headline figures first, series points left out)."""
    rows = [
        {"value": f.display, "figure": f.label, "origin": f.origin, "sources": ", ".join(f.sources)}
        for f in answer.figures[:12]
    ]
    return pd.DataFrame(rows, columns=["value", "figure", "origin", "sources"])


def source_cards(answer: Answer) -> str:
    """Citations as HTML cards matching the [n] markers (every field escaped)."""
    if not answer.citations:
        return "<p class='meta'>No passages cited.</p>"
    cards = []
    for c in answer.citations:
        title = html.escape(c.title or "Untitled")
        link = (
            f"<a href='{html.escape(c.url, quote=True)}' target='_blank' rel='noopener'>{title}</a>" if c.url else title
        )
        meta = " · ".join(html.escape(x) for x in (c.publisher, c.date) if x)
        cards.append(
            f"<div class='source-card' data-n='{c.n}'><span class='n'>[{c.n}]</span>{link}"
            f"<div class='meta'>{meta}</div><p>{html.escape(c.snippet)}</p></div>"
        )
    return "\n".join(cards)


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
    return "\n".join(lines)


def chart_frames(answer: Answer) -> tuple[pd.DataFrame | None, pd.DataFrame | None, str]:
    """(line data, bar data, title): the chart the answer rests on, if any."""
    chart = answer.chart
    if not chart or not chart.get("x"):
        return None, None, ""
    unit = chart.get("unit", "")
    frame = pd.DataFrame({"x": chart["x"], unit or "value": chart["y"]})
    if chart["type"] == "line":
        frame["x"] = pd.to_datetime(frame["x"], format="%b %Y")
        return frame, None, chart.get("title", "")
    return None, frame, chart.get("title", "")


def reading_line(answer: Answer) -> str:
    """The reading shown above the answer, as Wolfram|Alpha shows its input interpretation."""
    reading = answer.reading
    if reading is None:
        return ""
    line = f"**Read as:** {html.escape(reading.text)}"
    assumed = list(dict.fromkeys(a for q in reading.queries for a in q.assumptions))
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

    def respond(message: str, chat: list[dict[str, Any]], answers: list[Answer]) -> Iterator[tuple[Any, ...]]:
        chat = [*chat, {"role": "user", "content": message}, {"role": "assistant", "content": "Working on it…"}]
        keep = tuple(gr.update() for _ in range(5 + 1 + ALTERNATIVES))
        yield (chat, answers, "", *keep)
        answer = None
        try:
            if hasattr(desk.assistant, "stream"):  # the LLM path: the model's tokens as they come
                for item in desk.assistant.stream(message, answers):
                    if isinstance(item, Answer):
                        answer = item
                    else:
                        chat[-1] = {"role": "assistant", "content": item + " …"}
                        yield (chat, answers, "", *keep)
            else:
                answer = desk.assistant.ask(message, answers)
        except AssistantError as err:  # a user-facing failure: say it, keep the conversation
            chat[-1] = {"role": "assistant", "content": f"Sorry, that failed: {err}"}
            yield (chat, answers, "", *keep)
            return
        assert answer is not None
        for piece in chunks(answer.text):  # the verified text replaces whatever was streamed
            chat[-1] = {"role": "assistant", "content": piece}
            yield (chat, answers, "", *keep)
        line, bar, title = chart_frames(answer)
        unit = (answer.chart or {}).get("unit", "value")
        yield (
            chat,
            [*answers, answer],
            "",
            figures_table(answer),
            gr.update(value=line, visible=line is not None, title=title, y=unit, x="x")
            if line is not None
            else gr.update(visible=False),
            gr.update(value=bar, visible=bar is not None, title=title, y=unit, x="x")
            if bar is not None
            else gr.update(visible=False),
            source_cards(answer),
            computation(answer),
            reading_line(answer),
            *(gr.update(**b) for b in alternative_buttons(answer)),
        )

    def ask_instead(index: int) -> Any:
        def run(chat: list[dict[str, Any]], answers: list[Answer]) -> Iterator[tuple[Any, ...]]:
            last = answers[-1] if answers else None
            options = last.reading.alternatives if last is not None and last.reading is not None else ()
            if index < len(options):
                yield from respond(options[index].question, chat, answers)

        return run

    def api_ask(question: str) -> dict[str, Any]:
        return desk.assistant.ask(question).to_json()

    # Gradio finds its progress tracker through this default argument
    def add_articles(files: list[str] | None, progress: Any = gr.Progress()) -> tuple[str, str, None]:  # noqa: B008
        if not files:
            return "Choose one or more files (md, txt, html, pdf).", desk.status(), None
        from corpus.ingest import ingest

        retriever = desk.assistant.retriever
        if retriever is None:
            return "The article index is not available.", desk.status(), None
        uploads = desk.settings.home / "uploads"
        uploads.mkdir(parents=True, exist_ok=True)
        paths = []
        for f in files:
            source = Path(f)
            target = uploads / source.name
            target.write_bytes(source.read_bytes())
            paths.append(target)

        def tick(done: int, total: int, name: str) -> None:
            progress((done, total), desc=f"Ingesting {name}")

        with desk.lock:
            report = ingest(paths, retriever.store, retriever.embedder, progress=tick)
        return report.summary.replace("\n", "  \n"), desk.status(), None  # None empties the upload box

    def add_table(file: str | None, fmt: str) -> tuple[str, str, None]:
        if not file:
            return "Choose a CSV file.", desk.status(), None
        from assistant.factory import import_table, load_trade_data

        try:
            with desk.lock:
                table, _ = import_table(desk.settings, Path(file), None if fmt == "auto" else fmt)
                desk.assistant = desk.assistant.with_data(load_trade_data(desk.settings))
        except AssistantError as err:  # name the file as the user knows it, not the upload folder
            message = str(err).replace(str(Path(file).parent) + "/", "")
            return f"**Not imported:** {html.escape(message)}", desk.status(), None
        return f"**Imported:** {table.summary}. The next question uses it.", desk.status(), None

    with gr.Blocks(title="Rare-earth trade assistant") as app:
        gr.Markdown(
            "## Rare-earth trade assistant\nExact figures from a sourced data set, context from cited "
            "articles. Every number is checked before it is shown."
        )
        status = gr.Markdown(desk.status(), elem_id="status-line")
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
                    column_widths=["20%", "50%", "12%", "18%"],
                    max_height=360,
                )
                line = gr.LinePlot(label="Chart", visible=False, elem_id="answer-chart", x="x", y="value")
                bar = gr.BarPlot(label="Chart", visible=False, elem_id="answer-bars", x="x", y="value")
                cards = gr.HTML("<p class='meta'>Sources appear here.</p>", label="Sources", elem_id="sources")
                with gr.Accordion("How this was computed", open=False, elem_id="how"):
                    how = gr.Markdown("Ask a question to see each tool call.")
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
        outputs = [chatbot, answers, box, table, line, bar, cards, how, reading, *others]
        send.click(respond, [box, chatbot, answers], outputs, api_visibility="private")
        for i, button in enumerate(others):
            button.click(ask_instead(i), [chatbot, answers], outputs, api_visibility="private")
        box.submit(respond, [box, chatbot, answers], outputs, api_visibility="private")
        ingest_button.click(add_articles, [files], [ingest_note, status, files], api_visibility="private")
        import_button.click(add_table, [csv_file, fmt], [import_note, status, csv_file], api_visibility="private")
        hidden_q = gr.Textbox(visible=False)
        hidden_out = gr.JSON(visible=False)
        hidden_q.submit(api_ask, hidden_q, hidden_out, api_name="ask")
    return app


def launch(app: Any, settings: Settings, *, block: bool = True) -> None:
    """Serve the app on the configured host and port (``block=False`` returns once it is up)."""
    app.launch(
        server_name=settings.host,
        server_port=settings.port,
        css=CSS,
        show_error=False,
        footer_links=["api"],
        prevent_thread_lock=not block,
        quiet=not block,
    )
