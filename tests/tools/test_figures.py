"""Every tool on the hand-made data set in tests/data/mini, with the arithmetic worked by hand.

The mini set: China's magnet exports (WLD) for every month of 2024, 100, 110, ... 210 t
(sum 1,860 t; the press also reports 1,865 t for the year), and for 2025 January 300, February
200, April 50, May 80, June 120, July 180 t (March missing; Jan–Jul reported as 1,000 t, +9.9%).
July 2025 by destination: Germany 60 t (a blog says 61 t), US 45 t (June 30 t; the press says
30.4 t), South Korea 30 t (June 20 t, flagged doubtful), EU 90 t (reported share 50%).
"""

import shutil
from pathlib import Path

import pytest

import tools as t
from tools.errors import AmbiguousName, InvalidArgument, UnknownName
from tools.results import NoData

MINI = Path(__file__).resolve().parent.parent / "data" / "mini"


def test_value_month(mini):
    result = t.value(mini, "magnets", "July 2025")
    assert result.figure.value == 180
    assert result.figure.display == "180 t"
    assert result.figure.sources == ("wire",)
    assert result.figure.origin == "reported"
    assert [f.value for f in result.reported_changes] == [50]


def test_value_span_is_summed_when_every_month_is_there(mini):
    result = t.value(mini, "magnets", "H1 2024")
    # 100 + 110 + 120 + 130 + 140 + 150 = 750
    assert result.figure.value == 750
    assert result.figure.origin == "computed"
    assert len(result.figure.rows) == 6


def test_value_span_falls_back_to_the_reported_aggregate(mini):
    result = t.value(mini, "magnets", "Jan-Jul 2025")
    assert result.figure.value == 1000 and result.figure.origin == "reported"
    assert [m.code for m in result.missing] == ["2025-03"]
    assert any("March 2025" in w for w in result.warnings)


def test_computed_and_reported_totals_side_by_side(mini):
    result = t.value(mini, "magnets", "2024")
    assert result.computed.value == 1860  # 12 × 155
    assert result.reported.value == 1865
    assert any("1,860 t" in w and "1,865 t" in w for w in result.warnings)


def test_missing_month_is_no_data_naming_the_gap_and_the_aggregate(mini):
    result = t.value(mini, "magnets", "March 2025")
    assert isinstance(result, NoData)
    assert [m.code for m in result.missing] == ["2025-03"]
    assert [f.value for f in result.covering] == [1000]
    assert "March 2025" in result.message and "1,000 t" in result.message


def test_change_month_on_month(mini):
    result = t.change(mini, "magnets", "Jul 2025", "mom")
    # 180 / 120 - 1 = +50.0 %
    assert result.change_pct.value == pytest.approx(50.0)
    assert result.change_abs.value == 60
    assert result.reported_pct.value == 50
    assert result.warnings == ()


def test_change_year_on_year(mini):
    result = t.change(mini, "magnets", "2025-07", "yoy")
    # 180 / 160 - 1 = +12.5 %
    assert result.change_pct.value == pytest.approx(12.5)
    assert result.base.figure.period.code == "2024-07"


def test_change_between_any_two_periods(mini):
    result = t.change(mini, "magnets", "Jan 2025", "Dec 2024")
    # 300 / 210 - 1 = +42.857 %
    assert result.change_pct.value == pytest.approx(42.857, abs=1e-3)
    assert result.change_pct.display == "+42.9%"
    assert result.basis == "mom"
    assert t.change(mini, "magnets", "Jul 2025", "Jan 2025").basis == "periods"


def test_change_explains_a_reported_figure_that_differs_by_rounding(mini):
    result = t.change(mini, "magnets", "Jul 2025", "mom", partner="US")
    # 45 / 30 - 1 = +50.0 %; reported +50.2 %; 44.5/30.5 - 1 = +45.90 % .. 45.5/29.5 - 1 = +54.24 %
    assert result.change_pct.display == "+50.0%"
    assert result.reported_pct.display == "+50.2%"
    assert any("+45.90%" in w and "+54.24%" in w for w in result.warnings)


