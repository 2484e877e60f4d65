"""Generated coverage questions: templates × every partner and commodity in the data × period
forms × surface variants (casing, one-letter typos, possessives, demonyms), each with the reading
it must get. Deterministic (seeded), so a failure names a question that fails every time.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# (written form, code) for a month, and for spans; the reference month is March 2026
MONTHS = [
    ("July 2025", "2025-07"),
    ("Jul 2025", "2025-07"),
    ("jul-25", "2025-07"),
    ("7/2025", "2025-07"),
    ("2025-07", "2025-07"),
    ("July of 2025", "2025-07"),
    ("Jul '25", "2025-07"),
    ("October 2025", "2025-10"),
    ("Oct. 2025", "2025-10"),
    ("10/2025", "2025-10"),
    ("September 2025", "2025-09"),
    ("Sept 2025", "2025-09"),
    ("December 2025", "2025-12"),
    ("dec 2025", "2025-12"),
    ("June 2025", "2025-06"),
    ("March 2026", "2026-03"),
]
# the latest month of each series: "last month" means it
LATEST = {
    "magnets": "2026-03",
    "rare_earths": "2025-12",
    "dysprosium": "2025-12",
    "terbium": "2025-12",
    "magnets_broad": "2025-10",
    "rare_earth_products": "2025-11",
}
SPANS = [
    ("H1 2025", "2025-01..2025-06"),
    ("the first half of 2025", "2025-01..2025-06"),
    ("Q3 2025", "2025-07..2025-09"),
    ("the third quarter of 2025", "2025-07..2025-09"),
    ("jan-jul 2025", "2025-01..2025-07"),
    ("January to July 2025", "2025-01..2025-07"),
    ("the first seven months of 2025", "2025-01..2025-07"),
    ("2024", "2024-01..2024-12"),
    ("full-year 2025", "2025-01..2025-12"),
    ("Q1 2026", "2026-01..2026-03"),
    ("H2 2025", "2025-07..2025-12"),
]
PAIRS = [  # two months to compare, as written, with their codes (later first)
    ("June and July 2025", ("2025-07", "2025-06")),
    ("July 2025 vs June 2025", ("2025-07", "2025-06")),
    ("Oct 2025 versus Sep 2025", ("2025-10", "2025-09")),
    ("March 2026 compared with December 2025", ("2026-03", "2025-12")),
]
# trade partners that have figures, with the ways people name them
PARTNERS = {
    "DEU": ["Germany", "germany", "Germnay", "Germany's", "German"],
    "USA": ["the United States", "the US", "the U.S.", "USA", "America"],
    "JPN": ["Japan", "japan", "Japan's", "Japanese"],
    "KOR": ["South Korea", "Korea", "korea", "Koera", "South Korean"],
    "IND": ["India", "india", "Inida", "India's", "Indian"],
    "MEX": ["Mexico", "mexico", "Mexcio", "Mexican"],
    "NLD": ["the Netherlands", "Netherlands", "Holland", "Dutch"],
    "THA": ["Thailand", "thailand", "Thai"],
    "VNM": ["Vietnam", "Viet Nam", "vietnam", "Vietnamese"],
    "EST": ["Estonia", "estonia"],
    "EU": ["the EU", "the European Union", "EU's"],
    "EUROPE": ["Europe", "europe", "European"],
    "ASIA": ["Asia", "asia", "Asian"],
    "N_AMERICA": ["North America", "north america"],
    "S_AMERICA": ["South America", "Latin America"],
    "AFRICA": ["Africa", "africa"],
    "OCEANIA": ["Oceania"],
}
COMMODITIES = {
    "magnets": ["magnet", "rare earth magnet", "rare-earth magnet", "permanent magnet", "NdFeB magnet", "magent"],
    "rare_earths": ["rare earth", "rare-earth", "REE"],
    "dysprosium": ["dysprosium", "dy", "dysprosim"],
    "terbium": ["terbium", "tb", "terbuim"],
    "magnets_broad": ["magnet powder and alloys"],
    "rare_earth_products": ["rare earth products"],
}
PRICES = {
    "prnd_oxide": ["PrNd oxide", "NdPr oxide", "prnd oxide"],
    "dy_oxide": ["dysprosium oxide", "dy oxide", "Dy oxide"],
    "tb_oxide": ["terbium oxide", "tb oxide"],
    "nd_995": ["neodymium 99.5%", "nd 99.5"],
    "y_oxide": ["yttrium oxide"],
}
DAYS = [("10 April 2025", "2025-04-10"), ("April 10, 2025", "2025-04-10"), ("2025-09-25", "2025-09-25")]
ELEMENTS = [
    "samarium",
    "gadolinium",
    "terbium",
    "dysprosium",
    "lutetium",
    "scandium",
    "yttrium",
    "holmium",
    "erbium",
    "thulium",
    "europium",
    "ytterbium",
    "cerium",
    "lanthanum",
    "neodymium",
]


@dataclass(frozen=True)
class Case:
    """One generated question and the reading it must get."""

    question: str
    reading: dict[str, Any]
    ask: str


def _name(rng: random.Random, code: str, role: str) -> str | None:
    """A way to write the partner for a role: "to" (a destination), "owner" (possessive or demonym)."""
    names = PARTNERS[code]
    if role == "to":
        plain = [n for n in names if not n.endswith(("'s", "an", "ese", "ch", "ai")) or n in ("Japan",)]
        return rng.choice(plain)
    owners = [n for n in names if n.endswith("'s")] or [
        n for n in names if not n[0].islower() and not n.endswith(("an", "ese", "ch", "ai"))
    ]
    name = rng.choice(owners)
    if name.endswith("'s"):
        return name
    return (name[4:] if name.startswith("the ") else name) + "'s"


def _case(rng: random.Random, text: str) -> str:
    roll = rng.random()
    return text.lower() if roll < 0.25 else text[0].upper() + text[1:] if roll < 0.9 else text


def cases(seed: int = 7) -> Iterator[Case]:
    """Every generated case."""
    rng = random.Random(seed)
    for code in PARTNERS:
        for goods_code, goods in COMMODITIES.items():
            if goods_code in ("magnets_broad", "rare_earth_products") and code not in ("JPN",):
                continue
            for _ in range(3):
                good = rng.choice(goods)
                month, mcode = rng.choice([*MONTHS, ("last month", LATEST[goods_code])])
                span, scode = rng.choice(SPANS)
                to = _name(rng, code, "to")
                owner = _name(rng, code, "owner")
                base = {"commodity": goods_code, "flow": "export", "partners": [code]}
                yield Case(
                    _case(rng, f"How much {good} did China export to {to} in {month}?"),
                    {**base, "ask": "amount", "periods": [mcode]},
                    "amount",
                )
                yield Case(
                    _case(rng, f"{good} exports to {to}, {span}"),
                    {**base, "ask": "amount", "periods": [scode]},
                    "amount",
                )
                yield Case(
                    _case(rng, f"{owner} {good} imports from China in {month}"),
                    {**base, "ask": "amount", "periods": [mcode]},
                    "amount",
                )
                yield Case(
                    _case(rng, f"How did {good} exports to {to} change in {month}?"),
                    {**base, "ask": "change", "periods": [mcode], "basis": "mom"},
                    "change",
                )
                yield Case(
                    _case(rng, f"{good} exports to {to} {month} year on year"),
                    {**base, "ask": "change", "periods": [mcode], "basis": "yoy"},
                    "change",
                )
                pair, codes = rng.choice(PAIRS)
                yield Case(
                    _case(rng, f"compare {good} exports to {to} in {pair}"),
                    {**base, "ask": "change", "periods": list(codes), "basis": "periods"},
                    "change",
                )
                yield Case(
                    _case(rng, f"What share of China's {good} exports went to {to} in {month}?"),
                    {**base, "ask": "share", "periods": [mcode]},
                    "share",
                )
                yield Case(
                    _case(rng, f"{owner} share of {good} exports in {span}"),
                    {**base, "ask": "share", "periods": [scode]},
                    "share",
                )
                yield Case(
                    _case(rng, f"show {good} exports to {to} month by month in {span}"),
                    {**base, "ask": "trend", "periods": [scode]},
                    "trend",
                )
                yield Case(
                    _case(rng, f"were {good} exports to {to} in {month} the highest since 2024?"),
                    {**base, "ask": "extreme", "periods": [mcode], "which": "highest"},
                    "extreme",
                )
    for goods_code, goods in COMMODITIES.items():
        for good in goods:
            month, mcode = rng.choice(MONTHS)
            span, scode = rng.choice(SPANS)
            n = rng.choice([3, 5, 10])
            base = {"commodity": goods_code, "flow": "export", "partners": []}
            yield Case(
                _case(rng, f"top {n} destinations for China's {good} exports in {month}"),
                {**base, "ask": "rank", "over": "partners", "top": n, "periods": [mcode]},
                "rank",
            )
            yield Case(
                _case(rng, f"which countries bought the most {good} from China in {span}"),
                {**base, "ask": "rank", "over": "partners", "periods": [scode]},
                "rank",
            )
            which = rng.choice(["highest", "lowest"])
            yield Case(
                _case(rng, f"in which month of {span} were {good} exports {which}?"),
                {**base, "ask": "rank", "over": "months", "which": which, "periods": [scode]},
                "rank",
            )
            yield Case(
                _case(rng, f"total {good} exports in {span}"), {**base, "ask": "amount", "periods": [scode]}, "amount"
            )
            yield Case(
                _case(rng, f"what were China's {good} imports in {span}?"),
                {"commodity": goods_code, "flow": "import", "partners": [], "ask": "amount", "periods": [scode]},
                "amount",
            )
    for price_code, names in PRICES.items():
        for name in names:
            day, dcode = rng.choice(DAYS)
            span, scode = rng.choice(SPANS[:6])
            yield Case(
                _case(rng, f"{name} price on {day}"),
                {"ask": "amount", "measure": "price", "commodity": price_code, "periods": [dcode]},
                "price",
            )
            yield Case(
                _case(rng, f"how did the {name} price change in {span}?"),
                {"ask": "change", "measure": "price", "commodity": price_code, "periods": [scode]},
                "price",
            )
    for element in ELEMENTS:
        yield Case(
            _case(rng, f"was {element} covered by the April 2025 controls?"),
            {"ask": "controls", "element": element},
            "controls",
        )
        yield Case(_case(rng, f"is {element} export-controlled?"), {"ask": "controls", "element": element}, "controls")
