"""A real app on a free port, served in this process, and headless Chromium driven by Playwright.

Chromium is Debian's package (.ci/run installs it); Playwright never downloads a browser.
"""

import shutil
import socket
from pathlib import Path

import pytest

from assistant.core import Assistant
from assistant.settings import Settings
from assistant.ui import Desk, build_ui, launch
from corpus.ingest import DEFAULT_BRIEFS, ingest
from corpus.retrieval import Retriever
from corpus.store import ChunkStore, StoreConfig
from tools.dataset import TradeData

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(assistant, home):
    settings = Settings(home=home, port=_free_port())
    desk = Desk(assistant, settings)
    app = build_ui(desk)
    launch(app, settings, block=False)
    return app, f"http://127.0.0.1:{settings.port}/", desk


@pytest.fixture()
def served(assistant, tmp_path):
    """The app on 127.0.0.1 and a free port, with its own state folder."""
    app, url, desk = _serve(assistant, tmp_path / "home")
    yield url, desk
    app.close()


@pytest.fixture()
def served_private(embedder, tmp_path):
    """Like ``served`` but with an article store of its own, for tests that add to it."""
    store = ChunkStore.open(StoreConfig(path=tmp_path / "chroma"))
    ingest([DEFAULT_BRIEFS], store, embedder, sync=True)
    app, url, desk = _serve(Assistant(TradeData.load(), Retriever(store, embedder)), tmp_path / "home")
    yield url, desk
    app.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does this)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture()
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
