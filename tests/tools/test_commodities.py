"""The commodity catalogue: read from its CSV file, extended by imported HS codes."""

import subprocess
import sys

import pytest

from tools import commodities
from tools.commodities import (
    CATALOGUE_PATH,
    Commodity,
    catalogue,
    commodity_label,
    curated,
    hs_commodities,
    hs_commodity,
    is_known_code,
    read_catalogue,
    resolve_commodity,
    vocabulary,
)
from tools.errors import DataFileError, UnknownName

# Every alias the vocabulary had when it was written in code, and the code it meant.
FORMER_ALIASES = {
    "magnets": (
        "magnets",
        "magnet",
        "rare earth magnets",
        "rare earth magnet",
        "rare-earth magnets",
        "permanent magnets",
        "rare earth permanent magnets",
        "ndfeb magnets",
        "neodymium magnets",
        "85051110",
        "8505.11",
        "850511",
    ),
    "magnets_broad": (
        "magnets including powder and alloys",
        "magnets incl powder and alloys",
        "magnet powder and alloys",
        "magnets and alloys",
    ),
    "rare_earths": (
        "rare earths",
        "rare earth",
        "rare-earths",
        "rare earth elements",
        "ree",
        "rees",
        "rare earth metals",
        "rare earth exports",
        "17 element category",
    ),
    "rare_earth_products": ("rare earth products", "rare-earth products", "bloomberg rare earth products"),
    "re_ore": ("rare earth ore", "rare earth metal ore", "ore"),
    "re_concentrate": ("rare earth concentrate", "rare earth concentrates", "concentrate", "concentrates"),
    "dysprosium": ("dysprosium", "dy"),
    "terbium": ("terbium", "tb"),
    "prnd_oxide": (
        "prnd oxide",
        "ndpr oxide",
        "prnd",
        "ndpr",
        "pr nd oxide",
        "praseodymium neodymium oxide",
        "praseodymium-neodymium oxide",
    ),
    "nd_oxide": ("neodymium oxide", "nd oxide"),
    "pr_oxide": ("praseodymium oxide", "pr oxide"),
    "dy_oxide": ("dysprosium oxide", "dy oxide"),
    "tb_oxide": ("terbium oxide", "tb oxide"),
    "y_oxide": ("yttrium oxide", "y oxide", "yttrium"),
    "prnd_alloy": ("prnd alloy", "ndpr alloy", "prnd metal"),
    "tb_metal": ("terbium metal", "tb metal"),
    "dyfe_alloy": ("dyfe", "dyfe alloy", "dysprosium iron"),
    "nd_995": ("neodymium", "nd", "nd 99.5", "neodymium 99.5"),
}
HEADER = "code,label,synonyms,hs_codes,unit,kind,price_of,element\n"
GOOD = (
    "dysprosium,dysprosium,dysprosium;Dy,,kg,trade,dy_oxide,Dy\ndy_oxide,dysprosium oxide,Dy oxide,,USD/kg,price,,Dy\n"
)


def test_the_catalogue_is_read_from_its_csv_file():
    assert CATALOGUE_PATH.name == "commodities.csv" and CATALOGUE_PATH.parent.name == "data"
    assert read_catalogue(CATALOGUE_PATH) == curated() == catalogue()
    assert [c.code for c in curated()] == list(FORMER_ALIASES)
    magnets = curated()[0]
    assert magnets.label == "rare-earth permanent magnets (customs code 85051110)"
    assert magnets.hs_codes == ("8505.11", "850511", "85051110", "8505.11.10")
    assert (magnets.unit, magnets.kind, magnets.price_of, magnets.element) == ("t", "trade", "prnd_oxide", ())
    prnd = next(c for c in curated() if c.code == "prnd_oxide")
    assert prnd.price and prnd.element == ("Pr", "Nd") and prnd.unit == "CNY/t"


@pytest.mark.parametrize("code, alias", [(code, alias) for code, names in FORMER_ALIASES.items() for alias in names])
def test_every_former_alias_resolves_as_before(code, alias):
    assert resolve_commodity(alias) == code
    assert resolve_commodity(alias.upper()) == code


