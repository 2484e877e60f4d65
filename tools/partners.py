"""Trade partners: resolve a country or region as people write it to one code.

Codes are ISO 3166 alpha-3 (``DEU``), ``WLD`` for China's total, or a region code (``EU``,
``EUROPE``…). Names, common aliases, ISO alpha-2 and alpha-3 codes are accepted. Nothing is matched
loosely: an unknown name raises ``UnknownName`` with the close matches, an ambiguous one
``AmbiguousName`` with the choices.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from tools.errors import AmbiguousName, UnknownName

WORLD = "WLD"
CHINA = "CHN"  # the reporter of every figure the data set holds

REGIONS = {
    "WLD": "World (China's total)",
    "EU": "European Union",
    "EUROPE": "Europe",
    "ASIA": "Asia",
    "N_AMERICA": "North America",
    "S_AMERICA": "South America",
    "AFRICA": "Africa",
    "OCEANIA": "Oceania",
}

# Spellings people use that the ISO tables do not carry.
ALIASES = {
    "world": "WLD",
    "total": "WLD",
    "global": "WLD",
    "all": "WLD",
    "all destinations": "WLD",
    "all countries": "WLD",
    "worldwide": "WLD",
    "china total": "WLD",
    "european union": "EU",
    "eu": "EU",
    "eu27": "EU",
    "eu 27": "EU",
    "europe": "EUROPE",
    "asia": "ASIA",
    "north america": "N_AMERICA",
    "south america": "S_AMERICA",
    "latin america": "S_AMERICA",
    "africa": "AFRICA",
    "oceania": "OCEANIA",
    "us": "USA",
    "u s": "USA",
    "usa": "USA",
    "u s a": "USA",
    "america": "USA",
    "united states": "USA",
    "united states of america": "USA",
    "the us": "USA",
    "uk": "GBR",
    "u k": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "england": "GBR",
    "united kingdom": "GBR",
    "korea": "KOR",
    "south korea": "KOR",
    "rok": "KOR",
    "republic of korea": "KOR",
    "s korea": "KOR",
    "korea south": "KOR",
    "north korea": "PRK",
    "dprk": "PRK",
    "germany": "DEU",
    "deutschland": "DEU",
    "holland": "NLD",
    "the netherlands": "NLD",
    "netherlands": "NLD",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "russia": "RUS",
    "iran": "IRN",
    "syria": "SYR",
    "laos": "LAO",
    "taiwan": "TWN",
    "czechia": "CZE",
    "czech republic": "CZE",
    "turkey": "TUR",
    "turkiye": "TUR",
    "burma": "MMR",
    "myanmar": "MMR",
    "uae": "ARE",
    "emirates": "ARE",
    "hong kong": "HKG",
    "macau": "MAC",
    "macao": "MAC",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
}

# Names that honestly mean more than one partner.
AMBIGUOUS = {
    "congo": ["COG", "COD"],
    "guinea": ["GIN", "GNQ", "GNB", "PNG"],
    "sudan": ["SDN", "SSD"],
}


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(normalised spelling -> code, code -> display name), built once on first use."""
    import pycountry  # imported here: building the tables is work we do only when asked

    lookup: dict[str, str] = {}
    names: dict[str, str] = dict(REGIONS)
    for country in pycountry.countries:
        code = country.alpha_3
        display = getattr(country, "common_name", None) or country.name
        names[code] = display
        for spelling in (
            country.alpha_3,
            country.alpha_2,
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        ):
            if spelling:
                lookup[_normal(spelling)] = code
    names.update(
        {
            "KOR": "South Korea",
            "USA": "United States",
            "GBR": "United Kingdom",
            "TWN": "Taiwan",
            "VNM": "Vietnam",
            "RUS": "Russia",
            "IRN": "Iran",
        }
    )
    for code in REGIONS:
        lookup[_normal(code)] = code
        lookup[_normal(REGIONS[code])] = code
    for alias, code in ALIASES.items():
        lookup[_normal(alias)] = code
    return lookup, names


def partner_names() -> dict[str, str]:
    """Every partner code with its display name (``{"KOR": "South Korea", ...}``)."""
    return dict(_tables()[1])


def partner_name(code: str) -> str:
    """Display name of a partner code (``KOR`` -> South Korea; ``JPN+KOR``, a sum, -> Japan and South Korea)."""
    if "+" in code:
        return " and ".join(partner_name(part) for part in code.split("+"))
    return _tables()[1].get(code, code)


def is_company(code: str) -> bool:
    """True for a subject no partner table names: a company the documents give ("Lynas Rare Earths")."""
    return partner_name(code) == code


def market_name(code: str) -> str:
    """The market a price is quoted in: Europe, global (an average over all markets), else the partner's name."""
    return {"EUROPE": "Europe", WORLD: "global"}.get(code) or partner_name(code)


def resolve_partner(name: str) -> str:
    """Resolve a country or region name, alias or ISO code to its code.

    Example: "South Korea", "Korea", "ROK" and "KR" -> "KOR"; "Congo" -> AmbiguousName.
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownName("partner", str(name))
    key = _normal(name)
    if key.startswith("the "):
        key = key[4:]
    if key in AMBIGUOUS:
        raise AmbiguousName("partner", name, [f"{partner_name(c)} ({c})" for c in AMBIGUOUS[key]])
    lookup, names = _tables()
    if key in lookup:
        return lookup[key]
    candidates = difflib.get_close_matches(key, list(lookup), n=5, cutoff=0.75)
    choices = sorted({f"{names.get(lookup[c], lookup[c])} ({lookup[c]})" for c in candidates})
    raise UnknownName("partner", name, choices)
