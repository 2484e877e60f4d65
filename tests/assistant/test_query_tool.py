"""The LLM agent's figure tool: the model's arguments become the same typed query the reader makes."""

import pytest

from assistant.execute import runs_for
from assistant.query_tool import QueryArgs, to_query
from tools.errors import InvalidArgument
from tools.results import ExtremeResult


def test_arguments_become_a_typed_query(real):
    query = to_query(QueryArgs(ask="change", partners=["Germany"], periods=["July 2025", "June 2025"]), real)
    assert (query.partners, [p.code for p in query.periods], query.basis) == (
        ("DEU",),
        ["2025-07", "2025-06"],
        "periods",
    )


def test_an_extreme_over_a_window_is_judged_over_it(real):
    query = to_query(QueryArgs(ask="extreme", periods=["July 2025"], within="March 2025"), real)
    assert query.within is not None and query.within.code == "2025-03..2025-07"
    result = next(r.result for r in runs_for(query, real) if r.role == "main")
    # July 2025 (5,577 t) is above every reported month back to January 2025 (6,357 t)
    assert isinstance(result, ExtremeResult) and result.holds_from(query.within.start) is True


def test_a_figure_ask_without_a_period_is_refused_with_the_form_to_use(real):
    with pytest.raises(InvalidArgument, match="periods="):
        to_query(QueryArgs(ask="amount"), real)


def test_the_model_may_send_an_expression(real):
    # magnets, October 2025: Germany 1,118 t, Japan 226 t
    leaf = {"series": "volume", "commodity": "magnets", "period": "2025-10"}
    args = QueryArgs(
        ask="amount", expression={"op": "ratio", "args": [{**leaf, "partner": "DEU"}, {**leaf, "partner": "JPN"}]}
    )
    query = to_query(args, real)
    result = runs_for(query, real)[0].result
    assert round(result.figure.value, 2) == 4.95 and result.figure.formula == "1,118 t ÷ 226 t"


def test_an_operator_and_a_unit_as_fields(real):
    query = to_query(QueryArgs(ask="amount", periods=["July 2025"], partners=["Germany"], unit="kg"), real)
    assert query.expression().text() == "convert(volume(magnets, export, DEU, 2025-07), kg)"
    assert runs_for(query, real)[0].result.figure.display == "1,116,000 kg"
    with pytest.raises(InvalidArgument, match="unit must be one of"):
        to_query(QueryArgs(ask="amount", periods=["July 2025"], unit="stone"), real)
    euros = to_query(QueryArgs(ask="amount", measure="value", periods=["2024"], unit="EUR"), real)
    assert euros.missing == ("unit:EUR",) and euros.unit == ""


def test_a_bad_expression_is_refused_with_what_is_wrong(real):
    bad = {
        "op": "difference",
        "args": [{"series": "volume", "period": "2025-07"}, {"series": "value", "period": "2025-07"}],
    }
    with pytest.raises(InvalidArgument, match="tonnes and dollars"):
        to_query(QueryArgs(ask="amount", expression=bad), real)
