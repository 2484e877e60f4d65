"""The period grammar, as a corpus: each line is a text and the periods it must yield.

Expected mentions are written "code" (role plain), "role:code", or "role:None" for anaphora with
nothing to refer to, separated by "; ". The reference month is March 2026 unless a line names one.
"""

import pytest

from tools.errors import InvalidArgument
from tools.period_words import PeriodMention, find_periods, parse_written
from tools.periods import Period, parse_period

MARCH_2026 = Period.month(2026, 3)

CORPUS = [
    # "May" opening a sentence is the month before a noun, the verb before a pronoun
    ("May shipments came to 1,238 t", "2025-05"),
    ("May I ask about exports in 2025?", "2025-01..2025-12"),
    # "per" after a year makes it a quantity only before a unit: "per Quillfeather" names a source
    ("US mine production in 2020 per Quillfeather", "2020-01..2020-12"),
    ("priced at 2020 per tonne", ""),
    # a span of years with its last written short; a month number past 12 makes no date; two years
    # running are a financial year (India's 2024-25), held as its last calendar year until a document says more
    ("Over 2020-23, what share", "2020-01..2023-12"),
    ("in 2020–23", "2020-01..2023-12"),
    ("the 2024-25 figures", "2025-01..2025-12"),
    ("India's imports in 2022–23", "2023-01..2023-12"),
    ("2025-11", "2025-11"),
    # a company's year, written by its last month; short forms of the unit words
    ("reported its financial year to June 2025", "2024-07..2025-06"),
    ("in the fiscal year ending September 2025", "2024-10..2025-09"),
    ("for the year ended March 2025", "2024-04..2025-03"),
    ("net income FY to Mar-2025", "2024-04..2025-03"),
    ("the year to date", "2026-01..2026-03"),
    ("2025 vs the yr before", "2025-01..2025-12; year_earlier:2024-01..2024-12"),
    ("the past 3 mths", "2026-01..2026-03"),
    ("2,080 tonnes in the June quarter of 2025", "2025-04..2025-06"),
    # months, every spelling, with a year
    ("July 2025", "2025-07"),
    ("Jul 2025", "2025-07"),
    ("Jul. 2025", "2025-07"),
    ("JULY 2025", "2025-07"),
    ("Sept 2025", "2025-09"),
    ("sept. 2025", "2025-09"),
    ("Sep 2025", "2025-09"),
    ("September 2025", "2025-09"),
    ("jul-25", "2025-07"),
    ("Jul-2025", "2025-07"),
    ("Jul '25", "2025-07"),
    ("Jul ’25", "2025-07"),
    ("July of 2025", "2025-07"),
    ("July, 2025", "2025-07"),
    ("2025 July", "2025-07"),
    ("7/2025", "2025-07"),
    ("07/2025", "2025-07"),
    ("2025/07", "2025-07"),
    ("2025-07", "2025-07"),
    ("in  july   2025.", "2025-07"),
    ("February 2024", "2024-02"),
    ("Dec 2023", "2023-12"),
    ("Mar 2025", "2025-03"),
    # days
    ("10 April 2025", "2025-04-10"),
    ("April 10, 2025", "2025-04-10"),
    ("10th April 2025", "2025-04-10"),
    ("the 10th of April 2025", "2025-04-10"),
    ("Apr. 10, 2025", "2025-04-10"),
    ("2025-04-10", "2025-04-10"),
    ("on 10 April", "2025-04-10"),
    ("29 Feb", "2024-02-29"),
    ("2025-04-01..2025-04-15", "2025-04-01..2025-04-15"),
    ("4/10/2025", "2025-04-10"),
    ("25/12/2025", "2025-12-25"),
    ("dy oxide price europe may 6", "2025-05-06"),
    # years
    ("2025", "2025-01..2025-12"),
    ("in 2025", "2025-01..2025-12"),
    ("FY2025", "2025-01..2025-12"),
    ("FY 2025", "2025-01..2025-12"),
    ("fy25", "2025-01..2025-12"),
    ("full-year 2025", "2025-01..2025-12"),
    ("full year 2024", "2024-01..2024-12"),
    ("calendar year 2025", "2025-01..2025-12"),
    ("2025 as a whole", "2025-01..2025-12"),
    ("2025 full year", "2025-01..2025-12"),
    # halves
    ("H1 2025", "2025-01..2025-06"),
    ("1H 2025", "2025-01..2025-06"),
    ("1H25", "2025-01..2025-06"),
    ("2025 H2", "2025-07..2025-12"),
    ("first half of 2025", "2025-01..2025-06"),
    ("the second half of 2025", "2025-07..2025-12"),
    ("1st half 2025", "2025-01..2025-06"),
    ("first half-year 2025", "2025-01..2025-06"),
    ("the second half of last year", "2025-07..2025-12"),
    ("H2", "2025-07..2025-12"),
    ("H1", "2025-01..2025-06"),
    ("first half", "2025-01..2025-06"),
    ("this half-year", "2026-01..2026-03"),
    ("this half", "2026-01..2026-03"),
    # quarters
    ("Q4 2025", "2025-10..2025-12"),
    ("4Q25", "2025-10..2025-12"),
    ("Q4 '25", "2025-10..2025-12"),
    ("fourth quarter of 2025", "2025-10..2025-12"),
    ("4th quarter 2025", "2025-10..2025-12"),
    ("2026 Q1", "2026-01..2026-03"),
    ("2025q3", "2025-07..2025-09"),
    ("Q4", "2025-10..2025-12"),
    ("Q2", "2025-04..2025-06"),
    ("Q1", "2026-01..2026-03"),
    ("last quarter", "2026-01..2026-03"),
    ("the latest quarter", "2026-01..2026-03"),
    ("this quarter", "2026-01..2026-03"),
    ("Q4 last year", "2025-10..2025-12"),
    ("the last quarter of 2025", "2025-10..2025-12"),
    # ranges
    ("Jan–Jul 2025", "range:2025-01..2025-07"),
    ("jan-jul 2025", "range:2025-01..2025-07"),
    ("Jan — Jul 2025", "range:2025-01..2025-07"),
    ("January to July 2025", "range:2025-01..2025-07"),
    ("January through August 2025", "range:2025-01..2025-08"),
    ("from May to June 2025", "range:2025-05..2025-06"),
    ("between May and June 2025", "range:2025-05..2025-06"),
    ("May 2025 to June 2025", "range:2025-05..2025-06"),
    ("June-July 2025", "range:2025-06..2025-07"),
    ("Nov 2025–Feb 2026", "range:2025-11..2026-02"),
    ("Nov 2025 - Feb 2026", "range:2025-11..2026-02"),
    ("Nov–Feb 2026", "range:2025-11..2026-02"),
    ("Q1-Q3 2025", "range:2025-01..2025-09"),
    ("from 2024 to 2025", "range:2024-01..2025-12"),
    ("between H1 2024 and H1 2025", "range:2024-01..2025-06"),
    ("the start of 2025 to July 2025", "range:2025-01..2025-07"),
    ("from May to June", "range:2025-05..2025-06"),
    ("2025-01..2025-07", "2025-01..2025-07"),
    # first and last months of a year
    ("first seven months of 2025", "2025-01..2025-07"),
    ("the first 7 months of 2025", "2025-01..2025-07"),
    ("first three quarters of 2025", "2025-01..2025-09"),
    ("the first two months of 2026", "2026-01..2026-02"),
    ("the last three months of 2025", "2025-10..2025-12"),
    ("first seven months", "2025-01..2025-07"),
    # year to date
    ("ytd", "2026-01..2026-03"),
    ("YTD", "2026-01..2026-03"),
    ("year to date", "2026-01..2026-03"),
    ("year-to-date", "2026-01..2026-03"),
    ("so far this year", "2026-01..2026-03"),
    ("this year", "2026-01..2026-03"),
    ("YTD through October 2025", "2025-01..2025-10"),
    ("year-to-date through October", "2025-01..2025-10"),
    ("ytd jul 2025", "2025-01..2025-07"),
    ("2025 YTD", "2025-01..2025-03"),
    ("2026 YTD vs 2025 YTD", "2026-01..2026-03; 2025-01..2025-03"),
    # relative to the reference month
    ("last month", "2026-03"),
    ("latest month", "2026-03"),
    ("the most recent month", "2026-03"),
    ("this month", "2026-03"),
    ("previous month", "2026-03"),
    ("the last reported month", "2026-03"),
    ("last year", "2025-01..2025-12"),
    ("previous year", "2025-01..2025-12"),
    ("the past 6 months", "2025-10..2026-03"),
    ("last six months", "2025-10..2026-03"),
    ("the last 12 months", "2025-04..2026-03"),
    ("the past year", "2025-04..2026-03"),
    ("past two quarters", "2025-10..2026-03"),
    ("July last year", "2025-07"),
    ("the three months to March 2026", "2026-01..2026-03"),
    ("the 12 months to July", "2024-08..2025-07"),
    ("end of 2025", "2025-12"),
    ("mid-2025", "2025-05..2025-08"),
    ("early 2025", "2025-01..2025-04"),
    ("late 2024", "2024-09..2024-12"),
    ("magnet exports in summer 2025", "2025-06..2025-08"),
    ("in the autumn of 2024", "2024-09..2024-11"),
    ("the fall 2025 figures", "2025-09..2025-11"),
    ("winter 2025", "2024-12..2025-02"),
    ("over the winter", "2025-12..2026-02"),
    ("the turn of the year", "2025-12..2026-01"),
    ("around the turn of 2025", "2024-12..2025-01"),
    ("did exports fall in 2025", "2025-01..2025-12"),
    ("exports in Q3 and Q4", "2025-07..2025-09; 2025-10..2025-12"),
    ("June 2025 versus a year ago", "2025-06; year_earlier:2024-06"),
    # open spans to the reference month
    ("since January 2025", "since:2025-01..2026-03"),
    ("since April", "since:2025-04..2026-03"),
    ("since January", "since:2026-01..2026-03"),
    ("since March", "since:2025-03..2026-03"),
    ("since the start of 2025", "since:2025-01..2026-03"),
    ("since 2024", "since:2024-01..2026-03"),
    ("since H2 2025", "since:2025-07..2026-03"),
    ("since last year", "since:2025-01..2026-03"),
    ("from 2023 until now", "since:2023-01..2026-03"),
    ("from January 2025 to date", "since:2025-01..2026-03"),
    ("from October 2025 onwards", "since:2025-10..2026-03"),
    ("exports since the April 2025 controls", "since:2025-04..2026-03"),
    ("since 10 April 2025", "since:2025-04-10..2026-03-31"),
    # comparisons and lists: bare ones take the written year
    ("June and July 2025", "2025-06; 2025-07"),
    ("July and August 2025", "2025-07; 2025-08"),
    ("May, June and July 2025", "2025-05; 2025-06; 2025-07"),
    ("December and January 2026", "2025-12; 2026-01"),
    ("Jul 2025 vs Jun 2025", "2025-07; 2025-06"),
    ("Jul 2025 vs. Jun", "2025-07; 2025-06"),
    ("2025 vs 2024", "2025-01..2025-12; 2024-01..2024-12"),
    # bare years compared with months are those months of each year
    ("July 2025 vs 2024", "2025-07; 2024-07"),
    ("H1 2025 compared with 2024", "2025-01..2025-06; 2024-01..2024-06"),
    ("jan-jul exports: 2025 compared to 2024", "None; 2025-01..2025-07; 2024-01..2024-07"),
    ("q1: 2025 vs 2024", "None; 2025-01..2025-03; 2024-01..2024-03"),
    ("July 2025 and 2024", "2025-07; 2024-01..2024-12"),
    ("H1 2025 versus H1 2024", "2025-01..2025-06; 2024-01..2024-06"),
    ("Q1 and Q2 2025", "2025-01..2025-03; 2025-04..2025-06"),
    ("compare June to July 2025", "2025-06; 2025-07"),
    ("compare exports in July 2025 to June 2025", "2025-07; 2025-06"),
    ("July 2025 to June 2025", "2025-07; 2025-06"),
    # anaphora
    ("a year earlier", "year_earlier:None"),
    ("the month before", "month_earlier:None"),
    ("the same period last year", "year_earlier:None"),
    ("H1 2025 and the same half a year earlier", "2025-01..2025-06; year_earlier:2024-01..2024-06"),
    ("H2 2025 vs the same half a year before", "2025-07..2025-12; year_earlier:2024-07..2024-12"),
    ("July 2025 compared with a year before", "2025-07; year_earlier:2024-07"),
    ("July 2025 vs the year before", "2025-07; year_earlier:2024-07"),
    ("July 2025 and a month earlier", "2025-07; month_earlier:2025-06"),
    ("July 2025 and the month before", "2025-07; month_earlier:2025-06"),
    ("July 2025 vs the previous month", "2025-07; month_earlier:2025-06"),
    ("2025 vs the previous year", "2025-01..2025-12; year_earlier:2024-01..2024-12"),
    ("Jan–Jul 2025 against the same period last year", "range:2025-01..2025-07; year_earlier:2024-01..2024-07"),
    ("Q4 2025 and the same quarter a year ago", "2025-10..2025-12; year_earlier:2024-10..2024-12"),
    ("July 2025, 12 months earlier", "2025-07; year_earlier:2024-07"),
    # "the same period of 2024": the period before it moved into the year named
    ("jan-jul 2025 vs same period 2024", "range:2025-01..2025-07; year_earlier:2024-01..2024-07"),
    ("H1 2025 vs the same half of 2024", "2025-01..2025-06; year_earlier:2024-01..2024-06"),
    ("Q1 2026 against the same quarter of 2023", "2026-01..2026-03; 2023-01..2023-03"),
    ("the same months of 2024", "year_earlier:None"),
    # a quarter or a half back is a period of its own, compared
    ("last quarter vs the quarter before", "2026-01..2026-03; 2025-10..2025-12"),
    ("H2 2025 against the half before", "2025-07..2025-12; 2025-01..2025-06"),
    # a month and two digits with no year anywhere: a month of a recent year, not a day
    ("Dec 25 vs Nov 25", "2025-12; 2025-11"),
    ("in Aug 25", "2025-08"),
    ("on Dec 25", "2025-12-25"),
    ("Dec 25, 2025", "2025-12-25"),
    ("Apr 10", "2025-04-10"),
    ("in 10/25", "2025-10"),
    ("jan+feb 2026", "2026-01; 2026-02"),
    ("a ratio of 10/15", ""),
    # bare months: the most recent one up to the reference month
    ("July", "2025-07"),
    ("in March", "2026-03"),
    ("in April", "2025-04"),
    ("Sept.", "2025-09"),
    ("What were May exports?", "2025-05"),
    ("in may", "2025-05"),
    ("In July 10 tonnes were shipped", "2025-07"),
    ("did exports recover in july 2025 after june", "2025-07; 2025-06"),
    ("after July 2025", "2025-07"),
    # not periods
    ("exports may rise", ""),
    ("prices may fall in 2025", "2025-01..2025-12"),
    ("May I ask about magnets?", ""),
    ("protesters march on Beijing", ""),
    ("the second largest buyer", ""),
    ("second", ""),
    ("Q&A on magnets", ""),
    ("exports were 5,577 t", ""),
    ("2,000 tonnes", ""),
    ("2025 t of magnets", ""),
    ("up 25% on the month", ""),
    ("a 3.5% share", ""),
    ("HS 85051110", ""),
    ("top 10 partners", ""),
    ("MOFCOM Announcement No. 18 of 2025", "2025-01..2025-12"),
    ("next Tuesday", ""),
    # questions as people write them
    ("How many tonnes of magnets did China export in July 2025?", "2025-07"),
    ("magnet exports to the US in 7/2025", "2025-07"),
    ("what did china ship to germnay in magents in Jul-25", "2025-07"),
    ("Total rare earth exports 2024, in tonnes", "2024-01..2024-12"),
    ("value of exports in H1 2025 and H1 2024", "2025-01..2025-06; 2024-01..2024-06"),
    ("How did exports change between May and June 2025?", "range:2025-05..2025-06"),
    (
        "Magnet exports to Japan, Jan–Jul 2025 vs the same period last year",
        "range:2025-01..2025-07; year_earlier:2024-01..2024-07",
    ),
    ("Which month since April was the lowest?", "since:2025-04..2026-03"),
    ("exports in the first half of this year", "2026-01..2026-06"),
]

