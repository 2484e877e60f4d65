"""Workspaces: what one browser session adds is used only in that session's answers.

A visitor's uploaded tables and articles live in the session's workspace: the tables join the
shared library in memory (their sources marked "your table"), the articles go to a Chroma
collection of the session's own (their publishers marked "your article"). Nothing is saved to
the shared library; the workspace is deleted when the session ends, and the memory it held is
handed back. The shared library changes only from the command line, or from an app started with
``--shared-uploads``. What sessions upload is limited per session and over all open sessions
(table rows, MB of tables and articles), counted before an upload is read.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import shutil
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.settings import PREFIX, Settings
from corpus.ingest import IngestReport, Progress, ingest
from corpus.store import SESSION, ChunkStore
from tools.dataset import shared_strings
from tools.importers import ImportedTable, table_name


class UploadRejected(AssistantError):
    """An upload over the size or count limits, or of a kind the app does not take."""


@dataclass
class Workspace:
    """One session's additions and the assistant that uses them (None until something is added)."""

    folder: Path
    tables: list[ImportedTable] = field(default_factory=list)
    data: Any = None  # TradeData with the session's tables joined
    store: ChunkStore | None = None
    assistant: Any = None
    # what each upload counts against the limits, (table rows, bytes): a table under its name (a
    # table of the same name replaces it), each batch of articles under an id of its own
    uploads: dict[str, tuple[int, int]] = field(default_factory=dict)


class Workspaces:
    """Every live session's workspace, by Gradio session hash."""

    def __init__(self, settings: Settings, shared: Callable[[], Any]) -> None:
        self.settings = settings
        self.shared = shared  # the shared assistant now (replaced when the library changes)
        self._spaces: dict[str, Workspace] = {}
        self._lock = threading.Lock()
        # one table is checked at a time: a check briefly holds the table several times over
        self._checking = threading.Lock()

    def __len__(self) -> int:
        return len(self._spaces)

    def assistant(self, session: str) -> Any:
        """The assistant for a session: the shared one until the session adds something."""
        space = self._spaces.get(session)
        return space.assistant if space is not None and space.assistant is not None else self.shared()

    def _space(self, session: str) -> Workspace:
        with self._lock:
            if session not in self._spaces:
                key = hashlib.sha256(session.encode()).hexdigest()[:16]
                self._spaces[session] = Workspace(self.settings.home / "workspaces" / key)
            return self._spaces[session]

    def check_files(self, paths: list[Path], kinds: tuple[str, ...]) -> None:
        """Refuse uploads over the count or size limit, or of another kind, before any work."""
        limit = self.settings.upload_max_mb
        if len(paths) > self.settings.upload_max_files:
            raise UploadRejected(f"At most {self.settings.upload_max_files} files at a time; {len(paths)} were given.")
        for path in paths:
            if path.suffix.lower() not in kinds:
                raise UploadRejected(f"{path.name}: only {', '.join(kinds)} files are taken.")
            size = path.stat().st_size / 1e6
            if size > limit:
                raise UploadRejected(f"{path.name} is {size:.1f} MB; the limit is {limit:g} MB per file.")

    def add_table(self, session: str, path: Path, fmt: str | None) -> ImportedTable:
        """Validate a table and join it to this session's data; all or nothing.

        The table is first counted against the session's and the app's upload limits, from its
        size and line count, before any of it is read.
        """
        from assistant.factory import check_table

        space = self._space(session)
        rows, size = csv_rows(path), path.stat().st_size
        key = f"table:{table_name(path)}"
        before = self._reserve(space, key, (rows, size), f"{path.name} has {rows:,} rows ({size / 1e6:.1f} MB)")
        try:
            with self._checking:
                table, data = check_table(self.settings, path, fmt, own=space.tables)
            # kept to join the session's next table: one string per distinct code, not per cell
            table = replace(table, observations=shared_strings(table.observations))
        except BaseException:
            self._restore(space, key, before)
            release_memory()  # the refused table's rows
            raise
        space.tables = [t for t in space.tables if t.name != table.name] + [table]
        space.data = data
        space.assistant = self.shared().with_data(data, self._retriever(space))
        release_memory()  # the session's previous data set
        return table

    def add_articles(self, session: str, paths: list[Path], progress: Progress | None = None) -> IngestReport:
        """Copy uploads under ids no other upload can take, and index them for this session only."""
        shared = self.shared()
        if shared.retriever is None:
            raise UploadRejected("The article index is not available.")
        space = self._space(session)
        size = sum(path.stat().st_size for path in paths)
        key = f"articles:{uuid.uuid4().hex}"
        self._reserve(space, key, (0, size), f"{len(paths)} article file(s) of {size / 1e6:.1f} MB")
        try:
            copies = copy_uploads(paths, space.folder)
            if space.store is None:
                space.store = ChunkStore(shared.retriever.store.client, f"ws-{space.folder.name}")
            report = ingest(
                copies,
                space.store,
                shared.retriever.embedder,
                progress=progress,
                origin=SESSION,
                stated=shared.retriever.stated,
            )
        except BaseException:
            self._restore(space, key, None)
            raise
        space.assistant = shared.with_data(space.data or shared.data, self._retriever(space))
        return report

    def _reserve(self, space: Workspace, key: str, upload: tuple[int, int], what: str) -> tuple[int, int] | None:
        """Count an upload against the session's and the app's limits; over one, refuse it, saying ``what`` it is.

        Counted under the lock before any work, so two uploads at one moment cannot both pass on
        the same headroom. Returns what the key counted before, for ``_restore``.
        """
        with self._lock:
            mine = {**space.uploads, key: upload}
            others = [s.uploads for s in self._spaces.values() if s is not space]
            self._check_limits(what, _total(mine), _total(*others, mine))
            before = space.uploads.get(key)
            space.uploads[key] = upload
            return before

    def _restore(self, space: Workspace, key: str, before: tuple[int, int] | None) -> None:
        with self._lock:
            if before is None:
                space.uploads.pop(key, None)
            else:
                space.uploads[key] = before

    def _check_limits(self, what: str, session: tuple[int, int], app: tuple[int, int]) -> None:
        checks = (
            ("upload_session_max_rows", session[0], "this session would hold", "per session"),
            ("upload_session_max_mb", session[1], "this session would hold", "per session"),
            ("upload_app_max_rows", app[0], "the open sessions together would hold", "for the whole app"),
            ("upload_app_max_mb", app[1], "the open sessions together would hold", "for the whole app"),
        )
        for name, total, holder, scope in checks:
            limit = getattr(self.settings, name)
            in_mb = name.endswith("_mb")
            amount = total / 1e6 if in_mb else total
            if amount > limit:
                held = f"{_over_mb(amount, limit)} MB of tables and articles" if in_mb else f"{amount:,} table rows"
                cap = f"{limit:g} MB" if in_mb else f"{limit:,}"
                later = "; uploads are let go as sessions end" if scope == "for the whole app" else ""
                raise UploadRejected(
                    f"{what}. With this upload, {holder} {held}, over the limit of {cap} {scope} "
                    f"(set {PREFIX}{name.upper()} to raise it){later}."
                )

    def _retriever(self, space: Workspace) -> Any:
        shared = self.shared().retriever
        return shared.with_own(space.store) if shared is not None and space.store is not None else None

    def sweep(self) -> None:
        """Delete workspaces a stopped app left behind (their sessions ended with it)."""
        shutil.rmtree(self.settings.home / "workspaces", ignore_errors=True)
        retriever = self.shared().retriever
        if retriever is None:
            return
        client = retriever.store.client
        for collection in client.list_collections():
            name = getattr(collection, "name", collection)
            if str(name).startswith("ws-"):
                client.delete_collection(str(name))

    def end(self, session: str) -> None:
        """Delete a session's workspace: its article collection and its files."""
        with self._lock:
            space = self._spaces.pop(session, None)
        if space is None:
            return
        if space.store is not None:
            space.store.drop()
        shutil.rmtree(space.folder, ignore_errors=True)
        # the session's data set and assistant can be hundreds of MB: let go of them now, not
        # whenever the last reference to the workspace goes
        space.tables, space.data, space.assistant, space.store = [], None, None, None
        space.uploads.clear()
        release_memory()


