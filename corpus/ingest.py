"""Ingestion: files and folders of articles into the chunk store, idempotent and incremental.

Unchanged files (same content hash) are skipped, changed ones replaced, and with ``sync`` the
documents of a folder whose files are gone are deleted. A broken file is reported by name and
skipped while the rest goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from corpus.chunking import Span, chunk_text
from corpus.documents import Document, DocumentError, discover, document_id, file_hash, read_document
from corpus.embeddings import Embedder
from corpus.guard import guard_version
from corpus.store import ChunkStore

DEFAULT_BRIEFS = Path(__file__).resolve().parent / "briefs"
EMBED_BATCH = 256  # chunks embedded together: large batches keep the model busy

Progress = Callable[[int, int, str], None]


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
) -> IngestReport:
    """Ingest articles from files and folders; with ``sync``, delete what left those folders."""
    started = time.perf_counter()
    report = IngestReport()
    manifest = store.manifest()
    found = discover([Path(p) for p in paths])
    report.files = len(found)
    pending: list[tuple[Document, list[Span]]] = []
    seen: set[str] = set()
    stale: list[str] = []  # unchanged documents judged with older injection patterns

    def flush() -> None:
        # The title goes in front of each chunk for embedding only: it carries the month and
        # subject that a chunk in the middle of an article leaves implicit.
        texts = [embedding_text(doc, span) for doc, spans in pending for span in spans]
        vectors = embedder.embed(texts)
        batch, offset = [], 0
        for doc, spans in pending:
            batch.append((doc, spans, vectors[offset : offset + len(spans)]))
            offset += len(spans)
        store.write(batch)
        report.ingested += len(pending)
        report.chunks += len(texts)
        pending.clear()

    for done, (path, root) in enumerate(found, start=1):
        known = manifest.get(document_id(path, root))
        if known is not None and known.content_hash == file_hash(path):
            # unchanged bytes: skipped without parsing, so a start with nothing new reads no article
            seen.add(known.doc_id)
            report.skipped += 1
            if known.guard != guard_version():
                stale.append(known.doc_id)
            if progress:
                progress(done, len(found), path.name)
            continue
        try:
            doc = read_document(path, root)
        except DocumentError as err:
            report.errors.append((str(path), err.reason))
            seen.add(document_id(path, root))  # keep what an earlier, readable version gave
        else:
            seen.add(doc.doc_id)
            entry = manifest.get(doc.doc_id)
            if entry is not None and entry.content_hash == doc.content_hash:
                report.skipped += 1
            else:
                pending.append((doc, chunk_text(doc.text, max_chars, overlap)))
                if sum(len(s) for _, s in pending) >= EMBED_BATCH:
                    flush()
        if progress:
            progress(done, len(found), path.name)
    if pending:
        flush()
    store.rejudge(stale)
    if sync:
        roots = {f"{Path(p).resolve().name}/" for p in paths if Path(p).is_dir()}
        gone = [i for i in manifest if any(i.startswith(r) for r in roots) and i not in seen]
        store.remove(gone)
        report.removed = len(gone)
    report.seconds = time.perf_counter() - started
    return report