OTHER_REFERENCES = [
    ("last quarter", Period.month(2026, 4), "2026-01..2026-03"),
    ("last quarter", Period.month(2026, 5), "2026-01..2026-03"),
    ("this quarter", Period.month(2026, 5), "2026-04..2026-05"),
    ("since April", Period.month(2026, 4), "since:2025-04..2026-04"),
    ("H2", Period.month(2025, 12), "2025-07..2025-12"),
    ("this half", Period.month(2025, 8), "2025-07..2025-08"),
    ("ytd", Period.month(2025, 7), "2025-01..2025-07"),
    ("last year", Period.month(2025, 7), "2024-01..2024-12"),
    ("July", Period.month(2025, 6), "2024-07"),
    ("the past 3 months", Period.month(2026, 1), "2025-11..2026-01"),
    ("Q4", Period.month(2026, 12), "2026-10..2026-12"),
    ("Jan–Jul", Period.month(2025, 9), "range:2025-01..2025-07"),
]


def _render(mentions: list[PeriodMention]) -> str:
    out = []
    for m in mentions:
        code = m.period.code if m.period else "None"
        out.append(code if m.role == "plain" else f"{m.role}:{code}")
    return "; ".join(out)


@pytest.mark.parametrize("text, expected", CORPUS)
def test_corpus(text, expected):
    assert _render(find_periods(text, MARCH_2026)) == expected


