"""Users' own trade tables: the documented tidy CSV and UN Comtrade CSV exports.

Both importers validate the whole file before returning anything; ``save_table`` then writes the
normalised table next to the others in one atomic step, so a bad file leaves nothing behind.
A Comtrade table also brings a catalogue entry per HS code, named from Comtrade's description;
it is saved beside the table as ``NAME.commodities.csv``.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tools.commodities import CATALOGUE_COLUMNS, Commodity, curated, hs_commodities, read_catalogue
from tools.errors import DataFileError, InvalidArgument
from tools.partners import resolve_partner
from tools.schema import (
    OBSERVATION_COLUMNS,
    REQUIRED_OBSERVATION_COLUMNS,
    SOURCE_COLUMNS,
    check_observation,
    check_unique,
    observations_frame,
    parse_number,
    read_csv_rows,
    read_observations,
    read_sources,
)

COMTRADE_COLUMNS = ("reporterDesc", "partnerISO", "cmdCode", "netWgt", "primaryValue")
_SOURCE_EXTRA = ("source_publisher", "source_title", "source_date", "source_url")
_CHINA = {"CHN", "156", "CHINA"}
# Comtrade+ columns that split a total further, and the values that mean "not split"
_TOTALS = {
    "partner2Code": ("", "0"),
    "partner2ISO": ("", "W00", "WLD"),
    "customsCode": ("", "C00"),
    "mosCode": ("", "0"),
    "motCode": ("", "0"),
}
_BROKEN_DOWN = "rows broken down by second partner, customs procedure or transport mode"
_ESTIMATED = ("true", "1", "yes")


@dataclass(frozen=True)
class ImportedTable:
    """A validated table in the tidy schema, the sources it names, and what was skipped."""

    name: str
    observations: pd.DataFrame
    sources: pd.DataFrame
    skipped: dict[str, int]
    commodities: tuple[Commodity, ...] = ()

    @property
    def summary(self) -> str:
        """One line for the user: rows, commodities, partners, periods, skipped rows."""
        obs = self.observations
        periods = sorted(obs["period"].unique())
        text = (
            f"{len(obs)} rows; commodities: {', '.join(sorted(obs['commodity'].unique()))}; "
            f"{obs['partner'].nunique()} partner(s); periods {periods[0]} to {periods[-1]}"
        )
        if self.skipped:
            text += "; skipped " + ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return text


def table_name(path: Path) -> str:
    """The name a table is saved under: its file name, lower-case, made safe."""
    return re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-") or "table"


def import_tidy(path: Path, known_sources: set[str] | None = None, curated: set[str] | None = None) -> ImportedTable:
    """Validate a CSV in the tidy schema.

    A row may not name a ``curated`` source id: a user's figures never pass for a curated
    source's. Other source ids are either ``known_sources`` (the user's earlier tables) or
    described in the optional columns source_publisher, source_title, source_date, source_url.
    """
    path = Path(path)
    known = known_sources or set()
    curated = curated or set()
    records, lines = [], []
    sources: dict[str, dict[str, object]] = {}
    for line, row in read_csv_rows(path, REQUIRED_OBSERVATION_COLUMNS):
        record = check_observation(row, str(path), line)
        records.append(record)
        lines.append(line)
        source_id = str(record["source_id"])
        if source_id in curated:
            raise DataFileError(
                str(path),
                f"source {source_id!r} is a curated source of the data set; a table of your own names its own "
                "source (a new source_id with a source_publisher column)",
                line=line,
                column="source_id",
            )
        if source_id in known or source_id in sources:
            continue
        if not row.get("source_publisher"):
            raise DataFileError(
                str(path),
                f"source {source_id!r} is not in the data set; describe it in a source_publisher "
                "column (and optionally source_title, source_date, source_url)",
                line=line,
                column="source_publisher",
            )
        sources[source_id] = {
            "id": source_id,
            "publisher": row["source_publisher"],
            "title": row.get("source_title", "") or path.name,
            "date": row.get("source_date", ""),
            "url": row.get("source_url", ""),
            "original_wire": "",
            "tier": 2,
        }
    if not records:
        raise DataFileError(str(path), "has a header but no rows")
    check_unique(records, lines, str(path))
    return ImportedTable(
        table_name(path),
        observations_frame(records),
        pd.DataFrame.from_records(list(sources.values()), columns=list(SOURCE_COLUMNS)),
        {},
    )


def import_comtrade(path: Path) -> ImportedTable:
    """Validate a UN Comtrade CSV export of China's trade (netWgt in kg, primaryValue in USD).

    Takes the short column set and the full Comtrade+ download. Each row gives a volume row (from
    netWgt, or qty when its unit is kg) and a value row. Re-export and re-import rows, rows split
    by second partner, customs procedure or transport mode, and unallocated partner areas are
    skipped and counted. Each cmdCode brings a catalogue entry named from its cmdDesc.
    """
    path = Path(path)
    name = table_name(path)
    source_id = f"comtrade-{name}"
    records: list[dict[str, object]] = []
    lines: list[int] = []
    skipped: dict[str, int] = {}
    descriptions: dict[str, str] = {}
    for line, row in read_csv_rows(path, COMTRADE_COLUMNS):

        def fail(column: str, message: str, line: int = line) -> DataFileError:
            return DataFileError(str(path), message, line=line, column=column)

        reporter = (row.get("reporterISO") or row.get("reporterCode") or row["reporterDesc"]).upper()
        if reporter not in _CHINA and row["reporterDesc"].upper() not in _CHINA:
            raise fail(
                "reporterDesc",
                f"reporter is {row['reporterDesc']!r}; this importer takes China's own reported trade",
            )
        flow = _comtrade_flow(row)
        if flow is None:
            raise fail("flowDesc", f"unknown flow {row.get('flowDesc') or row.get('flowCode')!r}")
        if flow == "skip":
            skipped["re-export/re-import rows"] = skipped.get("re-export/re-import rows", 0) + 1
            continue
        if any(row.get(column, "") not in totals for column, totals in _TOTALS.items()):
            skipped[_BROKEN_DOWN] = skipped.get(_BROKEN_DOWN, 0) + 1
            continue
        period = _comtrade_period(row)
        if period is None:
            raise fail("period", "needs refYear and refMonth, or a period such as 202507 or 2025")
        partner = _comtrade_partner(row)
        if partner is None:
            skipped["rows for unallocated areas"] = skipped.get("rows for unallocated areas", 0) + 1
            continue
        code = re.sub(r"\D", "", row["cmdCode"])
        if not code or len(code) < 4:
            raise fail("cmdCode", f"{row['cmdCode']!r} is not an HS code (TOTAL and blanks are not taken)")
        if not descriptions.get(code):
            descriptions[code] = row.get("cmdDesc", "")
        base = {
            "commodity": f"hs_{code}",
            "flow": flow,
            "partner": partner,
            "period": period,
            "basis": "",
            "low": "",
            "high": "",
            "source_id": source_id,
            "flag": "",
            "note": "",
        }
        weight, column = row["netWgt"], "netWgt"
        if not weight and row.get("qtyUnitAbbr", "").lower() == "kg":
            weight, column = row.get("qty", ""), "qty"
        if weight:
            parse_number(weight, str(path), line, column)
            estimated = row.get(f"is{column[0].upper()}{column[1:]}Estimated", "").lower() in _ESTIMATED
            note = "weight estimated by UN Comtrade" if estimated else ""
            volume = {**base, "measure": "volume", "value": weight, "unit": "kg", "note": note}
            records.append(check_observation(volume, str(path), line))
            lines.append(line)
        if row["primaryValue"]:
            parse_number(row["primaryValue"], str(path), line, "primaryValue")
            records.append(
                check_observation(
                    {**base, "measure": "value", "value": row["primaryValue"], "unit": "USD"}, str(path), line
                )
            )
            lines.append(line)
    if not records:
        raise DataFileError(str(path), "has no usable rows (China's exports or imports with a weight or value)")
    check_unique(records, lines, str(path))
    source = {
        "id": source_id,
        "publisher": "UN Comtrade",
        "title": f"Comtrade export {path.name}",
        "date": "",
        "url": "",
        "original_wire": "",
        "tier": 1,
    }
    commodities = hs_commodities(descriptions)
    observations = observations_frame(records)
    observations.attrs["commodities"] = commodities  # TradeData.load reads the entries from here
    return ImportedTable(
        name,
        observations,
        pd.DataFrame.from_records([source], columns=list(SOURCE_COLUMNS)),
        skipped,
        commodities,
    )


def _comtrade_flow(row: dict[str, str]) -> str | None:
    text = (row.get("flowCode") or row.get("flowDesc") or "").strip().lower()
    if text in ("x", "export", "exports"):
        return "export"
    if text in ("m", "import", "imports"):
        return "import"
    if text in ("rx", "rm", "re-export", "re-import", "re-exports", "re-imports"):
        return "skip"
    return None


def _comtrade_period(row: dict[str, str]) -> str | None:
    year, month = row.get("refYear", ""), row.get("refMonth", "")
    freq = row.get("freqCode", "").upper()
    if year.isdigit() and month.isdigit():
        m = int(month)
        if freq == "A" or m in (0, 52):
            return f"{year}-01..{year}-12"
        if 1 <= m <= 12:
            return f"{year}-{m:02d}"
    period = row.get("period", "")
    if re.fullmatch(r"\d{6}", period) and 1 <= int(period[4:]) <= 12:
        return f"{period[:4]}-{period[4:]}"
    if re.fullmatch(r"\d{4}", period):
        return f"{period}-01..{period}-12"
    return None


def _comtrade_partner(row: dict[str, str]) -> str | None:
    iso = row.get("partnerISO", "").strip().upper()
    if iso in ("W00", "WLD") or row.get("partnerDesc", "").strip().lower() == "world":
        return "WLD"
    if re.fullmatch(r"[A-Z]{3}", iso):
        return iso
    try:
        return resolve_partner(row.get("partnerDesc", ""))
    except InvalidArgument:
        return None


def guess_format(path: Path) -> str:
    """Guess the format: comtrade when the header has Comtrade's cmdCode column, else tidy."""
    for _, row in read_csv_rows(Path(path), ()):
        return "comtrade" if "cmdCode" in row else "tidy"
    raise DataFileError(str(path), "has a header but no rows")