def test_codes_resolve_to_themselves_and_hs_codes_pass_through():
    for code in FORMER_ALIASES:
        assert resolve_commodity(code) == code and is_known_code(code)
    assert resolve_commodity("hs_850519") == "hs_850519" and is_known_code("hs_850519")
    assert not is_known_code("unobtainium")


@pytest.mark.parametrize(
    "name, code",
    [
        ("NdFeB magnets", "magnets"),
        ("neo magnets", "magnets"),
        ("HS 8505.11", "magnets"),
        ("8505.11.10", "magnets"),
        ("REEs", "rare_earths"),
        ("280530", "rare_earths"),
        ("Dy2O3", "dy_oxide"),
        ("didymium oxide", "prnd_oxide"),
        ("Nd 99.5%", "nd_995"),
    ],
)
def test_names_added_with_the_catalogue(name, code):
    assert resolve_commodity(name) == code


def test_price_of_an_element_or_category():
    assert resolve_commodity("dysprosium", price=True) == "dy_oxide"
    assert resolve_commodity("Tb", price=True) == "tb_oxide"
    assert resolve_commodity("rare earth magnets", price=True) == "prnd_oxide"
    assert resolve_commodity("neodymium", price=True) == "nd_995"  # already a price series
    assert resolve_commodity("rare earths", price=True) == "rare_earths"  # no price series named


def test_former_module_names_still_answer():
    assert commodities.PRICE_OF_ELEMENT == {"magnets": "prnd_oxide", "dysprosium": "dy_oxide", "terbium": "tb_oxide"}
    assert commodities.BY_CODE["terbium"].label == "terbium"
    assert len(commodities.COMMODITIES) == 18
    assert commodities.BY_CODE["dy_oxide"].price and "Dy oxide" in commodities.BY_CODE["dy_oxide"].aliases
    with pytest.raises(AttributeError):
        _ = commodities.NOT_A_NAME


def test_nothing_is_read_at_import():
    code = "import tools, tools.commodities as c; print(c.curated.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_unknown_commodity_suggests_close_codes():
    with pytest.raises(UnknownName) as err:
        resolve_commodity("magnetz")
    assert "magnets" in err.value.choices


def test_labels():
    assert commodity_label("rare_earths") == "rare earths (customs 17-element category, metals and compounds)"
    assert commodity_label("hs_850511") == "HS 8505.11"
    assert commodity_label("hs_85051110") == "HS 8505.11.10"
    entry = hs_commodity("850511", "Magnets; permanent magnets, of metal")
    assert commodity_label("hs_850511", [entry]) == "permanent magnets of metal (HS 8505.11)"


# -- entries derived from HS descriptions ------------------------------------------------------
def test_comtrade_description_gives_label_and_synonyms():
    entry = hs_commodity(
        "850511",
        "Magnets; permanent magnets and articles intended to become permanent magnets after magnetisation, of metal",
    )
    assert entry.code == "hs_850511"
    assert entry.label == "permanent magnets of metal (HS 8505.11)"
    assert entry.synonyms == (
        "permanent magnets of metal",
        "Magnets",
        "permanent magnets and articles intended to become permanent magnets after magnetisation, of metal",
        "HS 8505.11",
        "850511",
        "8505.11",
    )
    assert entry.hs_codes == ("8505.11", "850511")
    assert (entry.unit, entry.kind, entry.price_of, entry.element) == ("t", "trade", "", ())


@pytest.mark.parametrize(
    "code, description, label, not_a_name",
    [
        # a part that only qualifies ("whether or not ...") neither labels nor names the goods
        (
            "280530",
            "Rare-earth metals, scandium and yttrium; whether or not intermixed or inter-alloyed",
            "rare-earth metals (HS 2805.30)",
            "whether or not intermixed or inter-alloyed",
        ),
        # a restrictive part ("other than ...") stays in the label
        (
            "284690",
            "Compounds of rare-earth metals, inorganic or organic; other than cerium compounds",
            "compounds of rare-earth metals other than cerium compounds (HS 2846.90)",
            "other than cerium compounds",
        ),
        ("85051110", "", "HS 8505.11.10", None),
        (
            "2612",
            "Uranium or thorium ores and concentrates",
            "uranium or thorium ores and concentrates (HS 2612)",
            None,
        ),
    ],
)
def test_the_rule_reads_other_descriptions(code, description, label, not_a_name):
    entry = hs_commodity(code, description)
    assert entry.label == label
    assert not_a_name not in entry.synonyms
    assert f"HS {entry.hs_codes[0]}" in entry.synonyms