@pytest.mark.parametrize("text, reference, expected", OTHER_REFERENCES)
def test_other_reference_months(text, reference, expected):
    assert _render(find_periods(text, reference)) == expected


def test_corpus_is_large_enough():
    assert len(CORPUS) + len(OTHER_REFERENCES) >= 120


@pytest.mark.parametrize(
    "text, grain",
    [
        ("July 2025", "month"),
        ("10 April 2025", "day"),
        ("Q4 2025", "quarter"),
        ("H1 2025", "half"),
        ("2025", "year"),
        ("Jan–Jul 2025", "months"),
        ("first seven months of 2025", "months"),
        ("this half", "half"),
        ("last quarter", "quarter"),
        ("since April", "months"),
        ("the past 6 months", "months"),
        ("2025-01..2025-06", "half"),
        ("2025-04-01..2025-04-15", "day"),
    ],
)
def test_grains(text, grain):
    [mention] = find_periods(text, MARCH_2026)
    assert mention.grain == grain


def test_anaphora_takes_the_grain_of_what_it_refers_to():
    h1, earlier = find_periods("H1 2025 and a year earlier", MARCH_2026)
    assert (earlier.grain, earlier.period) == ("half", Period.months(2024, 1, 6))
    [alone] = find_periods("the same half a year earlier", MARCH_2026)
    assert (alone.grain, alone.period, alone.role) == ("half", None, "year_earlier")


