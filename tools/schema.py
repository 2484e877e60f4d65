"""The tidy schema (see corpus/data/README.md) and strict reading of CSV files into it.

Reading is all-or-nothing: the first problem raises ``DataFileError`` naming the file, line and
column, and no partial table is returned.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from tools.commodities import is_known_code
from tools.errors import DataFileError, InvalidArgument
from tools.partners import REGIONS
from tools.periods import parse_period

OBSERVATION_COLUMNS = (
    "commodity",
    "flow",
    "partner",
    "period",
    "measure",
    "basis",
    "value",
    "low",
    "high",
    "unit",
    "source_id",
    "flag",
    "note",
)
REQUIRED_OBSERVATION_COLUMNS = ("commodity", "flow", "partner", "period", "measure", "unit", "source_id")
OBSERVATION_KEY = ("commodity", "flow", "partner", "period", "measure", "basis", "source_id")
SOURCE_COLUMNS = ("id", "publisher", "title", "date", "url", "original_wire", "tier")
EVENT_COLUMNS = ("date", "kind", "event", "elements", "source_id", "flag")

FLOWS = frozenset({"export", "import", "price"})
MEASURES = frozenset({"volume", "value", "unit_value", "price", "change_pct", "share_pct", "rank"})
BASES = frozenset({"", "mom", "yoy", "wow", "span"})
UNITS = frozenset({"t", "kg", "USD", "USD/t", "USD/kg", "CNY/t", "pct", "rank"})
FLAGS = frozenset({"", "doubtful", "forecast", "truncated"})
EVENT_KINDS = frozenset({"export_control", "suspension", "tariff", "truce", "talks", "licence", "investment", "other"})
_PARTNER = re.compile(r"^[A-Z]{3}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def read_csv_rows(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a strict UTF-8 CSV whose header holds ``required``."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataFileError(str(path), f"cannot read the file ({err.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataFileError(str(path), "is not UTF-8 text (save it as UTF-8 CSV)", line=line) from None
    if not text.strip():
        raise DataFileError(str(path), "the file is empty")
    if "\x00" in text:
        raise DataFileError(
            str(path), "holds NUL characters: it is not a text CSV", line=text[: text.index("\x00")].count("\n") + 1
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [name for name in required if name not in header]
        if missing:
            raise DataFileError(str(path), f"missing required column(s): {', '.join(missing)}", line=1)
        for row in reader:
            if None in row:  # more fields than header names
                raise DataFileError(str(path), "more fields than the header has", line=reader.line_num)
            cells = {k: (v or "").strip() for k, v in row.items()}
            for column, value in cells.items():
                _check_cell(value, str(path), reader.line_num, column)
            yield reader.line_num, cells
    except csv.Error as err:  # a cell over the csv module's size limit, a stray quote
        raise DataFileError(str(path), f"is not a readable CSV ({err})", line=reader.line_num) from None


MAX_CELL = 2000  # characters: longer than any name, title or note a trade table needs
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _check_cell(value: str, path: str, line: int, column: str) -> None:
    """Refuse cells no trade table needs: very long ones, and ones a spreadsheet would run as a formula."""
    if len(value) > MAX_CELL:
        raise DataFileError(
            path, f"a cell of {len(value):,} characters (the limit is {MAX_CELL:,})", line=line, column=column
        )
    if _FORMULA.match(value) and not _NUMBER.match(value.replace(",", "").replace("\u2212", "-")):
        raise DataFileError(
            path,
            f"{value[:40]!r} starts like a spreadsheet formula; write it without the leading {value[0]!r}",
            line=line,
            column=column,
        )


def parse_number(text: str, path: str, line: int, column: str) -> float:
    """A finite number written plainly or with thousands separators, else ``DataFileError``."""
    cleaned = text.replace(",", "").replace("\u2212", "-").strip()
    if not _NUMBER.match(cleaned):
        raise DataFileError(path, f"{text!r} is not a number", line=line, column=column)
    number = float(cleaned)
    if not math.isfinite(number):
        raise DataFileError(path, f"{text!r} is not a finite number", line=line, column=column)
    return number


def check_observation(row: dict[str, str], path: str, line: int) -> dict[str, object]:
    """Validate one observation row; return it with numbers parsed and optional fields filled."""

    def fail(column: str, message: str) -> DataFileError:
        return DataFileError(path, message, line=line, column=column)

    out: dict[str, object] = {name: row.get(name, "") for name in OBSERVATION_COLUMNS}
    for name in REQUIRED_OBSERVATION_COLUMNS:
        if not out[name]:
            raise fail(name, "is empty")
    if not is_known_code(str(out["commodity"])):
        raise fail("commodity", f"unknown commodity {out['commodity']!r} (see the data README)")
    if out["flow"] not in FLOWS:
        raise fail("flow", f"unknown flow {out['flow']!r}; expected one of {sorted(FLOWS)}")
    partner = str(out["partner"])
    if partner not in REGIONS and not _PARTNER.match(partner):
        raise fail("partner", f"{partner!r} is not an ISO alpha-3 code or a region code")
    try:
        period = parse_period(str(out["period"]))
    except InvalidArgument as err:
        raise fail("period", str(err)) from None
    out["period"] = period.code
    if out["measure"] not in MEASURES:
        raise fail("measure", f"unknown measure {out['measure']!r}; expected one of {sorted(MEASURES)}")
    if out["basis"] not in BASES:
        raise fail("basis", f"unknown basis {out['basis']!r}; expected one of {sorted(BASES - {''})}")
    if (out["measure"] == "change_pct") != bool(out["basis"]):
        raise fail("basis", "a change_pct row needs a basis, and only change_pct rows take one")
    if out["unit"] not in UNITS:
        raise fail("unit", f"unknown unit {out['unit']!r}; expected one of {sorted(UNITS)}")
    if out["flag"] not in FLAGS:
        raise fail("flag", f"unknown flag {out['flag']!r}; expected one of {sorted(FLAGS - {''})}")
    numbers = {}
    for name in ("value", "low", "high"):
        text = str(out[name])
        numbers[name] = parse_number(text, path, line, name) if text else math.nan
    if math.isnan(numbers["value"]) and (math.isnan(numbers["low"]) or math.isnan(numbers["high"])):
        raise fail("value", "needs a value, or both low and high for a range")
    if not math.isnan(numbers["low"]) and not math.isnan(numbers["high"]) and numbers["low"] > numbers["high"]:
        raise fail("low", "low is above high")
    out.update(numbers)
    return out


def observations_frame(records: list[dict[str, object]]) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns, numbers as floats, text as str."""
    frame = pd.DataFrame.from_records(records, columns=list(OBSERVATION_COLUMNS))
    for name in ("value", "low", "high"):
        frame[name] = frame[name].astype(float)
    return frame