def test_conflicting_reports_are_shown_and_the_preferred_one_used(mini):
    result = t.value(mini, "magnets", "Jul 2025", partner="Germany")
    assert result.figure.value == 60  # tier 1 over tier 3
    assert [f.value for f in result.alternatives] == [61]
    assert any("60 t" in w and "61 t" in w and "WireCo" in w for w in result.warnings)


def test_same_figure_at_two_precisions_is_not_a_conflict(mini):
    result = t.value(mini, "magnets", "Jun 2025", partner="USA")
    assert result.figure.value == 30 and result.alternatives == () and result.warnings == ()


def test_doubtful_figure_is_used_with_a_warning(mini):
    result = t.value(mini, "magnets", "Jun 2025", partner="KOR")
    assert result.figure.value == 20
    assert any("doubtful" in w for w in result.warnings)


def test_forecast_is_never_a_figure(mini):
    assert isinstance(t.value(mini, "magnets", "Dec 2025"), NoData)


def test_change_with_a_missing_base_names_the_gap(mini):
    result = t.change(mini, "magnets", "Apr 2025", "mom")
    assert isinstance(result, NoData)
    assert [m.code for m in result.missing] == ["2025-03"]
    assert [f.value for f in result.covering] == [1000]


def test_period_total_year_to_date_with_change(mini):
    result = t.period_total(mini, "magnets", "Jul 2025")  # a month means the year to date
    assert result.total.figure.value == 1000
    # 1,000 / (100+110+120+130+140+150+160 = 910) - 1 = +9.89 %
    assert result.change.change_pct.value == pytest.approx(9.89, abs=0.01)
    assert result.change.reported_pct.value == 9.9


def test_period_total_quarter_without_a_year_earlier(mini):
    result = t.period_total(mini, "magnets", "Q1 2024")
    assert result.total.figure.value == 330
    assert isinstance(result.change, NoData)
    assert "2023" in result.change.message


def test_ranking_with_shares(mini):
    result = t.ranking(mini, "magnets", "July 2025", top=5)
    assert [(e.rank, e.partner, e.figure.value) for e in result.entries] == [
        (1, "DEU", 60),
        (2, "USA", 45),
        (3, "KOR", 30),
    ]
    # 60/180 = 33.3 %, 45/180 = 25.0 %, 30/180 = 16.7 %
    assert [e.share.display for e in result.entries] == ["33.3%", "25.0%", "16.7%"]
    assert result.reported_order == ("DEU", "MEX", "USA")
    assert any("Mexico" in w for w in result.warnings)
    assert all(e.partner != "EU" for e in result.entries)  # regions are not destinations


def test_ranking_top_n(mini):
    assert [e.partner for e in t.ranking(mini, "magnets", "Jul 2025", top=2).entries] == ["DEU", "USA"]
    with pytest.raises(InvalidArgument):
        t.ranking(mini, "magnets", "Jul 2025", top=0)


def test_share(mini):
    result = t.share(mini, "magnets", "Jul 2025", "EU")
    assert result.share.value == pytest.approx(50.0)  # 90 / 180
    assert result.reported_share.value == 50
    germany = t.share(mini, "magnets", "Jul 2025", "Germany")
    assert germany.share.display == "33.3%"


def test_highest_since(mini):
    result = t.extreme_since(mini, "magnets", "Jul 2025")
    # 180 t: above June 120, May 80, April 50; March missing; February 200 is higher
    assert result.since.period.code == "2025-02"
    assert result.statement == "the highest since February 2025"
    assert [g.code for g in result.gaps] == ["2025-03"]


def test_lowest_in_the_whole_data(mini):
    result = t.extreme_since(mini, "magnets", "Apr 2025", which="lowest")
    assert result.since is None
    assert result.statement == "the lowest in the data (which starts in January 2024)"


def test_trend(mini):
    result = t.trend(mini, "magnets", "Jan 2025", "Jul 2025")
    assert [p.value for p in result.points] == [300, 200, 50, 80, 120, 180]
    assert result.start.value == 300 and result.end.value == 180
    assert (result.minimum.value, result.minimum.period.code) == (50, "2025-04")
    assert (result.maximum.value, result.maximum.period.code) == (300, "2025-01")
    assert result.average.value == pytest.approx(155.0)  # 930 / 6
    assert result.change_pct.value == pytest.approx(-40.0)  # 180 / 300 - 1
    assert [m.code for m in result.missing] == ["2025-03"]


