"""Ingestion throughput against plain model.encode, and query latency at 10k and 100k chunks.

Run: python bench/bench_retrieval.py [--copies 12] [--sizes 10000 100000] [--queries 60]

1. Ingestion: the default briefs, copied ``--copies`` times with a distinguishing line, go
   through ``corpus.ingest.ingest`` into a fresh embedded Chroma; the same chunk texts then go
   through ``model.encode`` alone. Target: ingestion chunks/s ≥ 0.8 × encode chunks/s. Then
   once more with the stated figures read and stored: target ≥ 0.8 × ingestion without them.
2. Query latency: a synthetic store of N chunks (random unit vectors with the real metadata
   layout; the vectors' content does not change the index's work per query) is queried through
   ``Retriever.search``, query embedding included, with the gold questions. Target: p50 ≤ 30 ms
   at 100k.
3. Peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.chunking import chunk_text  # noqa: E402
from corpus.documents import read_document  # noqa: E402
from corpus.embeddings import SentenceTransformerEmbedder  # noqa: E402
from corpus.ingest import DEFAULT_BRIEFS, embedding_text, ingest  # noqa: E402
from corpus.retrieval import Retriever  # noqa: E402
from corpus.store import BATCH, ChunkStore, StoreConfig  # noqa: E402


def ingestion(embedder: SentenceTransformerEmbedder, copies: int, work: Path) -> None:
    folder = work / "copies"
    folder.mkdir()
    for path in sorted(DEFAULT_BRIEFS.glob("*.md")):
        text = path.read_text()
        for n in range(copies):
            (folder / f"{path.stem}-{n}.md").write_text(text + f"\n\nCopy {n} of this brief.\n")
    texts = []
    for path in sorted(folder.glob("*.md")):
        doc = read_document(path, folder)
        texts.extend(embedding_text(doc, span) for span in chunk_text(doc.text))
    embedder.embed(texts[:64])  # warm up
    t0 = time.perf_counter()
    embedder.model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True, show_progress_bar=False)
    encode_s = time.perf_counter() - t0
    store = ChunkStore.open(StoreConfig(path=work / "ingest-db"))
    t0 = time.perf_counter()
    report = ingest([folder], store, embedder)
    ingest_s = time.perf_counter() - t0
    encode_rate, ingest_rate = len(texts) / encode_s, report.chunks / ingest_s
    print(f"ingestion: {report.files} files, {report.chunks} chunks")
    print(f"  model.encode alone : {encode_rate:8.1f} chunks/s")
    print(f"  ingest (end to end): {ingest_rate:8.1f} chunks/s")
    print(f"  ratio              : {ingest_rate / encode_rate:8.2f}  (target ≥ 0.80)")
    # the same with each document's stated figures read and stored with its chunks
    from assistant.reading.build import load_lexicon
    from assistant.stated import StatedReader, measure_words

    store = ChunkStore.open(StoreConfig(path=work / "ingest-stated-db"))
    t0 = time.perf_counter()
    report = ingest([folder], store, embedder, stated=StatedReader(measure_words(load_lexicon())))
    stated_rate = report.chunks / (time.perf_counter() - t0)
    print(f"  ingest, stated read: {stated_rate:8.1f} chunks/s")
    print(f"  ratio to ingest    : {stated_rate / ingest_rate:8.2f}  (target ≥ 0.80)")


def latency(embedder: SentenceTransformerEmbedder, size: int, queries: list[str], work: Path) -> None:
    store = ChunkStore.open(StoreConfig(path=work / f"db-{size}"))
    rng = np.random.default_rng(size)
    t0 = time.perf_counter()
    for lo in range(0, size, 4 * BATCH):
        n = min(4 * BATCH, size - lo)
        vectors = rng.normal(size=(n, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"syn/{i // 5}#v#{i % 5}" for i in range(lo, lo + n)]
        metas = [
            {
                "doc_id": f"syn/{i // 5}",
                "version": "v",
                "title": f"Synthetic brief {i // 5}",
                "publisher": "Synthetic",
                "date": "2025-06-01",
                "date_num": 20250601 + (i % 28),
                "url": "",
                "start": 0,
                "end": 100,
                "publishers": ["Synthetic"],
                "topics": ["magnets"],
                "sources": "[]",
            }
            for i in range(lo, lo + n)
        ]
        store.chunks.add(
            ids=ids,
            embeddings=vectors.tolist(),
            metadatas=metas,
            documents=[f"synthetic chunk {i} about rare earth magnets" for i in range(lo, lo + n)],
        )
        docs = sorted({m["doc_id"] for m in metas})
        store.manifest_collection.upsert(
            ids=docs,
            embeddings=[[0.0]] * len(docs),
            metadatas=[{"hash": "v", "chunks": 5, "title": d, "path": ""} for d in docs],
        )
    built = time.perf_counter() - t0
    retriever = Retriever(store, embedder)
    for q in queries[:5]:
        retriever.search(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        retriever.search(q, k=5)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"query latency at {store.count():,} chunks (built in {built:.0f} s): "
        f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms (embedding included)"
    )


def main() -> int:
    """Print the ingestion ratio, the latencies and the peak memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=12)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=60)
    args = parser.parse_args()
    gold = json.loads((ROOT / "tests" / "corpus" / "gold_retrieval.json").read_text())
    queries = [g["question"] for g in gold]
    queries = (queries * (args.queries // len(queries) + 1))[: args.queries]
    embedder = SentenceTransformerEmbedder()
    work = Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    try:
        ingestion(embedder, args.copies, work)
        for size in args.sizes:
            latency(embedder, size, queries, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
