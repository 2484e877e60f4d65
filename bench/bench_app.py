"""Time from ``python app.py`` to a served page and to its first answer: on a fresh state folder
(the index is built, with progress) and on later launches (the index exists). Targets for the
page: 8 s and 3 s.
``bench_cold_start.py`` prints the same launches for the old and new embedding paths side by side.

Run: python bench/bench_app.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_times(home: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds from starting ``app.py`` on ``home`` to its served page, and to its first answer.

    The page comes first; the data and the index are prepared after it (the status line shows
    how far), and a question asked meanwhile waits for them, so the first answer is timed too.
    """
    from bench_load import ask_over_http

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**(env or os.environ), "RAREEARTH_HOME": str(home), "RAREEARTH_PORT": str(port), "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(url, timeout=2) as page:
                    if page.status == 200 and b"<html" in page.read(2000).lower():
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the app did not serve its page within 300 s")
        page_at = time.perf_counter() - started
        if "5,577 t" not in ask_over_http(url, "What were China's magnet exports in July 2025?"):
            raise RuntimeError("the first answer lacks its figure")
        return page_at, time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    """Print the launch times."""
    home = Path(tempfile.mkdtemp(prefix="bench-app-"))
    page, answer = launch_times(home)
    print(f"first launch (fresh state, index built): page {page:.1f} s (target 8 s), first answer {answer:.1f} s")
    later = sorted(launch_times(home) for _ in range(3))
    print(
        f"later launches (index exists): page {', '.join(f'{p:.1f}' for p, _ in later)} s (target 3 s), "
        f"first answer {', '.join(f'{a:.1f}' for _, a in later)} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
