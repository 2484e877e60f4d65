"""Users' own tables: the tidy CSV and UN Comtrade exports, all-or-nothing; the saved library."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tools as t
from assistant.cli import main
from assistant.core import Assistant
from assistant.factory import import_table, load_trade_data, skipped_tables
from assistant.settings import Settings
from assistant.ui import Desk
from tools.commodities import Commodity, resolve_commodity
from tools.errors import DataFileError
from tools.importers import import_comtrade, import_tidy, load_tables, save_table, table_commodities
from tools.schema import OBSERVATION_COLUMNS

# A Comtrade+ download (full column set) of China's exports of HS 850511 to the world, Germany,
# the United States and Korea, January to March 2025. The numbers are synthetic, made up to be
# easy to check by hand; they are not Comtrade's figures.
COMTRADE_PLUS = Path(__file__).resolve().parent.parent / "data" / "comtrade_plus_china_850511.csv"
MAGNETS_DESC = (
    "Magnets; permanent magnets and articles intended to become permanent magnets after magnetisation, of metal"
)

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


def saved_names(settings):
    """The names of the tables saved in the library."""
    folder = settings.tables_dir
    return sorted(p.name.partition("@")[0] for p in folder.iterdir()) if folder.exists() else []


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
    assert data.source("my-survey").cited_as == "Our survey (your table)"
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
    assert data.source(july.figure.sources[0]).cited_as == "UN Comtrade (your table)"
    # the short cmdDesc still names the entry
    entry = next(c for c in data.catalogue() if c.code == "hs_850511")
    assert entry.label == "permanent magnets (HS 8505.11)"


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
    assert not saved_names(settings)  # nothing is partly loaded


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
    with pytest.raises(DataFileError, match="line 2.*'reuters-kitco-2025-08-20' is a curated source"):
        import_table(settings, clash)
    assert saved_names(settings) == ["mine"]
    repeated = write(tmp_path, "repeat.csv", TIDY_HEADER + "magnets,export,POL,2025-07,volume,,43,,,t,my-survey,,,\n")
    with pytest.raises(DataFileError, match="repeat rows"):
        import_table(settings, repeated)


def test_a_user_figure_never_outranks_a_curated_one(tmp_path, settings):
    # the curated July 2025 total is 5,577 t (Reuters); a user's own table says 9,999.5 t
    mine = write(
        tmp_path, "mine.csv", TIDY_HEADER + "magnets,export,WLD,2025-07,volume,,9999.5,,,t,my-count,,,Our count\n"
    )
    import_table(settings, mine)
    july = t.value(load_trade_data(settings), "magnets", "Jul 2025")
    assert july.figure.value == 5577
    assert [a.value for a in july.alternatives] == [9999.5]
    assert any("9,999.5 t (Our count (your table))" in w for w in july.warnings)


def test_comtrade_plus_download_is_converted(tmp_path, settings):
    path = shutil.copy(COMTRADE_PLUS, tmp_path / "cn_magnets.csv")
    table, saved = import_table(settings, path)
    assert table.skipped == {}
    assert len(table.observations) == 24  # 12 rows, each a volume and a value
    data = load_trade_data(settings)
    march = t.value(data, "hs_850511", "March 2025")
    assert march.figure.value == pytest.approx(4900) and march.figure.unit == "t"  # 4,900,000 kg
    # 4,900 t on 3,500 t: +40.0 %; 3,500 on 4,200: -16.7 %
    assert t.change(data, "hs_850511", "March 2025", "mom").change_pct.display == "+40.0%"
    assert t.change(data, "hs_850511", "February 2025", "mom").change_pct.value == pytest.approx(-100 / 6)
    # Germany 1,050 t of 4,900 t
    assert t.share(data, "hs_850511", "March 2025", "Germany").share.value == pytest.approx(1050 / 4900 * 100)
    # 4,200 + 3,500 + 4,900
    assert t.value(data, "hs_850511", "Jan-Mar 2025").figure.value == pytest.approx(12600)
    ranked = t.ranking(data, "hs_850511", "March 2025")
    assert [e.figure.partner for e in ranked.entries] == ["DEU", "USA", "KOR"]  # 1,050 > 560 > 490 t
    value = data.series("hs_850511", "export", "value", "WLD")
    assert sorted(value["value"]) == [182_000_000, 210_000_000, 240_100_000]
    korea_feb = data.series("hs_850511", "export", "volume", "KOR")
    assert set(korea_feb[korea_feb["period"] == "2025-02"]["note"]) == {"weight estimated by UN Comtrade"}
    # the table brings its catalogue entry, saved beside it and exposed by the data set
    expected = Commodity(
        "hs_850511",
        "permanent magnets of metal (HS 8505.11)",
        (
            "permanent magnets of metal",
            "Magnets",
            "permanent magnets and articles intended to become permanent magnets after magnetisation, of metal",
            "HS 8505.11",
            "850511",
            "8505.11",
        ),
        ("8505.11", "850511"),
        "t",
        "trade",
    )
    assert table.commodities == (expected,)
    assert saved.name.startswith("cn_magnets@") and (saved / "commodities.csv").exists()
    assert table_commodities(settings.tables_dir) == (expected,)
    assert data.catalogue()[-1] == expected
    assert [c.code for c in data.catalogue()[:2]] == ["magnets", "magnets_broad"]
    # so a question can name the table by its description or its HS code
    names = data.catalogue()
    assert resolve_commodity("permanent magnets of metal", extra=names) == "hs_850511"
    assert resolve_commodity("HS 8505.11", extra=names) == "hs_850511"
    assert resolve_commodity("850511", extra=names) == "hs_850511"
    assert resolve_commodity("85051110", extra=names) == "magnets"  # China's own 8-digit code
    assert resolve_commodity("magnets", extra=names) == "magnets"


def test_comtrade_plus_rows_split_further_are_skipped(tmp_path):
    lines = COMTRADE_PLUS.read_text(encoding="utf-8").splitlines(keepends=True)
    by_air = lines[1].replace(",0,0,TOTAL MOT,", ",0,1000,Air,")  # mosCode 0, motCode 1000
    assert by_air != lines[1]
    # a row with its weight only in qty (kg): April, World, 5,000,000 kg
    april = (
        lines[1].replace("20250101,2025,1,202501", "20250401,2025,4,202504").replace(",4200000,False,,", ",,False,,")
    )
    assert april.count("4200000") == 2  # qty and altQty keep the weight, netWgt is empty
    path = tmp_path / "split.csv"
    path.write_text("".join(lines) + by_air + april.replace("4200000", "5000000"), encoding="utf-8")
    table = import_comtrade(path)
    assert table.skipped == {"rows broken down by second partner, customs procedure or transport mode": 1}
    obs = table.observations
    april_volume = obs[(obs["period"] == "2025-04") & (obs["measure"] == "volume")]
    assert list(april_volume["value"]) == [5_000_000] and list(april_volume["unit"]) == ["kg"]


def test_saved_catalogue_entries_ride_on_loaded_tables(tmp_path):
    table = import_comtrade(shutil.copy(COMTRADE_PLUS, tmp_path / "plus.csv"))
    tables = tmp_path / "tables"
    save_table(table, tables)
    saved = load_tables(tables)
    assert len(saved.observations) == 1 and len(saved.sources) == 1  # the catalogue file is not read as a table
    assert saved.observations[0].attrs["commodities"] == table.commodities
    data = t.TradeData.load(extra=saved.observations, extra_sources=saved.sources)
    assert "permanent magnets of metal (HS 8505.11)" in [c.label for c in data.catalogue()]
    # importing a tidy table under the same name drops the stale catalogue file
    tidy = tmp_path / "plus.csv"
    tidy.write_text(TIDY_HEADER + "magnets,export,POL,2025-07,volume,,42,,,t,my-survey,,,Us\n", encoding="utf-8")
    folder = save_table(import_tidy(tidy), tables)
    assert not (folder / "commodities.csv").exists()
    assert [p.name for p in tables.iterdir()] == [folder.name]  # the earlier version is gone
    assert table_commodities(tables) == ()


def test_tidy_table_of_an_hs_code_without_a_description(tmp_path, settings):
    path = write(
        tmp_path,
        "metals.csv",
        TIDY_HEADER + "hs_280530,export,JPN,2025-07,volume,,12.5,,,t,my-survey,,,Our survey\n",
    )
    table, _ = import_table(settings, path)
    assert table.commodities == ()
    data = load_trade_data(settings)
    assert t.value(data, "hs_280530", "July 2025", partner="Japan").figure.value == 12.5
    entry = next(c for c in data.catalogue() if c.code == "hs_280530")
    assert entry.label == "HS 2805.30" and entry.hs_codes == ("2805.30", "280530")


# -- the saved library: each table a folder of its own; a bad one is left out, not the library ----
LENDER = TIDY_HEADER + "magnets,export,ISL,2025-07,volume,,11,,,t,base-src,,,Base survey\n"
BORROWER = TIDY_HEADER + "magnets,export,POL,2025-07,volume,,42,,,t,base-src,,,\n"  # names base's source
MINE = TIDY_HEADER + "magnets,export,CZE,2025-07,volume,,7,,,t,mine-src,,,Mine\n"


def figure_for(data, partner):
    return t.value(data, "magnets", "July 2025", partner=partner).figure.value


def folder_of(settings, name):
    (folder,) = settings.tables_dir.glob(f"{name}@*")
    return folder


def curated_source(folder):
    (folder / "table.csv").write_text(
        (folder / "table.csv").read_text(encoding="utf-8").replace("mine-src", "reuters-kitco-2025-08-20")
    )
    (folder / "sources.csv").write_text("id,publisher,title\nreuters-kitco-2025-08-20,Me,Mine\n")


@pytest.mark.parametrize(
    "damage, words",
    [
        (lambda folder: (folder / "sources.csv").unlink(), "sources.csv: is missing"),
        (lambda folder: (folder / "table.csv").unlink(), "table.csv: is missing"),
        (
            lambda folder: (folder / "table.csv").write_text(MINE.replace(",t,", ",lb,")),
            "line 2, column 'unit': unknown unit",
        ),
        (
            lambda folder: (folder / "sources.csv").write_text("id,publisher,title\nother,Someone,Theirs\n"),
            "does not describe source(s) mine-src",
        ),
        (curated_source, "names curated source id(s) reuters-kitco-2025-08-20"),
    ],
    ids=["no-sources", "no-rows", "bad-row", "source-not-described", "curated-source"],
)
def test_a_broken_table_is_skipped_and_named_and_the_rest_load(tmp_path, settings, capsys, damage, words):
    import_table(settings, write(tmp_path, "base.csv", LENDER))
    import_table(settings, write(tmp_path, "mine.csv", MINE))
    damage(folder_of(settings, "mine"))
    data = load_trade_data(settings)
    assert figure_for(data, "Iceland") == 11  # the other table is there
    (skipped,) = skipped_tables(settings)
    assert skipped.name == "mine" and words in skipped.reason, skipped
    # every front end says so: the command line on stderr, the app in its status line
    assert main(["data"]) == 0
    err = capsys.readouterr().err
    assert "warning: table 'mine' was skipped:" in err and words in err
    status = Desk(Assistant(data, None), settings).status()
    assert "**Warning:** table 'mine' was skipped:" in status


def test_tables_that_repeat_rows_keep_the_first_import(tmp_path, settings):
    # two imports that ran at once, each checked before the other was saved
    first = import_tidy(write(tmp_path, "one.csv", BORROWER.replace(",,,\n", ",,,Us\n")))
    second = import_tidy(write(tmp_path, "two.csv", BORROWER.replace(",,,\n", ",,,Us\n")))
    save_table(first, settings.tables_dir)
    save_table(second, settings.tables_dir)
    assert figure_for(load_trade_data(settings), "Poland") == 42
    (skipped,) = skipped_tables(settings)
    assert skipped.name == "two" and "1 row(s) repeat rows of table 'one'" in skipped.reason


def test_replacing_a_table_keeps_the_sources_other_tables_borrow(tmp_path, settings):
    import_table(settings, write(tmp_path, "base.csv", LENDER))
    table, folder = import_table(settings, write(tmp_path, "mine.csv", BORROWER))
    assert list(table.sources["id"]) == ["base-src"]  # the borrowed source is saved with the table
    bare = import_tidy(write(tmp_path, "bare.csv", BORROWER), known_sources={"base-src"})
    with pytest.raises(DataFileError, match="does not describe source"):
        save_table(bare, settings.tables_dir)  # a table is saved only with every source it names
    assert "base-src" in (folder / "sources.csv").read_text(encoding="utf-8")
    # the lender is imported again, naming another source: the borrower still stands
    import_table(settings, write(tmp_path, "base.csv", LENDER.replace("base-src", "new-src")))
    data = load_trade_data(settings)
    assert skipped_tables(settings) == ()
    assert figure_for(data, "Poland") == 42 and figure_for(data, "Iceland") == 11
    assert sorted(p.name.partition("@")[0] for p in settings.tables_dir.iterdir()) == ["base", "mine"]


def test_tables_saved_in_the_old_layout_load_and_move_into_folders(tmp_path, settings):
    tables = settings.tables_dir
    tables.mkdir(parents=True)
    # as the old layout saved them: NAME.csv and NAME.sources.csv, a borrowed source only in its lender's file
    lender = import_tidy(write(tmp_path, "base.csv", LENDER))
    borrower = import_tidy(write(tmp_path, "mine.csv", BORROWER), known_sources={"base-src"})
    for table in (lender, borrower):
        table.observations[list(OBSERVATION_COLUMNS)].to_csv(tables / f"{table.name}.csv", index=False)
        table.sources.to_csv(tables / f"{table.name}.sources.csv", index=False)
    data = load_trade_data(settings)
    assert skipped_tables(settings) == ()
    assert figure_for(data, "Poland") == 42 and figure_for(data, "Iceland") == 11
    assert sorted(p.name.partition("@")[0] for p in tables.iterdir()) == ["base", "mine"]  # moved, old files gone
    assert "base-src" in (folder_of(settings, "mine") / "sources.csv").read_text(encoding="utf-8")
    import_table(settings, write(tmp_path, "base.csv", LENDER.replace("base-src", "new-src")))
    assert figure_for(load_trade_data(settings), "Poland") == 42 and skipped_tables(settings) == ()


def test_what_killed_writers_left_is_cleared_at_the_next_load(tmp_path, settings):
    _, folder = import_table(settings, write(tmp_path, "base.csv", LENDER))
    tables = settings.tables_dir
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    half_written = tables / f".tmp-{int(gone.stdout)}-0a1b"  # its writer was killed
    half_written.mkdir()
    (half_written / "table.csv").write_text("commodity,flow\nmagnets,exp")
    being_written = tables / f".tmp-{os.getpid()}-2c3d"  # a live writer's: kept
    being_written.mkdir()
    (tables / ".trash-4e5f").mkdir()  # a removal cut short
    shutil.copytree(folder, tables / "base@1")  # an older version a kill left behind
    assert figure_for(load_trade_data(settings), "Iceland") == 11
    assert sorted(p.name for p in tables.iterdir()) == sorted([folder.name, being_written.name])
