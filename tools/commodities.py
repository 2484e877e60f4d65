"""Commodities: the data set's categories, their names, and how people refer to them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from tools.errors import UnknownName


@dataclass(frozen=True)
class Commodity:
    """One category of the data set; categories are never added together."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()
    price: bool = False


COMMODITIES: tuple[Commodity, ...] = (
    Commodity(
        "magnets",
        "rare-earth permanent magnets (customs code 85051110)",
        (
            "magnets",
            "magnet",
            "rare earth magnets",
            "rare earth magnet",
            "rare-earth magnets",
            "permanent magnets",
            "rare earth permanent magnets",
            "ndfeb magnets",
            "neodymium magnets",
            "85051110",
            "8505.11",
            "850511",
        ),
    ),
    Commodity(
        "magnets_broad",
        "magnets including magnet powder and alloys",
        (
            "magnets including powder and alloys",
            "magnets incl powder and alloys",
            "magnet powder and alloys",
            "magnets and alloys",
        ),
    ),
    Commodity(
        "rare_earths",
        "rare earths (customs 17-element category, metals and compounds)",
        (
            "rare earths",
            "rare earth",
            "rare-earths",
            "rare earth elements",
            "ree",
            "rees",
            "rare earth metals",
            "rare earth exports",
            "17 element category",
        ),
    ),
    Commodity(
        "rare_earth_products",
        "rare-earth products (Bloomberg's category)",
        (
            "rare earth products",
            "rare-earth products",
            "bloomberg rare earth products",
        ),
    ),
    Commodity("re_ore", "rare-earth metal ore", ("rare earth ore", "rare earth metal ore", "ore")),
    Commodity(
        "re_concentrate",
        "rare-earth concentrate",
        (
            "rare earth concentrate",
            "rare earth concentrates",
            "concentrate",
            "concentrates",
        ),
    ),
    Commodity("dysprosium", "dysprosium", ("dysprosium", "dy")),
    Commodity("terbium", "terbium", ("terbium", "tb")),
    Commodity(
        "prnd_oxide",
        "praseodymium-neodymium (PrNd) oxide",
        (
            "prnd oxide",
            "ndpr oxide",
            "prnd",
            "ndpr",
            "pr nd oxide",
            "praseodymium neodymium oxide",
            "praseodymium-neodymium oxide",
        ),
        price=True,
    ),
    Commodity("nd_oxide", "neodymium oxide", ("neodymium oxide", "nd oxide"), price=True),
    Commodity("pr_oxide", "praseodymium oxide", ("praseodymium oxide", "pr oxide"), price=True),
    Commodity("dy_oxide", "dysprosium oxide", ("dysprosium oxide", "dy oxide"), price=True),
    Commodity("tb_oxide", "terbium oxide", ("terbium oxide", "tb oxide"), price=True),
    Commodity("y_oxide", "yttrium oxide", ("yttrium oxide", "y oxide", "yttrium"), price=True),
    Commodity("prnd_alloy", "PrNd alloy", ("prnd alloy", "ndpr alloy", "prnd metal"), price=True),
    Commodity("tb_metal", "terbium metal", ("terbium metal", "tb metal"), price=True),
    Commodity("dyfe_alloy", "dysprosium-iron alloy", ("dyfe", "dyfe alloy", "dysprosium iron"), price=True),
    Commodity(
        "nd_995",
        "neodymium 99.5% (FOB China, KOMIS)",
        (
            "neodymium",
            "nd",
            "nd 99.5",
            "neodymium 99.5",
        ),
        price=True,
    ),
)

BY_CODE = {c.code: c for c in COMMODITIES}

# Elements asked about "in price" mean the oxide quote.
PRICE_OF_ELEMENT = {"dysprosium": "dy_oxide", "terbium": "tb_oxide", "magnets": "prnd_oxide"}

_HS_CODE = re.compile(r"^hs_\d{4,10}$")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9.%]+", " ", text.lower())).strip()


def _lookup() -> dict[str, str]:
    table = {}
    for commodity in COMMODITIES:
        table[commodity.code] = commodity.code
        table[_normal(commodity.code.replace("_", " "))] = commodity.code
        for alias in commodity.aliases:
            table[_normal(alias)] = commodity.code
    return table


def commodity_label(code: str) -> str:
    """Human name of a commodity code (user tables may bring ``hs_XXXXXX`` codes)."""
    if code in BY_CODE:
        return BY_CODE[code].label
    if _HS_CODE.match(code):
        return f"HS {code[3:]}"
    return code


def is_known_code(code: str) -> bool:
    """True for a vocabulary code or an ``hs_`` code from a user table."""
    return code in BY_CODE or bool(_HS_CODE.match(code))


def resolve_commodity(name: str, *, price: bool = False) -> str:
    """Resolve a commodity name or alias to its code; with ``price`` an element means its oxide.

    Example: "rare earth magnets" -> "magnets"; "REE" -> "rare_earths"; "dysprosium" with
    price=True -> "dy_oxide".
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownName("commodity", str(name))
    key = _normal(name)
    if is_known_code(name.strip().lower()):
        code = name.strip().lower()
    else:
        table = _lookup()
        if key not in table:
            close = difflib.get_close_matches(key, list(table), n=5, cutoff=0.7)
            raise UnknownName("commodity", name, sorted({table[c] for c in close}))
        code = table[key]
    if price:
        code = PRICE_OF_ELEMENT.get(code, code)
    return code
