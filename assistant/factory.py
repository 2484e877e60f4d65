"""The one place where real parts are built from settings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import Settings
from corpus.embeddings import Embedder
from corpus.ingest import DEFAULT_BRIEFS, IngestReport, Progress, ingest, stopped_before
from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig, StoreError
from tools.dataset import TradeData
from tools.errors import DataFileError, InvalidArgument
from tools.importers import (
    ImportedTable,
    SkippedTable,
    carry_sources,
    guess_format,
    import_comtrade,
    import_tidy,
    join_tables,
    load_tables,
    save_table,
    table_name,
)
from tools.schema import OBSERVATION_KEY, read_sources

if TYPE_CHECKING:
    from assistant.agent import LLMAssistant
    from assistant.core import Assistant
    from assistant.stated import StatedReader


# the tables each library's last load left out, for the status line and the command line
_SKIPPED: dict[Path, tuple[SkippedTable, ...]] = {}
_NAMED = 10  # files a notice names one by one


def load_trade_data(settings: Settings) -> TradeData:
    """The curated data set plus every table the user imported that can be used.

    A table that cannot be read or joined is left out, not the library: ``skipped_tables`` then
    names it and says why.
    """
    saved = load_tables(settings.tables_dir)
    data, _, conflicts = join_tables(settings.data_dir, saved.tables)
    _SKIPPED[settings.tables_dir] = (*saved.skipped, *conflicts)
    return data


def skipped_tables(settings: Settings) -> tuple[SkippedTable, ...]:
    """The saved tables the last ``load_trade_data`` of this library left out, with the reason."""
    return _SKIPPED.get(settings.tables_dir, ())


def ingest_journal(settings: Settings) -> Path:
    """Where an ingest notes the files it has still to reach, so that a killed one is named later."""
    return settings.home / "ingest-journal"


def notices(settings: Settings) -> list[str]:
    """Warnings for the user: saved tables left out, and files an earlier ingest never reached."""
    lines = [f"table {s.name!r} was skipped: {s.reason}" for s in skipped_tables(settings)]
    unreached = stopped_before(ingest_journal(settings))
    if unreached:
        more = f" and {len(unreached) - _NAMED} more" if len(unreached) > _NAMED else ""
        lines.append(f"an earlier ingest stopped before these files: {', '.join(unreached[:_NAMED])}{more}")
    return lines


def check_table(
    settings: Settings, path: Path, fmt: str | None = None, own: Sequence[ImportedTable] | None = None
) -> tuple[ImportedTable, TradeData]:
    """Validate a user's table and join it to the data; the joined data set is returned, nothing saved.

    ``own`` are a session's earlier tables: then the table joins the library beside them, where
    without it a saved table of the same name is the one it will replace. The table returned
    carries the rows of the sources it names from earlier tables, so it stands on its own.
    """
    fmt = fmt or guess_format(path)
    saved = load_tables(settings.tables_dir, skip=None if own is not None else table_name(path))
    _, kept, _ = join_tables(settings.data_dir, saved.tables)  # a table the library leaves out is no reference
    own = [t for t in own or () if t.name != table_name(path)]
    observations = [t.observations for t in (*kept, *own)]
    sources = [t.sources for t in (*kept, *own)]
    curated = set(read_sources(settings.data_dir / "sources.csv")["id"])
    known = {i for frame in sources for i in frame["id"]}
    table = import_comtrade(path) if fmt == "comtrade" else import_tidy(path, known, curated)
    table = carry_sources(table, sources)
    # joining runs the data set's own checks (known sources, units) on the combined table
    joined = TradeData.load(
        settings.data_dir, extra=[*observations, table.observations], extra_sources=[*sources, table.sources]
    )
    repeated = int(joined.observations.duplicated(list(OBSERVATION_KEY)).sum())
    if repeated:
        raise DataFileError(
            str(path),
            f"{repeated} row(s) repeat rows already in the data set "
            "(same commodity, flow, partner, period, measure, basis and source)",
        )
    return table, joined


def import_table(settings: Settings, path: Path, fmt: str | None = None) -> tuple[ImportedTable, Path]:
    """Validate a user's table, check it against the data it joins, and save it to the shared library.

    All or nothing, also when the process is killed part-way. Importing a file of the same name
    again replaces the earlier import; the path returned is the saved table's folder.
    """
    table, _ = check_table(settings, path, fmt)
    return table, save_table(table, settings.tables_dir)


def store_config(settings: Settings) -> StoreConfig:
    """Where the article chunks live: a Chroma server when a host is set, else a local folder."""
    if settings.chroma_host:
        return StoreConfig(host=settings.chroma_host, port=settings.chroma_port, collection=settings.collection)
    return StoreConfig(path=settings.chroma_dir, collection=settings.collection)


def build_embedder(settings: Settings) -> Embedder:
    """The embedding model named in the settings (loaded on first use)."""
    from corpus.embeddings import build_embedder as embedder_for

    try:
        return embedder_for(settings.embed_model, settings.model_cache, settings.embed_backend)
    except ValueError as err:
        raise InvalidArgument(f"RAREEARTH_EMBED_BACKEND: {err}") from None


def stated_reader(settings: Settings) -> StatedReader:
    """What reads the figures documents state, in the words of the settings' lexicon."""
    from assistant.reading.build import load_lexicon
    from assistant.stated import StatedReader, measure_words

    return StatedReader(measure_words(load_lexicon(settings.lexicon_file)))


def build_retrieval(settings: Settings, progress: Progress | None = None) -> tuple[Retriever, IngestReport]:
    """The store and retriever, with the default corpus ingested (or brought up to date) first."""
    store = ChunkStore.open(store_config(settings))
    embedder = build_embedder(settings)
    stated = stated_reader(settings)
    report = ingest([DEFAULT_BRIEFS], store, embedder, sync=True, progress=progress, stated=stated)
    return Retriever(store, embedder, stated=stated), report


def build_assistant(settings: Settings, progress: Progress | None = None) -> Assistant | LLMAssistant:
    """The assistant: the data set, the article store, and the LLM when the settings name one.

    The embedding model is loaded here, not during the first answer.
    """
    from assistant.core import Assistant
    from assistant.llm import build_chat_model
    from assistant.reading.build import build_reader

    data = load_trade_data(settings)
    try:
        retriever, _ = build_retrieval(settings, progress=progress)
        retriever.embedder.embed(["warm up"])
    except StoreError:
        retriever = None  # answers still carry figures; the missing index is said in each answer
    reader = build_reader(data, retriever.embedder if retriever is not None else None, settings.lexicon_file)
    offline = Assistant(data, retriever, reader=reader)
    model = build_chat_model(settings)
    if model is None:
        return offline
    from assistant.agent import LLMAssistant  # the agent's imports only when there is a model
    from assistant.llm import describe as describe_llm

    return LLMAssistant(
        model,
        offline,
        mode=describe_llm(settings),
        timeout=settings.llm_timeout,
        max_tool_calls=settings.llm_max_tool_calls,
    )
