"""China's export-control measures on rare earths: which items a measure covers, and their status.

The table is ``corpus/data/controls.csv`` (one row per measure and item, see the data README).
``controls`` answers from it: which items a measure covers, whether an element is covered and by
what, when a measure took effect, and whether it is suspended on a given date.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tools.errors import AmbiguousName, DataFileError, InvalidArgument, UnknownName
from tools.periods import Period, month_number, parse_period
from tools.results import ControlRow, ControlsResult, NoData
from tools.schema import read_csv_rows

if TYPE_CHECKING:
    from tools.dataset import TradeData

CONTROL_COLUMNS = (
    "measure",
    "short_name",
    "announced",
    "effective",
    "item",
    "item_kind",
    "status",
    "status_from",
    "status_until",
    "status_by",
    "source_id",
    "flag",
    "note",
    "note_source_id",
)
ITEM_KINDS = frozenset({"element", "technology", "equipment", "rule", "other"})
STATUSES = frozenset({"in_force", "suspended", "lifted"})

# The seventeen rare earths (name -> symbol), in atomic-number order; a name outside this list
# is not an element at all, while an element here that no measure lists is simply not covered.
ELEMENTS = {
    "scandium": "Sc",
    "yttrium": "Y",
    "lanthanum": "La",
    "cerium": "Ce",
    "praseodymium": "Pr",
    "neodymium": "Nd",
    "promethium": "Pm",
    "samarium": "Sm",
    "europium": "Eu",
    "gadolinium": "Gd",
    "terbium": "Tb",
    "dysprosium": "Dy",
    "holmium": "Ho",
    "erbium": "Er",
    "thulium": "Tm",
    "ytterbium": "Yb",
    "lutetium": "Lu",
}
# Words that say "a measure" without picking one ("the April controls", "October 2025 measures").
_FILLER = frozenset(
    {"the", "of", "on", "china", "chinas", "china's", "export", "exports", "control", "controls", "measure",
     "measures", "rule", "rules", "announcement", "announcements", "mofcom", "gac", "rare", "earth", "earths",
     "rare-earth", "curbs", "restrictions"}
)  # fmt: skip
_NUMBER = re.compile(r"^(?:(?:mofcom|gac|/|\s)*announcement\s*)?(?:nos?\.?\s*)?(\d{1,3})(?:\s*(?:of|/)\s*(\d{4}))?$")
_NUMBER_IN_ID = re.compile(r"No\.\s*(\d+)\s+of\s+(\d{4})")


# -- reading ---------------------------------------------------------------------------------------
def read_controls(path: Path | None, known_sources: set[str] | None = None) -> pd.DataFrame:
    """Read and validate the controls table; a data set without one gets an empty table."""
    if path is None or not path.exists():
        return pd.DataFrame(columns=list(CONTROL_COLUMNS))
    records: list[dict[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    where = str(path)
    for line, row in read_csv_rows(path, ("measure", "announced", "item", "item_kind", "status", "source_id")):
        out = {name: row.get(name, "") for name in CONTROL_COLUMNS}

        def fail(column: str, message: str, line: int = line) -> DataFileError:
            return DataFileError(where, message, line=line, column=column)

        for name in ("measure", "announced", "item", "item_kind", "status", "source_id"):
            if not out[name]:
                raise fail(name, "is empty")
        for name in ("announced", "effective", "status_from", "status_until"):
            if out[name]:
                try:
                    out[name] = parse_period(out[name]).code
                except InvalidArgument as err:
                    raise fail(name, str(err)) from None
        if out["item_kind"] not in ITEM_KINDS:
            raise fail("item_kind", f"unknown item kind {out['item_kind']!r}; expected one of {sorted(ITEM_KINDS)}")
        if out["status"] not in STATUSES:
            raise fail("status", f"unknown status {out['status']!r}; expected one of {sorted(STATUSES)}")
        if out["status"] != "in_force" and not (out["status_from"] and out["status_by"]):
            raise fail("status_from", "a suspended or lifted item needs status_from and status_by")
        if out["item_kind"] == "element" and out["item"].lower() not in ELEMENTS:
            raise fail("item", f"{out['item']!r} is not a rare-earth element")
        if out["flag"] not in ("", "doubtful"):
            raise fail("flag", f"unknown flag {out['flag']!r}; expected 'doubtful' or empty")
        for name in ("source_id", "note_source_id"):
            unknown = [s for s in _ids(out[name]) if known_sources is not None and s not in known_sources]
            if unknown:
                raise fail(name, f"unknown source_id(s): {', '.join(unknown)}")
        key = (out["measure"], out["item"].lower())
        if key in seen:
            raise fail("item", f"duplicate row: same measure and item as line {seen[key]}")
        seen[key] = line
        records.append(out)
    return pd.DataFrame.from_records(records, columns=list(CONTROL_COLUMNS))


def _ids(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in str(text).split(";") if s.strip())


# -- the tool -----------------------------------------------------------------------------------------
def controls(
    data: TradeData,
    *,
    element: str | None = None,
    measure: str | None = None,
    on: Period | str | None = None,
) -> ControlsResult | NoData:
    """Export-control measures: what a measure covers, what covers an element, status on a date.

    ``element`` by name or symbol ("dysprosium", "Dy"); ``measure`` by id, number ("No. 18",
    "57"), short name ("April 2025 controls") or month ("October 2025"); ``on`` a date or period
    (a span is judged on its last day), by default the latest date in the data set's events and
    measures. Example: controls(data, element="Dy") -> No. 18 of 2025, in force since 4 April 2025.
    """
    table = data.controls
    if table.empty:
        return NoData("controls", "export-control measures", reason="The data set has no table of export controls.")
    name = resolve_element(element) if element is not None else None
    day = parse_period(on).end if on is not None else latest_date(data)
    rows = table
    chosen: tuple[str, ...] = ()
    if measure is not None:
        named = resolve_measure(table, measure)
        rows = rows[rows["measure"].isin(named) | rows["status_by"].isin(named)]
        chosen = tuple(dict.fromkeys(rows["measure"]))
    # the sources whose item lists an answer "not covered" rests on
    listed = rows[rows["item_kind"] == "element"] if name is not None else rows
    checked = tuple(dict.fromkeys(s for text in listed["source_id"] for s in _ids(text)))
    if name is not None:
        rows = rows[(rows["item_kind"] == "element") & (rows["item"].str.lower() == name)]
    found = sorted((_row(r, day) for r in rows.to_dict("records")), key=lambda r: (r.announced, r.measure))
    notes = [f"Only a secondary source reports {r.measure} ({r.item})." for r in found if r.flag]
    latest = latest_date(data)
    if day > latest:
        notes.append(f"The measures are recorded up to {Period.day(latest).label}; later changes are not in the data.")
    warnings = tuple(dict.fromkeys(notes))
    return ControlsResult("controls", day, tuple(found), name, chosen, checked, warnings)


def _row(r: dict[str, str], day: date) -> ControlRow:
    def when(name: str, end: bool = False) -> date | None:
        if not r[name]:
            return None
        span = parse_period(r[name])
        return span.end if end else span.start

    announced = parse_period(r["announced"]).start
    effective, status_from, status_until = when("effective"), when("status_from"), when("status_until", end=True)
    return ControlRow(
        measure=r["measure"],
        short_name=r["short_name"],
        announced=announced,
        effective=effective,
        item=r["item"],
        item_kind=r["item_kind"],
        status=r["status"],
        status_from=status_from,
        status_until=status_until,
        status_by=r["status_by"],
        sources=_ids(r["source_id"]),
        status_on=status_on(day, announced, effective, r["status"], status_from, status_until),
        flag=r["flag"],
        note=r["note"],
        note_sources=_ids(r["note_source_id"]) or _ids(r["source_id"]),
    )


def status_on(
    day: date,
    announced: date,
    effective: date | None,
    status: str,
    status_from: date | None,
    status_until: date | None,
) -> str:
    """The status of one item on ``day``: not_announced, announced, in_force, suspended, lifted, unknown.

    ``announced`` means announced but not yet in effect; ``unknown`` is a day after a suspension
    ends, about which the sources say nothing.
    """
    if day < announced:
        return "not_announced"
    if status != "in_force" and status_from is not None and day >= status_from:
        if status_until is not None and day > status_until:
            return "unknown"
        return status
    if effective is not None and day < effective:
        return "announced"
    return "in_force"


def latest_date(data: TradeData) -> date:
    """The latest dated fact in the data set: an event, or a measure's announcement or status change."""
    days = [parse_period(d).start for d in data.events["date"]] if len(data.events) else []
    table = data.controls
    for name in ("announced", "effective", "status_from"):
        days.extend(parse_period(d).start for d in table[name] if d)
    if not days:
        raise InvalidArgument("The data set holds no dated events or measures; name a date.")
    return max(days)


