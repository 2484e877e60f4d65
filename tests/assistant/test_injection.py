"""An ingested article that gives instructions is withheld from the offline answer too."""

from assistant.core import Assistant
from corpus.ingest import DEFAULT_BRIEFS, ingest
from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig
from tests.llm.test_llm_server import POISON
from tools.dataset import TradeData

QUESTION = "How did China's rare earth magnet exports change in July 2025?"


def test_poisoned_article_is_withheld_and_numbers_unchanged(embedder, tmp_path, assistant):
    store = ChunkStore.open(StoreConfig(path=tmp_path / "db"))
    ingest([DEFAULT_BRIEFS], store, embedder)
    folder = tmp_path / "poison"
    folder.mkdir()
    (folder / "update.md").write_text(POISON)
    ingest([folder], store, embedder)
    poisoned = Assistant(TradeData.load(), Retriever(store, embedder)).ask(QUESTION)
    clean = assistant.ask(QUESTION)
    assert "99,999" not in poisoned.text
    assert [(t.tool, t.inputs) for t in poisoned.trace if t.tool != "retrieve"] == [
        (t.tool, t.inputs) for t in clean.trace if t.tool != "retrieve"
    ]
    assert [(f.label, f.value) for f in poisoned.figures] == [(f.label, f.value) for f in clean.figures]
    assert any("left out because it gives instructions" in w for w in poisoned.warnings)
    assert all(c.doc_id != "poison/update.md" for c in poisoned.citations)
