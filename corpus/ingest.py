"""Ingestion: files and folders of articles into the chunk store, idempotent and incremental.

Unchanged files (same content hash) are skipped, changed ones replaced, and with ``sync`` the
documents of a folder whose files are gone are deleted. A broken file is reported by name and
skipped while the rest goes on. A run stopped part-way names the files it did not reach, and with
a journal folder so does the next start after a run that was killed (``stopped_before``).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from corpus.chunking import Span, chunk_text
from corpus.documents import Document, DocumentError, discover, document_id, file_hash, read_document
from corpus.embeddings import Embedder
from corpus.guard import guard_version
from corpus.store import CURATED, LIBRARY, ChunkStore

try:
    import fcntl
except ImportError:  # Windows: a journal's lock is then the open file itself
    fcntl = None  # type: ignore[assignment]

DEFAULT_BRIEFS = Path(__file__).resolve().parent / "briefs"
EMBED_BATCH = 256  # chunks embedded together: large batches keep the model busy

Progress = Callable[[int, int, str], None]


class StatedReader(Protocol):
    """Reads the figures a document states (``assistant.stated.StatedReader``): given to ``ingest``."""

    version: str

    def __call__(self, doc: Document) -> list[dict[str, object]]:
        """The document's stated figures as stored records, with offsets in its text."""
        ...


UNREACHED_SHOWN = 20  # files a summary names one by one


@dataclass
class IngestReport:
    """What one ingestion run did."""

    files: int = 0
    ingested: int = 0
    chunks: int = 0
    skipped: int = 0
    removed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    unreached: list[str] = field(default_factory=list)  # files an interrupted run did not get to

    @property
    def summary(self) -> str:
        """One line for the user."""
        text = (
            f"{self.files} file(s): {self.ingested} ingested ({self.chunks} chunks), "
            f"{self.skipped} unchanged, {self.removed} removed, {len(self.errors)} error(s) "
            f"in {self.seconds:.1f} s"
        )
        for path, reason in self.errors:
            text += f"\n  error: {path}: {reason}"
        if self.unreached:
            text += f"\n  stopped before {len(self.unreached)} file(s), not ingested:"
            text += "".join(f"\n    {path}" for path in self.unreached[:UNREACHED_SHOWN])
            if len(self.unreached) > UNREACHED_SHOWN:
                text += f"\n    and {len(self.unreached) - UNREACHED_SHOWN} more"
        return text


def embedding_text(doc: Document, span: Span) -> str:
    """What is embedded for a chunk: the document's title and date, then the chunk."""
    dated = f" ({doc.date})" if doc.date else ""
    return f"{doc.title}{dated}\n{span.text}"


