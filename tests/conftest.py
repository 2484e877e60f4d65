from pathlib import Path

import pytest

from tools.dataset import TradeData

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def mini() -> TradeData:
    """A hand-made data set whose figures are worked out by hand in tests/tools/test_figures.py."""
    return TradeData.load(HERE / "data" / "mini")


@pytest.fixture(scope="session")
def real() -> TradeData:
    """The curated data set shipped with the project."""
    return TradeData.load()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own state folder; nothing touches the user's home."""
    monkeypatch.setenv("RAREEARTH_HOME", str(tmp_path / "home"))
