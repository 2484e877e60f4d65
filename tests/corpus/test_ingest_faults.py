"""Ingestion killed with SIGKILL at random points: every document is whole in the index or absent.

Each run starts ``python -m assistant ingest`` on generated articles in a subprocess, kills its
process group at a random moment (seeded, printed) and then opens the index in this process:
every document the manifest names must have exactly its manifest's number of chunks for its
version, and a search must return chunks of such documents only. A last run, not killed, must
then bring every document in whole.
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chromadb.api.client import SharedSystemClient

from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig

ROOT = Path(__file__).resolve().parents[2]
RUNS = 20


def articles(folder: Path, n: int = 30) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sentences = " ".join(
            f"Note {i}.{j}: magnet buyers in market {i} waited {j + 2} weeks for export licences in 2025."
            for j in range(40)
        )
        (folder / f"note-{i:02d}.md").write_text(
            f"---\ntitle: Licence note {i}\ndate: 2025-{i % 12 + 1:02d}-15\n---\n\n{sentences}\n", encoding="utf-8"
        )
    return folder


def ingest_process(home: Path, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "RAREEARTH_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, killed whole
    )


def check_whole(home: Path, embedder) -> int:
    """Assert every document is whole or absent; return how many are whole.

    The command brings in the default briefs first, then the notes: 39 + 30 documents.
    """
    # Chroma keeps one system per folder in a process: forget it, so that this read sees what
    # the ingesting process wrote since the last one (as a newly started app would)
    SharedSystemClient.clear_system_cache()
    store = ChunkStore.open(StoreConfig(path=home / "chroma"))
    manifest = store.manifest()
    for doc_id, entry in manifest.items():
        got = store.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
        current = [m for m in got["metadatas"] if m["version"] == entry.content_hash[:16]]
        assert len(current) == entry.chunks, (doc_id, len(current), entry.chunks)
        assert sorted(m["chunk"] for m in current) == list(range(entry.chunks))
    for passage in Retriever(store, embedder).search("licence waiting weeks for magnet buyers", k=8):
        assert passage.doc_id in manifest
    return len(manifest)


@pytest.mark.slow
def test_sigkill_during_ingestion_leaves_documents_whole_or_absent(tmp_path, embedder):
    folder = articles(tmp_path / "notes")
    home = tmp_path / "home"
    started = time.perf_counter()  # one full run first: how long ingestion takes here
    assert ingest_process(home, folder).wait(timeout=600) == 0
    full = time.perf_counter() - started
    total = check_whole(home, embedder)
    assert total == 39 + 30
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    whole_counts = []
    for run in range(RUNS):
        home = tmp_path / f"home-{run}"
        proc = ingest_process(home, folder)
        delay = rng.uniform(0.2, full)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        whole_counts.append(check_whole(home, embedder) if (home / "chroma").exists() else 0)
    print(f"seed {seed}; full ingestion {full:.1f} s; documents whole after each kill: {whole_counts}")
    assert any(0 < n < total for n in whole_counts), "no kill landed while documents were being written"
    assert ingest_process(home, folder).wait(timeout=600) == 0  # a later run completes the index
    assert check_whole(home, embedder) == total
