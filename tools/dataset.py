"""The trade data set in memory: observations, sources and events, indexed for fast lookups.

``TradeData.from_frames`` does all derived work once (periods parsed, units made consistent
within a commodity, source tiers joined, lookup indexes built) so each tool call touches only
the few rows it needs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tools.commodities import Commodity, catalogue, hs_commodity, is_known_code
from tools.errors import DataFileError
from tools.periods import Period, parse_period
from tools.schema import OBSERVATION_COLUMNS, read_events, read_observations, read_sources

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "corpus" / "data"

# Quantities are compared in one mass unit per commodity, the catalogue's `unit` (element
# exports are reported in kg); tonnes when the catalogue gives no mass unit.
_MASS = {"t": 1000.0, "kg": 1.0}

SeriesKey = tuple[str, str, str, str]  # commodity, flow, measure, partner
Report = Mapping[str, Any]  # one observation row as a record (column name -> value), or a frame's row
SliceKey = tuple[str, str, str, str]  # commodity, flow, measure, period code


@dataclass(frozen=True)
class Source:
    """Where a figure comes from."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    original_wire: str
    tier: int
    own: bool = False  # a user's table: labelled by this field, never by words in its publisher

    @property
    def is_mirror(self) -> bool:
        """True for a reprint site of the curated data set (a user's source is never one)."""
        return not self.own and names_mirror(self.publisher)

    @property
    def cited_as(self) -> str:
        """The source as analysts cite it: the wire first, then the outlet it was read at.

        "Reuters via Kitco"; a mirror domain or address is never named ("Reuters"); a source with
        no wire is its publisher. A user's source is named as written, and the label "(your
        table)" is added last, after every rewriting, so no publisher text can remove it.
        """
        if self.own:
            return f"{self.publisher} {OWN_TABLE}"
        outlet = without_mirror(self.publisher)
        if self.original_wire and self.original_wire not in outlet:
            return self.original_wire if self.is_mirror else f"{self.original_wire} via {outlet}"
        return outlet

    @property
    def citation(self) -> str:
        """How it is cited, title, date."""
        when = f", {self.date}" if self.date else ""
        return f"{self.cited_as}, \u201c{self.title}\u201d{when}"


OWN_TABLE = "(your table)"


def names_mirror(publisher: str) -> bool:
    """True for a reprint site: the data set marks it "(mirror)" in its publisher."""
    return "mirror)" in publisher


def without_mirror(name: str) -> str:
    """A publisher name without its reprint marker: "Reuters (mirror daily8)" -> "Reuters".

    A mirror is where a story was read, never who published it, so its name is not shown.
    """
    name = re.sub(r",\s*mirror\b[^)]*(?=\))", "", name)
    return re.sub(r"\s*\((?:[^()]*\s)?mirror\b[^()]*\)", "", name).strip()