def test_a_name_two_imported_codes_share_names_neither():
    metal, other = hs_commodities(
        {
            "850511": "Magnets; permanent magnets, of metal",
            "850519": "Magnets; permanent magnets, other than of metal",
        }
    )
    assert "Magnets" not in metal.synonyms and "Magnets" not in other.synonyms
    assert metal.label == "permanent magnets of metal (HS 8505.11)"
    assert other.label == "permanent magnets other than of metal (HS 8505.19)"
    words = vocabulary([metal, other])
    assert words["permanent magnets other than of metal"] == "hs_850519"
    assert words["magnets"] == "magnets"


def test_imported_entries_extend_but_never_replace_the_curated_ones():
    imported = hs_commodity("850511", "Magnets; permanent magnets, of metal")
    entries = catalogue([Commodity("magnets", "something else"), imported, imported])
    assert entries[: len(curated())] == curated() and entries[-1] == imported and len(entries) == len(curated()) + 1
    assert resolve_commodity("850511") == "magnets"  # without the table, as before
    assert resolve_commodity("850511", extra=[imported]) == "hs_850511"  # the table of exactly that code
    assert resolve_commodity("8505.11", extra=[imported]) == "hs_850511"
    assert resolve_commodity("permanent magnets", extra=[imported]) == "magnets"  # curated names first
    assert resolve_commodity("permanent magnets of metal", extra=[imported]) == "hs_850511"
    assert resolve_commodity("dysprosium", price=True, extra=[imported]) == "dy_oxide"


# -- a malformed catalogue ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "rows, line, column, words",
    [
        ("Dy!,dysprosium,,,kg,trade,,Dy\n", 2, "code", "is not a code"),
        (GOOD + "dysprosium,again,,,kg,trade,,\n", 4, "code", "duplicate code 'dysprosium' (line 2)"),
        ("dysprosium,,,,kg,trade,,\n", 2, "label", "is empty"),
        ("dysprosium,dysprosium,,,kg,export,,\n", 2, "kind", "unknown kind 'export'"),
        ("dysprosium,dysprosium,,,lb,trade,,\n", 2, "unit", "unknown unit 'lb'"),
        ("dysprosium,dysprosium,dy;;dysprosium,,kg,trade,,\n", 2, "synonyms", "empty name"),
        ("dysprosium,dysprosium,,85O5.11,kg,trade,,\n", 2, "hs_codes", "'85O5.11' is not an HS code"),
        ("dysprosium,dysprosium,,,kg,trade,,dy\n", 2, "element", "'dy' is not an element symbol"),
        (GOOD + "terbium,terbium,terbium;Dy,,kg,trade,,Tb\n", 4, "synonyms", "'dy' is also given to 'dysprosium'"),
        ("dysprosium,dysprosium,,,kg,trade,dy_oxide,Dy\n", 2, "price_of", "price_of 'dy_oxide' is not a code"),
    ],
)
def test_a_malformed_row_names_line_column_and_problem(tmp_path, rows, line, column, words):
    path = tmp_path / "commodities.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_catalogue(path)
    assert (err.value.line, err.value.column) == (line, column)
    assert words in str(err.value) and "commodities.csv" in str(err.value)


def test_a_catalogue_without_a_column_or_rows(tmp_path):
    path = tmp_path / "commodities.csv"
    path.write_text("code,label,synonyms\ndysprosium,dysprosium,Dy\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="missing required column.*hs_codes"):
        read_catalogue(path)
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(DataFileError, match="no rows"):
        read_catalogue(path)
    path.write_text(HEADER + GOOD, encoding="utf-8")
    assert [c.code for c in read_catalogue(path)] == ["dysprosium", "dy_oxide"]
    price_only = "dysprosium,dysprosium,,,kg,trade,dy_oxide,Dy\n"
    path.write_text(HEADER + price_only, encoding="utf-8")
    assert read_catalogue(path, known=["dy_oxide"])[0].price_of == "dy_oxide"
