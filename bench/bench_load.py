"""The app under load: concurrent sessions asking through the API while another session ingests.

Run: python bench/bench_load.py [--sessions 20] [--questions 10] [--no-ingest]

Starts the app (``app.py``, offline, a fresh state folder) and, once its page is served, runs
``--sessions`` clients at once, each asking ``--questions`` gold questions through the ``/ask``
API over plain HTTP, while one more session (a gradio_client, for its uploads) adds batches of
articles to its own workspace the whole time, unless ``--no-ingest``. Prints errors (target 0),
answers per second (target 20), p50/p95 latency (target p95 1 s) against one session asking
alone, the CPU the app and the clients used, the ingestion rounds completed, and whether any
session's answer carried the ingesting session's articles (target 0).
"""

from __future__ import annotations

import argparse
import json
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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ask_over_http(url: str, question: str, session: str = "") -> str:
    """One answer through the app's /ask API over plain HTTP (Gradio's call API).

    A light client, so that twenty of them leave the CPU to the app they measure (the
    gradio_client library spends more CPU per call than the answer itself costs).
    """
    request = urllib.request.Request(
        f"{url}gradio_api/call/ask",
        data=json.dumps({"data": [question], "session_hash": session or None}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as reply:
        event = json.load(reply)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event}", timeout=120) as reply:
        body = reply.read().decode()
    if "event: complete" not in body:
        raise RuntimeError(body[-200:])
    return body


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
    parser.add_argument("--no-ingest", action="store_true", help="no session ingests while the others ask")
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
        ask_over_http(url, "How did China's magnet exports change in July 2025?")
        for question in questions:  # the baseline: one session, nothing else running
            started = time.perf_counter()
            ask_over_http(url, question)
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

        def session(number: int) -> None:
            nonlocal leaks
            for question in questions:
                started = time.perf_counter()
                try:
                    answer = ask_over_http(url, question, f"bench-session-{number}")
                except Exception as err:  # noqa: BLE001
                    with lock:
                        errors.append(f"ask: {type(err).__name__}: {str(err)[:120]}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)
                    leaks += MARKER in str(answer)

        ingester = threading.Thread(target=ingest_forever, daemon=True)
        if not args.no_ingest:
            ingester.start()
        started = time.perf_counter()
        app_cpu, own_cpu = cpu_seconds(app.pid), time.process_time()
        with ThreadPoolExecutor(max_workers=args.sessions) as pool:
            list(pool.map(session, range(args.sessions)))
        wall = time.perf_counter() - started
        app_cpu, own_cpu = cpu_seconds(app.pid) - app_cpu, time.process_time() - own_cpu
        stop.set()
        if ingester.is_alive():
            ingester.join(timeout=120)
    finally:
        app.terminate()
        app.wait(timeout=60)
    asked = args.sessions * len(questions)
    meanwhile = "nothing else running" if args.no_ingest else "one session ingesting meanwhile"
    print(f"{args.sessions} sessions x {len(questions)} questions = {asked} asks, {meanwhile}")
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
    print(f"CPU during the asks: app {app_cpu:.1f} s, the {args.sessions} clients {own_cpu:.1f} s (same 2 cores)")
    print(f"ingestion rounds completed during the load: {rounds} (3 articles each)")
    print(f"answers carrying the ingesting session's articles: {leaks} (target 0)")
    return 1 if errors or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
