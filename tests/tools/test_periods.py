from datetime import date

import pytest

from tools.errors import InvalidArgument
from tools.periods import Period, parse_period


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("July 2025", date(2025, 7, 1), date(2025, 7, 31)),
        ("Jul 2025", date(2025, 7, 1), date(2025, 7, 31)),
        ("jul. 2025", date(2025, 7, 1), date(2025, 7, 31)),
        ("Sept 2025", date(2025, 9, 1), date(2025, 9, 30)),
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31)),
        ("H1 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("second half of 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("Q1 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026 Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("full year 2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("Jan–Jul 2025", date(2025, 1, 1), date(2025, 7, 31)),
        ("January to July 2025", date(2025, 1, 1), date(2025, 7, 31)),
        ("Nov 2025 - Feb 2026", date(2025, 11, 1), date(2026, 2, 28)),
        ("2025-01..2025-07", date(2025, 1, 1), date(2025, 7, 31)),
        ("2025-04-10", date(2025, 4, 10), date(2025, 4, 10)),
        ("10 April 2025", date(2025, 4, 10), date(2025, 4, 10)),
        ("April 10, 2025", date(2025, 4, 10), date(2025, 4, 10)),
        ("2025-08-01..2025-08-19", date(2025, 8, 1), date(2025, 8, 19)),
        # read through the period grammar rather than as data codes
        ("2025 fy", date(2025, 1, 1), date(2025, 12, 31)),
        ("calendar year 2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("1q 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("3rd quarter of 2025", date(2025, 7, 1), date(2025, 9, 30)),
        ("ytd jul 2025", date(2025, 1, 1), date(2025, 7, 31)),
        ("the start of 2025 - jul 2025", date(2025, 1, 1), date(2025, 7, 31)),
        ("2025-1 .. 2025-7", date(2025, 1, 1), date(2025, 7, 31)),
        ("2025-7", date(2025, 7, 1), date(2025, 7, 31)),
        ("april 10th, 2025", date(2025, 4, 10), date(2025, 4, 10)),
        ("Jan-Jul, 2025", date(2025, 1, 1), date(2025, 7, 31)),
        ("first seven months of 2025", date(2025, 1, 1), date(2025, 7, 31)),
        ("4Q25", date(2025, 10, 1), date(2025, 12, 31)),
        ("Nov–Feb 2026", date(2025, 11, 1), date(2026, 2, 28)),
        # a code's dash joins the year to its part; it is no range from the year's start
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
    ],
)
def test_accepted_forms(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text", ["", "July", "2025-13", "H3 2025", "Q5 2025", "next Tuesday", "31 Feb 2025", "last month", "2025-02-30"]
)
def test_rejected_forms_name_the_accepted_ones(text):
    with pytest.raises(InvalidArgument) as err:
        parse_period(text)
    assert "2025" in str(err.value) or "valid" in str(err.value)


def test_codes_and_labels_round_trip():
    for text, code, label in [
        ("Jul 2025", "2025-07", "July 2025"),
        ("H1 2025", "2025-01..2025-06", "H1 2025"),
        ("Q1 2026", "2026-01..2026-03", "Q1 2026"),
        ("2025", "2025-01..2025-12", "2025"),
        ("Jan-Jul 2025", "2025-01..2025-07", "January–July 2025"),
        ("2025-04-10", "2025-04-10", "10 April 2025"),
    ]:
        period = parse_period(text)
        assert period.code == code
        assert period.label == label
        assert parse_period(period.code) == period


def test_arithmetic():
    july = Period.month(2025, 7)
    assert july.previous() == Period.month(2025, 6)
    assert Period.month(2025, 1).previous() == Period.month(2024, 12)
    assert july.year_earlier() == Period.month(2024, 7)
    h1 = parse_period("H1 2025")
    assert h1.previous() == parse_period("H2 2024")
    assert h1.year_earlier() == parse_period("H1 2024")
    assert [m.code for m in parse_period("Q1 2026").month_list()] == ["2026-01", "2026-02", "2026-03"]
    assert parse_period("Feb 2024").end == date(2024, 2, 29)


def test_not_text_is_refused():
    with pytest.raises(InvalidArgument):
        parse_period(202507)  # type: ignore[arg-type]
    assert parse_period(Period.month(2025, 7)) == Period.month(2025, 7)


def test_a_period_named_in_text():
    july = Period.month(2025, 7)
    assert july.named_in("Exports rose in July 2025") and july.named_in("in Jul. 2025")
    assert not july.named_in("in June 2025") and not july.named_in("July 2024") and not july.named_in("July")
    assert Period.year(2025).named_in("over 2025") and not Period.year(2025).named_in("in 2024")
    spring = Period.months(2025, 3, 5)
    assert spring.named_in("prices spiked in April 2025") and not spring.named_in("the 25 September 2025 commentary")