# -- names ---------------------------------------------------------------------------------------------
def resolve_element(text: str) -> str:
    """A rare-earth element by name or symbol, case-insensitive ("Dy" -> "dysprosium")."""
    key = str(text).strip().lower()
    if key in ELEMENTS:
        return key
    by_symbol = {symbol.lower(): name for name, symbol in ELEMENTS.items()}
    if key in by_symbol:
        return by_symbol[key]
    raise UnknownElement(str(text))


class UnknownElement(UnknownName):
    """A word that is neither the name nor the symbol of a rare-earth element."""

    def __init__(self, name: str) -> None:
        known = [f"{element} ({symbol})" for element, symbol in ELEMENTS.items()]
        super().__init__("element", name, known)
        self.args = (f"Unknown element {name!r}. The rare-earth elements are: {', '.join(known)}.",)


def resolve_measure(table: pd.DataFrame, text: str) -> tuple[str, ...]:
    """The measure ids that ``text`` names: an id, a number, a short name, a month or a few words.

    A month or a word may name several measures ("October 2025" is a batch of four); a number or
    a month that matches measures of different years is ambiguous.
    """
    measures = list(dict.fromkeys([*table["measure"], *(m for m in table["status_by"] if m)]))
    short = dict(zip(table["measure"], table["short_name"], strict=True))
    key = _normal(text)
    if not key:
        raise InvalidArgument("Name a measure, e.g. 'No. 18' or 'April 2025 controls'.")
    exact = [m for m in measures if key in (_normal(m), _normal(short.get(m, "")))]
    if exact:
        return tuple(exact)
    number = _NUMBER.match(key)
    if number:
        found = []
        for m in measures:
            hit = _NUMBER_IN_ID.search(m)
            if hit and hit.group(1) == number.group(1) and number.group(2) in (None, hit.group(2)):
                found.append(m)
        return _one_year(table, found, text)
    words = [w for w in key.split() if w not in _FILLER]
    if words:
        by_date = _by_announcement(table, " ".join(words))
        if by_date:
            return _one_year(table, by_date, text)
        vocabulary = {m: set(_normal(f"{m} {short.get(m, '')}").split()) for m in measures}
        for item, m in zip(table["item"], table["measure"], strict=True):
            vocabulary[m] |= set(_normal(item).split())
        found = [m for m in measures if set(words) <= vocabulary[m]]
        if found:
            return tuple(found)
    names = [short.get(m) or m for m in measures]
    close = set(difflib.get_close_matches(key, [_normal(n) for n in names], n=3, cutoff=0.5))
    raise UnknownName("measure", text, [n for n in names if _normal(n) in close] or names)


