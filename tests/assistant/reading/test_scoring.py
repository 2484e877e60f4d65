"""Scoring readings: what counts as the same reading."""

from assistant.reading.scoring import mismatches

YOY = {"ask": "change", "periods": ["2025-01..2025-06"], "basis": "yoy"}
PAIR = {"ask": "change", "periods": ["2024-01..2024-06", "2025-01..2025-06"], "basis": "periods"}


def test_a_yoy_change_and_the_two_periods_it_compares_are_one_reading():
    assert mismatches(YOY, PAIR, said_missing=False) == []
    assert mismatches(PAIR, YOY, said_missing=False) == []


def test_a_change_on_another_base_is_still_a_miss():
    mom = {"ask": "change", "periods": ["2025-07"], "basis": "mom"}
    yoy = {"ask": "change", "periods": ["2025-07"], "basis": "yoy"}
    assert mismatches(mom, yoy, said_missing=False)
    # the month before, written out, is the same reading as m/m
    assert mismatches(mom, {"ask": "change", "periods": ["2025-06", "2025-07"], "basis": "periods"}, False) == []


def test_a_month_judged_within_a_window_and_the_window_written_as_the_period_are_one_reading():
    judged = {"ask": "extreme", "periods": ["2026-03"], "within": "2025-10"}
    assert mismatches({"ask": "extreme", "periods": ["2025-10..2026-03"]}, judged, said_missing=False) == []
    assert mismatches({"ask": "extreme", "periods": ["2026-03"]}, judged, said_missing=False) == []
    # another window is another question
    assert mismatches({"ask": "extreme", "periods": ["2025-01..2026-03"]}, judged, said_missing=False)


def test_the_extreme_of_a_span_and_the_ranking_of_its_months_are_one_reading():
    peak = {"ask": "extreme", "periods": ["2025-01..2025-12"], "which": "highest"}
    months = {"ask": "rank", "over": "months", "periods": ["2025-01..2025-12"], "which": "highest"}
    assert mismatches(peak, months, said_missing=False) == []
    # the other end, or one judged month, is another question
    assert mismatches(peak, {**months, "which": "lowest"}, said_missing=False)
    assert mismatches({"ask": "extreme", "periods": ["2025-07"]}, {**months, "periods": ["2025-07"]}, False)


def test_a_figure_for_each_of_two_partners_is_one_reading_either_way():
    from assistant.reading.scoring import score_item

    item = {"id": "t", "q": "German and Japanese magnet volumes in Dec 2025", "reading": []}
    item["reading"] = [{"ask": "amount", "partners": ["DEU", "JPN"], "periods": ["2025-12"]}]
    each = [{"ask": "amount", "partners": [p], "periods": ["2025-12"]} for p in ("DEU", "JPN")]
    assert score_item(item, each, "answer").right
    # one of them only is still a miss
    assert not score_item(item, each[:1], "answer").right
