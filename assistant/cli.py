"""The command line: argument parsing and turning errors into messages; no logic of its own."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import AssistantError
from assistant.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Exact, cited answers about China's rare-earth exports.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import-data", help="validate and add a trade table (tidy or Comtrade CSV)")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--format",
        choices=("tidy", "comtrade"),
        default=None,
        help="the table's format (default: guessed from its header)",
    )
    commands.add_parser("data", help="show what the trade data set covers")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    try:
        if args.command == "import-data":
            return _import_data(settings, args.file, args.format)
        if args.command == "data":
            return _data(settings)
    except AssistantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 2


def _import_data(settings: Settings, path: Path, fmt: str | None) -> int:
    from assistant.factory import import_table

    table, target = import_table(settings, path, fmt)
    print(f"imported {path}: {table.summary}")
    print(f"saved as {target}; the next question uses it")
    return 0


def _data(settings: Settings) -> int:
    from assistant.factory import load_trade_data

    data = load_trade_data(settings)
    obs = data.observations
    print(f"{len(obs)} observations, {len(data.sources)} sources, {len(data.events)} events")
    for commodity, group in obs.groupby("commodity"):
        periods = sorted(group["period"])
        print(f"  {commodity:22} {len(group):5} rows  {periods[0]} .. {periods[-1]}")
    coverage = data.monthly_coverage()
    if coverage:
        print(f"magnet exports, monthly: {coverage[0].label} to {coverage[1].label}")
    return 0
