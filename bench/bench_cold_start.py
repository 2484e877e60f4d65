"""Cold start, the old embedding path against the new one, in one run on one machine.

Run: python bench/bench_cold_start.py [--repeat 3] [--load]

"old" is the embedding model through sentence-transformers (``RAREEARTH_EMBED_BACKEND=
sentence-transformers``: torch and the training stack imported to answer); "new" is its ONNX
form through onnxruntime (the default; the graph is made at install by ``python -m assistant
prepare``). Both are measured in turn, repetition by repetition, and printed with new/old:

- cold CLI answer: ``python -m assistant ask Q --json`` in a fresh process, index already built
  (target ≤ 2.5 s and ≤ 0.25 × old), with its peak resident memory (target ≤ 400 MB);
- cold ``ask()``: ``from assistant import ask; ask(Q)`` in a fresh interpreter (target ≤ 2 s);
- the app's first launch on a fresh state folder, index built (target ≤ 8 s), and later
  launches (target ≤ 3 s), to the served page, and to the first answer after it;
- ingestion: chunks per second for the real corpus chunks (new ≥ old);
- with ``--load``: ``bench_load.py --no-ingest`` for each path (20 sessions × 10 questions over
  /ask; targets ≥ 20 answers/s, p95 ≤ 1 s, 0 errors).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_app import launch_times  # noqa: E402

PATHS = {"old": "sentence-transformers", "new": "auto"}
QUESTION = "What were China's magnet exports in July 2025?"
ASK = f"from assistant import ask\nassert '5,577 t' in ask({QUESTION!r}).text"


def env_for(path: str, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "RAREEARTH_EMBED_BACKEND": PATHS[path],
        "RAREEARTH_HOME": str(home),
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
    }


def timed_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed: {proc.stderr.read().decode()[-800:]}")  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    return wall, usage.ru_maxrss / 1024


def ingestion_rates() -> dict[str, float]:
    """Chunks per second for the index's real chunks (repeated to about 1,000) through each path."""
    from assistant.settings import Settings
    from corpus.chunking import chunk_text
    from corpus.documents import discover, read_document
    from corpus.embeddings import build_embedder
    from corpus.ingest import DEFAULT_BRIEFS, embedding_text

    docs = [read_document(p, r) for p, r in discover([DEFAULT_BRIEFS])]
    texts = [embedding_text(d, s) for d in docs for s in chunk_text(d.text, 700, 1)]
    texts = (texts * (1000 // len(texts) + 1))[:1000]
    rates = {}
    for path, backend in PATHS.items():
        embedder = build_embedder("", Settings().model_cache, backend)
        embedder.embed(texts[:32])  # loaded and warm
        started = time.perf_counter()
        embedder.embed(texts)
        rates[path] = len(texts) / (time.perf_counter() - started)
    return rates


def load_figures(path: str) -> str:
    done = subprocess.run(
        [sys.executable, "bench/bench_load.py", "--no-ingest"],
        cwd=ROOT,
        env={**os.environ, "RAREEARTH_EMBED_BACKEND": PATHS[path], "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
    )
    keep = ("errors:", "answers/s:", "latency")
    return "; ".join(line.strip() for line in done.stdout.splitlines() if line.startswith(keep))


def report(name: str, values: dict[str, list[float]], unit: str, target: str) -> None:
    old, new = statistics.median(values["old"]), statistics.median(values["new"])
    print(f"{name:<34} old {old:7.2f} {unit:<3} new {new:7.2f} {unit:<3} new/old {new / old:5.2f}   ({target})")


def main() -> int:
    """Measure both paths and print the figures with their ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load", action="store_true", help="also run the /ask load for each path")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "assistant", "prepare"], cwd=ROOT, check=True, capture_output=True)
    homes = {path: Path(tempfile.mkdtemp(prefix=f"bench-cold-{path}-")) for path in PATHS}
    first_launch = {path: launch_times(homes[path], env_for(path, homes[path])) for path in PATHS}
    first = {path: [times[0]] for path, times in first_launch.items()}
    first_answer = {path: [times[1]] for path, times in first_launch.items()}
    later: dict[str, list[float]] = {path: [] for path in PATHS}
    later_answer: dict[str, list[float]] = {path: [] for path in PATHS}
    cli: dict[str, list[float]] = {path: [] for path in PATHS}
    rss: dict[str, list[float]] = {path: [] for path in PATHS}
    ask: dict[str, list[float]] = {path: [] for path in PATHS}
    for _ in range(args.repeat):
        for path in PATHS:
            env = env_for(path, homes[path])
            page, answer = launch_times(homes[path], env)
            later[path].append(page)
            later_answer[path].append(answer)
            wall, peak = timed_process([sys.executable, "-m", "assistant", "ask", QUESTION, "--json"], env)
            cli[path].append(wall)
            rss[path].append(peak)
            ask[path].append(timed_process([sys.executable, "-c", ASK], env)[0])
    print(f"median of {args.repeat} fresh processes per figure (first launch: one each); 2-core machine")
    report("cold CLI answer", cli, "s", "target ≤ 2.5 s and ≤ 0.25× old")
    report("cold ask() in a fresh interpreter", ask, "s", "target ≤ 2 s")
    report("peak RSS of the CLI answer", rss, "MB", "target ≤ 400 MB")
    report("app first launch, fresh state", first, "s", "target ≤ 8 s")
    report("  and its first answer", first_answer, "s", "the index is built after the page is up")
    report("app later launches", later, "s", "target ≤ 3 s")
    report("  and its first answer", later_answer, "s", "data and index loaded after the page is up")
    rates = ingestion_rates()
    print(
        f"{'ingestion (real chunks)':<34} old {rates['old']:7.1f} /s  new {rates['new']:7.1f} /s  "
        f"new/old {rates['new'] / rates['old']:5.2f}   (target ≥ 1)"
    )
    if args.load:
        for path in PATHS:
            print(f"/ask load, {path}: {load_figures(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
