"""Table imports killed with SIGKILL at random moments: the library always loads, old table or new.

Each run imports a table of the same name in a subprocess and kills its process group, either at
a random moment of the run or a random few milliseconds after its save has begun (when the
folder it writes appears), so that kills land inside the save too. The two versions of the table
name different source ids, as replacing a table did when a kill left the library unloadable:
one describes its own source, the other borrows the source of a second table. After each kill
the library must load with nothing skipped and give the table's figure from one version or the
other; a last answer through the assistant must quote it. The seed is random and printed.

The same for an app started with --shared-uploads: its upload handler calls
``assistant.factory.import_table`` and then ``load_trade_data``, which the subprocess does here.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pycountry
import pytest

import tools as t
from assistant.factory import import_table, load_trade_data, skipped_tables
from assistant.settings import Settings
from tools.importers import import_tidy, save_table

ROOT = Path(__file__).resolve().parents[2]
RUNS = 20
HEADER = "commodity,flow,partner,period,measure,basis,value,low,high,unit,source_id,flag,note,source_publisher\n"
# the figure each version gives for magnets exported to Poland in July 2025 (no curated row there)
FIGURES = {"own": 4321.5, "borrowed": 8765.25}
SHARED_UPLOAD = """
import sys
from pathlib import Path

from assistant.factory import import_table, load_trade_data
from assistant.settings import Settings

settings = Settings.from_env()
import_table(settings, Path(sys.argv[1]))
load_trade_data(settings)
"""


def table_text(version: str) -> str:
    """A table of some 1,200 rows, enough for its save to take a while, ending in the Poland row."""
    source, publisher = ("survey-own", "Own survey") if version == "own" else ("base-src", "")
    partners = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in ("POL", "ISL")][:10]
    rows = [
        f"magnets,export,{code},{year}-{month:02d},volume,,{i + month},,,t,{source},,,{publisher}\n"
        for year in range(2010, 2020)
        for month in range(1, 13)
        for i, code in enumerate(partners)
    ]
    rows.append(f"magnets,export,POL,2025-07,volume,,{FIGURES[version]},,,t,{source},,,{publisher}\n")
    return HEADER + "".join(rows)


@pytest.fixture()
def library(tmp_path) -> tuple[Settings, dict[str, Path]]:
    """A library holding the table that lends its source, and both versions of the replaced table."""
    settings = Settings(home=tmp_path / "home")
    base = tmp_path / "base.csv"
    base.write_text(HEADER + "magnets,export,ISL,2025-07,volume,,11,,,t,base-src,,,Base survey\n", encoding="utf-8")
    import_table(settings, base)
    files = {}
    for version in FIGURES:
        (tmp_path / version).mkdir()
        files[version] = tmp_path / version / "mine.csv"
        files[version].write_text(table_text(version), encoding="utf-8")
    import_table(settings, files["own"])
    return settings, files


def figure(settings: Settings) -> float:
    """The table's figure as the tools give it, after checking that nothing was left out."""
    data = load_trade_data(settings)
    assert skipped_tables(settings) == ()
    return t.value(data, "magnets", "July 2025", partner="Poland").figure.value


def start(command: list[str], settings: Settings) -> subprocess.Popen:
    env = {**os.environ, "RAREEARTH_HOME": str(settings.home), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, killed whole
    )


def save_seconds(files: dict[str, Path], tmp_path: Path) -> float:
    """How long saving the table takes here, to aim kills at the whole save, the rename included."""
    table = import_tidy(files["own"])
    started = time.perf_counter()
    save_table(table, tmp_path / "scratch")
    return time.perf_counter() - started


def kill_during_save(proc: subprocess.Popen, tables: Path, delay: float, limit: float) -> bool:
    """Kill once the save's folder appears, ``delay`` seconds later; False when the run ended first."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith(".tmp-") for p in tables.iterdir()):
            time.sleep(delay)
            os.killpg(proc.pid, signal.SIGKILL)
            return True
        time.sleep(0.001)
    return False


def kill_runs(command: list[str], settings: Settings, files: dict[str, Path], save: float) -> list[str]:
    """Run the import RUNS times, killed; check the library after each; return what each kill left."""
    full = time.perf_counter()  # one run to the end first: how long an import takes here
    assert start([*command, str(files["borrowed"])], settings).wait(timeout=120) == 0
    full = time.perf_counter() - full
    assert figure(settings) == FIGURES["borrowed"]
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    outcomes = []
    before = FIGURES["borrowed"]
    for run in range(RUNS):
        version = "own" if run % 2 == 0 else "borrowed"
        proc = start([*command, str(files[version])], settings)
        during_save = run % 4 != 3  # most kills aimed at the save, the others anywhere in the run
        if during_save:
            landed = kill_during_save(proc, settings.tables_dir, rng.uniform(0, 2 * save), 2 * full + 5)
        else:
            time.sleep(rng.uniform(0, full))
            landed = proc.poll() is None
            if landed:
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        got = figure(settings)
        assert got in (before, FIGURES[version]), (seed, run, got)
        outcomes.append(("in save: " if during_save and landed else "") + ("new" if got != before else "old"))
        before = got
    print(f"seed {seed}; a full import {full:.1f} s, its save {save:.2f} s; each kill left: {outcomes}")
    assert any(o.startswith("in save") for o in outcomes), "no kill landed while a table was being saved"
    leftovers = [p.name for p in settings.tables_dir.iterdir() if not p.name.startswith(("base@", "mine@"))]
    assert leftovers == []  # what the killed writers left is cleared at the next load
    assert len(list(settings.tables_dir.glob("mine@*"))) == 1
    return outcomes


@pytest.mark.slow
def test_sigkill_during_import_data_leaves_the_old_table_or_the_new(library, assistant, tmp_path):
    settings, files = library
    kill_runs([sys.executable, "-m", "assistant", "import-data"], settings, files, save_seconds(files, tmp_path))
    answer = assistant.with_data(load_trade_data(settings)).ask(
        "How many tonnes of magnets did China export to Poland in July 2025?"
    )
    shown = {f.display for f in answer.figures}
    assert shown & {"4,321.5 t", "8,765.25 t"}, answer.text


@pytest.mark.slow
def test_sigkill_during_a_shared_upload_leaves_the_old_table_or_the_new(library, tmp_path):
    settings, files = library
    kill_runs([sys.executable, "-c", SHARED_UPLOAD], settings, files, save_seconds(files, tmp_path))
