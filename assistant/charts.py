"""Charts that read at a glance, as Vega-Lite specifications built with Altair.

A monthly series has month labels and its unit on the value axis; a month without a figure is a
gap, not a straight line across it; reported and computed points have their own marks, named in
the legend; the months the question asked about are highlighted; a reported range is drawn as a
band. A ranking is bars sorted by value. The chart data come from the answer (``Answer.chart``),
so an imported table's series is drawn the same way.
"""

from __future__ import annotations

from typing import Any

UNITS = {"t": "tonnes (t)", "kg": "kilograms (kg)", "USD": "US dollars", "USD/kg": "US$ per kg", "CNY/t": "yuan per t"}
MARKS = {"reported": "circle", "computed": "triangle-up"}


# drawn as SVG, not on a canvas: labels stay text that a screen reader, a copy or a test can read
EMBED = {"embedOptions": {"renderer": "svg"}}


def chart_spec(chart: dict[str, Any] | None) -> Any:
    """The Altair chart for an answer's chart data (None when there is nothing to draw)."""
    if not chart:
        return None
    drawn = None
    if chart.get("type") == "bar" and chart.get("bars"):
        drawn = _bars(chart)
    elif chart.get("type") == "line" and chart.get("points"):
        drawn = _line(chart)
    return None if drawn is None else drawn.properties(usermeta=EMBED)


def _axis_title(chart: dict[str, Any]) -> str:
    unit = chart.get("unit", "")
    return UNITS.get(unit, unit)


def _line(chart: dict[str, Any]) -> Any:
    import altair as alt
    import pandas as pd

    rows, segment = [], 0
    for point in chart["points"]:
        if point["value"] is None and point.get("low") is None:
            segment += 1  # a gap: the next run of months is a line of its own
            continue
        rows.append({**point, "segment": segment, "asked": point["month"] in chart.get("asked", [])})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return None
    frame["date"] = pd.to_datetime(frame["date"])
    daily = bool(frame["month"].str.len().gt(7).any())  # a quote on a day, not a month
    x = alt.X(
        "date:T",
        title="Date" if daily else "Month",
        axis=alt.Axis(format="%d %b %Y" if daily else "%b %Y", tickCount="day" if daily else "month", labelAngle=-40),
    )
    y_title = _axis_title(chart)
    base = alt.Chart(frame)
    layers = []
    if frame["low"].notna().any():
        layers.append(
            base.mark_area(opacity=0.25)
            .encode(x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q", detail="segment:N")
            .transform_filter("datum.low != null")
        )
    valued = base.transform_filter("datum.value != null")
    layers.append(valued.mark_line().encode(x=x, y=alt.Y("value:Q", title=y_title), detail="segment:N"))
    layers.append(
        valued.mark_point(filled=True, size=70).encode(
            x=x,
            y="value:Q",
            shape=alt.Shape(
                "how:N",
                title="figure",
                scale=alt.Scale(domain=list(MARKS), range=list(MARKS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("label:N", title="month"), "value:Q", "how:N"],
        )
    )
    asked = frame[frame["asked"]]
    if not asked.empty:
        layers.append(alt.Chart(asked).mark_rule(strokeDash=[4, 3], color="#c2410c").encode(x=alt.X("date:T")))
    return alt.layer(*layers).properties(title=chart.get("title", ""), width=340, height=230)


def _bars(chart: dict[str, Any]) -> Any:
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(chart["bars"])
    order = list(frame.sort_values("value", ascending=False)["name"])
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=_axis_title(chart)),
            y=alt.Y("name:N", sort=order, title=None),
            color=alt.Color(
                "how:N", title="figure", scale=alt.Scale(domain=list(MARKS)), legend=alt.Legend(orient="bottom")
            ),
            tooltip=["name:N", "value:Q", "how:N"],
        )
        .properties(title=chart.get("title", ""), width=300, height=max(120, 28 * len(frame)))
    )
