"""Commodities: the catalogue of categories, their names, and how people refer to them.

The curated catalogue is ``corpus/data/commodities.csv`` (described in the data README). Imported
trade tables add entries for the HS codes they bring (``hs_commodity``). Nothing is read until a
function needs it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from tools.errors import DataFileError, UnknownName

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "corpus" / "data" / "commodities.csv"
CATALOGUE_COLUMNS = ("code", "label", "synonyms", "hs_codes", "unit", "kind", "price_of", "element")
KINDS = frozenset({"trade", "price"})

_HS_CODE = re.compile(r"^hs_\d{4,10}$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_HS_TEXT = re.compile(r"^\d{4}(?:\.?\d{2}){0,3}$")
_ELEMENT = re.compile(r"^[A-Z][a-z]?$")

# How HS descriptions are worded: a part that starts with one of these words qualifies the
# goods named before it rather than naming goods itself.
_QUALIFIER = re.compile(r"^(?:whether|other|not|n\.e\.[cs]|excluding|including|except|of|in|with|for)\b", re.I)
# ...and only these qualifiers narrow the goods enough to belong in a short label.
_RESTRICTIVE = re.compile(r"^(?:of|other than|not|excluding|except)\b", re.I)
# A clause from here on describes the goods in more detail than a label needs.
_CLAUSE = re.compile(r"\s+(?:intended|used|suitable|designed|whether|containing|put up|n\.e\.[cs])\b", re.I)
# The clause qualifies the last noun only, which goes with it ("X and articles intended to ...").
_LAST_CONJUNCT = re.compile(r"\s+(?:and|or)\s+[\w-]+$")


@dataclass(frozen=True)
class Commodity:
    """One category of the data set; categories are never added together."""

    code: str
    label: str
    synonyms: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    unit: str = "t"
    kind: str = "trade"
    price_of: str = ""
    element: tuple[str, ...] = ()

    @property
    def price(self) -> bool:
        """True for a price series."""
        return self.kind == "price"

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every name given in the catalogue besides the code and label."""
        return self.synonyms + self.hs_codes

    @property
    def plain_label(self) -> str:
        """The label without its bracketed precision ("rare-earth permanent magnets")."""
        return self.label.split(" (")[0]

    def row(self) -> dict[str, str]:
        """The entry as a row of a catalogue CSV."""
        return {
            "code": self.code,
            "label": self.label,
            "synonyms": ";".join(self.synonyms),
            "hs_codes": ";".join(self.hs_codes),
            "unit": self.unit,
            "kind": self.kind,
            "price_of": self.price_of,
            "element": ";".join(self.element),
        }


# -- reading a catalogue ----------------------------------------------------------------------
def read_catalogue(path: Path, *, known: Iterable[str] = ()) -> tuple[Commodity, ...]:
    """Read and validate a catalogue CSV; ``known`` codes may be named in ``price_of`` too.

    Raises ``DataFileError`` naming the line and column of the first problem, including a name
    that two entries both claim.
    """
    from tools.schema import UNITS, read_csv_rows  # schema validates codes with this module

    entries: list[Commodity] = []
    lines: dict[str, int] = {}
    owners: dict[str, tuple[str, int]] = {}
    for line, row in read_csv_rows(Path(path), CATALOGUE_COLUMNS):

        def fail(column: str, message: str, line: int = line) -> DataFileError:
            return DataFileError(str(path), message, line=line, column=column)

        code = row["code"]
        if not _CODE.match(code):
            raise fail("code", f"{code!r} is not a code (lower-case letters, digits and '_')")
        if code in lines:
            raise fail("code", f"duplicate code {code!r} (line {lines[code]})")
        if not row["label"]:
            raise fail("label", "is empty")
        if row["kind"] not in KINDS:
            raise fail("kind", f"unknown kind {row['kind']!r}; expected one of {sorted(KINDS)}")
        if row["unit"] not in UNITS:
            raise fail("unit", f"unknown unit {row['unit']!r}; expected one of {sorted(UNITS)}")
        lists = {}
        for column, pattern, what in (
            ("synonyms", None, ""),
            ("hs_codes", _HS_TEXT, "an HS code (4 to 10 digits, dots allowed: 8505.11)"),
            ("element", _ELEMENT, "an element symbol (Dy, Tb)"),
        ):
            items = [item.strip() for item in row[column].split(";")] if row[column] else []
            if "" in items:
                raise fail(column, "has an empty name between ';' separators")
            for item in items:
                if pattern is not None and not pattern.match(item):
                    raise fail(column, f"{item!r} is not {what}")
            lists[column] = tuple(items)
        entry = Commodity(
            code,
            row["label"],
            lists["synonyms"],
            lists["hs_codes"],
            row["unit"],
            row["kind"],
            row["price_of"],
            lists["element"],
        )
        for column, name in _names_of(entry):
            owner = owners.setdefault(name, (code, line))
            if owner[0] != code:
                raise fail(column, f"the name {name!r} is also given to {owner[0]!r} (line {owner[1]})")
        entries.append(entry)
        lines[code] = line
    if not entries:
        raise DataFileError(str(path), "has a header but no rows")
    targets = set(lines) | set(known)
    for entry in entries:
        if entry.price_of and entry.price_of not in targets:
            raise DataFileError(
                str(path),
                f"price_of {entry.price_of!r} is not a code of the catalogue",
                line=lines[entry.code],
                column="price_of",
            )
    return tuple(entries)


