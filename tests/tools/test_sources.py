"""Sources named as analysts cite them: the wire first, the outlet second, never a mirror."""

import re
from pathlib import Path

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


def test_a_wire_story_is_cited_from_a_named_outlet_before_a_mirror(tmp_path):
    import shutil

    from tools.figures import value

    mini = Path(__file__).resolve().parent.parent / "data" / "mini"
    for name in ("observations.csv", "events.csv"):
        shutil.copy(mini / name, tmp_path / name)
    # the same Reuters figure read at a mirror (published later, so it would win on date) and at Kitco
    (tmp_path / "sources.csv").write_text(
        (mini / "sources.csv").read_text()
        + "at-mirror,mirror7.example (mirror),Magnets,2025-09-30,https://mirror7.example/a,Reuters,1\n"
        + "at-kitco,Kitco,Magnets,2025-09-01,https://www.kitco.com/a,Reuters,1\n"
    )
    with (tmp_path / "observations.csv").open("a") as rows:
        rows.write("magnets,export,DEU,2025-08,volume,,321,,,t,at-mirror,,\n")
        rows.write("magnets,export,DEU,2025-08,volume,,321,,,t,at-kitco,,\n")
    result = value(TradeData.load(tmp_path), "magnets", "August 2025", partner="DEU")
    assert result.figure.sources[0] == "at-kitco", result.figure.sources
