"""Sources named as analysts cite them: the wire first, the outlet second, never a mirror."""

import re

from tools.dataset import TradeData


def test_every_curated_source_is_cited_by_wire_then_outlet_and_never_by_a_mirror():
    data = TradeData.load()
    for source_id in data.sources["id"]:
        source = data.source(source_id)
        cited = source.cited_as
        assert "mirror" not in cited.lower(), cited
        assert not re.search(r"\d+\.\d+\.\d+\.\d+", cited), cited
        if source.original_wire:
            assert cited.startswith(source.original_wire), cited
    assert data.source("reuters-kitco-2025-08-20").cited_as == "Reuters via Kitco"
    assert data.source("reuters-mirror-2025-10-13").cited_as == "Reuters"  # read at 3.127.128.221
    assert data.source("ibnews-2025-08-21").cited_as == "Ferroalloy Online via IBNews"


def test_answers_never_name_a_mirror(assistant):
    for question in (
        "What were China's magnet exports in September 2025?",
        "What were China's magnet exports in October 2025?",
        "What were China's magnet exports in May 2025?",
    ):
        answer = assistant.ask(question)
        assert "mirror" not in answer.text and "(unverified)" not in answer.text
        assert not re.search(r"\d+\.\d+\.\d+\.\d+", answer.text)
        for figure in answer.figures:
            assert all("mirror" not in name for name in figure.cited)


def test_article_cards_never_name_a_mirror(assistant):
    for query in ("magnet shipments halve in May 2025 export curbs", "Geneva truce tariffs May 2025"):
        for passage in assistant.retriever.search(query, k=8):
            assert "mirror" not in passage.publisher
            assert all("mirror" not in s.get("publisher", "") for s in passage.sources)
