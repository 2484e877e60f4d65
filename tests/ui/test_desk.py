"""The desk every session shares, prepared behind the served page."""

import pytest

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.ui import Desk


def test_a_failed_preparation_is_said_and_raised_to_whoever_asks(tmp_path):
    def build(progress):
        raise AssistantError("the data set cannot be read")

    desk = Desk.preparing(Settings(home=tmp_path / "home"), build)
    desk.start()
    with pytest.raises(AssistantError, match="cannot be read"):
        desk.assistant  # noqa: B018 - the access is what is tested
    assert "Not ready" in desk.status() and "cannot be read" in desk.status()
