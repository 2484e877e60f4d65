"""Memory of uploaded tables: what sessions cost while they hold a table, and what they give back.

Run: python bench/bench_upload_memory.py [--sessions 3] [--rows N] [--json]

Each of ``--sessions`` sessions uploads the largest tidy table the upload limits allow (the
settings from the environment: at most ``upload_session_max_rows`` rows, ``upload_session_max_mb``
and ``upload_max_mb`` MB; ``--rows`` asks for fewer) through the app's own path
(``Workspaces.add_table``: the limits, ``check_table``, the session's assistant), one after the
other; then every session ends. A small upload and its end come first, so that imports made
once are not counted. Prints the process's resident memory (RSS) before the uploads, its peak
during each upload and what each session holds once its table is in, after the sessions end,
and the memory each uploaded row holds. ``--json`` prints the figures as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.core import Assistant  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.workspace import Workspaces, release_memory  # noqa: E402
from tools.dataset import TradeData  # noqa: E402
from tools.partners import partner_names  # noqa: E402

HEADER = "commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n"
COMMODITIES = ("magnets", "re_ore", "terbium", "nd_995", "magnets_broad", "rare_earths", "y_oxide")
MEASURES = (("volume", "t"), ("value", "USD"))


def write_table(path: Path, max_rows: int, max_bytes: int) -> int:
    """A tidy table of distinct monthly rows, as many as fit both limits; returns its row count."""
    partners = sorted(code for code in partner_names() if len(code) == 3 and code.isalpha() and code != "WLD")
    months = [f"{year}-{month:02d}" for year in range(2000, 2026) for month in range(1, 13)]
    size = len(HEADER.encode())
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for partner in partners:
            for commodity in COMMODITIES:
                for month in months:
                    for measure, unit in MEASURES:
                        publisher = "Bench survey" if rows == 0 else ""
                        value = rows * 37 % 99991 / 10
                        line = f"{commodity},export,{partner},{month},{measure},{value:g},{unit},bench,{publisher}\n"
                        size += len(line.encode())
                        if rows >= max_rows or size > max_bytes:
                            return rows
                        out.write(line)
                        rows += 1
    return rows


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


class PeakWatch:
    """The highest RSS seen while the ``with`` block runs, sampled every few milliseconds."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._done = threading.Event()

    def __enter__(self) -> PeakWatch:
        self.peak = rss_mb()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


@dataclass(frozen=True)
class Figures:
    """Resident memory (MB) before, during and after the sessions' uploads."""

    rows: int
    table_mb: float
    before_mb: float
    peak_mb: list[float]  # per session, during its upload
    held_mb: list[float]  # per session, once its table is in (the sessions before it still open)
    upload_s: list[float]
    after_mb: float

    @property
    def bytes_per_row(self) -> float:
        """Memory the open sessions held per uploaded row."""
        return (self.held_mb[-1] - self.before_mb) * 2**20 / (self.rows * len(self.held_mb))

    def to_json(self) -> dict[str, object]:
        """The figures, with the cost per row."""
        return {**asdict(self), "bytes_per_row": self.bytes_per_row}


def measure(settings: Settings, sessions: int, rows: int, folder: Path) -> Figures:
    """Upload one table per session, end them all, and return the RSS figures (MB)."""
    shared = Assistant(TradeData.load(settings.data_dir), None)
    spaces = Workspaces(settings, lambda: shared)
    small = folder / "warm-up.csv"
    write_table(small, 200, 1 << 20)
    spaces.add_table("warm-up", small, None)
    spaces.end("warm-up")
    table = folder / "largest.csv"
    limit = min(settings.upload_session_max_mb, settings.upload_max_mb) * 1e6
    written = write_table(table, min(rows, settings.upload_session_max_rows), int(limit))
    release_memory()
    before = rss_mb()
    peaks, held, seconds = [], [], []
    for n in range(sessions):
        started = time.perf_counter()
        with PeakWatch() as watch:
            spaces.add_table(f"session-{n}", table, None)
        seconds.append(time.perf_counter() - started)
        peaks.append(watch.peak)
        held.append(rss_mb())
    for n in range(sessions):
        spaces.end(f"session-{n}")
    return Figures(written, table.stat().st_size / 1e6, before, peaks, held, seconds, rss_mb())


def report(figures: Figures) -> str:
    """The figures as lines for a person."""
    lines = [
        f"table: {figures.rows:,} rows, {figures.table_mb:.1f} MB; {len(figures.held_mb)} session(s)",
        f"RSS before the uploads: {figures.before_mb:.0f} MB",
    ]
    for n, (peak, held, took) in enumerate(zip(figures.peak_mb, figures.held_mb, figures.upload_s, strict=True)):
        lines.append(f"session {n}: peak {peak:.0f} MB during its upload ({took:.1f} s), {held:.0f} MB once it is in")
    change = figures.after_mb - figures.before_mb
    lines.append(f"RSS after every session ended: {figures.after_mb:.0f} MB ({change:+.0f} MB on before)")
    lines.append(f"memory held per uploaded row: {figures.bytes_per_row:.0f} bytes")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--rows", type=int, default=10**9, help="fewer rows than the limits allow")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-upload-memory-") as tmp:
        settings = replace(Settings.from_env(), home=Path(tmp) / "home")
        figures = measure(settings, args.sessions, args.rows, Path(tmp))
    print(json.dumps(figures.to_json()) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