def csv_rows(path: Path) -> int:
    """A CSV file's data rows counted from its line breaks without parsing it (never fewer than it has)."""
    newlines = returns = 0
    last = b"\n"
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            newlines += block.count(b"\n")
            returns += block.count(b"\r")
            last = block[-1:]
    lines = max(newlines, returns) + (last not in (b"\n", b"\r"))
    return max(lines - 1, 0)  # the header


def _over_mb(amount: float, limit: float) -> str:
    """``amount`` MB with the digits that show it is over ``limit`` (25.04, not 25.0, over 25)."""
    digits = 1
    while round(amount, digits) <= limit and digits < 6:
        digits += 1
    return f"{amount:.{digits}f}"


def _total(*uploads: dict[str, tuple[int, int]]) -> tuple[int, int]:
    counted = [entry for entry_map in uploads for entry in entry_map.values()]
    return sum(rows for rows, _ in counted), sum(size for _, size in counted)


def release_memory() -> None:
    """Collect garbage and hand the freed heap back to the system.

    glibc keeps freed memory for reuse, so without ``malloc_trim`` a closed session's hundreds
    of MB would stay counted against the process; elsewhere only the collection runs.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def copy_uploads(paths: list[Path], under: Path) -> list[Path]:
    """Copy uploads into a fresh folder under ``under``: two uploads of one name never collide."""
    folder = under / uuid.uuid4().hex
    folder.mkdir(parents=True)
    copies = [folder / path.name for path in paths]
    for path, copy in zip(paths, copies, strict=True):
        shutil.copyfile(path, copy)
    return copies
