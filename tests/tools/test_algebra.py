"""The algebra of figures on the hand-made data set (tests/data/mini), arithmetic worked by hand.

Mini: magnet exports 2024 are 100, 110, ... 210 t a month (sum 1,860 t); 2025 January 300,
February 200, April 50, May 80, June 120, July 180 t (March missing). July 2025: Germany 60 t,
United States 45 t.
"""

import pytest

from tools.algebra import Amount, Op, Series, Unanswerable, check, evaluate, from_json, leaves
from tools.errors import InvalidArgument
from tools.periods import parse_period
from tools.results import ChangeResult, ExtremeResult, NoData, TrendResult, ValueResult
from tools.units import UnitMismatch


def volume(period: str, partner: str = "WLD") -> Series:
    return Series("volume", "magnets", "export", parse_period(period), partner)


def test_a_difference_is_in_the_unit(mini):
    result = evaluate(mini, Op("difference", (volume("July 2025"), volume("June 2025"))))
    assert result.figure.value == 60  # 180 − 120
    assert result.figure.display == "60 t"
    assert result.figure.measure == "volume_change"
    assert result.figure.formula == "180 t − 120 t"
    assert [f.value for f in result.inputs] == [180, 120]
    leaf = "volume(magnets, export, WLD, 2025-{})"
    assert result.expression == f"difference({leaf.format('07')}, {leaf.format('06')})"


def test_a_monthly_average_divides_by_the_months(mini):
    q2 = evaluate(mini, Op("mean", (volume("Q2 2025"),)))
    assert q2.figure.value == pytest.approx((50 + 80 + 120) / 3)
    assert q2.figure.display == "83 t"  # the months are whole tonnes, so is their average
    assert evaluate(mini, Op("mean", (volume("2024"),))).figure.value == pytest.approx(1860 / 12)


def test_monthly_averages_of_spans_of_unequal_length_compare(mini):
    # January–February 2025 averages 250 t a month; April is 50 t: down 80%
    expr = Op("change", (Op("mean", (volume("April 2025"),)), Op("mean", (volume("Jan-Feb 2025"),))))
    assert evaluate(mini, expr).figure.value == pytest.approx(-80.0)


def test_totals_of_unequal_spans_are_not_compared(mini):
    with pytest.raises(Unanswerable, match="unequal length"):
        check(Op("change", (volume("Jan-Jul 2025"), volume("2024"))))
    with pytest.raises(Unanswerable, match="unequal length"):
        check(Op("difference", (volume("Q2 2025"), volume("2024"))))


def test_a_ratio_between_partners(mini):
    result = evaluate(mini, Op("ratio", (volume("July 2025", "DEU"), volume("July 2025", "USA"))))
    assert result.figure.value == pytest.approx(60 / 45)
    assert result.figure.display == "1.33 times"


def test_a_part_is_a_share_of_a_whole(mini):
    july, germany = volume("July 2025"), volume("July 2025", "DEU")
    result = evaluate(mini, Op("part", (Op("share", (germany, july)), july)))
    assert result.figure.value == pytest.approx(60)  # a third of July's 180 t is Germany's 60 t
    assert result.figure.unit == "t" and result.figure.formula == "33.3% × 180 t"
    with pytest.raises(Unanswerable, match="takes a share"):
        check(Op("part", (germany, july)))


def test_two_shares_apart_are_percentage_points(mini):
    def share(month: str) -> Op:
        return Op("share", (volume(month, "DEU"), volume(month)))

    moved = evaluate(mini, Op("difference", (share("July 2025"), share("June 2025")))).figure
    shares = [evaluate(mini, share(m)).share.value for m in ("July 2025", "June 2025")]
    assert (moved.unit, moved.measure) == ("pp", "share_change")
    assert moved.value == pytest.approx(shares[0] - shares[1]) and moved.display.endswith(" percentage points")


