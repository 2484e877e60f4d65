"""The pure adapters from an answer to component values."""

from assistant.answer import Answer, Citation
from assistant.ui import chart_frames, chunks, source_cards


def test_source_cards_escape_everything():
    answer = Answer(
        "q",
        "t [1]",
        citations=(
            Citation(
                1, "<b>Title</b>", "Pub & Co", "2025-01-01", "https://example.org/?a=1&b='x'", "<script>x</script>"
            ),
        ),
    )
    html = source_cards(answer)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Title&lt;/b&gt;" in html and "Pub &amp; Co" in html and "[1]" in html


def test_chart_frames():
    line = Answer(
        "q", "t", chart={"type": "line", "title": "T", "x": ["Jun 2025", "Jul 2025"], "y": [3188, 5577], "unit": "t"}
    )
    frame, bars, title = chart_frames(line)
    assert bars is None and title == "T" and list(frame["t"]) == [3188, 5577]
    assert str(frame["x"].iloc[1].date()) == "2025-07-01"
    assert chart_frames(Answer("q", "t")) == (None, None, "")


def test_streaming_pieces_grow_to_the_whole_text():
    text = "Lead.\n\n**Context**\n- a [1]\n\n**Caveats**\n- b"
    pieces = list(chunks(text))
    assert pieces[-1] == text and all(text.startswith(p) for p in pieces) and len(pieces) == 3
