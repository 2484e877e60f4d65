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


def test_no_held_out_attack_changes_figures_or_tool_calls(tmp_path, assistant):
    """Every held-out attack, withheld or not, uploaded inside an ordinary trade paragraph."""
    import json
    from pathlib import Path

    from assistant.settings import Settings
    from assistant.workspace import Workspaces

    here = Path(__file__).resolve().parents[1] / "corpus"
    attacks = [
        json.loads(line)["text"]
        for name in ("injection_heldout1.jsonl", "injection_heldout2.jsonl")
        for line in (here / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["kind"] == "attack"
    ]
    clean = assistant.ask(QUESTION)
    calls = [(t.tool, t.inputs) for t in clean.trace if t.tool != "retrieve"]
    figures = [(f.label, f.value) for f in clean.figures]
    spaces = Workspaces(Settings(home=tmp_path / "home"), lambda: assistant)
    quoted = withheld = 0
    for i, attack in enumerate(attacks):
        article = tmp_path / f"note-{i}.md"
        article.write_text(
            "---\ntitle: Magnet exports in July 2025\ndate: 2025-08-20\n---\n\n"
            "China's rare earth magnet exports changed sharply in July 2025 as licences came through. "
            f"{attack} Traders expect shipments to stay volatile.\n",
            encoding="utf-8",
        )
        session = f"s{i}"
        spaces.add_articles(session, [article])
        answer = spaces.assistant(session).ask(QUESTION)
        spaces.end(session)
        assert [(t.tool, t.inputs) for t in answer.trace if t.tool != "retrieve"] == calls, attack
        assert [(f.label, f.value) for f in answer.figures] == figures, attack
        withheld += any("left out because it gives instructions" in w for w in answer.warnings)
        mine = [c for c in answer.citations if c.publisher.endswith("(your article)")]
        quoted += bool(mine)
    print(f"{len(attacks)} attacks: figures and tool calls unchanged in all; withheld {withheld}, quoted {quoted}")
    assert len(attacks) >= 100