def test_price_change_of_ranges(mini):
    result = t.price_change(mini, "dysprosium", "Apr 2025", "May 2025")
    assert result.first.display == "$250–310/kg" and result.last.display == "$700–1,000/kg"
    # midpoints 280 -> 850: +203.6 %; low 250 -> 700: +180 %; high 310 -> 1,000: +222.6 %
    assert result.change_pct.display == "+203.6%"
    assert result.change_low_pct.display == "+180.0%"
    assert result.change_high_pct.display == "+222.6%"


def test_price_change_of_points(mini):
    result = t.price_change(mini, "PrNd oxide", "2025-07", "2025-08")
    assert result.change_pct.value == pytest.approx((625000 / 466000 - 1) * 100)
    assert result.change_pct.display == "+34.1%"


def test_price_change_names_a_quote_beyond_both_ends(real):
    result = t.price_change(real, "PrNd oxide", "2025-07", "2025-09")
    # 466,000 yuan/t on 11 July to 580,000 on 15 September; 625,000 on 19 August lies above both
    assert (result.first.display, result.last.display) == ("466,000 yuan/t", "580,000 yuan/t")
    assert {k: (q.display, q.period.code) for k, q in result.between.items()} == {
        "highest": ("625,000 yuan/t", "2025-08-19")
    }
    # a move whose ends are its extremes names nothing between them
    assert t.price_change(real, "dysprosium", "Apr 2025", "2025-05-06", market="Europe").between == {}


def test_price_change_without_two_quotes(mini):
    assert isinstance(t.price_change(mini, "dysprosium", "2025-04", "2025-04", market="China"), NoData)


def test_events_in_a_window(mini):
    result = t.events(mini, "Apr 2025", "Jun 2025")
    assert [e.date.code for e in result.events] == ["2025-04-04", "2025-05-12"]
    only_dy = t.events(mini, "2025", element="dysprosium")
    assert [e.kind for e in only_dy.events] == ["export_control"]


def test_compare_partners(mini):
    result = t.compare_partners(mini, "magnets", "Jul 2025", ["Germany", "United States", "Korea", "Japan"])
    values = [e.figure.value if not isinstance(e, NoData) else None for e in result.entries]
    assert values == [60, 45, 30, None]
    assert [s.display if s else None for s in result.shares] == ["33.3%", "25.0%", "16.7%", None]
    assert any("Japan" in w for w in result.warnings)


def test_units_are_harmonised_within_a_commodity(mini):
    # dysprosium is reported once in t (16.7 t) and once in kg: both are compared in kg
    assert t.value(mini, "dysprosium", "Aug 2025").figure.display == "16,700 kg"
    assert t.change(mini, "dysprosium", "Sep 2025", "mom").change_pct.value == pytest.approx((18043 / 16700 - 1) * 100)


@pytest.mark.parametrize(
    "call",
    [
        lambda d: t.value(d, "magnets", "July 2025", partner="Germny"),
        lambda d: t.value(d, "magnetz", "July 2025"),
        lambda d: t.value(d, "magnets", "Julyish 2025"),
        lambda d: t.value(d, "magnets", "July 2025", flow="smuggled"),
        lambda d: t.share(d, "magnets", "July 2025", "world"),
    ],
)
def test_bad_arguments_raise_invalid_argument(mini, call):
    with pytest.raises(InvalidArgument):
        call(mini)


def test_ambiguous_partner_is_a_clarification_not_a_guess(mini):
    with pytest.raises(AmbiguousName):
        t.value(mini, "magnets", "July 2025", partner="Congo")
    with pytest.raises(UnknownName):
        t.value(mini, "magnets", "July 2025", partner="Atlantis")


