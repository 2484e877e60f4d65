"""The export-control measures tool on the shipped table (corpus/data/controls.csv) and on hand-made ones.

Facts checked by hand against the research notes and events.csv: Announcement No. 18 of 2025
(4 April 2025, in force at once) covers samarium, gadolinium, terbium, dysprosium, lutetium,
scandium and yttrium and stays in force; No. 57 (9 October 2025, due 8 November 2025) covers
holmium, erbium, thulium, europium and ytterbium; No. 70 suspends Nos. 56, 57, 61 and 62 from
7 November 2025 until 10 November 2026. The latest dated event is 6 January 2026.
"""

import shutil
from datetime import date
from pathlib import Path

import pytest

import tools as t
from tools.controls import read_controls, resolve_element, status_on
from tools.dataset import TradeData
from tools.errors import DataFileError, InvalidArgument, UnknownName
from tools.results import NoData

NO_18 = "MOFCOM/GAC Announcement No. 18 of 2025"
NO_57 = "MOFCOM/GAC Announcement No. 57 of 2025"
NO_70 = "MOFCOM/GAC Announcement No. 70 of 2025"
OCTOBER = {
    "MOFCOM/GAC Announcement No. 56 of 2025",
    NO_57,
    "MOFCOM/GAC Announcement No. 61 of 2025",
    "MOFCOM/GAC Announcement No. 62 of 2025",
}
APRIL_SEVEN = ["samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "scandium", "yttrium"]
OCTOBER_FIVE = ["holmium", "erbium", "thulium", "europium", "ytterbium"]
MINI = Path(__file__).resolve().parent.parent / "data" / "mini"


@pytest.fixture(scope="module")
def names(real):
    return {s: real.source(s).publisher for s in real.sources["id"]}


def test_the_table_loads_and_every_source_is_known(real):
    table = real.controls
    assert len(table) == 17
    assert set(s for text in table["source_id"] for s in text.split(";")) <= set(real.sources["id"])


def test_april_controls_cover_seven_elements_and_stay_in_force(real):
    result = t.controls(real, measure="No. 18")
    assert result.measures == (NO_18,)
    assert [r.item for r in result.rows] == APRIL_SEVEN
    assert {(r.announced, r.effective) for r in result.rows} == {(date(2025, 4, 4), date(2025, 4, 4))}
    assert result.on == date(2026, 1, 6)  # the latest event: MOFCOM Announcement No. 1 of 2026
    assert {r.status_on for r in result.rows} == {"in_force"}
    assert not result.suspended
    assert result.figures == ()


@pytest.mark.parametrize(
    "text",
    ["No. 18", "18", "no 18", "Announcement No. 18", NO_18, "April 2025 controls", "April 2025", "the April controls"],
)
def test_a_measure_by_number_id_short_name_or_month(real, text):
    assert t.controls(real, measure=text).measures == (NO_18,)


def test_the_october_batch_by_month_and_number_57(real):
    assert set(t.controls(real, measure="October 2025").measures) == OCTOBER
    result = t.controls(real, measure="57")
    assert result.measures == (NO_57,)
    assert [r.item for r in result.rows] == OCTOBER_FIVE
    assert {r.item_kind for r in t.controls(real, measure="October 2025").rows} == {
        "element",
        "equipment",
        "other",
        "rule",
        "technology",
    }
    assert t.controls(real, measure="0.1% rule").measures == ("MOFCOM/GAC Announcement No. 61 of 2025",)


def test_no_57_keeps_9_october_and_notes_13_october(real):
    rows = t.controls(real, measure="No. 57").rows
    assert {r.announced for r in rows} == {date(2025, 10, 9)}
    assert {r.effective for r in rows} == {date(2025, 11, 8)}
    assert all("13 October 2025" in r.note and r.note_sources == ("weiqi-repo-no57",) for r in rows)


def test_announcement_70_suspends_the_october_measures(real):
    result = t.controls(real, measure="No. 70")
    assert set(result.measures) == OCTOBER
    assert {(r.status_from, r.status_until, r.status_by) for r in result.rows} == {
        (date(2025, 11, 7), date(2026, 11, 10), NO_70)
    }
    assert result.suspended and result.in_force == ()


@pytest.mark.parametrize("word", ["Dy", "dy", "DY", "dysprosium", " Dysprosium "])
def test_an_element_by_name_or_symbol(real, word):
    result = t.controls(real, element=word)
    assert result.element == "dysprosium"
    assert [(r.measure, r.status_on) for r in result.rows] == [(NO_18, "in_force")]


def test_element_symbols():
    assert [resolve_element(s) for s in ("Tb", "lu", "Sm", "Y", "ho", "Eu")] == [
        "terbium",
        "lutetium",
        "samarium",
        "yttrium",
        "holmium",
        "europium",
    ]


def test_holmium_status_through_time(real):
    def status(on):
        (row,) = t.controls(real, element="Ho", on=on).rows
        return row.status_on

    assert status("2025-10-08") == "not_announced"
    assert status("2025-10-09") == "announced"
    assert status("2025-11-06") == "announced"
    assert status("2025-11-07") == "suspended"  # suspended the day before it was due to take effect
    assert status("2026-11-10") == "suspended"  # the last day of the suspension
    assert status("2026-11-11") == "unknown"
    assert status("October 2025") == "announced"  # a month is judged on its last day
    assert t.controls(real, element="Ho").suspended


def test_a_date_after_the_data_is_flagged(real):
    result = t.controls(real, element="Ho", on="2026-11-11")
    assert any("6 January 2026" in w for w in result.warnings)
    assert t.controls(real, element="Ho").warnings == ()


def test_the_lines_name_their_sources(real, names):
    lines = t.controls(real, element="Dy").lines(names)
    assert lines[0] == (
        "Dysprosium is covered by MOFCOM/GAC Announcement No. 18 of 2025 (the April 2025 controls); on 6 January "
        "2026 that measure was in force since 4 April 2025 (Holland & Knight; rawmaterials.net)."
    )
    holmium = t.controls(real, element="holmium").lines(names)
    assert "suspended from 7 November 2025 until 10 November 2026 by MOFCOM/GAC Announcement No. 70" in holmium[0]
    assert "before its due start on 8 November 2025" in holmium[0]
    assert holmium[0].endswith("(Pillsbury Winthrop Shaw Pittman; rawmaterials.net).")
    for line in t.controls(real).lines(names):
        assert line.endswith(").")


def test_an_element_no_measure_covers(real, names):
    result = t.controls(real, element="cerium")
    assert not result.covered and result.rows == ()
    (line,) = result.lines(names)
    assert line.startswith("Cerium is not covered by any listed measure (")
    assert "Holland & Knight" in line and "Pillsbury" in line


def test_an_element_outside_one_measure(real, names):
    result = t.controls(real, element="Dy", measure="No. 57")
    assert result.rows == ()
    assert result.lines(names)[0].startswith(f"Dysprosium is not covered by {NO_57} (")


def test_technology_controls(real):
    rows = t.controls(real, measure="technology").rows
    assert [(r.item, r.status_on, r.flag) for r in rows] == [
        ("rare-earth magnet processing technology", "in_force", "doubtful"),
        ("rare-earth technologies", "suspended", ""),
    ]


def test_unknown_words_are_errors_listing_what_is_known(real):
    with pytest.raises(InvalidArgument) as err:
        t.controls(real, element="unobtainium")
    assert "dysprosium (Dy)" in str(err.value) and "lutetium (Lu)" in str(err.value)
    assert len(err.value.choices) == 17
    with pytest.raises(UnknownName):
        t.controls(real, measure="No. 55")
    with pytest.raises(UnknownName):
        t.controls(real, measure="the Geneva truce")


def test_element_rows_match_the_events(real):
    # every element under a measure is named by an export-control event of its announcement day
    events = real.events[real.events["kind"] == "export_control"]
    for row in t.controls(real).rows:
        if row.item_kind != "element":
            continue
        same_day = events[events["date"] == row.announced.isoformat()]
        assert any(row.item in str(e).split(";") for e in same_day["elements"]), row


def test_status_on_is_worked_from_the_dates():
    a, e = date(2025, 10, 9), date(2025, 11, 8)
    s, u = date(2025, 11, 7), date(2026, 11, 10)
    assert status_on(date(2025, 10, 1), a, e, "suspended", s, u) == "not_announced"
    assert status_on(date(2025, 10, 9), a, e, "suspended", s, u) == "announced"
    assert status_on(date(2026, 1, 1), a, e, "suspended", s, u) == "suspended"
    assert status_on(date(2027, 1, 1), a, e, "suspended", s, u) == "unknown"
    assert status_on(date(2025, 11, 8), a, e, "in_force", a, None) == "in_force"
    assert status_on(date(2025, 12, 1), a, None, "lifted", s, None) == "lifted"


def test_a_data_set_without_controls_gives_no_data(mini):
    result = t.controls(mini, element="Dy")
    assert isinstance(result, NoData)
    assert "no table of export controls" in result.message


HEADER = "measure,short_name,announced,effective,item,item_kind,status,status_from,status_until,status_by,source_id\n"


def _data_dir(tmp_path, body):
    folder = tmp_path / "data"
    shutil.copytree(MINI, folder)
    (folder / "controls.csv").write_text(HEADER + body, encoding="utf-8")
    return folder


def test_a_hand_made_table_is_read_lazily(tmp_path):
    body = "Rule A,spring rules,2025-04-04,2025-05-01,dysprosium,element,lifted,2025-06-01,,Rule B,wire\n"
    data = TradeData.load(_data_dir(tmp_path, body))
    assert "controls" not in data.__dict__  # nothing read until asked
    (row,) = t.controls(data, element="dy", on="2025-04-20").rows
    assert row.status_on == "announced"
    assert t.controls(data, measure="spring rules", on="2025-05-15").rows[0].status_on == "in_force"
    assert t.controls(data, measure="Rule B", on="2025-06-01").rows[0].status_on == "lifted"
    lines = t.controls(data, element="Dy", on="2025-06-02").lines({"wire": "WireCo"})
    assert lines == ["Dysprosium is covered by Rule A (the spring rules); on 2 June 2025 that measure was lifted on "
                     "1 June 2025 by Rule B (WireCo)."]  # fmt: skip


@pytest.mark.parametrize(
    "body, line, column",
    [
        ("A,a,2025-04-04,,dysprosium,element,paused,,,,wire\n", 2, "status"),
        ("A,a,2025-04-04,,dysprosium,element,in_force,,,,nobody\n", 2, "source_id"),
        ("A,a,2025-04-04,,kryptonite,element,in_force,,,,wire\n", 2, "item"),
        ("A,a,2025-04-04,,dysprosium,element,suspended,,,,wire\n", 2, "status_from"),
        ("A,a,2025-13-04,,dysprosium,element,in_force,,,,wire\n", 2, "announced"),
        ("A,a,2025-04-04,,x,gadget,in_force,,,,wire\n", 2, "item_kind"),
        ("A,a,2025-04-04,,dysprosium,element,in_force,,,,wire\nA,a,2025-04-04,,Dysprosium,element,in_force,,,,wire\n",
         3, "item"),
    ],
)  # fmt: skip
def test_bad_rows_name_the_line_and_column(tmp_path, body, line, column):
    path = _data_dir(tmp_path, body) / "controls.csv"
    with pytest.raises(DataFileError) as err:
        read_controls(path, {"wire", "press", "blog"})
    assert (err.value.line, err.value.column) == (line, column)
