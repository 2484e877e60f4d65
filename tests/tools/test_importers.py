"""Users' own tables: the tidy CSV and UN Comtrade exports, all-or-nothing."""

import pytest

import tools as t
from assistant.factory import import_table, load_trade_data
from assistant.settings import Settings
from tools.errors import DataFileError
from tools.importers import import_comtrade, import_tidy

TIDY_HEADER = "commodity,flow,partner,period,measure,basis,value,low,high,unit,source_id,flag,note,source_publisher\n"
COMTRADE_HEADER = (
    "freqCode,refYear,refMonth,period,reporterISO,reporterDesc,flowCode,flowDesc,partnerISO,partnerDesc,"
    "cmdCode,cmdDesc,netWgt,primaryValue\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def comtrade_row(month, partner_iso, partner, kg, usd, flow="X", cmd="850511"):
    flow_desc = {"X": "Export", "M": "Import", "RX": "Re-export"}[flow]
    return (
        f"M,2025,{month},2025{month:02d},CHN,China,{flow},{flow_desc},{partner_iso},{partner},"
        f"{cmd},Permanent magnets,{kg},{usd}\n"
    )


@pytest.fixture()
def settings(tmp_path):
    return Settings(home=tmp_path / "home")


def test_tidy_table_is_imported_and_used_by_the_tools(tmp_path, settings):
    path = write(
        tmp_path,
        "my_table.csv",
        TIDY_HEADER
        + "magnets,export,POL,2025-07,volume,,42,,,t,my-survey,,,Our survey\n"
        + "magnets,export,POL,2025-06,volume,,21,,,t,my-survey,,,Our survey\n",
    )
    table, saved = import_table(settings, path)
    assert saved.exists() and len(table.observations) == 2
    data = load_trade_data(settings)
    result = t.change(data, "magnets", "July 2025", "mom", partner="Poland")
    assert result.change_pct.value == pytest.approx(100.0)  # 42 / 21 - 1
    assert data.source("my-survey").publisher == "Our survey"
    # the curated figures are untouched
    assert t.value(data, "magnets", "July 2025").figure.value == 5577


def test_comtrade_export_is_converted(tmp_path, settings):
    path = write(
        tmp_path,
        "comtrade.csv",
        COMTRADE_HEADER
        + comtrade_row(6, "W00", "World", 3000500, 150000000)
        + comtrade_row(7, "W00", "World", 4500750, 200000000)
        + comtrade_row(7, "DEU", "Germany", 900000, 40000000)
        + comtrade_row(7, "DEU", "Germany", 5, 7, flow="RX")
        + comtrade_row(7, "_X", '"Areas, nes"', 10, 10),
    )
    table, _ = import_table(settings, path)
    assert table.skipped == {"re-export/re-import rows": 1, "rows for unallocated areas": 1}
    data = load_trade_data(settings)
    july = t.value(data, "hs_850511", "July 2025")
    assert july.figure.value == pytest.approx(4500.75) and july.figure.unit == "t"  # kg -> t
    # 4,500.75 / 3,000.5 - 1 = +50.0 %
    assert t.change(data, "hs_850511", "July 2025", "mom").change_pct.display == "+50.0%"
    assert t.share(data, "hs_850511", "July 2025", "Germany").share.value == pytest.approx(900 / 4500.75 * 100)
    assert data.source(july.figure.sources[0]).publisher == "UN Comtrade"


@pytest.mark.parametrize(
    "body, line, column, words",
    [
        ("magnets,export,POL,2025-07,volume,,lots,,,t,my-survey,,,Us\n", 2, "value", "not a number"),
        ("magnets,export,POL,2025-07,volume,,42,,,lb,my-survey,,,Us\n", 2, "unit", "unknown unit"),
        ("magnets,export,Poland,2025-07,volume,,42,,,t,my-survey,,,Us\n", 2, "partner", "ISO"),
        ("magnets,export,POL,July-ish,volume,,42,,,t,my-survey,,,Us\n", 2, "period", "period"),
        (
            "magnets,export,POL,2025-07,volume,,42,,,t,someone,,,\n",
            2,
            "source_publisher",
            "not in the data set",
        ),
        (
            "magnets,export,POL,2025-07,volume,,42,,,t,my-survey,,,Us\n"
            "magnets,export,POL,2025-07,volume,,43,,,t,my-survey,,,Us\n",
            3,
            None,
            "duplicate row",
        ),
    ],
)
def test_bad_tidy_rows_name_file_line_and_column(tmp_path, settings, body, line, column, words):
    path = write(tmp_path, "bad.csv", TIDY_HEADER + body)
    with pytest.raises(DataFileError) as err:
        import_table(settings, path)
    assert err.value.line == line and err.value.column == column
    assert words in str(err.value) and "bad.csv" in str(err.value)
    assert not (settings.tables_dir / "bad.csv").exists()  # nothing is partly loaded


def test_missing_columns(tmp_path):
    path = write(tmp_path, "cols.csv", "commodity,flow,partner\nmagnets,export,DEU\n")
    with pytest.raises(DataFileError) as err:
        import_tidy(path)
    assert err.value.line == 1 and "period" in str(err.value)


def test_empty_file(tmp_path):
    with pytest.raises(DataFileError, match="empty"):
        import_tidy(write(tmp_path, "empty.csv", ""))
    with pytest.raises(DataFileError, match="no rows"):
        import_tidy(write(tmp_path, "header.csv", TIDY_HEADER))


def test_wrong_encoding_names_the_line(tmp_path):
    text = TIDY_HEADER + "magnets,export,POL,2025-07,volume,,42,,,t,my-survey,,,Société Générale\n"
    path = write(tmp_path, "latin.csv", text, encoding="latin-1")
    with pytest.raises(DataFileError) as err:
        import_tidy(path)
    assert err.value.line == 2 and "UTF-8" in str(err.value)


def test_comtrade_errors(tmp_path):
    not_china = COMTRADE_HEADER + comtrade_row(7, "W00", "World", 1, 1).replace("CHN,China", "USA,USA")
    with pytest.raises(DataFileError) as err:
        import_comtrade(write(tmp_path, "us.csv", not_china))
    assert err.value.line == 2 and "China" in str(err.value)
    bad_weight = COMTRADE_HEADER + comtrade_row(7, "W00", "World", "12kg", 1)
    with pytest.raises(DataFileError) as err:
        import_comtrade(write(tmp_path, "w.csv", bad_weight))
    assert (err.value.line, err.value.column) == (2, "netWgt")
    missing = "refYear,refMonth,partnerISO\n2025,7,W00\n"
    with pytest.raises(DataFileError) as err:
        import_comtrade(write(tmp_path, "m.csv", missing))
    assert "reporterDesc" in str(err.value) and err.value.line == 1


def test_reimport_replaces_and_clash_with_data_set_is_refused(tmp_path, settings):
    first = write(tmp_path, "mine.csv", TIDY_HEADER + "magnets,export,POL,2025-07,volume,,42,,,t,my-survey,,,Us\n")
    import_table(settings, first)
    again = write(tmp_path, "mine.csv", TIDY_HEADER + "magnets,export,POL,2025-07,volume,,43,,,t,my-survey,,,Us\n")
    import_table(settings, again)
    assert t.value(load_trade_data(settings), "magnets", "Jul 2025", partner="POL").figure.value == 43
    clash = write(
        tmp_path,
        "clash.csv",
        TIDY_HEADER + "magnets,export,WLD,2025-07,volume,,1,,,t,reuters-kitco-2025-08-20,,,\n",
    )
    with pytest.raises(DataFileError, match="repeat rows"):
        import_table(settings, clash)
    assert not (settings.tables_dir / "clash.csv").exists()
