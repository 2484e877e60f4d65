"""Users' own trade tables: the documented tidy CSV and UN Comtrade CSV exports.

Both importers validate the whole file before returning anything; ``save_table`` then writes the
normalised table as a new version of its name in one atomic step (a folder renamed into place),
so a bad file leaves nothing behind and a process killed mid-save leaves the old version or the
new one. A Comtrade table also brings a catalogue entry per HS code, named from Comtrade's
description; it is saved with the table. ``load_tables`` reads each table on its own and names
the ones it cannot use instead of failing the whole library.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from tools.commodities import CATALOGUE_COLUMNS, Commodity, curated, hs_commodities, read_catalogue
from tools.dataset import TradeData
from tools.errors import DataFileError, InvalidArgument
from tools.partners import resolve_partner
from tools.schema import (
    OBSERVATION_COLUMNS,
    OBSERVATION_KEY,
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


@dataclass(frozen=True)
class SkippedTable:
    """A saved table the library left out, and why."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class SavedTables:
    """The saved tables that read cleanly (oldest import first) and those that did not."""

    tables: tuple[ImportedTable, ...] = ()
    skipped: tuple[SkippedTable, ...] = ()

    @property
    def observations(self) -> list[pd.DataFrame]:
        """Each table's rows, its catalogue entries in ``attrs["commodities"]``."""
        return [table.observations for table in self.tables]

    @property
    def sources(self) -> list[pd.DataFrame]:
        """Each table's sources."""
        return [table.sources for table in self.tables]


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
        if re.search(r"mirror", row["source_publisher"], re.I):
            # the curated data set's marker for reprint sites, whose names answers rewrite
            raise DataFileError(
                str(path),
                f"source_publisher {row['source_publisher']!r} uses the word 'mirror', which the data set "
                "keeps for its own reprint sites; name the publisher without it",
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
    """Save the table as the newest version of its name (same name replaces); return its folder.

    The files are written and synced in a fresh folder that one rename then makes the table's
    newest version, so a process killed at any moment leaves the earlier version or this one,
    whole. The folder holds every source its rows name (``carry_sources``): replacing one table
    never takes a source away from another.
    """
    _check_carried(table.name, table.observations, table.sources)
    folder = _commit(tables_dir, table, _next_version(tables_dir, table.name))
    _retire_older(tables_dir, table.name, _version_of(folder))
    return folder


def carry_sources(table: ImportedTable, others: Iterable[pd.DataFrame]) -> ImportedTable:
    """The table with the rows of the sources it borrows from ``others`` (earlier tables) added."""
    own = set(table.sources["id"])
    borrowed = set(table.observations["source_id"]) - own
    rows = [frame[frame["id"].isin(list(borrowed))] for frame in others]
    if not borrowed or not rows:
        return table
    extra = pd.concat(rows, ignore_index=True).drop_duplicates("id", keep="first")
    return replace(table, sources=pd.concat([table.sources, extra], ignore_index=True))


def load_tables(tables_dir: Path, *, skip: str | None = None) -> SavedTables:
    """Every saved user table (but ``skip``), each read and validated on its own, oldest import first.

    A table that cannot be read (a missing or broken file, a row that fails validation, a source
    its folder does not describe) is left out and named in ``skipped`` with the reason; the
    others load. A table's catalogue entries ride on its frame as ``frame.attrs["commodities"]``,
    where ``TradeData.load`` finds them. Loading also clears what killed writers left behind.
    """
    if not tables_dir.is_dir():
        return SavedTables()
    _sweep(tables_dir)
    versions = _versions(tables_dir)
    found: list[tuple[int, ImportedTable]] = []
    skipped: list[SkippedTable] = []
    for name in sorted(versions):
        if name == skip:
            continue
        try:
            loaded = _read_newest(tables_dir, name, versions[name])
        except DataFileError as err:
            skipped.append(SkippedTable(name, str(err)))
            continue
        if loaded is not None:
            found.append(loaded)
            if len(versions[name]) > 1:
                _retire_older(tables_dir, name, loaded[0])
    flat, flat_skipped = _flat_tables(tables_dir, set(versions), skip)
    found += flat
    skipped += flat_skipped
    found.sort(key=lambda item: (item[0], item[1].name))
    return SavedTables(tuple(table for _, table in found), tuple(sorted(skipped, key=lambda s: s.name)))


def join_tables(
    data_dir: Path, tables: Sequence[ImportedTable]
) -> tuple[TradeData, tuple[ImportedTable, ...], tuple[SkippedTable, ...]]:
    """The data set with the tables joined, the tables kept, and those left out with the reason.

    A table is left out when it names a curated source or repeats rows of the data set or of an
    earlier table; the later import gives way, so what was there first stays.
    """
    curated_ids = set(read_sources(data_dir / "sources.csv")["id"])
    owners = {key: "the curated data set" for key in _keys(read_observations(data_dir / "observations.csv"))}
    kept: list[ImportedTable] = []
    skipped: list[SkippedTable] = []
    for table in tables:
        reason = _conflict(table, curated_ids, owners)
        if reason:
            skipped.append(SkippedTable(table.name, reason))
            continue
        owners.update(dict.fromkeys(_keys(table.observations), f"table {table.name!r}"))
        kept.append(table)
    try:
        return _joined(data_dir, kept), tuple(kept), tuple(skipped)
    except DataFileError:
        pass
    # a check the loop above does not make failed: join the tables one by one to find which
    accepted: list[ImportedTable] = []
    for table in kept:
        try:
            _joined(data_dir, [*accepted, table])
        except DataFileError as err:
            skipped.append(SkippedTable(table.name, str(err)))
        else:
            accepted.append(table)
    return _joined(data_dir, accepted), tuple(accepted), tuple(skipped)


def table_commodities(tables_dir: Path, *, skip: str | None = None) -> tuple[Commodity, ...]:
    """The catalogue entries every saved user table (but ``skip``) brings."""
    return tuple(entry for table in load_tables(tables_dir, skip=skip).tables for entry in table.commodities)


# -- the saved library: one folder per table version -------------------------------------------------
# tables/NAME@VERSION/ holds table.csv, sources.csv and, for a Comtrade table, commodities.csv;
# VERSION grows with each import of NAME. A folder is written as tables/.tmp-PID-UUID/ and renamed
# into place (the commit); a folder on its way out is first renamed to tables/.trash-UUID/. Tables
# saved before this layout (NAME.csv, NAME.sources.csv, NAME.commodities.csv) are read and moved in.
TABLE_FILE = "table.csv"
SOURCES_FILE = "sources.csv"
CATALOGUE_FILE = "commodities.csv"
_TMP = ".tmp-"
_TRASH = ".trash-"
_STALE_SECONDS = 3600  # a folder still being written after this long belongs to no live import


def _commit(tables_dir: Path, table: ImportedTable, version: int) -> Path:
    tables_dir.mkdir(parents=True, exist_ok=True)
    work = tables_dir / f"{_TMP}{os.getpid()}-{uuid.uuid4().hex}"
    work.mkdir()
    try:
        _write_csv(table.observations[list(OBSERVATION_COLUMNS)], work / TABLE_FILE)
        _write_csv(table.sources[list(SOURCE_COLUMNS)], work / SOURCES_FILE)
        if table.commodities:
            rows = [entry.row() for entry in table.commodities]
            _write_csv(pd.DataFrame.from_records(rows, columns=list(CATALOGUE_COLUMNS)), work / CATALOGUE_FILE)
        _sync_dir(work)
        target = _rename_to_version(work, tables_dir, table.name, version)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _sync_dir(tables_dir)  # the rename itself survives a power cut
    return target


def _rename_to_version(work: Path, tables_dir: Path, name: str, version: int) -> Path:
    while True:
        target = tables_dir / f"{name}@{version}"
        try:
            os.rename(work, target)
            return target
        except OSError:
            if not target.exists():
                raise
            version += 1  # another import took this version a moment ago: the later one is newer


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        frame.to_csv(out, index=False)
        out.flush()
        os.fsync(out.fileno())


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a system that cannot open folders (Windows) orders renames on its own
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _next_version(tables_dir: Path, name: str) -> int:
    newest = max((version for version, _ in _versions(tables_dir).get(name, [])), default=0)
    return max(time.time_ns(), newest + 1)


def _version_of(folder: Path) -> int:
    return int(folder.name.rpartition("@")[2])


def _versions(tables_dir: Path) -> dict[str, list[tuple[int, Path]]]:
    """Committed versions by table name, newest first."""
    out: dict[str, list[tuple[int, Path]]] = {}
    for entry in _entries(tables_dir):
        name, sep, version = entry.name.rpartition("@")
        if sep and name and not name.startswith(".") and version.isdigit() and entry.is_dir():
            out.setdefault(name, []).append((int(version), entry))
    return {name: sorted(found, reverse=True) for name, found in out.items()}


def _entries(tables_dir: Path) -> list[Path]:
    try:
        return list(tables_dir.iterdir())
    except OSError:
        return []


def _read_newest(tables_dir: Path, name: str, versions: list[tuple[int, Path]]) -> tuple[int, ImportedTable] | None:
    """The newest version of a table; a version retired while it was being read gives way to the next."""
    for _ in range(5):
        if not versions:
            return None
        version, folder = versions[0]
        try:
            return version, _read_folder(folder, name)
        except DataFileError:
            if folder.exists():
                raise
        versions = _versions(tables_dir).get(name, [])
    raise DataFileError(str(tables_dir / name), "kept changing while it was read; try again")


def _read_folder(folder: Path, name: str) -> ImportedTable:
    table_path, sources_path = folder / TABLE_FILE, folder / SOURCES_FILE
    for path, what in ((table_path, "rows"), (sources_path, "sources")):
        if not path.exists() and folder.exists():
            raise DataFileError(str(path), f"is missing, so the table's {what} are not known; import the table again")
    observations = read_observations(table_path)
    sources = read_sources(sources_path)
    _check_carried(str(sources_path), observations, sources)
    commodities = _saved_commodities(folder / CATALOGUE_FILE)
    observations.attrs["commodities"] = commodities  # TradeData.load reads the entries from here
    return ImportedTable(name, observations, sources, {}, commodities)


def _check_carried(where: str, observations: pd.DataFrame, sources: pd.DataFrame) -> None:
    missing = sorted(set(observations["source_id"]) - set(sources["id"]))
    if missing:
        raise DataFileError(where, f"does not describe source(s) {', '.join(missing[:5])} that the table's rows name")


def _saved_commodities(path: Path) -> tuple[Commodity, ...]:
    if not path.exists():
        return ()
    return read_catalogue(path, known=[c.code for c in curated()])


def _retire_older(tables_dir: Path, name: str, version: int) -> None:
    """Remove the versions of a table older than ``version``, and its files in the old layout."""
    for older, folder in _versions(tables_dir).get(name, []):
        if older < version:
            _retire(tables_dir, folder)
    for suffix in (".csv", ".sources.csv", ".commodities.csv"):
        with contextlib.suppress(OSError):
            (tables_dir / f"{name}{suffix}").unlink(missing_ok=True)


def _retire(tables_dir: Path, folder: Path) -> None:
    # renamed out of the way first, so a removal cut short never leaves a part of a version behind
    trash = tables_dir / f"{_TRASH}{uuid.uuid4().hex}"
    try:
        os.rename(folder, trash)
    except OSError:
        return  # already retired by another process
    shutil.rmtree(trash, ignore_errors=True)


def _sweep(tables_dir: Path) -> None:
    """Remove what killed writers left: folders half-written or half-removed."""
    for entry in _entries(tables_dir):
        if entry.name.startswith(_TRASH) or (entry.name.startswith(_TMP) and _abandoned(entry)):
            shutil.rmtree(entry, ignore_errors=True)


def _abandoned(work: Path) -> bool:
    """True when no live import is writing this folder: its process is gone, or it is long stale."""
    try:
        if time.time() - work.stat().st_mtime > _STALE_SECONDS:
            return True
    except OSError:
        return False
    pid = work.name[len(_TMP) :].partition("-")[0]
    if not pid.isdigit() or os.name == "nt":
        return False
    if int(pid) == os.getpid():
        return False  # this process may be writing it in another thread
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _flat_tables(
    tables_dir: Path, moved: set[str], skip: str | None
) -> tuple[list[tuple[int, ImportedTable]], list[SkippedTable]]:
    """Tables saved in the old layout (but ``skip``), each moved into a folder of its own as it is read.

    Then a table could take a source from another table's sources file; the folder it moves to
    carries that source itself. A table that cannot move (a read-only library) is still read.
    The old files of a name already ``moved`` to a folder are what a move cut short left.
    """
    paths = {
        path.stem: path
        for path in sorted(tables_dir.glob("*.csv"))
        if not path.name.endswith((".sources.csv", ".commodities.csv"))
    }
    if not paths:
        return [], []
    pool = _flat_sources(tables_dir)
    found: list[tuple[int, ImportedTable]] = []
    skipped: list[SkippedTable] = []
    for name, path in paths.items():
        if name in moved:
            _retire_older(tables_dir, name, 0)  # only the old files go: no folder is older than 0
            continue
        if name == skip:
            continue
        try:
            version = path.stat().st_mtime_ns  # older than any import made since
            table = _read_flat(path, name, pool)
        except (OSError, DataFileError) as err:
            skipped.append(SkippedTable(name, str(err)))
            continue
        found.append((version, table))
        try:
            _commit(tables_dir, table, version)
            _retire_older(tables_dir, name, version)
        except OSError:
            pass
    return found, skipped


def _flat_sources(tables_dir: Path) -> pd.DataFrame:
    frames = []
    for path in sorted(tables_dir.glob("*.sources.csv")):
        try:
            frames.append(read_sources(path))
        except DataFileError:
            continue  # its own table reports it
    if not frames:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))
    return pd.concat(frames, ignore_index=True).drop_duplicates("id", keep="first")


