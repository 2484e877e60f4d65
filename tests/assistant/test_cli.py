"""The command line as a user runs it: a fresh home folder, the real index built on first use."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, home):
    env = {**os.environ, "RAREEARTH_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def test_ask_json_has_the_documented_keys(tmp_path):
    done = run("ask", "How did China's rare earth magnet exports change in July 2025?", "--json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert {"answer", "citations", "figures", "warnings", "mode", "timings_ms", "interpretation"} <= set(answer)
    assert answer["mode"] == "offline"
    reading = answer["interpretation"]
    assert "July 2025 against the month before" in reading["text"]
    [query] = reading["queries"]
    assert (query["ask"], query["commodity"], query["periods"], query["basis"]) == (
        "change",
        "magnets",
        ["2025-07"],
        "mom",
    )
    for c in answer["citations"]:
        assert {"n", "title", "publisher", "date", "url", "snippet"} <= set(c)
    for f in answer["figures"]:
        assert {"label", "value", "unit", "period", "sources"} <= set(f)
    assert {f["value"] for f in answer["figures"]} >= {5577.0, 3188.0}
    assert "74.9%" in answer["answer"]
    # the index was built on first use and is reused by the next command
    again = run("search", "Geneva truce", "-k", "1", home=tmp_path)
    assert again.returncode == 0 and "Geneva" in again.stdout
    # off a terminal the command line prints no progress bars, building or not
    assert "it/s" not in done.stderr and "file/s" not in done.stderr and "Loading weights" not in done.stderr
    quiet = run("ask", "What were China's magnet exports in July 2025?", "--json", home=tmp_path)
    assert quiet.stderr.strip() == "" and json.loads(quiet.stdout)["figures"]


def test_errors_are_messages_not_tracebacks(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("commodity,flow\nmagnets,export\n")
    done = run("import-data", str(bad), home=tmp_path)
    assert done.returncode == 1
    assert "bad.csv" in done.stderr and "missing required column" in done.stderr
    assert "Traceback" not in done.stderr