def check_unique(records: list[dict[str, object]], lines: list[int], path: str) -> None:
    """Raise on the first repeated observation key, naming both lines."""
    seen: dict[tuple[object, ...], int] = {}
    for record, line in zip(records, lines, strict=True):
        key = tuple(record[name] for name in OBSERVATION_KEY)
        if key in seen:
            raise DataFileError(
                path,
                f"duplicate row: same {', '.join(OBSERVATION_KEY)} as line {seen[key]}",
                line=line,
            )
        seen[key] = line


def read_observations(path: Path) -> pd.DataFrame:
    """Read and validate a tidy observations CSV."""
    records, lines = [], []
    for line, row in read_csv_rows(path, REQUIRED_OBSERVATION_COLUMNS):
        records.append(check_observation(row, str(path), line))
        lines.append(line)
    if not records:
        raise DataFileError(str(path), "has a header but no rows")
    check_unique(records, lines, str(path))
    return observations_frame(records)


def read_sources(path: Path) -> pd.DataFrame:
    """Read and validate the sources table."""
    records = []
    seen: dict[str, int] = {}
    for line, row in read_csv_rows(path, ("id", "publisher", "title")):
        if not row["id"]:
            raise DataFileError(str(path), "is empty", line=line, column="id")
        if row["id"] in seen:
            raise DataFileError(
                str(path), f"duplicate id {row['id']!r} (line {seen[row['id']]})", line=line, column="id"
            )
        seen[row["id"]] = line
        tier = row.get("tier", "") or "3"
        if tier not in ("1", "2", "3"):
            raise DataFileError(str(path), f"tier must be 1, 2 or 3, not {tier!r}", line=line, column="tier")
        records.append({**{c: row.get(c, "") for c in SOURCE_COLUMNS}, "tier": int(tier)})
    return pd.DataFrame.from_records(records, columns=list(SOURCE_COLUMNS))


def read_events(path: Path) -> pd.DataFrame:
    """Read and validate the events table."""
    records = []
    for line, row in read_csv_rows(path, ("date", "kind", "event", "source_id")):
        try:
            period = parse_period(row["date"])
        except InvalidArgument as err:
            raise DataFileError(str(path), str(err), line=line, column="date") from None
        if row["kind"] not in EVENT_KINDS:
            raise DataFileError(str(path), f"unknown kind {row['kind']!r}", line=line, column="kind")
        records.append({**{c: row.get(c, "") for c in EVENT_COLUMNS}, "date": period.code})
    return pd.DataFrame.from_records(records, columns=list(EVENT_COLUMNS))