@lru_cache(maxsize=1)
def curated() -> tuple[Commodity, ...]:
    """The curated catalogue shipped with the data set."""
    return read_catalogue(CATALOGUE_PATH)


def catalogue(extra: Iterable[Commodity] = ()) -> tuple[Commodity, ...]:
    """The curated catalogue followed by the ``extra`` entries of codes it does not have yet."""
    base = curated()
    extra = tuple(extra)
    if not extra:
        return base
    seen = {c.code for c in base}
    out = list(base)
    for entry in extra:
        if entry.code not in seen:
            seen.add(entry.code)
            out.append(entry)
    return tuple(out)


def vocabulary(extra: Iterable[Commodity] = ()) -> dict[str, str]:
    """Every name of the catalogue (normalised, see ``normal_name``) and the code it means.

    A code always means itself; an HS code means the imported entry of exactly that code before a
    curated category that lists it; curated names come before imported ones; a name that
    several imported entries share means none of them.
    """
    return dict(_vocabulary(catalogue(extra)))


def normal_name(text: str) -> str:
    """A name as the vocabulary keys it: lower-case words, digits, dots and '%'."""
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9.%]+", " ", text.lower())).strip()


# -- the public look-ups ----------------------------------------------------------------------
def commodity_label(code: str, extra: Iterable[Commodity] = ()) -> str:
    """Human name of a commodity code (user tables may bring ``hs_XXXXXX`` codes)."""
    entry = _by_code(catalogue(extra)).get(code)
    if entry is not None:
        return entry.label
    if _HS_CODE.match(code):
        return f"HS {_dotted(code[3:])}"
    return code


def is_known_code(code: str) -> bool:
    """True for a vocabulary code or an ``hs_`` code from a user table."""
    return code in _by_code(curated()) or bool(_HS_CODE.match(code))


