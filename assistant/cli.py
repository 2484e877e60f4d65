"""The command line: argument parsing and turning errors into messages; no logic of its own."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.agent import LLMAssistant
    from assistant.core import Assistant
    from corpus.ingest import Progress


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Exact, cited answers about China's rare-earth exports.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import-data", help="validate and add a trade table (tidy or Comtrade CSV)")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--format",
        choices=("tidy", "comtrade"),
        default=None,
        help="the table's format (default: guessed from its header)",
    )
    commands.add_parser("data", help="show what the trade data set covers")
    commands.add_parser("prepare", help="make the embedding model's fast (ONNX) form now, once per model")
    ing = commands.add_parser("ingest", help="add articles (md, txt, html, pdf files or folders)")
    ing.add_argument("paths", nargs="+", type=Path)
    ing.add_argument("--sync", action="store_true", help="also delete documents whose files left these folders")
    ask = commands.add_parser("ask", help="answer a question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the whole answer as one JSON object")
    _llm_flags(ask)
    commands.add_parser(
        "check-briefs", help="compare every trade figure the shipped briefs state with the data set; list disagreements"
    )
    ev = commands.add_parser("eval", help="run the gold questions and print the scores")
    ev.add_argument("--reading", type=Path, metavar="FILE", help="score the readings of a blind set (JSON Lines)")
    ev.add_argument(
        "--injection", type=Path, metavar="FILE", help="score the instruction filter on attacks and benign text"
    )
    serve = commands.add_parser("serve", help="serve the chat app (the same as python app.py)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 7860)")
    serve.add_argument(
        "--shared-uploads",
        action="store_true",
        help="let app uploads change the shared library for every user (default: each session's own)",
    )
    _llm_flags(serve)
    search = commands.add_parser("search", help="show the passages retrieved for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    search.add_argument("--since", help="only articles dated from this period on (e.g. 2025-06)")
    search.add_argument("--until", help="only articles dated up to this period (e.g. Q3 2025)")
    search.add_argument("--publisher", help="only articles naming this publisher")
    search.add_argument("--topic", help="only briefs with this topic (e.g. prices)")
    return parser


def _llm_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("LLM (default: none, the offline path)")
    group.add_argument("--llm-provider", choices=("none", "openai-compatible", "openai", "ollama", "llamacpp"))
    group.add_argument("--llm-base-url", help="server address, e.g. http://127.0.0.1:8080/v1")
    group.add_argument("--llm-model", help="model name")
    group.add_argument("--llm-gguf", type=Path, help="a .gguf file (llamacpp)")
    group.add_argument("--llm-timeout", type=float, help="seconds per answer (default 60)")
    group.add_argument("--llm-temperature", type=float, help="sampling temperature (default 0)")


def _with_flags(settings: Settings, args: argparse.Namespace) -> Settings:
    names = ("llm_provider", "llm_base_url", "llm_model", "llm_gguf", "llm_timeout", "llm_temperature")
    given = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    return dataclasses.replace(settings, **given) if given else settings


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = _with_flags(Settings.from_env(), args)
    except AssistantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    try:
        if args.command == "import-data":
            return _import_data(settings, args.file, args.format)
        if args.command == "data":
            return _data(settings)
        if args.command == "prepare":
            return _prepare(settings)
        if args.command == "ingest":
            return _ingest(settings, args.paths, args.sync)
        if args.command == "search":
            return _search(settings, args)
        if args.command == "ask":
            return _ask(settings, args.question, args.json)
        if args.command == "eval":
            return _eval(settings, args.reading, args.injection)
        if args.command == "check-briefs":
            return _check_briefs(settings)
        if args.command == "serve":
            if args.shared_uploads:
                settings = dataclasses.replace(settings, shared_uploads=True)
            return _serve(settings, args.host, args.port)
    except AssistantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 2


def _prepare(settings: Settings) -> int:
    from assistant.factory import build_embedder

    started = time.perf_counter()
    embedder = build_embedder(settings)
    embedder.embed(["ready"])
    graph = getattr(embedder, "graph", None)
    where = f" ({graph})" if graph else " (through sentence-transformers)"
    print(f"embedding model {embedder.name} ready in {time.perf_counter() - started:.1f} s{where}")
    return 0


def _import_data(settings: Settings, path: Path, fmt: str | None) -> int:
    from assistant.factory import import_table

    table, target = import_table(settings, path, fmt)
    print(f"imported {path}: {table.summary}")
    print(f"saved as {target}; the next question uses it")
    return 0


def _warn(settings: Settings) -> None:
    """Say on stderr what the library left out: skipped tables, files a stopped ingest never reached."""
    from assistant.factory import notices

    for line in notices(settings):
        print(f"warning: {line}", file=sys.stderr)


def _data(settings: Settings) -> int:
    from assistant.factory import load_trade_data

    data = load_trade_data(settings)
    _warn(settings)
    obs = data.observations
    print(f"{len(obs)} observations, {len(data.sources)} sources, {len(data.events)} events")
    for commodity, group in obs.groupby("commodity"):
        periods = sorted(group["period"])
        print(f"  {commodity:22} {len(group):5} rows  {periods[0]} .. {periods[-1]}")
    coverage = data.monthly_coverage()
    if coverage:
        print(f"magnet exports, monthly: {coverage[0].label} to {coverage[1].label}")
    return 0


def _check_briefs(settings: Settings) -> int:
    """Print the briefs' trade figures that no source of the data set gives; 1 when any has no note."""
    from assistant.corpus_check import check_briefs, read_notes
    from assistant.factory import stated_reader
    from corpus.documents import read_document
    from corpus.ingest import DEFAULT_BRIEFS
    from tools.dataset import DEFAULT_DATA_DIR, TradeData

    briefs = sorted(DEFAULT_BRIEFS.glob("*.md"))
    report = check_briefs([(p.name, read_document(p)) for p in briefs], stated_reader(settings), TradeData.load())
    notes = read_notes(DEFAULT_DATA_DIR / "brief_checks.csv")
    agree = len(report.compared) - len(report.disagreements)
    print(
        f"{len(briefs)} briefs: {len(report.compared)} trade figures compared with the data set, {agree} agree; "
        f"{report.not_in_data} have no series or month in the data set, {report.forecasts} are projections"
    )
    for c in report.disagreements:
        note = notes.get((c.doc, c.stated.value))
        print(f"- {c.line()}" + (f"\n  noted: {note}" if note else "\n  NOT NOTED"))
    return 1 if report.unexplained(notes) else 0