def _read_flat(path: Path, name: str, pool: pd.DataFrame) -> ImportedTable:
    observations = read_observations(path)
    own_path = path.with_name(f"{name}.sources.csv")
    own = read_sources(own_path) if own_path.exists() else pd.DataFrame(columns=list(SOURCE_COLUMNS))
    commodities = _saved_commodities(path.with_name(f"{name}.commodities.csv"))
    observations.attrs["commodities"] = commodities
    table = carry_sources(ImportedTable(name, observations, own, {}, commodities), [pool])
    _check_carried(str(own_path), table.observations, table.sources)
    return table


def _keys(observations: pd.DataFrame) -> list[tuple[object, ...]]:
    return list(observations[list(OBSERVATION_KEY)].itertuples(index=False, name=None))


def _conflict(table: ImportedTable, curated_ids: set[str], owners: dict[tuple[object, ...], str]) -> str:
    taken = sorted(set(table.sources["id"]) & curated_ids)
    if taken:
        return f"names curated source id(s) {', '.join(taken[:5])}; a table describes its own source"
    repeated = [owners[key] for key in _keys(table.observations) if key in owners]
    if repeated:
        return (
            f"{len(repeated)} row(s) repeat rows of {', '.join(sorted(set(repeated)))} "
            "(same commodity, flow, partner, period, measure, basis and source)"
        )
    return ""


def _joined(data_dir: Path, tables: Sequence[ImportedTable]) -> TradeData:
    return TradeData.load(
        data_dir, extra=[t.observations for t in tables] or None, extra_sources=[t.sources for t in tables] or None
    )
