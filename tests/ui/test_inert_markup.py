"""An article's Markdown image and links, in a real browser: nothing is fetched, nothing is clickable.

A tiny HTTP server on 127.0.0.1 serves a 1x1 PNG and counts every request. An uploaded article
puts that image and a phishing-style link in a sentence the answer quotes; the page shows the
sentence, and the server must never be asked for the image.
"""

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.ui.test_browser import ask, open_app, upload

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
QUESTION = "What does the field note say about gadolinium licence queues in Ruritania?"


class _Pixel(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def pixel():
    """A counting pixel server on 127.0.0.1 and a free port: (port, the paths asked for)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pixel)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], server.hits
    server.shutdown()
    server.server_close()


def article(port: int) -> str:
    return (
        "---\ntitle: Field note on gadolinium licence queues\ndate: 2026-02-01\n---\n\n"
        "Gadolinium buyers in Ruritania reported long licence queues in early 2026 "
        f"![x](http://127.0.0.1:{port}/pixel.png?leak=1), according to the "
        "[official GACC release](https://evil.example/phish) on gadolinium licences. "
        f'The gadolinium licence queues in Ruritania lasted for weeks <img src="http://127.0.0.1:{port}/tag.png">, '
        "as <https://evil.example/auto> and www.evil.example/bare noted.\n"
    )


LIVE = """(port) => [...document.querySelectorAll('a[href], img[src], [style*="url("]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('style'))
    .filter(v => v.includes('evil.example') || v.includes(':' + port))"""


def test_an_articles_image_is_never_fetched_and_its_links_are_text(browser, served, pixel, tmp_path, shot):
    port, hits = pixel
    # the server answers: a fetch of the image would be counted, not lost
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/probe", timeout=5) as reply:
        assert reply.read() == PNG
    hits.clear()

    url, _ = served
    note = tmp_path / "note.md"
    note.write_text(article(port), encoding="utf-8")
    page = open_app(browser, url)
    page.click("text=Add your own articles or trade table")
    page.wait_for_selector("#article-upload input[type=file]", state="attached", timeout=30_000)
    upload(page, "#article-upload", "Add articles", note, "1 ingested")
    ask(page, QUESTION, "Ruritania")
    chat = page.inner_text("#chat")
    assert "your article" in chat  # the passage is quoted: otherwise this proves nothing
    page.wait_for_selector(".source-card", timeout=30_000)
    assert "Field note on gadolinium licence queues" in page.inner_text("#sources")
    page.click("#how button, #how .label-wrap")  # the tool trace names the passage too
    page.wait_for_timeout(1500)  # time for any image the page holds to be asked for
    shot(page, "08-inert-article-markup")
    assert hits == []
    assert page.evaluate(LIVE, str(port)) == []
    assert "official GACC release (evil.example)" in chat
    assert "official GACC release (evil.example)" in page.inner_text("#sources")
    assert "127.0.0.1" not in chat and "pixel" not in chat