def _progress_bar(label: str) -> tuple[object, object]:
    from tqdm import tqdm

    # only on a terminal, and only when the work lasts: an up-to-date index shows nothing
    bar = tqdm(
        total=0, desc=label, unit="file", file=sys.stderr, leave=False, delay=1.0, disable=not sys.stderr.isatty()
    )

    def update(done: int, total: int, name: str) -> None:
        bar.total = total
        bar.n = done
        bar.set_postfix_str(name[:40])
        bar.refresh()

    return bar, update


def _ingest(settings: Settings, paths: list[Path], sync: bool) -> int:
    from assistant.factory import build_retrieval, ingest_journal
    from corpus.ingest import IngestReport, ingest

    _warn(settings)  # before this run takes over the note of an earlier one
    bar, update = _progress_bar("default corpus")
    retriever, _ = build_retrieval(settings, progress=update)  # type: ignore[arg-type]
    bar.close()  # type: ignore[attr-defined]
    bar, update = _progress_bar("ingesting")
    report = IngestReport()
    try:
        ingest(
            paths,
            retriever.store,
            retriever.embedder,
            sync=sync,
            progress=update,  # type: ignore[arg-type]
            journal=ingest_journal(settings),
            report=report,
            stated=retriever.stated,
        )
    except BaseException as err:
        bar.close()  # type: ignore[attr-defined]
        print(report.summary)  # what was done and the files not reached, before the error itself
        if isinstance(err, KeyboardInterrupt):
            return 130
        raise
    bar.close()  # type: ignore[attr-defined]
    print(report.summary)
    return 1 if report.errors and not report.ingested and not report.skipped else 0


def _search(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.factory import build_retrieval
    from corpus.retrieval import Filters
    from tools.periods import Period, parse_period

    window = None
    if args.since or args.until:
        first = parse_period(args.since) if args.since else Period.year(1990)
        last = parse_period(args.until) if args.until else Period.year(2100)
        window = Period(first.start, last.end)
    bar, update = _progress_bar("default corpus")
    retriever, _ = build_retrieval(settings, progress=update)  # type: ignore[arg-type]
    bar.close()  # type: ignore[attr-defined]
    passages = retriever.search(args.query, args.k, Filters(window, args.publisher, args.topic))
    if not passages:
        print("no passages found")
    for n, p in enumerate(passages, start=1):
        print(f"[{n}] {p.title} ({p.cited_as}, {p.date}) score {p.score:.3f}")
        print(f"    {p.url}")
        print(f"    {p.snippet(240)}")
    return 0


def _assistant(settings: Settings):  # noqa: ANN202 - imported lazily
    from assistant.factory import build_assistant

    bar, update = _progress_bar("preparing the article index")
    assistant = build_assistant(settings, progress=update)  # type: ignore[arg-type]
    bar.close()  # type: ignore[attr-defined]
    _warn(settings)
    return assistant


def _ask(settings: Settings, question: str, as_json: bool) -> int:
    import json

    answer = _assistant(settings).ask(question)
    if as_json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(answer.text)
    for c in answer.citations:
        print(f"[{c.n}] {c.title}. {c.publisher}, {c.date}. {c.url}")
    return 0


def _eval(settings: Settings, reading: Path | None = None, injection: Path | None = None) -> int:
    from assistant.evaluation import evaluate
    from assistant.reading.scoring import asking, load_items, score

    if injection is not None:
        from corpus.guard import guard_report

        print("\n".join(guard_report(load_items(injection))))
        return 0
    if reading is not None:
        print("\n".join(score(load_items(reading), asking(_assistant(settings))).lines()))
        return 0
    report = evaluate(_assistant(settings))
    print("\n".join(report.lines()))
    return 0


def _serve(settings: Settings, host: str | None, port: int | None) -> int:
    from assistant.factory import build_assistant
    from assistant.ui import Desk, build_ui, launch
    from assistant.workspace import Workspaces

    settings = dataclasses.replace(settings, **{k: v for k, v in (("host", host), ("port", port)) if v})

    def prepare(progress: Progress) -> Assistant | LLMAssistant:
        # the page is served meanwhile; its status line shows this progress
        assistant = build_assistant(settings, progress=progress)
        # a server answers many questions: its first visitor should not wait for the examples' vectors
        getattr(assistant, "offline", assistant).reader.intents.warm()
        Workspaces(settings, lambda: assistant).sweep()
        _warn(settings)
        print("Ready: the data and the article index are loaded.", file=sys.stderr)
        return assistant

    print("Preparing the data and the article index (the first launch embeds the corpus)…", file=sys.stderr)
    desk = Desk.preparing(settings, prepare)
    app = build_ui(desk)
    launch(app, settings, block=False)
    print(f"Serving on http://{settings.host}:{settings.port}", file=sys.stderr)
    desk.start()
    app.block_thread()
    return 0