def _by_announcement(table: pd.DataFrame, words: str) -> list[str]:
    """Measures announced in a period ("October 2025") or in a month of any year ("april")."""
    announced = dict(zip(table["measure"], table["announced"], strict=True))
    month = month_number(words) if " " not in words.strip() else None
    if month is not None:
        return [m for m, d in announced.items() if parse_period(d).start.month == month]
    try:
        window = parse_period(words)
    except InvalidArgument:
        return []
    return [m for m, d in announced.items() if window.start <= parse_period(d).start <= window.end]


def _one_year(table: pd.DataFrame, found: list[str], text: str) -> tuple[str, ...]:
    if not found:
        known = list(dict.fromkeys(table["measure"]))
        raise UnknownName("measure", text, known)
    announced = dict(zip(table["measure"], table["announced"], strict=True))
    years = set()
    for m in found:
        hit = _NUMBER_IN_ID.search(m)
        years.add(announced[m][:4] if m in announced else (hit.group(2) if hit else ""))
    if len(years) > 1:
        raise AmbiguousName("measure", text, found)
    return tuple(found)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9.%/' -]+", " ", str(text).lower())).strip()


# -- sentences -----------------------------------------------------------------------------------------
def control_lines(result: ControlsResult, source_names: dict[str, str]) -> list[str]:
    """Plain sentences answering from a ``ControlsResult``, each naming its source(s)."""

    def cite(ids: tuple[str, ...]) -> str:
        return "; ".join(dict.fromkeys(source_names.get(s, s) for s in ids))

    day = _day(result.on)
    if result.element and not result.rows:
        scope = " or ".join(result.measures) if result.measures else "any listed measure"
        return [f"{result.element.capitalize()} is not covered by {scope} ({cite(result.checked_sources)})."]
    groups: dict[tuple[str, str], list[ControlRow]] = {}
    for row in result.rows:
        groups.setdefault((row.measure, row.status_on), []).append(row)
    out: list[str] = []
    for (measure, _), rows in groups.items():
        first = rows[0]
        named = f"{measure} (the {first.short_name})" if first.short_name else measure
        sources = tuple(s for r in rows for s in r.sources)
        if result.element:
            subject = f"{result.element.capitalize()} is covered by {named}; on {day} that measure was"
        else:
            subject = f"{named} covers {_join([r.item for r in rows])}; on {day} it was"
        out.append(f"{subject} {_status_text(first)} ({cite(sources)}).")
        if first.flag:
            out.append(f"Only a secondary source reports this measure ({cite(first.sources)}).")
        for note, ids in dict.fromkeys((r.note, r.note_sources) for r in rows if r.note):
            line = f"{note.rstrip('.')} ({cite(ids)})."
            if line not in out:
                out.append(line)
    return out


def _status_text(row: ControlRow) -> str:
    announced, effective = _day(row.announced), _day(row.effective)
    since, until, by = _day(row.status_from), _day(row.status_until), row.status_by
    if row.status_on == "not_announced":
        return f"not yet announced; it was announced on {announced}"
    if row.status_on == "announced":
        return f"announced on {announced} but not yet in effect, due to take effect on {effective}"
    if row.status_on == "in_force":
        if not effective:
            return f"in force, announced on {announced} with no effective date reported"
        return f"in force since {effective}"
    if row.status_on == "suspended":
        took = ""
        if row.effective and row.status_from and row.effective > row.status_from:
            took = f", before its due start on {effective}"
        elif effective:
            took = f", having been in force since {effective}"
        return f"suspended from {since} until {until} by {by}{took}"
    if row.status_on == "lifted":
        return f"lifted on {since} by {by}"
    return f"past the end of its suspension by {by} on {until}; the sources do not say what applies after that"


def _day(value: date | None) -> str:
    return Period.day(value).label if value else ""


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
