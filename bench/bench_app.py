"""Time from ``python app.py`` to a served page: on a fresh state folder (the index is built, with
progress) and on later launches (the index exists). Targets: 8 s and 3 s.
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_to_page(home: Path, env: dict[str, str] | None = None) -> float:
    """Seconds from starting ``app.py`` on ``home`` to its served page."""
    port = free_port()
    env = {**(env or os.environ), "RAREEARTH_HOME": str(home), "RAREEARTH_PORT": str(port), "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    if page.status == 200 and b"<html" in page.read(2000).lower():
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the app did not serve its page within 300 s")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    """Print the two launch times."""
    home = Path(tempfile.mkdtemp(prefix="bench-app-"))
    first = time_to_page(home)
    print(f"first launch (fresh state, index built): {first:.1f} s to the page (target 8 s)")
    later = [time_to_page(home) for _ in range(3)]
    print(
        f"later launches (index exists): {', '.join(f'{t:.1f}' for t in later)} s to the page "
        f"(median {sorted(later)[1]:.1f} s; target 3 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
