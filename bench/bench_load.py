"""The app under load: concurrent sessions asking through the API while another session ingests.

Run: python bench/bench_load.py [--sessions 20] [--questions 10]

Starts the app (``app.py``, offline, a fresh state folder) and, once its page is served, runs
``--sessions`` gradio_client sessions at once, each asking ``--questions`` gold questions through
the ``/ask`` API, while one more session uploads batches of articles to its own workspace the
whole time. Prints errors (target 0), answers per second, p50/p95 latency against one session
asking alone (the ratio), the ingestion rounds completed, and whether any session's answer
carried the ingesting session's articles (target 0).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation import load_gold  # noqa: E402

MARKER = "Quillonia"  # a place named only in the ingesting session's articles


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_page(url: str, limit: float = 600) -> None:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            with urllib.request.urlopen(url, timeout=2) as page:
                if page.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not serve {url} within {limit:.0f} s")


def write_articles(folder: Path, n: int) -> list[Path]:
    """Short articles about a market no curated brief names."""
    paths = []
    for i in range(n):
        path = folder / f"field-note-{i:02d}.md"
        path.write_text(
            f"---\ntitle: Field note {i} on magnet buyers in {MARKER}\ndate: 2026-02-{i % 27 + 1:02d}\n---\n\n"
            + " ".join(
                f"Buyers in {MARKER} reported licence queue number {i}-{j} for sintered magnets this month."
                for j in range(30)
            ),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def main() -> int:
    """Run the load and print its figures."""
    from gradio_client import Client, handle_file

    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10)
    args = parser.parse_args()
    questions = [item["question"] for item in load_gold() if not item.get("history")][: args.questions]
    home = Path(tempfile.mkdtemp(prefix="bench-load-"))
    article_dir = Path(tempfile.mkdtemp(prefix="bench-load-articles-"))
    articles = write_articles(article_dir, 12)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "RAREEARTH_HOME": str(home), "RAREEARTH_PORT": str(port), "HF_HUB_OFFLINE": "1"}
    app = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    latencies: list[float] = []
    baseline: list[float] = []
    errors: list[str] = []
    leaks = 0
    rounds = 0
    stop = threading.Event()
    lock = threading.Lock()
    try:
        wait_for_page(url)
        alone = Client(url, verbose=False)
        alone.predict("How did China's magnet exports change in July 2025?", api_name="/ask")
        for question in questions:  # the baseline: one session, nothing else running
            started = time.perf_counter()
            alone.predict(question, api_name="/ask")
            baseline.append(time.perf_counter() - started)

        def ingest_forever() -> None:
            nonlocal rounds
            client = Client(url, verbose=False)
            while not stop.is_set():
                batch = articles[(rounds * 3) % len(articles) :][:3]
                try:
                    client.predict([handle_file(str(p)) for p in batch], api_name="/add_articles")
                    rounds += 1
                except Exception as err:  # noqa: BLE001 - every failure is counted and printed
                    with lock:
                        errors.append(f"ingest: {type(err).__name__}: {str(err)[:120]}")

        def session(_: int) -> None:
            nonlocal leaks
            client = Client(url, verbose=False)
            for question in questions:
                started = time.perf_counter()
                try:
                    answer = client.predict(question, api_name="/ask")
                except Exception as err:  # noqa: BLE001
                    with lock:
                        errors.append(f"ask: {type(err).__name__}: {str(err)[:120]}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)
                    leaks += MARKER in str(answer)

        ingester = threading.Thread(target=ingest_forever, daemon=True)
        ingester.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.sessions) as pool:
            list(pool.map(session, range(args.sessions)))
        wall = time.perf_counter() - started
        stop.set()
        ingester.join(timeout=120)
    finally:
        app.terminate()
        app.wait(timeout=60)
    asked = args.sessions * len(questions)
    print(f"{args.sessions} sessions x {len(questions)} questions = {asked} asks, one session ingesting meanwhile")
    print(f"errors: {len(errors)} (target 0)")
    for error in errors[:10]:
        print(f"  {error}")
    if latencies:
        ordered = sorted(latencies)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"answers/s: {len(latencies) / wall:.2f} over {wall:.1f} s")
        alone = statistics.median(baseline)
        print(f"latency p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        print(
            f"one session alone: p50 {alone * 1000:.0f} ms; under load p95 / alone p50 = {p95 / alone:.1f}x "
            f"({args.sessions} sessions share the app's queue)"
        )
    print(f"ingestion rounds completed during the load: {rounds} (3 articles each)")
    print(f"answers carrying the ingesting session's articles: {leaks} (target 0)")
    return 1 if errors or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
