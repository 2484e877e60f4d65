"""The figures of the seed article (2025-09-25) must come out of the real data set exactly."""

import pytest

import tools as t
from tools.results import NoData


def test_july_2025_magnet_exports(real):
    result = t.change(real, "magnets", "July 2025", "mom")
    assert result.current.figure.value == 5577
    assert result.base.figure.value == 3188
    assert result.change_pct.display == "+74.9%"  # 5,577 / 3,188 - 1 = 74.937 %
    assert result.current.figure.sources == ("reuters-kitco-2025-08-20",)


def test_july_2025_was_the_highest_since_january(real):
    result = t.extreme_since(real, "magnets", "July 2025")
    assert result.since.period.code == "2025-01" and result.since.value == 6357
    assert {g.code for g in result.gaps} == {"2025-02", "2025-03"}


def test_january_to_july_2025_is_a_reported_aggregate(real):
    result = t.period_total(real, "magnets", "Jan-Jul 2025")
    assert result.total.figure.value == 27897
    assert result.total.figure.origin == "reported"
    assert {m.code for m in result.total.missing} == {"2025-02", "2025-03"}
    assert result.change.reported_pct.value == -15
    # against the reported Jan–Jul 2024 total of 32,812 t: 27,897 / 32,812 - 1 = -14.98 %
    assert result.change.change_pct.display == "−15.0%"


def test_february_and_march_2025_have_no_monthly_figure(real):
    for month in ("February 2025", "March 2025"):
        result = t.value(real, "magnets", month)
        assert isinstance(result, NoData)
        assert 27897 in [f.value for f in result.covering]


def test_germany_july_2025(real):
    result = t.change(real, "magnets", "July 2025", "mom", partner="Germany")
    assert result.current.figure.value == 1116
    assert result.base.figure.value == 764
    assert result.change_pct.display == "+46.1%"  # 1,116 / 764 - 1 = 46.07 %
    assert result.reported_pct.value == 46
    assert [f.value for f in result.current.alternatives] == [1115]


def test_united_states_july_2025_reported_and_computed(real):
    result = t.change(real, "magnets", "July 2025", "mom", partner="USA")
    assert result.current.figure.value == 619 and result.base.figure.value == 353
    assert result.reported_pct.display == "+75.5%"
    assert result.change_pct.display == "+75.4%"  # 619 / 353 - 1 = 75.35 %
    assert any("+75.4%" in w and "+75.5%" in w and "rounding" in w for w in result.warnings)


def test_full_year_2025_conflict_is_said(real):
    result = t.value(real, "magnets", "2025")
    assert result.figure.value == 57392  # Reuters, the primary wire
    assert [f.value for f in result.alternatives] == [57794]
    assert any("57,392 t" in w and "57,794 t" in w for w in result.warnings)


def test_categories_stay_apart(real):
    assert t.value(real, "rare earths", "2025").figure.value == 62585
    assert t.value(real, "magnets", "2025").figure.value == 57392


@pytest.mark.parametrize("commodity", ["magnets", "rare_earths", "dysprosium", "terbium"])
def test_every_row_names_a_known_source(real, commodity):
    rows = real.observations[real.observations["commodity"] == commodity]
    assert len(rows) > 0
    assert rows["source_id"].isin(set(real.sources["id"])).all()