def ingest(
    paths: Sequence[Path],
    store: ChunkStore,
    embedder: Embedder,
    *,
    sync: bool = False,
    progress: Progress | None = None,
    max_chars: int = 700,
    overlap: int = 1,
    origin: str = LIBRARY,
    journal: Path | None = None,
    report: IngestReport | None = None,
    stated: StatedReader | None = None,
) -> IngestReport:
    """Ingest articles from files and folders; with ``sync``, delete what left those folders.

    ``origin`` (``corpus.store.ORIGINS``) says who adds them, which decides how answers show them;
    the project's own briefs are always curated, whoever ingests them.

    A run stopped part-way (an exception, Ctrl-C) leaves the files it did not reach in
    ``report.unreached`` when the caller passed its ``report``. With a ``journal`` folder they are
    also kept on disk while the run works, so that a run killed outright is named by
    ``stopped_before`` later.

    With a ``stated`` reader, each document's stated figures are stored with its chunks; a
    document read by another version of it is read again, though its bytes are unchanged.
    """
    started = time.perf_counter()
    report = report if report is not None else IngestReport()
    manifest = store.manifest()
    found = discover([Path(p) for p in paths])
    report.files = len(found)
    tracker = _Tracker([path for path, _ in found], journal)
    pending: list[tuple[Document, list[Span], str]] = []
    seen: set[str] = set()
    stale: dict[str, list[str]] = {}  # unchanged documents judged with older patterns or another origin

    def origin_of(path: Path) -> str:
        return CURATED if path.resolve().is_relative_to(DEFAULT_BRIEFS) else origin

    def flush() -> None:
        # The title goes in front of each chunk for embedding only: it carries the month and
        # subject that a chunk in the middle of an article leaves implicit.
        texts = [embedding_text(doc, span) for doc, spans, _ in pending for span in spans]
        vectors = embedder.embed(texts)
        batches: dict[str, list[tuple[Document, list[Span], list[list[float]]]]] = {}
        offset = 0
        for doc, spans, who in pending:
            batches.setdefault(who, []).append((doc, spans, vectors[offset : offset + len(spans)]))
            offset += len(spans)
        for who, batch in batches.items():
            store.write(batch, who)
        tracker.reached(*(doc.path for doc, _, _ in pending))
        report.ingested += len(pending)
        report.chunks += len(texts)
        pending.clear()

    try:
        for done, (path, root) in enumerate(found, start=1):
            known = manifest.get(document_id(path, root))
            current = stated is None or known is not None and known.stated == stated.version
            if known is not None and known.content_hash == file_hash(path) and current:
                # unchanged bytes: skipped without parsing, so a start with nothing new reads no article
                seen.add(known.doc_id)
                report.skipped += 1
                if known.guard != guard_version() or known.origin != origin_of(path):
                    stale.setdefault(origin_of(path), []).append(known.doc_id)
                tracker.reached(path)
                if progress:
                    progress(done, len(found), path.name)
                continue
            try:
                doc = read_document(path, root)
            except DocumentError as err:
                report.errors.append((str(path), err.reason))
                tracker.reached(path)
                seen.add(document_id(path, root))  # keep what an earlier, readable version gave
            else:
                seen.add(doc.doc_id)
                entry = manifest.get(doc.doc_id)
                if entry is not None and entry.content_hash == doc.content_hash and current:
                    report.skipped += 1
                    tracker.reached(path)
                else:
                    if stated is not None:
                        doc = replace(doc, stated=tuple(stated(doc)), stated_version=stated.version)
                    pending.append((doc, chunk_text(doc.text, max_chars, overlap), origin_of(path)))
                    if sum(len(s) for _, s, _ in pending) >= EMBED_BATCH:
                        flush()
            if progress:
                progress(done, len(found), path.name)
        if pending:
            flush()
        for who, doc_ids in stale.items():
            store.rejudge(doc_ids, who)
        if sync:
            roots = {f"{Path(p).resolve().name}/" for p in paths if Path(p).is_dir()}
            gone = [i for i in manifest if any(i.startswith(r) for r in roots) and i not in seen]
            store.remove(gone)
            report.removed = len(gone)
    except BaseException as err:
        report.unreached = list(tracker.left)
        report.seconds = time.perf_counter() - started
        tracker.stop()
        if report.unreached:
            err.add_note(f"the ingest stopped before {len(report.unreached)} file(s), from {report.unreached[0]}")
        raise
    tracker.finish()
    report.seconds = time.perf_counter() - started
    return report


# -- the journal: the files a run has still to reach, on disk while it works -----------------------
# A run writes ``RUN.json`` (the files it has not reached yet) and holds a lock on ``RUN.lock`` for
# as long as it works. A note whose lock is free was left by a run that stopped part-way: killed,
# or interrupted by an error. The next run takes such notes over, so their files stay named
# until a run reaches them.
_NOTE_EVERY = 0.5  # seconds between rewrites of the note: a kill in between names a few files too many


