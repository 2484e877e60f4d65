"""Units a figure can be asked in, and conversion between those of one dimension.

Mass converts within mass, money within one currency. A conversion between currencies needs a
sourced exchange rate, which the data set does not hold, so it is refused with that reason
rather than done with a rate from nowhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tools.errors import InvalidArgument

# each unit: its dimension, the unit figures of that dimension are held in, and its size in it.
# Thousands, millions and billions are scales of the held unit: "$12.35 million" is held in
# dollars, so it is checked against the dollar figure it rounds.
UNITS: dict[str, tuple[str, str, float]] = {
    "t": ("mass", "t", 1.0),
    "kg": ("mass", "kg", 1.0),
    "kt": ("mass", "t", 1_000.0),
    "Mt": ("mass", "t", 1_000_000.0),
    "USD": ("USD", "USD", 1.0),
    "USD thousand": ("USD", "USD", 1_000.0),
    "USD mn": ("USD", "USD", 1_000_000.0),
    "USD bn": ("USD", "USD", 1_000_000_000.0),
    "USD/t": ("USD/mass", "USD/t", 1.0),
    "USD/kg": ("USD/mass", "USD/kg", 1.0),
    "CNY/t": ("CNY/mass", "CNY/t", 1.0),
    "CNY/kg": ("CNY/mass", "CNY/kg", 1.0),
}
# the held units of one dimension, by their size in tonnes (or in money per tonne)
_IN_TONNES = {"t": 1.0, "kg": 0.001, "USD/t": 1.0, "USD/kg": 1_000.0, "CNY/t": 1.0, "CNY/kg": 1_000.0}
SCALE_WORDS = {1_000.0: "thousand", 1_000_000.0: "million", 1_000_000_000.0: "billion"}
CURRENCIES = ("EUR", "CNY", "JPY", "GBP", "KRW", "INR")  # named in questions; never converted to


class UnitMismatch(InvalidArgument):
    """Two units that cannot be converted into each other."""


@dataclass(frozen=True)
class Stated:
    """A figure as asked for: the value in the held unit, the scale it is read in, its decimals."""

    value: float
    decimals: int
    unit: str
    scale: float = 1.0


def currency(unit: str) -> str:
    """The currency a unit is in ("USD" for "USD mn" and "USD/kg"), "" for a mass."""
    money = unit.split("/")[0].split(" ")[0]
    return money if money in ("USD", *CURRENCIES) or money.endswith("$") else ""  # "A$", "C$" as documents write them


def dimension(unit: str) -> str:
    """The unit's dimension (mass, USD, USD/mass), or the unit itself when it is none of those."""
    return UNITS[unit][0] if unit in UNITS else unit


def convert(value: float, decimals: int, source: str, target: str) -> Stated:
    """The value stated in ``target``, with the decimals that keep the input's precision.

    5,577 t in kg is 5,577,000 kg (no decimals: the tonnes were whole); $12,345,678 in millions
    reads 12.35 (two decimals: a figure in millions is read to a hundredth).
    """
    if currency(source) != currency(target):
        raise UnitMismatch(
            f"Converting {source} to {target} needs an exchange rate, and the data set holds no sourced rate."
        )
    if source not in UNITS or target not in UNITS or dimension(source) != dimension(target):
        raise UnitMismatch(f"A figure in {source} cannot be stated in {target}.")
    _, held, scale = UNITS[target]
    if decimals == 0 and value and float(value).is_integer():
        whole = str(int(abs(value)))
        decimals = -(len(whole) - len(whole.rstrip("0")))  # $2,860,000,000 is known to the ten million
    factor = _IN_TONNES.get(source, 1.0) / _IN_TONNES.get(held, 1.0) if held != source else 1.0
    shift = round(math.log10(factor * UNITS[source][2] / scale)) if value else 0
    out = decimals - shift  # to a smaller unit the decimals move left, to a larger one right
    return Stated(value * factor, max(0, min(out, 2)) if shift < 0 else max(0, out), held, scale)


def label(unit: str) -> str:
    """How a unit reads in a sentence: "kg", "million dollars"."""
    return {
        "USD thousand": "thousand dollars",
        "USD mn": "million dollars",
        "USD bn": "billion dollars",
        "kt": "thousand tonnes",
        "Mt": "million tonnes",
        "t": "tonnes",
        "USD": "dollars",
        "EUR": "euros",
        "CNY": "yuan",
        "JPY": "yen",
        "GBP": "pounds sterling",
        "KRW": "won",
        "INR": "rupees",
    }.get(unit, unit)
