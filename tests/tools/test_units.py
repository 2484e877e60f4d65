"""Conversions between units of one dimension, and the precision they keep."""

import pytest

from tools.units import UnitMismatch, convert


def test_mass():
    assert convert(5577, 0, "t", "kg").value == 5_577_000
    assert convert(5577, 0, "t", "kg").decimals == 0
    assert convert(18368, 0, "kg", "t").value == pytest.approx(18.368)
    thousand = convert(5577, 0, "t", "kt")
    assert (thousand.value, thousand.unit, thousand.scale, thousand.decimals) == (5577, "t", 1000.0, 2)


def test_money_is_held_in_dollars_and_read_in_millions():
    millions = convert(12_345_678, 0, "USD", "USD mn")
    assert (millions.value, millions.unit, millions.scale, millions.decimals) == (12_345_678, "USD", 1e6, 2)
    # $2,860,000,000 is known to the ten million: in millions it has no decimals
    assert convert(2_860_000_000, 0, "USD", "USD mn").decimals == 0


def test_value_per_tonne_to_per_kilogram():
    per_kg = convert(41_639, 0, "USD/t", "USD/kg")
    assert per_kg.value == pytest.approx(41.639) and per_kg.unit == "USD/kg" and per_kg.decimals == 2


def test_what_cannot_be_converted():
    with pytest.raises(UnitMismatch, match="exchange rate"):
        convert(100, 0, "USD", "EUR")
    with pytest.raises(UnitMismatch):
        convert(100, 0, "t", "USD")