def test_a_conversion_keeps_the_precision_of_its_input(mini):
    result = evaluate(mini, Op("convert", (volume("July 2025"),), "kg"))
    assert result.figure.value == 180_000
    assert result.figure.display == "180,000 kg"
    assert result.figure.origin == "reported"  # the same reported figure, in another unit


def test_nonsense_is_refused_before_anything_is_computed():
    value = Series("value", "magnets", "export", parse_period("July 2025"))
    with pytest.raises(Unanswerable, match="tonnes and dollars"):
        check(Op("difference", (volume("July 2025"), value)))
    with pytest.raises(UnitMismatch, match="exchange rate"):
        check(Op("convert", (value,), "EUR"))
    with pytest.raises(UnitMismatch, match="cannot be stated"):
        check(Op("convert", (volume("July 2025"),), "USD mn"))


def test_a_missing_month_is_named_not_estimated(mini):
    result = evaluate(mini, Op("difference", (volume("March 2025"), volume("February 2025"))))
    assert isinstance(result, NoData)
    assert [p.label for p in result.missing] == ["March 2025"]


def test_an_expression_travels_as_json(mini):
    expr = Op("difference", (volume("July 2025", "DEU"), Op("mean", (volume("Q2 2025"),))))
    assert from_json(expr.to_json()) == expr
    assert [leaf.partner for leaf in leaves(expr)] == ["DEU", "WLD"]
    with pytest.raises(InvalidArgument, match="op must be one of"):
        from_json({"op": "median", "args": [volume("July 2025").to_json()]})
    with pytest.raises(InvalidArgument):
        from_json({"series": "volume", "commodity": "magnets", "period": "the summer"})


def test_a_value_per_tonne_is_computed_when_not_reported(real):
    # May 2025: $60,000,000 over 1,238 t is $48,465 a tonne (rounded to the dollar)
    may = parse_period("May 2025")
    result = evaluate(real, Series("unit_value", "magnets", "export", may))
    assert result.figure.display == "$48,465/t"
    assert result.figure.formula == "$60,000,000 ÷ 1,238 t"
    # July 2024 is reported as such (Metalnomist), and is given as reported
    reported = evaluate(real, Series("unit_value", "magnets", "export", parse_period("July 2024")))
    assert reported.figure.value == 48729 and reported.figure.origin == "reported"


def test_a_difference_between_two_quotes(real):
    # KOMIS neodymium 99.5%: $96.40/kg on 31 December 2025, $61.59/kg on 3 April 2025
    quote = lambda day: Series("price", "nd_995", "price", parse_period(day), "CHN")  # noqa: E731
    result = evaluate(real, Op("difference", (quote("2025-12-31"), quote("2025-04-03"))))
    assert result.figure.value == pytest.approx(34.81)
    assert result.figure.display == "$34.8/kg"  # the later quote is given to a tenth


def test_a_range_is_given_as_quoted_and_computed_with_at_its_midpoint(real):
    # Argus Europe, 25 September 2025: neodymium oxide $91–94/kg (midpoint $92.5/kg), NdPr oxide
    # $82.5–85.0/kg (midpoint $83.75/kg)
    day = parse_period("2025-09-25")
    nd, prnd = (Series("price", code, "price", day, "EUROPE") for code in ("nd_oxide", "prnd_oxide"))
    assert evaluate(real, nd).figure.display == "$91–94/kg"  # a plain quote is told as quoted
    result = evaluate(real, Op("difference", (nd, prnd)))
    assert {f.display for f in result.inputs} >= {"$92.5/kg", "$83.75/kg"}  # each midpoint keeps the decimal it needs
    assert result.figure.value == pytest.approx(8.75)
    assert any("midpoint" in w for w in result.warnings)