class _Tracker:
    """The files of one run not reached yet; ``journal`` (a folder) keeps them on disk when given."""

    def __init__(self, files: Sequence[Path], journal: Path | None) -> None:
        self.left = dict.fromkeys(_key(path) for path in files)
        self.inherited: dict[str, None] = {}
        self.note: Path | None = None
        self._lock: int | None = None
        self._written = 0.0
        if journal is not None:
            self._open(journal)

    def _open(self, journal: Path) -> None:
        journal.mkdir(parents=True, exist_ok=True)
        run = uuid.uuid4().hex
        self._lock = _hold(journal / f"{run}.lock")
        earlier = _stopped_notes(journal)
        self.inherited = dict.fromkeys(f for note in earlier for f in _noted(note) if f not in self.left)
        self.note = journal / f"{run}.json"
        self._write(durable=True)  # on disk before the first file is touched
        for note in earlier:
            _drop_note(note)
        _clear_leftovers(journal)

    def reached(self, *paths: Path | str) -> None:
        """Files now in the store, skipped as unchanged, or reported as broken."""
        for path in paths:
            self.left.pop(_key(Path(path)), None)
        if self.note is not None and time.monotonic() - self._written >= _NOTE_EVERY:
            self._write()

    def finish(self) -> None:
        """The run completed: only files an earlier run left and this one did not reach stay noted."""
        self.left.clear()
        self.stop()

    def stop(self) -> None:
        """Write what is left (nothing: the note goes) and let the next run take it over."""
        if self.note is None:
            return
        # a note that cannot be written never hides the error that stopped the run
        with contextlib.suppress(OSError):
            if self.left or self.inherited:
                self._write()
            else:
                self.note.unlink(missing_ok=True)
        _release(self._lock)
        if not (self.left or self.inherited):
            with contextlib.suppress(OSError):
                self.note.with_suffix(".lock").unlink(missing_ok=True)
        self.note = None

    def _write(self, durable: bool = False) -> None:
        assert self.note is not None
        files = [*self.left, *self.inherited]
        _write_json(self.note, {"files": files}, durable)
        self._written = time.monotonic()


def stopped_before(journal: Path) -> list[str]:
    """Files that runs which stopped part-way (killed or interrupted) never reached, and that still exist."""
    if not journal.is_dir():
        return []
    files = dict.fromkeys(f for note in _stopped_notes(journal) for f in _noted(note))
    return list(files)


def _key(path: Path) -> str:
    return str(path.resolve())


def _stopped_notes(journal: Path) -> list[Path]:
    return [note for note in sorted(journal.glob("*.json")) if _free(note.with_suffix(".lock"))]


def _noted(note: Path) -> list[str]:
    try:
        files = json.loads(note.read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []  # taken over (or cut short) by another run just now
    return [f for f in files if isinstance(f, str) and Path(f).exists()]


def _drop_note(note: Path) -> None:
    note.unlink(missing_ok=True)
    lock = note.with_suffix(".lock")
    if _free(lock):
        lock.unlink(missing_ok=True)


def _clear_leftovers(journal: Path) -> None:
    """Remove what runs killed mid-write left: half-written notes, and locks whose note never came."""
    for path in journal.iterdir():
        run = path.name.lstrip(".").split(".")[0]
        leftover = path.suffix == ".part" or (path.suffix == ".lock" and not (journal / f"{run}.json").exists())
        if leftover and _free(journal / f"{run}.lock"):
            path.unlink(missing_ok=True)


def _write_json(path: Path, value: object, durable: bool) -> None:
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    with open(part, "w", encoding="utf-8") as out:
        json.dump(value, out)
        if durable:
            out.flush()
            os.fsync(out.fileno())
    os.replace(part, path)


def _hold(lock: Path) -> int:
    fd = os.open(lock, os.O_CREAT | os.O_RDWR)
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd  # on Windows the open file itself cannot be removed, which _free tests


def _release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing drops the lock


def _free(lock: Path) -> bool:
    """True when no live run holds this lock (or it is gone)."""
    if fcntl is None:
        try:
            lock.unlink(missing_ok=True)
        except OSError:
            return False
        return True
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True
