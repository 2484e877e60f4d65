"""An ingest stopped part-way names the files it did not reach: at once when it can, at the next start when killed.

Real parts: the bundled embedding model and Chroma in a temporary folder; the killed run is a
subprocess running the real ingestion, killed with SIGKILL.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import corpus.ingest as ingest_module
from assistant import factory
from assistant.cli import main
from assistant.settings import Settings
from corpus.ingest import IngestReport, ingest, stopped_before
from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig

ROOT = Path(__file__).resolve().parents[2]
NOTICE = "an earlier ingest stopped before these files:"
KILLED_INGEST = """
import sys
import time
from pathlib import Path

import corpus.ingest
from assistant.factory import build_embedder, ingest_journal
from assistant.settings import Settings
from corpus.store import ChunkStore, StoreConfig

settings = Settings.from_env()
corpus.ingest.EMBED_BATCH = 1  # each file written as it is read
store = ChunkStore.open(StoreConfig(path=settings.chroma_dir))
embedder = build_embedder(settings)
embedder.embed(["warm up"])
print("ready", flush=True)
corpus.ingest.ingest(
    [Path(sys.argv[1])], store, embedder, journal=ingest_journal(settings), progress=lambda *_: time.sleep(0.3)
)
"""


@pytest.fixture()
def folder(tmp_path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    for i in range(6):
        (root / f"note-{i}.md").write_text(
            f"---\ntitle: Licence note {i}\ndate: 2025-0{i + 1}-15\n---\n\n"
            f"Magnet buyers in market {i} waited {i + 2} weeks for export licences in 2025.\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture()
def settings(tmp_path, monkeypatch) -> Settings:
    home = tmp_path / "home"
    monkeypatch.setenv("RAREEARTH_HOME", str(home))
    return Settings(home=home)


def files(folder: Path, *numbers: int) -> list[str]:
    return [str((folder / f"note-{i}.md").resolve()) for i in numbers]


def test_an_interrupted_ingest_names_the_files_it_did_not_reach(tmp_path, folder, settings, embedder, monkeypatch):
    monkeypatch.setattr(ingest_module, "EMBED_BATCH", 1)  # each file written as it is read
    store = ChunkStore.open(StoreConfig(path=tmp_path / "db"))
    journal = factory.ingest_journal(settings)

    def ctrl_c_after_two(done: int, total: int, name: str) -> None:
        if done == 2:
            raise KeyboardInterrupt

    report = IngestReport()
    with pytest.raises(KeyboardInterrupt) as err:
        ingest([folder], store, embedder, progress=ctrl_c_after_two, journal=journal, report=report)
    left = files(folder, 2, 3, 4, 5)
    assert report.unreached == left
    assert "stopped before 4 file(s), not ingested:" in report.summary and all(f in report.summary for f in left)
    assert "stopped before 4 file(s)" in " ".join(err.value.__notes__)
    assert set(store.manifest()) == {"articles/note-0.md", "articles/note-1.md"}
    # named at the next start too, and until the files are ingested
    assert stopped_before(journal) == left
    (notice,) = factory.notices(settings)
    assert notice.startswith(NOTICE) and all(f in notice for f in left)
    # what runs killed while writing their note leave: a half-written note, a lock whose note never came
    (journal / ".0a1b.json.99.part").write_text('{"files": ["')
    (journal / "2c3d.lock").touch()
    again = ingest([folder], store, embedder, journal=journal)
    assert (again.ingested, again.skipped, again.unreached) == (4, 2, [])
    assert stopped_before(journal) == [] and list(journal.iterdir()) == []


def test_the_command_line_names_the_files_an_interrupted_ingest_did_not_reach(
    tmp_path, folder, settings, embedder, monkeypatch, capsys
):
    monkeypatch.setattr(ingest_module, "EMBED_BATCH", 1)
    store = ChunkStore.open(StoreConfig(path=tmp_path / "db"))
    # the article index as the command line builds it, without ingesting the default corpus first
    monkeypatch.setattr(factory, "build_retrieval", lambda *a, **k: (Retriever(store, embedder), IngestReport()))
    write = store.write
    written: list[int] = []

    def ctrl_c_on_the_third_file(*args, **kwargs):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(1)
        return write(*args, **kwargs)

    monkeypatch.setattr(store, "write", ctrl_c_on_the_third_file)
    assert main(["ingest", str(folder)]) == 130
    out = capsys.readouterr().out
    assert "stopped before 4 file(s), not ingested:" in out and all(f in out for f in files(folder, 2, 3, 4, 5))
    monkeypatch.setattr(store, "write", write)
    # the next start says so (here `data`, as `ask` and `serve` do), then a run that reaches them clears it
    assert main(["data"]) == 0
    assert f"warning: {NOTICE} {', '.join(files(folder, 2, 3, 4, 5))}" in capsys.readouterr().err
    assert main(["ingest", str(folder)]) == 0
    captured = capsys.readouterr()
    assert NOTICE in captured.err and "4 ingested" in captured.out
    assert factory.notices(settings) == []


@pytest.mark.slow
def test_a_killed_ingest_is_named_at_the_next_start(folder, settings, embedder, capsys):
    env = {**os.environ, "RAREEARTH_HOME": str(settings.home), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_INGEST, str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    time.sleep(1.2)  # a file or so in: the run sleeps 0.3 s after each
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    journal = factory.ingest_journal(settings)
    named = stopped_before(journal)
    store = ChunkStore.open(StoreConfig(path=settings.chroma_dir))
    ingested = {str((folder.parent / doc_id).resolve()) for doc_id in store.manifest()}
    assert named and set(named) <= set(files(folder, *range(6)))
    # a file the journal does not name is in the index: a kill never hides a file it did not reach
    assert set(files(folder, *range(6))) - set(named) <= ingested
    assert main(["data"]) == 0
    assert f"warning: {NOTICE} {', '.join(named)}" in capsys.readouterr().err
    report = ingest([folder], store, embedder, journal=journal)
    assert report.ingested + report.skipped == 6 and stopped_before(journal) == []
