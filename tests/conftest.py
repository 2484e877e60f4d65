"""Shared fixtures. Real parts: the shipped data set, the bundled embedding model (in its ONNX form,
as answers use it; the sentence-transformers reference where a test compares the two), Chroma
embedded in a temporary folder, and a real Chroma server started by ``chroma run``."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.settings import Settings
from corpus.embeddings import SentenceTransformerEmbedder, build_embedder
from corpus.ingest import DEFAULT_BRIEFS, ingest
from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig
from tools.dataset import TradeData

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def mini() -> TradeData:
    """A hand-made data set whose figures are worked out by hand in tests/tools/test_figures.py."""
    return TradeData.load(HERE / "data" / "mini")


@pytest.fixture(scope="session")
def real() -> TradeData:
    """The curated data set shipped with the project."""
    return TradeData.load()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own state folder; nothing touches the user's home."""
    monkeypatch.setenv("RAREEARTH_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def model_cache() -> Path:
    """Where the ONNX form of the model is cached: the default, so one made at setup is reused."""
    return Settings().model_cache


@pytest.fixture(scope="session")
def embedder(model_cache):
    """The embedder answers use: the bundled model as an ONNX graph (made here if not yet cached)."""
    model = build_embedder("", model_cache)
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def reference_embedder():
    """The same model through sentence-transformers: the reference the ONNX form must match."""
    model = SentenceTransformerEmbedder()
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def briefs_store(tmp_path_factory, embedder):
    """The default corpus ingested once into an embedded Chroma."""
    store = ChunkStore.open(StoreConfig(path=tmp_path_factory.mktemp("chroma") / "db"))
    report = ingest([DEFAULT_BRIEFS], store, embedder, sync=True)
    assert report.errors == []
    return store


@pytest.fixture(scope="session")
def retriever(briefs_store, embedder):
    return Retriever(briefs_store, embedder)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server on 127.0.0.1 and a free port; stopped at the end of the session."""
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [exe, "run", "--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((folder / "server.log").read_text()) from None
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("chroma run did not start within 60 s")
    yield StoreConfig(host="127.0.0.1", port=port, collection="server-test")
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def assistant(briefs_store, embedder):
    """The assistant on real parts: the shipped data set and the default corpus in Chroma."""
    return Assistant(TradeData.load(), Retriever(briefs_store, embedder))
