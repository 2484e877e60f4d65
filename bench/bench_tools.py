"""Every figure tool on a synthetic 1,000,000-row table in the tidy schema: median time per call.

Run: python bench/bench_tools.py [--rows 1000000] [--calls 30]
Target: at most 50 ms per call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tools as t  # noqa: E402
from tools.partners import _tables  # noqa: E402
from tools.schema import OBSERVATION_COLUMNS  # noqa: E402

TARGET_MS = 50.0


def synthetic(rows: int, seed: int = 7) -> t.TradeData:
    """A table of monthly volumes, values and reported changes for many partners and codes."""
    rng = np.random.default_rng(seed)
    partners = ["WLD"] + sorted(c for c in _tables()[1] if len(c) == 3 and c.isalpha() and c != "WLD")[:120]
    months = pd.period_range("2016-01", "2025-12", freq="M").strftime("%Y-%m").tolist()
    per_code = len(partners) * len(months) * 3  # volume, value, change_pct
    codes = ["magnets", "rare_earths"] + [f"hs_{850500 + i}" for i in range(max(1, rows // per_code - 1))]
    grid = pd.MultiIndex.from_product([codes, partners, months], names=["commodity", "partner", "period"])
    base = grid.to_frame(index=False)
    n = len(base)
    volume = base.assign(measure="volume", basis="", value=rng.integers(1, 9000, n).astype(float), unit="t")
    money = base.assign(measure="value", basis="", value=rng.integers(1, 9_000_000, n).astype(float), unit="USD")
    pct = base.assign(measure="change_pct", basis="mom", value=rng.normal(0, 20, n).round(1), unit="pct")
    obs = pd.concat([volume, money, pct], ignore_index=True)
    obs = obs.assign(flow="export", low=np.nan, high=np.nan, source_id="syn", flag="", note="")
    days = pd.date_range("2016-01-01", "2025-12-31", freq="D").strftime("%Y-%m-%d")
    prices = pd.DataFrame(
        {
            "commodity": "prnd_oxide",
            "partner": "CHN",
            "period": days,
            "measure": "price",
            "basis": "",
            "value": rng.integers(300_000, 700_000, len(days)).astype(float),
            "unit": "CNY/t",
            "flow": "price",
            "low": np.nan,
            "high": np.nan,
            "source_id": "syn",
            "flag": "",
            "note": "",
        }
    )
    obs = pd.concat([obs.head(rows - len(prices)), prices], ignore_index=True)[list(OBSERVATION_COLUMNS)]
    sources = pd.DataFrame(
        [
            {
                "id": "syn",
                "publisher": "Synthetic",
                "title": "bench",
                "date": "2026-01-01",
                "url": "",
                "original_wire": "",
                "tier": 1,
            }
        ]
    )
    events = pd.DataFrame(
        [
            {
                "date": f"{y}-0{m}-01",
                "kind": "other",
                "event": "e",
                "elements": "",
                "source_id": "syn",
                "flag": "",
            }
            for y in range(2016, 2026)
            for m in (1, 5, 9)
        ]
    )
    return t.TradeData.from_frames(obs, sources, events)


def main() -> int:
    """Build the table, time every tool, print a line per tool; exit 1 if a median misses the target."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    start = time.perf_counter()
    data = synthetic(args.rows)
    built = time.perf_counter() - start
    print(f"synthetic table: {len(data.observations):,} rows, indexed in {built:.1f} s")
    rng = np.random.default_rng(1)
    partners = [p for p in data.partners("magnets") if p != "WLD"]

    def month() -> str:
        return f"{rng.integers(2017, 2026)}-{rng.integers(1, 13):02d}"

    def partner() -> str:
        return str(rng.choice(partners))

    calls = {
        "value (month)": lambda: t.value(data, "magnets", month(), partner()),
        "value (span)": lambda: t.value(data, "magnets", f"H1 {rng.integers(2017, 2026)}", partner()),
        "change mom": lambda: t.change(data, "magnets", month(), "mom", partner()),
        "change yoy": lambda: t.change(data, "rare_earths", month(), "yoy", partner()),
        "period_total (YTD)": lambda: t.period_total(data, "magnets", month(), partner()),
        "period_total (year)": lambda: t.period_total(data, "magnets", str(rng.integers(2017, 2026))),
        "ranking": lambda: t.ranking(data, "magnets", month(), top=10),
        "share": lambda: t.share(data, "magnets", month(), partner()),
        "extreme_since": lambda: t.extreme_since(data, "magnets", month(), partner()),
        "trend (2 years)": lambda: t.trend(data, "magnets", "2022-01", "2023-12", partner()),
        "price_change": lambda: t.price_change(data, "prnd oxide", *sorted([month(), month()]), market="China"),
        "events": lambda: t.events(data, "2018", "2022"),
        "compare_partners": lambda: t.compare_partners(data, "magnets", month(), [partner() for _ in range(4)]),
    }
    worst = 0.0
    print(f"{'tool':24} {'median ms':>10} {'p95 ms':>8}")
    for name, call in calls.items():
        call()  # warm caches (country tables, first pandas paths)
        times = []
        for _ in range(args.calls):
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(times)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        worst = max(worst, median)
        print(f"{name:24} {median:10.2f} {p95:8.2f}")
    verdict = "meets" if worst <= TARGET_MS else "MISSES"
    print(f"slowest median {worst:.2f} ms: {verdict} the {TARGET_MS:.0f} ms target")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
