"""Wrong drafts written by people who read the checker, and the audit's list: none may pass.

The world (every figure the tools computed for the answer under check) is fixed here with
everything a figure is: period, unit, flow, goods, partner, kind and basis. Each attack states
one number that no figure backs as written; each faithful draft states figures of the world in
other words and must pass untouched.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.claims import Span
from assistant.verify import Known, check
from tools.periods import parse_period

HERE = Path(__file__).resolve().parent


def _span(label: str) -> Span:
    period = parse_period(label)
    return Span(period.start, period.end)


def _known(value, unit, period, *, partner="", kind="level", base="", basis="", flow="export", goods="magnets"):
    measure = "value" if unit == "USD" else "volume"
    return Known(
        value,
        pct=unit == "pct",
        partner=partner,
        signed=kind == "change",
        unit=unit,
        period=_span(period),
        base=_span(base) if base else None,
        flow=flow,
        goods=goods,
        kind=kind,
        basis=basis,
        measure=measure,
    )


WORLD = [
    _known(5577.0, "t", "July 2025"),
    _known(3188.0, "t", "June 2025"),
    _known(74.937, "pct", "July 2025", kind="change", base="June 2025", basis="mom"),
    _known(5278.0, "t", "July 2024"),
    _known(5.665, "pct", "July 2025", kind="change", base="July 2024", basis="yoy"),
    _known(1116.0, "t", "July 2025", partner="DEU"),
    _known(1275.0, "t", "June 2025", partner="DEU"),
    _known(-12.471, "pct", "July 2025", partner="DEU", kind="change", base="June 2025", basis="mom"),
    _known(20.011, "pct", "July 2025", partner="DEU", kind="share"),
    _known(619.0, "t", "July 2025", partner="USA"),
    _known(11.099, "pct", "July 2025", partner="USA", kind="share"),
    _known(301.6e6, "USD", "July 2025"),
    _known(5994.0, "t", "July 2025", goods="rare_earths"),
    _known(121.0, "t", "July 2025", flow="import"),
]
PASSAGES = {
    1: "China exported 5,577 tonnes of rare-earth magnets in July, up 75% from June, customs data showed on Wednesday.",
    2: "Shipments to Germany, the largest buyer, reached 1,116 tonnes.",
}

# The audit's wrong drafts, one of each kind it reported accepted.
AUDIT = [
    "China exported 5,577 kg of rare-earth magnets in July 2025.",
    "China exported 3,188 t of rare-earth magnets in July 2025.",
    "Magnet exports rose 74.9% on July 2024.",
    "Germany took 74.9% of China's magnet exports in July 2025.",
    "Magnet exports to Germany sank 74.9% on June.",
    "Magnet exports plummeted 74.9% in July.",
    "Magnet exports tumbled 5.7% on a year earlier.",
    "China's exports to Germany were 5,577 t in July 2025.",
    "Exports to Germany recovered strongly in July, reaching 5,577 t.",
    "China's rare-earth exports were 5,577 t in July 2025.",
    "China imported 5,577 t of magnets in July 2025.",
    "Germany took 2025 t of magnets in July 2025.",
    "Germany took 1999 t of magnets in July 2025.",
    "Exports reached [9,999](https://example.com/x) t in July 2025.",
    "Exports reached [9999] t in July 2025.",
    "Germany's share rose 99 percentage points in July 2025.",
    "China shipped magnets to 9,999 destinations in July 2025.",
    "China exported 5,577\u00b2 t of magnets in July 2025.",
    "Exports under code 9999 came to 5,577 t in July 2025.",
    "China exported nine thousand nine hundred ninety-nine tonnes of magnets in July 2025.",
]


def _sets() -> list[dict[str, str]]:
    """Both rounds: the first written against the old checker, the second against this one."""
    items = []
    for name in ("verify_attacks_heldout.jsonl", "verify_attacks_round2.jsonl"):
        lines = (HERE / name).read_text(encoding="utf-8").splitlines()
        items += [json.loads(line) for line in lines if line.strip()]
    return items


# What the checker still gets wrong, said rather than hidden: it reads words, not meaning.
GAPS = {
    "vb035": "goods it has no name for ('magnetite') bind to nothing, so the import figure fits",
    "vb037": "'including magnets' widens the aggregate; the checker reads the aggregate named",
    "vb067": "'CN 8505' is a real heading, so the number is read as a code, not as the total it is said to be",
    "vb073": "a monthly figure 'over June–July' is bound to the span, which no monthly figure is",
    "vb085": "'magnets made from neodymium': the element named nearest is taken for the goods",
}


def _case(item: dict[str, str]) -> object:
    marks = [pytest.mark.xfail(reason=GAPS[item["id"]], strict=True)] if item["id"] in GAPS else []
    return pytest.param(item["draft"], id=item["id"], marks=marks)


ATTACKS = [_case(i) for i in _sets() if i["kind"] == "attack"] + [
    pytest.param(d, id=f"audit{n:02d}") for n, d in enumerate(AUDIT, 1)
]
FAITHFUL = [_case(i) for i in _sets() if i["kind"] == "faithful"]


@pytest.mark.parametrize("draft", ATTACKS)
def test_no_wrong_draft_is_accepted(draft):
    result = check(draft, WORLD, PASSAGES)
    assert result.unverified, draft


@pytest.mark.parametrize("draft", FAITHFUL)
def test_faithful_drafts_pass(draft):
    result = check(draft, WORLD, PASSAGES)
    assert result.unverified == (), (draft, result.unverified)
