"""The pure adapters from an answer to component values."""

from assistant.answer import Answer, Citation
from assistant.ui import answer_markdown, chunks, figures_csv, source_cards


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


def test_streaming_pieces_grow_to_the_whole_text():
    text = "Lead.\n\n**Context**\n- a [1]\n\n**Caveats**\n- b"
    pieces = list(chunks(text))
    assert pieces[-1] == text and all(text.startswith(p) for p in pieces) and len(pieces) == 3


def test_a_javascript_link_never_becomes_an_href():
    answer = Answer("q", "t [1]", citations=(Citation(1, "T", "P", "2025-01-01", "javascript:alert(1)", "s"),))
    assert "href" not in source_cards(answer) and "javascript" not in source_cards(answer)
    safe = Answer("q", "t [1]", citations=(Citation(1, "T", "P", "2025-01-01", "https://example.org/a", "s"),))
    assert 'href="https://example.org/a"' in source_cards(safe) and "noopener" in source_cards(safe)


def test_figures_csv_and_markdown_copy(assistant):
    answer = assistant.ask("How did China's rare earth magnet exports change in July 2025?")
    lines = figures_csv(answer).splitlines()
    assert lines[0].startswith("figure,value,unit")
    assert any(",5577.0,t," in line and "Reuters via Kitco" in line for line in lines)
    copied = answer_markdown(answer)
    assert copied.startswith(answer.text) and "**Sources**" in copied and "[1] " in copied
