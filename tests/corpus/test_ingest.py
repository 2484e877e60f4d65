"""Ingestion with the real embedding model into an embedded Chroma in a temporary folder."""

from pathlib import Path

import pytest

from corpus.ingest import ingest
from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig
from tests.corpus.test_documents import HTML, MARKDOWN, pdf_bytes


@pytest.fixture()
def store(tmp_path):
    return ChunkStore.open(StoreConfig(path=tmp_path / "db"))


@pytest.fixture()
def folder(tmp_path):
    root = tmp_path / "articles"
    root.mkdir()
    (root / "brief.md").write_text(MARKDOWN)
    (root / "page.html").write_text(HTML)
    (root / "report.pdf").write_bytes(pdf_bytes("Magnet exports reached 6,150 t in November 2025."))
    (root / "note.txt").write_text("March 10, 2026\n\nA note\n\nTerbium exports to Japan fell in 2025.")
    return root


def test_ingest_every_kind_then_skip_unchanged(store, folder, embedder):
    first = ingest([folder], store, embedder)
    assert (first.files, first.ingested, first.skipped, first.errors) == (4, 4, 0, [])
    assert first.chunks == store.count() > 0
    again = ingest([folder], store, embedder)
    assert (again.ingested, again.skipped, again.chunks) == (0, 4, 0)
    assert store.count() == first.chunks


def test_changed_file_is_replaced_and_removed_file_deleted_on_sync(store, folder, embedder):
    ingest([folder], store, embedder)
    (folder / "note.txt").write_text("March 10, 2026\n\nA note\n\nDysprosium shipments to Korea tripled.")
    (folder / "page.html").unlink()
    report = ingest([folder], store, embedder, sync=True)
    assert (report.ingested, report.skipped, report.removed) == (1, 2, 1)
    retriever = Retriever(store, embedder)
    texts = " ".join(p.text for p in retriever.search("dysprosium terbium Korea Japan", k=10))
    assert "Dysprosium shipments to Korea tripled" in texts
    assert "Terbium exports to Japan" not in texts  # the old version is gone
    assert all("html" not in p.doc_id for p in retriever.search("Germany received magnets", k=10))
    assert set(store.manifest()) == {"articles/brief.md", "articles/report.pdf", "articles/note.txt"}


def test_broken_file_is_reported_and_the_rest_goes_on(store, folder, embedder):
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    report = ingest([folder], store, embedder)
    assert report.ingested == 4
    assert [(p.split("/")[-1], "PDF" in why) for p, why in report.errors] == [("broken.pdf", True)]
    assert "broken.pdf" in report.summary


def test_a_crash_part_way_leaves_no_half_document(store, folder, embedder, monkeypatch):
    ingest([folder], store, embedder)
    before = store.manifest()["articles/note.txt"]
    (folder / "note.txt").write_text("March 10, 2026\n\nA note\n\nYttrium prices soared in Europe. " * 5)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    # dies after the new chunks are written, before the manifest names their version
    monkeypatch.setattr(store.manifest_collection, "upsert", crash)
    with pytest.raises(RuntimeError):
        ingest([folder], store, embedder)
    monkeypatch.undo()
    retriever = Retriever(store, embedder)
    assert all("Yttrium" not in p.text for p in retriever.search("yttrium prices Europe", k=10))
    assert store.manifest()["articles/note.txt"] == before  # still the old version on record
    report = ingest([folder], store, embedder)  # the next run finishes the job
    assert report.ingested == 1
    assert any("Yttrium" in p.text for p in retriever.search("yttrium prices Europe", k=3))
    assert store.count() == sum(e.chunks for e in store.manifest().values())  # no stale chunk is left


def test_chunks_carry_citation_metadata(store, folder, embedder):
    ingest([folder], store, embedder)
    passages = Retriever(store, embedder).search("Germany 1,116 t magnets July", k=1)
    p = passages[0]
    assert (p.title, p.publisher, p.date, p.url) == (
        "Magnets rebound",
        "Example News",
        "2025-08-21",
        "https://example.org/magnets",
    )
    assert p.end > p.start and p.doc_id == "articles/page.html"


def test_seed_article_becomes_retrievable(store, embedder):
    seed_dir = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seed_dir.is_dir():
        pytest.skip("no shared/seeds folder beside the project")
    report = ingest([seed_dir], store, embedder)
    assert report.ingested >= 1 and report.errors == []
    top = Retriever(store, embedder).search("magnet exports to Germany rose 46% in July", k=3)
    assert top[0].doc_id.startswith("seeds/")
    assert top[0].date == "2025-09-25"
    assert "1,116" in " ".join(p.text for p in top)