def resolve_commodity(name: str, *, price: bool = False, extra: Iterable[Commodity] = ()) -> str:
    """Resolve a commodity name or alias to its code; with ``price`` an element means its price series.

    ``extra`` adds catalogue entries (those of imported tables). Example: "rare earth magnets" ->
    "magnets"; "REE" -> "rare_earths"; "dysprosium" with price=True -> "dy_oxide".
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownName("commodity", str(name))
    entries = catalogue(extra)
    by_code = _by_code(entries)
    raw = name.strip().lower()
    if raw in by_code or _HS_CODE.match(raw):
        code = raw
    else:
        table = _vocabulary(entries)
        key = normal_name(name)
        if key not in table:
            close = difflib.get_close_matches(key, list(table), n=5, cutoff=0.7)
            raise UnknownName("commodity", name, sorted({table[c] for c in close}))
        code = table[key]
    if price and code in by_code and by_code[code].price_of:
        code = by_code[code].price_of
    return code


# -- entries for HS codes ---------------------------------------------------------------------
def hs_commodity(cmd_code: str, description: str = "") -> Commodity:
    """The catalogue entry of an HS code from an imported table, named from its description.

    Example: ("850511", "Magnets; permanent magnets and articles intended to become permanent
    magnets after magnetisation, of metal") -> label "permanent magnets of metal (HS 8505.11)".
    """
    digits = re.sub(r"\D", "", cmd_code)
    if not 4 <= len(digits) <= 10:
        raise ValueError(f"{cmd_code!r} is not an HS code")
    dotted = _dotted(digits)
    text = re.sub(r"\s+", " ", description).strip()
    plain = _plain_words(text)
    names = [plain] if plain else []
    names += [part for part in _parts(text) if not _QUALIFIER.match(part)]
    names += [f"HS {dotted}", digits, dotted]
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(normal_name(name), name)
    synonyms = tuple(unique.values())
    label = f"{plain} (HS {dotted})" if plain else f"HS {dotted}"
    return Commodity(f"hs_{digits}", label, synonyms, tuple(dict.fromkeys((dotted, digits))), "t", "trade")


def hs_commodities(descriptions: Mapping[str, str]) -> tuple[Commodity, ...]:
    """Entries for several HS codes (code -> description); a name they share names none of them."""
    entries = [hs_commodity(code, text) for code, text in descriptions.items()]
    claims: dict[str, set[str]] = {}
    for entry in entries:
        for name in entry.synonyms:
            claims.setdefault(normal_name(name), set()).add(entry.code)
    return tuple(
        replace(entry, synonyms=tuple(n for n in entry.synonyms if len(claims[normal_name(n)]) == 1))
        for entry in entries
    )


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _plain_words(text: str) -> str:
    """The goods an HS description names, in a few plain words."""
    parts = _parts(text)
    if not parts:
        return ""
    nouns = [p for p in parts if not _QUALIFIER.match(p)]
    # the last naming part is the most specific (Comtrade writes "heading; subheading")
    main = nouns[-1] if nouns else parts[0]
    later = parts[parts.index(main) + 1 :]
    segments = [s.strip().strip("()").strip() for s in main.split(",")]
    head = segments[0]
    cut = _CLAUSE.search(head)
    if cut:
        head = head[: cut.start()]
        if cut.group(0).strip().lower() not in ("whether", "n.e.c", "n.e.s"):
            head = _LAST_CONJUNCT.sub("", head)
    words = [head]
    of = next((s for s in segments[1:] if s.lower().startswith("of ")), None)
    if of:
        words.append(_CLAUSE.split(of)[0])
    words += [s for s in [*segments[1:], *later] if _RESTRICTIVE.match(s) and not s.lower().startswith("of ")]
    plain = re.sub(r"\s+", " ", " ".join(words)).strip(" ,.")
    if len(plain) > 1 and not plain[1].isupper():
        plain = plain[0].lower() + plain[1:]
    return plain


def _dotted(digits: str) -> str:
    return ".".join([digits[:4], *(digits[i : i + 2] for i in range(4, len(digits), 2))])


def _hs_names(text: str) -> list[str]:
    digits = re.sub(r"\D", "", text)
    dotted = _dotted(digits)
    return [digits, dotted, f"hs {digits}", f"hs {dotted}"]


def _names_of(entry: Commodity) -> list[tuple[str, str]]:
    names = [("code", entry.code), ("code", normal_name(entry.code.replace("_", " ")))]
    names += [("label", normal_name(entry.label)), ("label", normal_name(entry.plain_label))]
    names += [("synonyms", normal_name(s)) for s in entry.synonyms]
    names += [("hs_codes", name) for code in entry.hs_codes for name in _hs_names(code)]
    return [(column, name) for column, name in names if name]


@lru_cache(maxsize=32)
def _by_code(entries: tuple[Commodity, ...]) -> dict[str, Commodity]:
    return {c.code: c for c in entries}


@lru_cache(maxsize=32)
def _vocabulary(entries: tuple[Commodity, ...]) -> dict[str, str]:
    curated_codes = set(_by_code(curated()))
    table: dict[str, str] = {}
    for entry in entries:
        table.setdefault(entry.code, entry.code)
        table.setdefault(normal_name(entry.code.replace("_", " ")), entry.code)
    for entry in entries:
        if _HS_CODE.match(entry.code):
            for name in _hs_names(entry.code[3:]):
                table.setdefault(name, entry.code)
    claims: dict[str, set[str]] = {}
    for entry in entries:
        for _, name in _names_of(entry):
            if entry.code in curated_codes:
                table.setdefault(name, entry.code)
            else:
                claims.setdefault(name, set()).add(entry.code)
    for name, codes in claims.items():
        if len(codes) == 1:
            table.setdefault(name, next(iter(codes)))
    return table


def __getattr__(name: str) -> object:
    # the names this module had when the vocabulary was code, read lazily from the catalogue
    if name == "COMMODITIES":
        return curated()
    if name == "BY_CODE":
        return dict(_by_code(curated()))
    if name == "PRICE_OF_ELEMENT":
        return {c.code: c.price_of for c in curated() if c.price_of}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
