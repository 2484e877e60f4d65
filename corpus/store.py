"""The Chroma store of article chunks: embedded (a folder) or a Chroma server, through one code path.

A document is visible only through its manifest record (one per document, holding the content
hash of the version that is complete). Writes go: new chunks, then the manifest, then removal of
the old version's chunks. A crash at any point leaves either the old version or the new one
visible, never half of one: queries drop every chunk whose version is not the manifest's.
Keeping this check out of the vector search (no ``where`` clause) keeps queries fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.chunking import Span
from corpus.documents import Document
from corpus.guard import guard_version, looks_like_instructions
from tools.errors import AssistantError

BATCH = 128


class StoreError(AssistantError):
    """The vector store cannot be reached or used."""


@dataclass(frozen=True)
class StoreConfig:
    """Where the chunks live: a folder (embedded Chroma) or a server (host and port)."""

    path: Path | None = None
    host: str | None = None
    port: int | None = None
    collection: str = "rare-earth-articles"

    @property
    def where(self) -> str:
        """A short description for status lines and errors."""
        return f"Chroma server {self.host}:{self.port}" if self.host else f"Chroma in {self.path}"


# Who added a document, which decides how its sentences may be shown: the project's curated
# briefs are told as context; everything else is quoted as its named source's words.
CURATED = "curated"  # the shipped briefs
LIBRARY = "library"  # added to the shared library from the command line
UPLOAD = "upload"  # uploaded from the page of an app that shares uploads
SESSION = "session"  # uploaded by one visitor, for that visitor alone
ORIGINS = (CURATED, LIBRARY, UPLOAD, SESSION)


@dataclass(frozen=True)
class ManifestEntry:
    """What the store holds of one document."""

    doc_id: str
    content_hash: str
    chunks: int
    title: str
    path: str
    guard: str = ""  # the injection patterns' version its chunks were judged with
    origin: str = ""  # who added it (see ORIGINS); empty for chunks stored before origins were kept
    stated: str = ""  # the version of the extraction that read its stated figures; "" when none did


def _unchecked_override_marks() -> None:
    """Let ``@override`` in chromadb mark methods without checking them at import time.

    chromadb marks every method that overrides a base method with the ``overrides`` package's
    decorator, which reads the caller's bytecode and compares signatures while each class is
    built: about a quarter of importing chromadb and of opening a client. Those checks guard
    chromadb's own development; at run time only the mark (``__override__``) is looked at. Done
    only before chromadb's first import, which is when its decorators run.
    """
    if "chromadb" in sys.modules:
        return
    try:
        import overrides  # chromadb's own dependency
    except ImportError:  # a chromadb without it has nothing to skip
        return

    def mark(method: Any = None, **_: Any) -> Any:
        if method is None:
            return mark
        method.__override__ = True
        return method

    overrides.override = overrides.overrides = mark  # type: ignore[assignment]


def open_client(config: StoreConfig) -> Any:
    """A Chroma client for the configuration (telemetry off; our own embeddings only)."""
    _unchecked_override_marks()
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if config.host:
            return chromadb.HttpClient(host=config.host, port=int(config.port or 8000), settings=settings)
        if config.path is None:
            return chromadb.EphemeralClient(settings=settings)
        config.path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(config.path), settings=settings)
    except Exception as err:  # chromadb raises many kinds here; all mean "cannot open"
        raise StoreError(f"Cannot open {config.where}: {err}") from err


class ChunkStore:
    """Chunks with their embeddings and citation metadata, plus a per-document manifest."""

    def __init__(self, client: Any, collection: str = "rare-earth-articles") -> None:
        self.client = client
        self.name = collection
        # embedding_function=None: Chroma's default would download a model, and we embed ourselves
        self.chunks = client.get_or_create_collection(
            collection, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        self.manifest_collection = client.get_or_create_collection(f"{collection}-manifest", embedding_function=None)

    @classmethod
    def open(cls, config: StoreConfig) -> ChunkStore:
        """Open (creating if needed) the store described by ``config``."""
        try:
            return cls(open_client(config), config.collection)
        except StoreError:
            raise
        except Exception as err:
            raise StoreError(f"Cannot use {config.where}: {err}") from err

    # -- reading ---------------------------------------------------------------------------
    def manifest(self) -> dict[str, ManifestEntry]:
        """Every document the store holds, by id."""
        got = self.manifest_collection.get(include=["metadatas"])
        return {
            i: ManifestEntry(
                i,
                m["hash"],
                int(m["chunks"]),
                m.get("title", ""),
                m.get("path", ""),
                m.get("guard", ""),
                m.get("origin", ""),
                m.get("stated", ""),
            )
            for i, m in zip(got["ids"], got["metadatas"], strict=True)
        }

    def publishers(self) -> set[str]:
        """The publishers of the documents people added (not the project's briefs), and their sources'."""
        got = self.chunks.get(where={"origin": {"$ne": CURATED}}, include=["metadatas"])
        return {p for m in got["metadatas"] for p in m.get("publishers") or () if p}

    def stated(self) -> list[tuple[dict[str, Any], str, list[dict[str, Any]]]]:
        """Every chunk's stated figures with the chunk's metadata and text, for the current version of each document.

        Chunks overlap: a figure in two of them is given once, by its document and offsets.
        """
        got = self.chunks.get(where={"stated": {"$ne": ""}}, include=["metadatas", "documents"])
        metas = got["metadatas"]
        current = self.versions([m["doc_id"] for m in metas]) if metas else {}
        seen: set[tuple[str, int]] = set()
        out = []
        for meta, text in zip(metas, got["documents"], strict=True):
            if current.get(meta["doc_id"]) != meta["version"]:
                continue
            records = [r for r in json.loads(meta.get("stated") or "[]") if (meta["doc_id"], r["start"]) not in seen]
            seen.update((meta["doc_id"], r["start"]) for r in records)
            if records:
                out.append((meta, text, records))
        return out

    def count(self) -> int:
        """Number of chunks stored (stale ones included until they are removed)."""
        return int(self.chunks.count())

    def versions(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """The complete version of each document that has one (a lookup by id)."""
        got = self.manifest_collection.get(ids=list(dict.fromkeys(doc_ids)), include=["metadatas"])
        return {i: m["hash"][:16] for i, m in zip(got["ids"], got["metadatas"], strict=True)}

    def query(self, embedding: Sequence[float], n: int, where: dict[str, Any] | None = None) -> dict[str, Any]:
        """The ``n`` nearest chunks of complete document versions (fewer when stale ones are dropped).

        Returns Chroma's result layout: ids, documents, metadatas, distances, embeddings.
        """
        found = self.chunks.query(
            query_embeddings=[list(embedding)],
            n_results=n,
            where=where or None,
            include=["documents", "metadatas", "distances", "embeddings"],
        )
        metas = found["metadatas"][0]
        current = self.versions([m["doc_id"] for m in metas]) if metas else {}
        keep = [i for i, m in enumerate(metas) if current.get(m["doc_id"]) == m["version"]]
        return {
            key: [[found[key][0][i] for i in keep]]
            for key in ("ids", "documents", "metadatas", "distances", "embeddings")
        }

    # -- writing ---------------------------------------------------------------------------
    def write(
        self, batch: Sequence[tuple[Document, Sequence[Span], Sequence[Sequence[float]]]], origin: str = LIBRARY
    ) -> None:
        """Replace each document's chunks with new ones, in crash-safe order; ``origin`` says who added them."""
        if not batch:
            return
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        texts: list[str] = []
        vectors: list[Sequence[float]] = []
        for doc, spans, embeddings in batch:
            version = doc.content_hash[:16]
            for n, (span, vector) in enumerate(zip(spans, embeddings, strict=True)):
                ids.append(f"{doc.doc_id}#{version}#{n}")
                metas.append(_chunk_metadata(doc, span, n, version, origin))
                texts.append(span.text)
                vectors.append(vector)
        for lo in range(0, len(ids), BATCH):
            self.chunks.upsert(
                ids=ids[lo : lo + BATCH],
                embeddings=[list(v) for v in vectors[lo : lo + BATCH]],
                documents=texts[lo : lo + BATCH],
                metadatas=metas[lo : lo + BATCH],
            )
        doc_ids = [doc.doc_id for doc, _, _ in batch]
        self.manifest_collection.upsert(
            ids=doc_ids,
            embeddings=[[0.0] for _ in batch],
            metadatas=[
                {
                    "hash": d.content_hash,
                    "chunks": len(sp),
                    "title": d.title,
                    "path": d.path,
                    "guard": guard_version(),
                    "origin": origin,
                    "stated": d.stated_version,
                }
                for d, sp, _ in batch
            ],
        )
        # Old versions (and chunks a crashed run left behind) go last. Two documents with
        # identical content share a version, so an old chunk may survive here; queries ignore
        # it because the manifest names another version.
        self.chunks.delete(
            where={
                "$and": [
                    {"doc_id": {"$in": doc_ids}},
                    {"version": {"$nin": [d.content_hash[:16] for d, _, _ in batch]}},
                ]
            }
        )

    def rejudge(self, doc_ids: Sequence[str], origin: str = LIBRARY) -> None:
        """Judge the documents' chunks again with the current injection patterns, and stamp their origin."""
        if not doc_ids:
            return
        got = self.chunks.get(where={"doc_id": {"$in": list(doc_ids)}}, include=["documents", "metadatas"])
        version = guard_version()
        metas = [
            {**m, "instructions": looks_like_instructions(text), "guard": version, "origin": origin}
            for text, m in zip(got["documents"], got["metadatas"], strict=True)
        ]
        for lo in range(0, len(metas), BATCH):
            self.chunks.update(ids=got["ids"][lo : lo + BATCH], metadatas=metas[lo : lo + BATCH])
        found = self.manifest_collection.get(ids=list(doc_ids), include=["metadatas"])
        self.manifest_collection.update(
            ids=found["ids"], metadatas=[{**m, "guard": version, "origin": origin} for m in found["metadatas"]]
        )

    def drop(self) -> None:
        """Delete the whole store: its chunks and its manifest (a session's workspace, at its end)."""
        for name in (self.name, f"{self.name}-manifest"):
            try:
                self.client.delete_collection(name)
            except Exception:  # noqa: BLE001 - already gone is as good as deleted
                continue

    def remove(self, doc_ids: Sequence[str]) -> None:
        """Delete documents (every version of their chunks) and their manifest records."""
        if not doc_ids:
            return
        self.chunks.delete(where={"doc_id": {"$in": list(doc_ids)}})
        self.manifest_collection.delete(ids=list(doc_ids))


def _chunk_metadata(doc: Document, span: Span, n: int, version: str, origin: str) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "origin": origin,
        "doc_id": doc.doc_id,
        "version": version,
        "chunk": n,
        "title": doc.title,
        "publisher": doc.publisher,
        "date": doc.date,
        "date_num": date_number(doc.date),
        "url": doc.url,
        "path": doc.path,
        "kind": doc.kind,
        "start": span.start,
        "end": span.end,
        "sources": json.dumps([s.__dict__ for s in doc.sources]),
        # judged once here, so retrieval need not read every candidate again
        "instructions": looks_like_instructions(span.text),
        "guard": guard_version(),
    }
    # stored with the chunk, so that they are written and deleted with it; offsets are the document's
    stated = [r for r in doc.stated if span.start <= int(r["start"]) < span.end]  # type: ignore[call-overload]
    if stated:
        meta["stated"] = json.dumps(stated)
    # Chroma filters lists with $contains, but rejects empty lists
    publishers = sorted({doc.publisher, *(s.publisher for s in doc.sources)})
    meta["publishers"] = publishers
    if doc.topics:
        meta["topics"] = list(doc.topics)
    return meta


def date_number(iso: str) -> int:
    """2025-08-20 -> 20250820 (a month alone counts as its first day; unknown is 0)."""
    digits = iso.replace("-", "")
    if len(digits) == 6:
        digits += "01"
    return int(digits) if digits.isdigit() and len(digits) == 8 else 0
