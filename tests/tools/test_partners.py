import pytest

from tools.commodities import resolve_commodity
from tools.errors import AmbiguousName, UnknownName
from tools.partners import resolve_partner


@pytest.mark.parametrize(
    "name",
    ["US", "USA", "United States", "the United States", "u.s.", "America", "840".replace("840", "usa")],
)
def test_united_states(name):
    assert resolve_partner(name) == "USA"


@pytest.mark.parametrize("name", ["Korea", "South Korea", "ROK", "KR", "KOR", "Republic of Korea"])
def test_south_korea(name):
    assert resolve_partner(name) == "KOR"


@pytest.mark.parametrize(
    "name, code",
    [
        ("Germany", "DEU"),
        ("DE", "DEU"),
        ("deu", "DEU"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Holland", "NLD"),
        ("EU", "EU"),
        ("European Union", "EU"),
        ("Europe", "EUROPE"),
        ("world", "WLD"),
        ("Japan", "JPN"),
        ("India", "IND"),
        ("Mexico", "MEX"),
        ("UK", "GBR"),
    ],
)
def test_names_aliases_and_codes(name, code):
    assert resolve_partner(name) == code


def test_unknown_name_lists_close_matches_and_never_guesses():
    with pytest.raises(UnknownName) as err:
        resolve_partner("Germny")
    assert err.value.choices == ["Germany (DEU)"]
    with pytest.raises(UnknownName) as err:
        resolve_partner("Atlantis")
    assert err.value.choices == []


def test_ambiguous_name_lists_choices():
    with pytest.raises(AmbiguousName) as err:
        resolve_partner("Congo")
    assert len(err.value.choices) == 2
    assert any("COD" in c for c in err.value.choices) and any("COG" in c for c in err.value.choices)


@pytest.mark.parametrize(
    "name, code",
    [
        ("rare earth magnets", "magnets"),
        ("permanent magnets", "magnets"),
        ("85051110", "magnets"),
        ("REE", "rare_earths"),
        ("rare earths", "rare_earths"),
        ("Dy", "dysprosium"),
        ("NdPr oxide", "prnd_oxide"),
        ("hs_850511", "hs_850511"),
    ],
)
def test_commodities(name, code):
    assert resolve_commodity(name) == code


def test_element_price_means_its_oxide():
    assert resolve_commodity("dysprosium", price=True) == "dy_oxide"
    assert resolve_commodity("terbium", price=True) == "tb_oxide"


def test_unknown_commodity():
    with pytest.raises(UnknownName) as err:
        resolve_commodity("magnetz")
    assert "magnets" in err.value.choices