def test_every_ask_is_one_tree_and_plain_ones_are_the_tools_own_results(mini):
    # the tools' results, with all they report: July 2025 180 t, +50.0% on June's 120 t (and the
    # source's own +50% beside it); the months January–July; the highest month of them
    july = evaluate(mini, volume("July 2025"))
    assert isinstance(july, ValueResult) and july.figure.value == 180
    moved = evaluate(mini, Op("change", (volume("July 2025"), volume("June 2025"))))
    assert isinstance(moved, ChangeResult) and moved.basis == "mom" and moved.pct.value == pytest.approx(50.0)
    months = evaluate(mini, Op("months", (volume("2025-01..2025-07"),)))
    assert isinstance(months, TrendResult) and months.maximum.value == 300 and months.minimum.value == 50
    record = evaluate(mini, Op("extreme", (volume("July 2025"),), params=(("which", "highest"),)))
    assert isinstance(record, ExtremeResult)


def test_a_record_month_is_an_operand(mini):
    # January–July 2025: the highest month is January (300 t); July (180 t) is 120 t short of it
    gap = evaluate(mini, Op("difference", (Op("max", (volume("2025-01..2025-07"),)), volume("July 2025"))))
    assert gap.figure.value == 120 and gap.figure.formula == "300 t − 180 t"
    assert [f.period.label for f in gap.inputs] == ["January 2025", "July 2025"]
    low = evaluate(mini, Op("min", (volume("2025-01..2025-07"),)))
    assert low.figure.value == 50 and low.figure.period.label == "April 2025"


def test_a_list_is_an_answer_not_an_operand():
    listed = Op("rank", (volume("2025-01..2025-07"),), params=(("top", 3),))
    with pytest.raises(Unanswerable, match="cannot enter a computation"):
        check(Op("difference", (listed, volume("July 2025"))))
    with pytest.raises(Unanswerable, match="tonnages only"):
        check(Op("months", (Series("value", "magnets", "export", parse_period("2025"), "WLD"),)))
    assert from_json(listed.to_json()) == listed
    with pytest.raises(InvalidArgument, match="top must be"):
        from_json({**listed.to_json(), "top": 500})
    with pytest.raises(InvalidArgument, match="which must be"):
        from_json({"op": "extreme", "args": [volume("July 2025").to_json()], "which": "middling"})


def test_a_quantity_you_give_is_priced_at_a_quote(real):
    # Adamas: dysprosium oxide averaged $224/kg in 2025, so 200 kg cost $44,800; SMM's 25 September
    # 2025 quote in China, 1,612,500 yuan/t, prices 2 t at 3,225,000 yuan
    dy = Series("price", "dy_oxide", "price", parse_period("2025"), "WLD")
    assert evaluate(real, Op("cost", (Amount(200, "kg"), dy))).figure.display == "$44,800"
    china = Series("price", "dy_oxide", "price", parse_period("2025-09-25"), "CHN")
    cost = evaluate(real, Op("cost", (Amount(2, "t"), china)))
    assert cost.figure.display == "3,225,000 yuan" and cost.figure.formula == "2 t × 1,612,500 yuan/t"
    with pytest.raises(Unanswerable, match="quantity times a price"):
        check(Op("cost", (Amount(2, "t"), volume("July 2025"))))
    with pytest.raises(Unanswerable, match="enters only a cost"):
        check(Op("sum", (Amount(2, "t"), volume("July 2025"))))
    assert from_json(Op("cost", (Amount(200, "kg"), dy)).to_json()) == Op("cost", (Amount(200, "kg"), dy))


def test_quotes_in_two_currencies_are_not_compared(real):
    # Argus Europe NdPr oxide in $/kg against SMM's Chinese quote in yuan per tonne: no sourced rate
    europe = Series("price", "prnd_oxide", "price", parse_period("2025-09-25"), "EUROPE")
    china = Series("price", "prnd_oxide", "price", parse_period("2025-09"), "CHN")
    with pytest.raises(Unanswerable, match="needs an exchange rate"):
        evaluate(real, Op("difference", (europe, china)))
