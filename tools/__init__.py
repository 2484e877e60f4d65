"""Exact figure tools over the tidy trade data set: pure functions returning typed results."""

from tools.controls import controls
from tools.dataset import Source, TradeData
from tools.errors import AmbiguousName, AssistantError, DataFileError, InvalidArgument, UnknownName
from tools.figures import (
    change,
    compare_partners,
    events,
    period_total,
    ranking,
    share,
    value,
)
from tools.periods import Period, parse_period
from tools.prices import price_change
from tools.results import ControlsResult, Figure, NoData
from tools.series import change_extreme, extreme_since, trend

__all__ = [
    "AmbiguousName",
    "AssistantError",
    "ControlsResult",
    "DataFileError",
    "Figure",
    "InvalidArgument",
    "NoData",
    "Period",
    "Source",
    "TradeData",
    "UnknownName",
    "change",
    "change_extreme",
    "compare_partners",
    "controls",
    "events",
    "extreme_since",
    "parse_period",
    "period_total",
    "price_change",
    "ranking",
    "share",
    "trend",
    "value",
]
