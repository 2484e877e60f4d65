"""Workspaces: what one browser session adds is used only in that session's answers.

A visitor's uploaded tables and articles live in the session's workspace: the tables join the
shared library in memory (their sources marked "your table"), the articles go to a Chroma
collection of the session's own (their publishers marked "your article"). Nothing is saved to
the shared library; the workspace is deleted when the session ends. The shared library changes
only from the command line, or from an app started with ``--shared-uploads``.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.settings import Settings
from corpus.ingest import IngestReport, Progress, ingest
from corpus.store import ChunkStore
from tools.importers import ImportedTable


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


class Workspaces:
    """Every live session's workspace, by Gradio session hash."""

    def __init__(self, settings: Settings, shared: Callable[[], Any]) -> None:
        self.settings = settings
        self.shared = shared  # the shared assistant now (replaced when the library changes)
        self._spaces: dict[str, Workspace] = {}
        self._lock = threading.Lock()

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
        """Validate a table and join it to this session's data; all or nothing."""
        from assistant.factory import check_table

        space = self._space(session)
        table, data = check_table(self.settings, path, fmt, own=space.tables)
        space.tables = [t for t in space.tables if t.name != table.name] + [table]
        space.data = data
        space.assistant = self.shared().with_data(data, self._retriever(space))
        return table

    def add_articles(self, session: str, paths: list[Path], progress: Progress | None = None) -> IngestReport:
        """Copy uploads under ids no other upload can take, and index them for this session only."""
        shared = self.shared()
        if shared.retriever is None:
            raise UploadRejected("The article index is not available.")
        space = self._space(session)
        copies = copy_uploads(paths, space.folder)
        if space.store is None:
            space.store = ChunkStore(shared.retriever.store.client, f"ws-{space.folder.name}")
        report = ingest(copies, space.store, shared.retriever.embedder, progress=progress)
        space.assistant = shared.with_data(space.data or shared.data, self._retriever(space))
        return report

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


def copy_uploads(paths: list[Path], under: Path) -> list[Path]:
    """Copy uploads into a fresh folder under ``under``: two uploads of one name never collide."""
    folder = under / uuid.uuid4().hex
    folder.mkdir(parents=True)
    copies = [folder / path.name for path in paths]
    for path, copy in zip(paths, copies, strict=True):
        shutil.copyfile(path, copy)
    return copies
