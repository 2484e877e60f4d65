"""What a question computes from the figures it names: operators, units, values per tonne.

Each class is shown on several wordings; the expression is what the answer computes.
"""

import pytest

from assistant.reading.query import Reading


def expressions(reader, question):
    got = reader.read(question)
    assert isinstance(got, Reading), got
    return [q.to_json().get("expression", "") for q in got.queries]


V = "volume(magnets, export, {}, {})"


@pytest.mark.parametrize(
    "question, expected",
    [
        (
            "By how many tonnes did magnet exports fall from February to June 2025?",
            f"difference({V.format('WLD', '2025-06')}, {V.format('WLD', '2025-02')})",
        ),
        (
            "how many more tonnes of magnets went to Germany than to Japan in October 2025",
            f"difference({V.format('DEU', '2025-10')}, {V.format('JPN', '2025-10')})",
        ),
        (
            "the gap in tonnes between Germany and Japan in October 2025",
            f"difference({V.format('DEU', '2025-10')}, {V.format('JPN', '2025-10')})",
        ),
        (
            "How many fewer tonnes of magnets did China export in May 2025 vs April?",
            f"difference({V.format('WLD', '2025-05')}, {V.format('WLD', '2025-04')})",
        ),
        (
            "how did magnet exports for Jan-Jul 2025 compare with Jan-Jul 2024, in tonnes?",
            f"difference({V.format('WLD', '2025-01..2025-07')}, {V.format('WLD', '2024-01..2024-07')})",
        ),
    ],
)
def test_differences(reader, question, expected):
    assert expressions(reader, question) == [expected]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("average monthly magnet exports in H2 2025", f"mean({V.format('WLD', '2025-07..2025-12')})"),
        ("what did magnet exports run at per month in Q1 2026?", f"mean({V.format('WLD', '2026-01..2026-03')})"),
        (
            "monthly average magnet exports in H2 2025 against H1 2025",
            f"change(mean({V.format('WLD', '2025-07..2025-12')}), mean({V.format('WLD', '2025-01..2025-06')}))",
        ),
    ],
)
def test_monthly_averages(reader, question, expected):
    assert expressions(reader, question) == [expected]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("magnet exports to Germany in July 2025 in kilograms", f"convert({V.format('DEU', '2025-07')}, kg)"),
        ("how many kilos of magnets went to Germany in July 2025", f"convert({V.format('DEU', '2025-07')}, kg)"),
        (
            "value of magnet exports in 2024 in million dollars",
            "convert(value(magnets, export, WLD, 2024-01..2024-12), USD mn)",
        ),
        ("the average export price of magnets per tonne in July 2024", "unit_value(magnets, export, WLD, 2024-07)"),
        (
            "average value per kilo of magnets shipped to the EU in H1 2025",
            "convert(unit_value(magnets, export, EU, 2025-01..2025-06), USD/kg)",
        ),
    ],
)
def test_units_and_values_per_unit(reader, question, expected):
    assert expressions(reader, question) == [expected]


def test_imports_against_exports(reader):
    got = expressions(reader, "In 2024, how much more rare earth did China import than it exported?")
    year = "2024-01..2024-12"
    assert got == [f"difference(volume(rare_earths, import, WLD, {year}), volume(rare_earths, export, WLD, {year}))"]


def test_part_of_a_year_against_a_bare_year_takes_the_same_months(reader):
    got = reader.read("Give me the first seven months of 2025 and the change versus 2024")
    assert [p.code for p in got.queries[0].periods] == ["2025-01..2025-07", "2024-01..2024-07"]
    assert any("the same months" in a for a in got.queries[0].assumptions)


@pytest.mark.parametrize(
    "question, missing",
    [
        ("median magnet exports in 2025", "operation:median"),
        ("forecast magnet exports for 2026", "operation:forecast"),
        ("magnet exports in 2024 in euros", "unit:EUR"),
        ("dysprosium oxide price in Europe in euros per kilo", "unit:EUR"),
    ],
)
def test_what_the_algebra_cannot_do_is_named(reader, question, missing):
    got = reader.read(question)
    assert missing in got.queries[0].missing


def test_a_quote_in_its_own_currency_changes_its_mass_unit(reader):
    got = expressions(reader, "PrNd oxide price in yuan per kilo on 20 November 2025")
    assert got == ["convert(price(prnd_oxide, price, WLD, 2025-11-20), CNY/kg)"]


def test_a_season_is_its_months(reader):
    got = reader.read("magnet exports to Germany over the summer of 2025")
    assert got.queries[0].periods[0].code == "2025-06..2025-08"
    assert any("northern-hemisphere summer" in a for a in got.queries[0].assumptions)


def test_a_restated_period_gives_way(reader):
    got = reader.read("terbium exports in late 2025, by which I mean October through December, in kilograms")
    assert [p.code for p in got.queries[0].periods] == ["2025-10..2025-12"]
    both = reader.read("magnet exports in June 2025, and July 2025")
    assert [p.code for q in both.queries for p in q.periods] == ["2025-06", "2025-07"]


@pytest.mark.parametrize(
    "question, basis, which",
    [
        ("Which month of 2025 had the biggest month-on-month percentage drop in magnet exports?", "mom", "lowest"),
        ("which month saw the largest year-on-year rise in magnet exports in 2025", "yoy", "highest"),
        ("in which month of 2025 did magnet exports jump the most", "mom", "highest"),
        ("biggest month-on-month drop in China's rare earth exports during 2025?", "mom", "lowest"),
    ],
)
def test_months_ranked_by_their_change(reader, question, basis, which):
    got = reader.read(question).queries[0]
    assert (got.ask, got.over, got.basis, got.which) == ("rank", "months", basis, which)
