"""Answer latency and start-up: warm p50/p95 over the gold set, cold start to the first answer.

Run: python bench/bench_answer.py [--rounds 3]

- Warm: every gold question (with its earlier turns) answered ``--rounds`` times in one process
  after one warm-up pass. Targets: p50 ≤ 150 ms, p95 ≤ 400 ms.
- Cold: a new Python process, with the index already built, imports the package, builds the
  assistant and answers one question; the wall time includes interpreter start and model
  loading. Target: ≤ 10 s.
- Memory: peak resident memory of the warm process and of the cold one.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation import load_gold  # noqa: E402
from assistant.factory import build_assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402

COLD = """
import resource, sys, time
from assistant import ask
answer = ask("How did China's rare earth magnet exports change in July 2025?")
assert "5,577 t" in answer.text
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def main() -> int:
    """Print warm latency percentiles, cold start and memory."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-answer-"))
    os.environ["HF_HUB_OFFLINE"] = "1"
    t0 = time.perf_counter()
    assistant = build_assistant(Settings(home=home))
    print(f"first launch (index built from scratch): {time.perf_counter() - t0:.1f} s")
    gold = load_gold()

    def one_pass(record: list[float] | None) -> None:
        for item in gold:
            history = []
            for turn in item.get("turns", []):
                history.append(assistant.ask(turn, history))
            started = time.perf_counter()
            assistant.ask(item["question"], history)
            if record is not None:
                record.append((time.perf_counter() - started) * 1000)

    one_pass(None)
    times: list[float] = []
    for _ in range(args.rounds):
        one_pass(times)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"warm answers: {len(times)} over {len(gold)} gold questions: p50 {statistics.median(times):.0f} ms, "
        f"p95 {p95:.0f} ms (targets 150 / 400 ms)"
    )
    warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    env = {**os.environ, "RAREEARTH_HOME": str(home), "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", COLD], env=env, capture_output=True, text=True, cwd=ROOT)
    cold = time.perf_counter() - t0
    if done.returncode != 0:
        print(done.stderr)
        return 1
    print(f"cold start to first answer (index built): {cold:.1f} s (target 10 s)")
    print(f"peak resident memory: warm process {warm_rss:.0f} MB, cold process {float(done.stdout.strip()):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