def test_a_financial_year_matches_the_twelve_months_a_document_states_for_it():
    fy, before = find_periods("in FY25 than the year before", MARCH_2026)
    assert (fy.period.label, fy.period.fiscal, before.period.label) == ("FY2025", True, "FY2024")
    assert "financial year ending in 2025" in fy.note
    assert fy.period.same_span(Period.months(2024, 7, 6, end_year=2025))  # Lynas: the year to June
    assert fy.period.same_span(Period.year(2025))  # no company's year known: the calendar year
    assert not fy.period.same_span(Period.months(2025, 7, 6, end_year=2026))  # FY2026 to June
    assert not fy.period.same_span(Period.months(2025, 1, 6))  # half a year
    assert not Period.year(2025).same_span(Period.months(2024, 7, 6, end_year=2025))  # a calendar year asked
    [running] = find_periods("India's imports in 2023-24", MARCH_2026)
    assert (running.period.label, running.period.fiscal) == ("FY2024", True)
    assert parse_period("FY2024") == running.period  # as a stated figure keeps it


def test_spans_and_words():
    text = "Exports in June and July 2025, vs H1 2024."
    mentions = find_periods(text, MARCH_2026)
    assert [(m.start, m.end, m.text) for m in mentions] == [
        (11, 15, "June"),
        (20, 29, "July 2025"),
        (34, 41, "H1 2024"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_range_keeps_both_written_ends():
    [between] = find_periods("between May and June 2025", MARCH_2026)
    assert between.parts == (Period.month(2025, 5), Period.month(2025, 6))
    [across] = find_periods("Nov 2025–Feb 2026", MARCH_2026)
    assert across.parts == (Period.month(2025, 11), Period.month(2026, 2))
    [plain] = find_periods("July 2025", MARCH_2026)
    assert plain.parts == ()


def test_notes_say_how_relative_readings_were_made():
    def note(text: str) -> str:
        return find_periods(text, MARCH_2026)[-1].note

    assert note("last quarter") == "“last quarter” read as Q1 2026, the latest complete quarter in the data."
    assert note("July") == "“July” read as July 2025."
    assert note("this half") == (
        "“this half” read as Q1 2026, the half-year of March 2026, the latest month in the data, up to it."
    )
    assert note("last month") == "“last month” read as March 2026, the latest month in the data."
    assert note("since April") == "“since April” read as April 2025–March 2026, up to the latest month in the data."
    assert note("H1 2025 and a year earlier") == "“a year earlier” read as H1 2024, a year before H1 2025."
    assert "none is written before it" in note("a year earlier")
    assert note("4/10/2025") == "“4/10/2025” read as 10 April 2025, taking the numbers as month/day/year."
    assert note("25/12/2025") == ""
    # explicit periods, and bare ones given the year written beside them, carry no note
    assert [m.note for m in find_periods("June and July 2025", MARCH_2026)] == ["", ""]


def test_weak_month_words_need_a_reason_to_be_months():
    assert find_periods("Prices may ease and exporters march on", MARCH_2026) == []
    assert _render(find_periods("May and June 2025", MARCH_2026)) == "2025-05; 2025-06"
    assert _render(find_periods("March exports", MARCH_2026)) == "2026-03"


@pytest.mark.parametrize(
    "text, code",
    [
        ("July 2025", "2025-07"),
        ("  Jul 2025. ", "2025-07"),
        ("first half of 2025", "2025-01..2025-06"),
        ("4Q25", "2025-10..2025-12"),
        ("between May and June 2025", "2025-05..2025-06"),
        ("first seven months of 2025", "2025-01..2025-07"),
        ("YTD through October 2025", "2025-01..2025-10"),
        ("the start of 2025 - jul 2025", "2025-01..2025-07"),
        ("2025-08-01..2025-08-19", "2025-08-01..2025-08-19"),
        ("Nov–Feb 2026", "2025-11..2026-02"),
    ],
)
def test_parse_written(text, code):
    assert parse_written(text).code == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "July",
        "last month",
        "since April",
        "a year earlier",
        "this year",
        "H3 2025",
        "Q5 2025",
        "next Tuesday",
        "July 2025 and June 2025",
        "exports may rise",
        "2,000 tonnes",
        "4/10/2025",
    ],
)
def test_parse_written_rejects_what_is_not_one_absolute_period(text):
    with pytest.raises(InvalidArgument) as err:
        parse_written(text)
    assert "Accepted forms: July 2025" in str(err.value)


