"""Charts as Vega-Lite: month labels, units, gaps, reported and computed marks, asked months, sorted bars."""

from assistant.charts import chart_spec

SERIES = {
    "type": "line",
    "title": "China's magnets exports, monthly",
    "unit": "t",
    "points": [
        {
            "month": "2025-05",
            "date": "2025-05-01",
            "label": "May 2025",
            "value": 1238.0,
            "low": None,
            "high": None,
            "how": "reported",
        },
        {
            "month": "2025-06",
            "date": "2025-06-01",
            "label": "Jun 2025",
            "value": None,
            "low": None,
            "high": None,
            "how": "missing",
        },
        {
            "month": "2025-07",
            "date": "2025-07-01",
            "label": "Jul 2025",
            "value": 5577.0,
            "low": None,
            "high": None,
            "how": "computed",
        },
        {
            "month": "2025-08",
            "date": "2025-08-01",
            "label": "Aug 2025",
            "value": 6146.0,
            "low": None,
            "high": None,
            "how": "reported",
        },
    ],
    "asked": ["2025-07"],
}


def layers(spec):
    return spec.to_dict()["layer"]


def test_a_monthly_series_reads_at_a_glance():
    spec = chart_spec(SERIES).to_dict()
    line, points, asked = spec["layer"]
    x = line["encoding"]["x"]
    assert x["axis"]["format"] == "%b %Y" and x["title"] == "Month"  # month labels, never days
    assert line["encoding"]["y"]["title"] == "tonnes (t)"  # the unit on the value axis
    assert line["encoding"]["detail"]["field"] == "segment"  # the missing June breaks the line
    rows = spec["datasets"][line["data"]["name"]]
    assert [r["segment"] for r in rows] == [0, 1, 1] and all(r["month"] != "2025-06" for r in rows)
    shape = points["encoding"]["shape"]
    assert shape["scale"]["domain"] == ["reported", "computed"] and shape["title"] == "figure"  # the legend
    assert asked["mark"]["type"] == "rule"
    assert [r["month"] for r in spec["datasets"][asked["data"]["name"]]] == ["2025-07"]


def test_a_price_range_is_a_band():
    prices = {
        **SERIES,
        "unit": "USD/kg",
        "points": [
            {
                "month": "2025-04",
                "date": "2025-04-01",
                "label": "Apr 2025",
                "value": 800.0,
                "low": 750.0,
                "high": 850.0,
                "how": "reported",
            },
            {
                "month": "2025-05",
                "date": "2025-05-01",
                "label": "May 2025",
                "value": 900.0,
                "low": 850.0,
                "high": 950.0,
                "how": "reported",
            },
        ],
        "asked": [],
    }
    band = layers(chart_spec(prices))[0]
    assert band["mark"]["type"] == "area" and band["encoding"]["y2"]["field"] == "high"
    assert band["encoding"]["y"]["title"] == "US$ per kg"


def test_a_ranking_is_bars_sorted_by_value():
    bars = {
        "type": "bar",
        "title": "Destinations",
        "unit": "t",
        "bars": [
            {"name": "United States", "value": 619.0, "how": "reported"},
            {"name": "Germany", "value": 1116.0, "how": "reported"},
        ],
    }
    spec = chart_spec(bars).to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["sort"] == ["Germany", "United States"]
    assert spec["encoding"]["x"]["title"] == "tonnes (t)"


def test_nothing_to_draw():
    assert chart_spec(None) is None and chart_spec({"type": "line", "points": []}) is None
