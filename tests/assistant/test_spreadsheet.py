"""Every cell the app writes to a CSV is checked for formulas, after all processing."""

import csv
import io

import pytest

from assistant.answer import Answer, FigureOut
from assistant.spreadsheet import formula_like, safe_cell, to_csv
from assistant.ui import figures_csv

PAYLOAD = '(mirror)=HYPERLINK("http://evil.example/x","Reuters", mirror'
STARTS = ["=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\u2212"]
LEADS = ["", " ", "   ", "'", '"', " '", "\u00a0", "\u3000", "\u201c", "\uff02"]


@pytest.mark.parametrize("start", STARTS, ids=[f"U+{ord(s):04X}" for s in STARTS])
@pytest.mark.parametrize("lead", LEADS, ids=[f"lead{i}" for i in range(len(LEADS))])
def test_every_formula_start_is_quoted(lead, start):
    cell = f'{lead}{start}HYPERLINK("http://evil.example/x","Reuters")'
    assert formula_like(cell)
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize(
    "value", ["Reuters via Kitco", "", "5,577 t", "(a ÷ b − 1) × 100", "magnets", "2025-07", "x=y", "-12.5", "12"]
)
def test_ordinary_text_is_kept(value):
    assert not formula_like(value)
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-12.5, 5577.0, 0, -3, None])
def test_numbers_stay_numbers(value):
    assert safe_cell(value) is value


def test_the_written_file_reads_back_inert():
    text = to_csv(["figure", "value", "=head"], [["=1+1", -4.5, "@SUM(A1)"], ["ok", None, "\t=cmd"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["figure", "value", "'=head"], ["'=1+1", "-4.5", "'@SUM(A1)"], ["ok", "", "'\t=cmd"]]


def figure_out(cited: str) -> FigureOut:
    return FigureOut(
        "Magnet exports to Poland",
        321.0,
        "t",
        "July 2025",
        "Poland",
        "magnets",
        "321 t",
        "reported",
        ("s",),
        cited=(cited,),
    )


def test_figures_csv_quotes_a_name_that_became_a_formula():
    answer = Answer("q", "a", figures=(figure_out('=HYPERLINK("http://evil.example/x","Reuters", mirror'),))
    row = list(csv.reader(io.StringIO(figures_csv(answer))))[1]
    assert row[8].startswith("'=HYPERLINK(") and row[1] == "321.0"


TABLE_HEADER = "commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n"


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.mark.parametrize("publisher", [PAYLOAD, '\uff1dHYPERLINK("http://evil.example/x","Reuters")'])
def test_a_publisher_through_import_ask_and_download(tmp_path, publisher):
    from assistant.core import Assistant
    from assistant.errors import AssistantError
    from assistant.settings import Settings
    from assistant.workspace import Workspaces
    from tools.dataset import TradeData

    assistant = Assistant(TradeData.load(), None)  # figures only: the table is what is asked about

    table = tmp_path / "poland.csv"
    table.write_text(
        TABLE_HEADER + f"magnets,export,POL,2025-07,volume,321,t,our-survey,{quoted(publisher)}\n", encoding="utf-8"
    )
    spaces = Workspaces(Settings(home=tmp_path / "home"), lambda: assistant)
    try:
        spaces.add_table("s", table, None)
    except AssistantError as err:  # refused at import: no file is ever written with it
        assert "source_publisher" in str(err)
        return
    answer = spaces.assistant("s").ask("What were magnet exports to Poland in July 2025?")
    spaces.end("s")
    assert any(f.value == 321 for f in answer.figures), answer.text
    rows = list(csv.reader(io.StringIO(figures_csv(answer))))
    for row in rows:
        for cell in row:
            assert not formula_like(cell) or cell.startswith("'"), cell
    cells = [row[8] for row in rows[1:] if row[1] == "321.0"]
    assert cells and all(c.startswith("'") or not formula_like(c) for c in cells)
    assert any("HYPERLINK" in c for c in cells), cells  # the publisher is named, as text


@pytest.mark.parametrize("publisher", [PAYLOAD, '=HYPERLINK("http://evil.example/x","Reuters")', "@SUM(1+1)*cmd"])
def test_a_publisher_past_the_import_check_is_still_written_inert(tmp_path, publisher):
    """Whatever the import lets through, or a later rewriting of the name makes of it."""
    from assistant.core import Assistant
    from tools.dataset import TradeData
    from tools.importers import import_tidy

    path = tmp_path / "poland.csv"
    path.write_text(TABLE_HEADER + "magnets,export,POL,2025-07,volume,321,t,our-survey,Our survey\n", encoding="utf-8")
    table = import_tidy(path)
    data = TradeData.load(extra=[table.observations], extra_sources=[table.sources.assign(publisher=publisher)])
    answer = Assistant(data, None).ask("What were magnet exports to Poland in July 2025?")
    rows = list(csv.reader(io.StringIO(figures_csv(answer))))
    cells = [row[8] for row in rows[1:] if row[1] == "321.0"]
    assert cells, answer.text
    assert all(not formula_like(cell) or cell.startswith("'") for row in rows for cell in row)
    if publisher[0] != "(":
        assert cells[0].startswith("'" + publisher[:5]), cells