@dataclass(frozen=True)
class TradeData:
    """Observations, sources and events with their lookup indexes."""

    observations: pd.DataFrame
    sources: pd.DataFrame
    events: pd.DataFrame
    _series: _Groups = field(repr=False)  # SeriesKey -> rows
    _slices: _Groups = field(repr=False)  # SliceKey -> rows
    _sources: dict[str, Source] = field(repr=False)
    _partners: dict[tuple[str, str, str], list[str]] = field(repr=False)
    _catalogue: tuple[Commodity, ...] = field(default=(), repr=False)
    controls_path: Path | None = field(default=None, repr=False)
    user_sources: frozenset[str] = field(default=frozenset(), repr=False)
    _reports: dict[SeriesKey, dict[str, tuple[Report, ...]]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_frames(
        cls,
        observations: pd.DataFrame,
        sources: pd.DataFrame,
        events: pd.DataFrame,
        commodities: Iterable[Commodity] = (),
        user_sources: Iterable[str] = (),
    ) -> TradeData:
        """Derive the working columns and indexes from frames in the tidy schema.

        ``commodities`` are the catalogue entries that imported tables bring; an ``hs_`` code
        without one gets an entry named after the code alone. Rows of ``user_sources`` (a user's
        own tables) rank below every curated row and their publisher says "your table".
        """
        user = frozenset(user_sources)
        if user:
            observations, sources = _guarded(observations, sources, user)
        known = set(sources["id"])
        unknown = sorted(set(observations["source_id"]) - known)
        if unknown:
            raise DataFileError("observations", f"unknown source_id(s): {', '.join(unknown[:5])}")
        entries = list(catalogue(commodities))
        listed = {c.code for c in entries}
        missing = sorted(set(observations["commodity"]) - listed)
        entries += [hs_commodity(code[3:]) for code in missing if is_known_code(code)]
        obs = _derive(observations, sources, entries, user)
        usable = np.flatnonzero((obs["flag"] != "forecast").to_numpy(dtype=bool))  # a forecast is never a figure
        series = _Groups.of(obs, usable, ["commodity", "flow", "measure", "partner"])
        slices = _Groups.of(obs, usable, ["commodity", "flow", "measure", "period"])
        source_map = {
            row.id: Source(
                row.id,
                row.publisher,
                row.title,
                row.date,
                row.url,
                row.original_wire,
                int(row.tier),
                own=row.id in user,
            )
            for row in sources.itertuples(index=False)
        }
        ev = events.copy()
        if len(ev):
            ev["start"] = [parse_period(d).start for d in ev["date"]]
            ev = ev.sort_values("start", kind="stable").reset_index(drop=True)
        else:
            ev["start"] = pd.Series(dtype=object)
        partners: dict[tuple[str, str, str], list[str]] = {}
        for commodity, flow, measure, partner in series:
            partners.setdefault((commodity, flow, measure), []).append(partner)
        partner_lists = {k: sorted(v) for k, v in partners.items()}
        return cls(obs, sources, ev, series, slices, source_map, partner_lists, tuple(entries), user_sources=user)

    @classmethod
    def load(
        cls,
        data_dir: Path = DEFAULT_DATA_DIR,
        extra: list[pd.DataFrame] | None = None,
        extra_sources: list[pd.DataFrame] | None = None,
        extra_commodities: Iterable[Commodity] = (),
    ) -> TradeData:
        """Read the data set's three files, plus any validated user tables.

        The catalogue entries of user tables come from ``extra_commodities`` and from the
        ``"commodities"`` attribute (``frame.attrs``) that ``tools.importers`` sets on their frames.
        """
        observations = read_observations(data_dir / "observations.csv")
        sources = read_sources(data_dir / "sources.csv")
        events = read_events(data_dir / "events.csv")
        commodities = list(extra_commodities)
        for frame in extra or []:
            commodities.extend(frame.attrs.get("commodities", ()))
        if extra:
            observations = pd.concat([observations, *extra], ignore_index=True)
        user: set[str] = set()
        if extra_sources:
            user = {str(i) for frame in extra_sources for i in frame["id"]}
            taken = sorted(user & set(sources["id"]))
            if taken:
                raise DataFileError(
                    "user tables", f"name curated source id(s) {', '.join(taken[:5])}; a table describes its own source"
                )
            sources = pd.concat([sources, *extra_sources], ignore_index=True).drop_duplicates("id", keep="first")
        data = cls.from_frames(observations, sources, events, commodities, user)
        return replace(data, controls_path=data_dir / "controls.csv")

    @cached_property
    def controls(self) -> pd.DataFrame:
        """The export-control measures table, read on first use (empty when the data set has none)."""
        from tools.controls import read_controls  # the reader lives with its tool, which imports this module

        return read_controls(self.controls_path, set(self.sources["id"]))

    # -- lookups --------------------------------------------------------------------------
    def series(self, commodity: str, flow: str, measure: str, partner: str) -> pd.DataFrame:
        """Every row of one series (any period), or an empty frame."""
        return self._series.get((commodity, flow, measure, partner), _EMPTY)

    def reports(self, commodity: str, flow: str, measure: str, partner: str) -> dict[str, tuple[Report, ...]]:
        """One series' rows as plain records by period code, in order of preference.

        The lookups that answers make most (one figure for one period) read these instead of
        filtering a frame: a dict lookup, not a boolean mask per call. Built per series on
        first use; a race builds the same records twice, harmlessly.
        """
        key = (commodity, flow, measure, partner)
        found = self._reports.get(key)
        if found is None:
            by_period: dict[str, list[dict[str, Any]]] = {}
            for record in self.series(*key).to_dict("records"):
                by_period.setdefault(str(record["period"]), []).append(record)
            found = {period: tuple(rows) for period, rows in by_period.items()}
            self._reports[key] = found
        return found

    def slice(self, commodity: str, flow: str, measure: str, period: Period) -> pd.DataFrame:
        """Every row for one period across partners, or an empty frame."""
        return self._slices.get((commodity, flow, measure, period.code), _EMPTY)

    def partners_of(self, commodity: str, flow: str, measure: str) -> list[str]:
        """Partners (or markets) that have a series for this commodity, flow and measure."""
        return self._partners.get((commodity, flow, measure), [])

    def source(self, source_id: str) -> Source:
        """The source record of an id."""
        return self._sources[source_id]

    def commodities(self) -> list[str]:
        """Commodity codes present in the observations."""
        return sorted(self.observations["commodity"].unique())

    def catalogue(self) -> tuple[Commodity, ...]:
        """Every commodity this data set can name: the curated catalogue, then imported entries."""
        return self._catalogue

    def partners(self, commodity: str | None = None) -> list[str]:
        """Partner codes present (for one commodity, or all)."""
        obs = self.observations
        if commodity is not None:
            obs = obs[obs["commodity"] == commodity]
        return sorted(obs["partner"].unique())

    def monthly_coverage(self, commodity: str = "magnets", flow: str = "export") -> tuple[Period, Period] | None:
        """First and last month with a reported monthly total for a commodity."""
        rows = self.series(commodity, flow, "volume", "WLD")
        rows = rows[rows["kind"] == "month"]
        if rows.empty:
            return None
        first, last = date.fromordinal(int(rows["start"].min())), date.fromordinal(int(rows["start"].max()))
        return Period.month(first.year, first.month), Period.month(last.year, last.month)


def inside(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows whose period lies within ``period``."""
    if frame.empty:
        return frame
    return frame[(frame["start"] >= period.start.toordinal()) & (frame["end"] <= period.end.toordinal())]


def starting_in(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows whose period starts within ``period``."""
    if frame.empty:
        return frame
    first, last = period.start.toordinal(), period.end.toordinal()
    return frame[(frame["start"] >= first) & (frame["start"] <= last)]


def enclosing(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Rows whose period contains ``period``."""
    if frame.empty:
        return frame
    return frame[(frame["start"] <= period.start.toordinal()) & (frame["end"] >= period.end.toordinal())]


def decimals_of(value: float) -> int:
    """Digits after the decimal point of a figure as stored (6,145.623 -> 3; NaN -> 0)."""
    if math.isnan(value):
        return 0
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


WITHHELD_TEXT = "[withheld: it addresses an AI system]"


def _guarded(
    observations: pd.DataFrame, sources: pd.DataFrame, user: frozenset[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A user's notes, publishers and titles with any text addressed to an AI system withheld.

    They reach caveats, source names and the figure tool's results sent to a model, so they pass
    the same guard as retrieved passages; curated text is the project's own and is not judged.
    """
    from corpus.guard import looks_like_instructions  # the guard's patterns load on first use

    def judged(frame: pd.DataFrame, mine: pd.Series, columns: tuple[str, ...]) -> pd.DataFrame:
        out = frame
        for column in columns:
            texts = frame.loc[mine, column].astype(str)
            bad = {t for t in texts.unique() if t and looks_like_instructions(t)}
            if bad:
                out = out.copy() if out is frame else out
                out.loc[mine & frame[column].isin(list(bad)), column] = WITHHELD_TEXT
        return out

    observations = judged(observations, observations["source_id"].isin(list(user)), ("note",))
    sources = judged(sources, sources["id"].isin(list(user)), ("publisher", "title"))
    return observations, sources


def _derive(
    observations: pd.DataFrame, sources: pd.DataFrame, entries: Iterable[Commodity], user: frozenset[str]
) -> pd.DataFrame:
    obs = shared_strings(observations.reset_index(drop=True))
    periods = {code: parse_period(code) for code in obs["period"].unique()}
    # day ordinals: integer comparisons keep window filters cheap on large tables
    obs["start"] = obs["period"].map(lambda c: periods[c].start.toordinal()).astype("int64")
    obs["end"] = obs["period"].map(lambda c: periods[c].end.toordinal()).astype("int64")
    obs["kind"] = obs["period"].map(lambda c: periods[c].kind)
    obs["month_kind"] = obs["period"].map(lambda c: periods[c].whole_months)
    # one mass unit per commodity; the reported unit stays in `unit_reported`
    obs["unit_reported"] = obs["unit"]
    mass_unit = {c.code: c.unit for c in entries if c.unit in _MASS}
    target = obs["commodity"].map(lambda c: mass_unit.get(c, "t"))
    is_mass = obs["unit"].isin(list(_MASS))
    factor = np.where(
        is_mass,
        obs["unit"].map(lambda u: _MASS.get(u, 1.0)).to_numpy(dtype=float)
        / target.map(lambda u: _MASS[u]).to_numpy(dtype=float),
        1.0,
    )
    for name in ("value", "low", "high"):
        obs[name] = obs[name].to_numpy(dtype=float) * factor
    obs["unit"] = np.where(is_mass, target, obs["unit"])
    unique_values = pd.unique(obs["value"])
    decimals = {v: decimals_of(v) for v in unique_values}
    obs["decimals"] = obs["value"].map(decimals).astype(int)
    meta = sources.set_index("id")
    obs["tier"] = obs["source_id"].map(meta["tier"]).astype(int)
    obs["published"] = obs["source_id"].map(meta["date"]).fillna("")
    # Rows in order of preference (the data README's rule, curated rows before a user's own), so
    # the first row of any group is the preferred report and lookups never sort again.
    mirrors = {str(i) for i, publisher in meta["publisher"].items() if names_mirror(str(publisher)) and i not in user}
    obs = obs.assign(
        _user=obs["source_id"].isin(list(user)),
        _flagged=obs["flag"] != "",
        _mirror=obs["source_id"].isin(mirrors),
    ).sort_values(
        ["_user", "_flagged", "tier", "_mirror", "decimals", "published", "source_id"],
        ascending=[True, True, True, True, False, False, True],
        kind="stable",
    )
    return obs.drop(columns=["_user", "_flagged", "_mirror"]).reset_index(drop=True)


def shared_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns hold one string object per distinct value.

    A table read from a CSV file holds a string of its own in every cell (some 60 bytes each),
    where a trade table repeats a few hundred codes: sharing them takes most of a large table's
    memory away. The distinct values are copied afresh, so none of the cells' strings (nor the
    memory pages they are spread over) stays alive. Values and dtypes are unchanged.
    """
    out = frame.copy(deep=False)
    for name in out.columns:
        column = out[name]
        if not pd.api.types.is_string_dtype(column) or column.hasnans:
            continue
        codes, uniques = pd.factorize(column)
        if not all(isinstance(u, str) for u in uniques):
            continue
        fresh = pd.array([_fresh(u) for u in uniques], dtype=column.dtype)
        out[name] = pd.Series(fresh.take(codes), index=out.index, name=name)
    return out


def _fresh(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


class _Groups:
    """The rows of each group of one grouping, kept as row positions in the data set's frame.

    A group's frame is taken from the frame on its first lookup and kept: a data set holds every
    row once, plus the groups its answers have asked for, not every row twice over (once per
    grouping) from the start. The frames are those ``groupby`` gives: same rows, order and index.
    """

    def __init__(self, frame: pd.DataFrame, rows: dict[tuple[str, ...], np.ndarray]) -> None:
        self._frame = frame
        self._rows = rows
        self._frames: dict[tuple[str, ...], pd.DataFrame] = {}

    @classmethod
    def of(cls, frame: pd.DataFrame, usable: np.ndarray, keys: list[str]) -> _Groups:
        """The groups of the ``usable`` rows (positions) of ``frame`` by the columns ``keys``."""
        groups = frame[keys].iloc[usable].groupby(keys, sort=False).indices
        return cls(frame, {key: usable[at] for key, at in groups.items()})

    def get(self, key: tuple[str, ...], default: pd.DataFrame) -> pd.DataFrame:
        """The group's rows, or ``default`` when there is no such group (a race takes them twice, harmlessly)."""
        found = self._frames.get(key)
        if found is None:
            rows = self._rows.get(key)
            if rows is None:
                return default
            found = self._frames.setdefault(key, self._frame.take(rows))
        return found

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


_EMPTY = pd.DataFrame(
    columns=[
        *OBSERVATION_COLUMNS,
        "start",
        "end",
        "kind",
        "month_kind",
        "unit_reported",
        "decimals",
        "tier",
        "published",
    ]
)
