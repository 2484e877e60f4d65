"""The assistant on real parts: the shipped data set, the bundled embedding model and an embedded
Chroma holding the default corpus (built once per session in a temporary folder)."""

import pytest

from assistant.core import Assistant
from corpus.retrieval import Retriever
from tools.dataset import TradeData


@pytest.fixture(scope="session")
def assistant(briefs_store, embedder):
    return Assistant(TradeData.load(), Retriever(briefs_store, embedder))