def save_table(table: ImportedTable, tables_dir: Path) -> Path:
    """Write the table (with its sources and catalogue entries) under ``tables_dir``; same name replaces."""
    tables_dir.mkdir(parents=True, exist_ok=True)
    target = tables_dir / f"{table.name}.csv"
    source_target = tables_dir / f"{table.name}.sources.csv"
    catalogue_target = tables_dir / f"{table.name}.commodities.csv"
    frames = [(table.sources, source_target)]
    if table.commodities:
        rows = [entry.row() for entry in table.commodities]
        frames.append((pd.DataFrame.from_records(rows, columns=list(CATALOGUE_COLUMNS)), catalogue_target))
    else:
        catalogue_target.unlink(missing_ok=True)  # left by an earlier import of the same name
    # the table goes last: load_tables finds a table by its own file
    for frame, dest in (*frames, (table.observations[list(OBSERVATION_COLUMNS)], target)):
        fd, tmp = tempfile.mkstemp(dir=tables_dir, suffix=".tmp")
        os.close(fd)
        frame.to_csv(tmp, index=False)
        os.replace(tmp, dest)
    return target


def load_tables(tables_dir: Path, *, skip: str | None = None) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """Every saved user table (but ``skip``) and its sources, validated again on the way in.

    A table's catalogue entries ride on its frame as ``frame.attrs["commodities"]``, where
    ``TradeData.load`` finds them.
    """
    observations: list[pd.DataFrame] = []
    sources: list[pd.DataFrame] = []
    if not tables_dir.is_dir():
        return observations, sources
    for path in _table_paths(tables_dir, skip):
        frame = read_observations(path)
        frame.attrs["commodities"] = _saved_commodities(path)
        observations.append(frame)
        source_path = path.with_name(f"{path.stem}.sources.csv")
        if source_path.exists():
            sources.append(read_sources(source_path))
    return observations, sources


def table_commodities(tables_dir: Path, *, skip: str | None = None) -> tuple[Commodity, ...]:
    """The catalogue entries every saved user table (but ``skip``) brings."""
    if not tables_dir.is_dir():
        return ()
    return tuple(entry for path in _table_paths(tables_dir, skip) for entry in _saved_commodities(path))


def _table_paths(tables_dir: Path, skip: str | None) -> list[Path]:
    return [
        path
        for path in sorted(tables_dir.glob("*.csv"))
        if not path.name.endswith((".sources.csv", ".commodities.csv")) and path.stem != skip
    ]


def _saved_commodities(path: Path) -> tuple[Commodity, ...]:
    catalogue_path = path.with_name(f"{path.stem}.commodities.csv")
    if not catalogue_path.exists():
        return ()
    return read_catalogue(catalogue_path, known=[c.code for c in curated()])
