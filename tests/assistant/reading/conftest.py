"""A reader over the shipped data set with the real embedding model, shared by the reading tests."""

import pytest

from assistant.reading.build import build_reader


@pytest.fixture(scope="session")
def reader(real, embedder):
    return build_reader(real, embedder)


@pytest.fixture(scope="session")
def bare_reader(real):
    """The same reader without the example bank's embeddings: cue words alone."""
    return build_reader(real)