# -- highest / lowest since: the claim must agree with the values -----------------------------------
# From corpus/data/observations.csv, China's exports in kg: dysprosium June 2024 26,037, May 2025 0,
# June 2025 1, August 16,700, September 18,043, October 3,501, November 995, December 4,120 (July
# not reported); terbium June 2024 8,590, May 2025 0, June 1,200, July 7,000, August 5,500,
# September 4,450, October 12,200, November 4,045, December 2,123.


def test_a_month_at_zero_is_not_the_highest(real):
    result = t.extreme_since(real, "dysprosium", "May 2025")
    assert result.figure.value == 0
    # the only earlier month, June 2024 (26,037 kg), is higher: 0 kg is no high
    assert result.since.period.code == "2024-06" and result.since.value == 26037
    assert result.statement == "lower than June 2024"
    assert "highest" not in result.statement


def test_a_month_below_the_one_before_is_not_the_highest(real):
    result = t.extreme_since(real, "terbium", "Aug 2025")
    # 5,500 kg < July's 7,000 kg
    assert result.statement == "lower than July 2025"
    assert [f.value for f in result.compared] == [7000]


def test_highest_since_walks_past_lower_months(real):
    result = t.extreme_since(real, "dysprosium", "Dec 2025")
    # 4,120 kg > November 995 and October 3,501; September 18,043 is higher
    assert [f.value for f in result.compared] == [995, 3501, 18043]
    assert result.statement == "the highest since September 2025"


def test_highest_in_the_whole_data(real):
    result = t.extreme_since(real, "terbium", "Oct 2025")
    # 12,200 kg is above every earlier month (4,450, 5,500, 7,000, 1,200, 0 and 8,590)
    assert result.since is None
    assert result.statement == "the highest in the data (which starts in June 2024)"


def test_lowest_since_and_not_the_lowest(real):
    low = t.extreme_since(real, "dysprosium", "Nov 2025", which="lowest")
    # 995 kg < 3,501, 18,043 and 16,700; June 2025's 1 kg is lower
    assert low.statement == "the lowest since June 2025"
    not_low = t.extreme_since(real, "dysprosium", "Dec 2025", which="lowest")
    assert not_low.statement == "higher than November 2025"  # 4,120 kg > 995 kg