@pytest.mark.parametrize("text", ["2025-13", "31 Feb 2025", "29 February 2025", "13/2025", "31/31/2025"])
def test_parse_written_names_impossible_dates(text):
    with pytest.raises(InvalidArgument) as err:
        parse_written(text)
    assert "is not a valid period" in str(err.value)


def test_tools_parse_period_reads_through_the_grammar():
    assert parse_period("first three quarters of 2025") == Period.months(2025, 1, 9)
    assert parse_period("July of 2025") == Period.month(2025, 7)
    assert parse_period("2025-07") == Period.month(2025, 7)


def test_since_a_bare_month_counts_back_from_the_period_written_before_it():
    # "was Nov 2025 the highest since January?" asks about January 2025, not January 2026
    found = find_periods("was nov 2025 the strongest month since january?", MARCH_2026)
    assert [(m.role, m.period.code) for m in found] == [("plain", "2025-11"), ("since", "2025-01..2025-11")]


def test_calendar_years_count_from_the_data_sets_present_not_the_series_end():
    # a series ending in December 2025, in a data set that reaches March 2026: "last year" is 2025
    found = find_periods("rare earth exports last year", Period.month(2025, 12), present=MARCH_2026)
    assert [m.period.code for m in found] == ["2025-01..2025-12"]
    # "last month" stays the series' own latest month
    assert [m.period.code for m in find_periods("last month", Period.month(2025, 12), MARCH_2026)] == ["2025-12"]


def test_a_bare_span_takes_the_one_year_the_question_is_in():
    found = find_periods("ore in Jan-May 2025, and concentrate over Jan-Sep?", Period.month(2025, 5), MARCH_2026)
    assert [m.period.code for m in found] == ["2025-01..2025-05", "2025-01..2025-09"]
