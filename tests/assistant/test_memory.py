"""Memory of uploaded tables is given back when their sessions end.

Measured in a process of its own (the bench script, through the app's real upload path), so
that what other tests hold does not count.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_upload_memory.py"
ROWS = 100_000  # the largest table this test's session limit allows: 3 sessions hold ~100 MB of it


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads resident memory from /proc")
def test_three_sessions_give_back_what_their_largest_tables_took():
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "RAREEARTH_UPLOAD_SESSION_MAX_ROWS": str(ROWS),
    }
    run = subprocess.run(
        [sys.executable, str(BENCH), "--sessions", "3", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["rows"] == ROWS  # the limit, not the file size, bounds this table
    before, held, after = figures["before_mb"], figures["held_mb"], figures["after_mb"]
    assert held[-1] - before > 30, figures  # the sessions did hold their tables
    assert after <= before * 1.2, figures