@pytest.fixture()
def level(tmp_path):
    """The mini set plus terbium exports of 40, 10, 40, 40 and 0 kg in January to May 2025."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    rows = [f"terbium,export,WLD,2025-0{m},volume,,{v},,,kg,wire,,\n" for m, v in enumerate([40, 10, 40, 40, 0], 1)]
    with open(folder / "observations.csv", "a", encoding="utf-8") as out:
        out.writelines(rows)
    return t.TradeData.load(folder)


def test_ties_are_said_as_ties(level):
    march = t.extreme_since(level, "terbium", "Mar 2025")
    # 40 kg: above February's 10, level with January's 40
    assert march.since.period.code == "2025-01"
    assert march.statement == "level with January 2025 and higher than every reported month in between"
    april = t.extreme_since(level, "terbium", "Apr 2025")
    assert april.statement == "level with March 2025"  # no month beaten: not a high
    assert t.extreme_since(level, "terbium", "Feb 2025", which="lowest").statement == (
        "the lowest in the data (which starts in January 2025)"
    )


def test_zero_is_the_lowest_never_the_highest(level):
    assert t.extreme_since(level, "terbium", "May 2025").statement == "lower than April 2025"
    lowest = t.extreme_since(level, "terbium", "May 2025", which="lowest")
    assert lowest.since is None and [f.value for f in lowest.compared] == [40, 40, 10, 40]


def test_the_first_month_has_nothing_to_compare_with(level):
    result = t.extreme_since(level, "terbium", "Jan 2025")
    assert isinstance(result, NoData)
    assert "No earlier month" in result.message


# -- a price on one date -------------------------------------------------------------------------------
def test_a_price_on_a_day(real):
    result = t.value(real, commodity="nd_995", flow="price", period="2025-04-10", partner="CHN")
    assert result.figure.value == 59.86 and result.figure.unit == "USD/kg"
    assert result.figure.display == "$59.86/kg"
    assert result.figure.sources == ("komis-dashboard-repo",)
    # the only market quoted needs no partner
    assert t.value(real, "nd_995", "10 April 2025", flow="price").figure.value == 59.86


def test_a_quoted_range_stays_a_range(real):
    dy = t.value(real, "dy_oxide", "2025-04-10", "CHN", flow="price").figure
    assert (dy.value, dy.low, dy.high, dy.unit) == (None, 1680000, 1700000, "CNY/t")
    assert dy.display == "1,680,000–1,700,000 yuan/t"
    tb = t.value(real, "tb_oxide", "2025-04-10", "China", flow="price").figure
    assert tb.display == "7,050,000–7,100,000 yuan/t" and tb.sources == ("smm-2025-04-10",)
    europe = t.value(real, "dysprosium", "2025-05-06", "Europe", flow="price").figure
    assert europe.display == "$700–1,000/kg"


def test_a_month_holding_day_quotes_gives_its_latest_quote(real):
    result = t.value(real, "nd_995", "April 2025", "CHN", flow="price")
    # quotes of 3 April (61.59) and 10 April (59.86): the latest is shown, the other named
    assert result.figure.value == 59.86 and result.figure.period.code == "2025-04-10"
    assert any("3 April 2025" in w for w in result.warnings)
    dy = t.value(real, "dy_oxide", "April 2025", "CHN", flow="price")
    assert dy.figure.display == "1,680,000–1,700,000 yuan/t"


def test_a_day_without_a_quote_names_the_nearest_quotes(real):
    result = t.value(real, "nd_995", "2025-04-05", "CHN", flow="price")
    assert isinstance(result, NoData)
    assert "3 April 2025 and 10 April 2025" in result.message
    june = t.value(real, "nd_995", "June 2025", "CHN", flow="price")
    assert "10 April 2025 and 31 July 2025" in june.message
    # a day inside Argus's early-April range for Europe: the month quote covers it
    europe = t.value(real, "dy_oxide", "2025-04-15", "Europe", flow="price")
    assert [f.display for f in europe.covering] == ["$250–310/kg"]
    assert "1 May 2025" in europe.message


def test_a_price_in_several_markets(mini):
    # mini: dysprosium oxide in Europe for April 2025 ($250–310/kg) and in China on 10 April 2025
    april = t.value(mini, "dysprosium", "April 2025", flow="price")
    assert april.figure.display == "$250–310/kg" and april.figure.partner == "EUROPE"
    assert any("China" in w for w in april.warnings)
    with pytest.raises(AmbiguousName):
        t.value(mini, "dysprosium", "2025", flow="price")


def test_a_total_from_figures_reported_for_its_parts(real):
    # magnets to the US, Q1 2026: January–February reported together (994 t), March alone (406 t)
    result = t.value(real, "magnets", "Q1 2026", "USA")
    assert result.figure.value == 994 + 406
    assert result.figure.origin == "computed"
    assert result.figure.formula == "994 t (Jan–Feb 2026) + 406 t (Mar 2026)"


def test_what_is_reported_for_part_of_a_period_is_offered(real):
    # no value of magnet exports for the whole of 2025; the first half is reported ($1.02 bn)
    result = t.value(real, "magnets", "2025", measure="value")
    assert isinstance(result, NoData)
    assert result.within[0].value == 1_020_000_000 and result.within[0].period.label == "H1 2025"
    assert "Reported for part of it: H1 2025: $1,020,000,000" in result.message


def test_the_month_with_the_largest_change(mini):
    # 2025 on the month before: February 200 on 300 (−33.3%), May 80 on 50 (+60%), June 120 on 80 (+50%),
    # July 180 on 120 (+50%); March is missing, so March and April have no computed change
    rise = t.change_extreme(mini, "magnets", "Jan-Jul 2025", basis="mom", which="highest")
    assert rise.best.current.figure.period.label == "May 2025" and round(rise.best.pct.value, 1) == 60.0
    fall = t.change_extreme(mini, "magnets", "Jan-Jul 2025", basis="mom", which="lowest")
    assert fall.best.current.figure.period.label == "February 2025" and round(fall.best.pct.value, 1) == -33.3
