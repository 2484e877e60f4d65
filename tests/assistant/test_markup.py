"""Markdown from articles and models is shown inert: images dropped, links as text with their domain."""

import time

import pytest

from assistant.markup import domain, inert, is_live

PIXEL = "http://127.0.0.1:8999/pixel.png?leak=july"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Exports fell ![c]({PIXEL}) in July [1].", "Exports fell in July [1]."),
        (f'Shipments <img src="{PIXEL}"> resumed [2].', "Shipments resumed [2]."),
        (f"in early 2026 ![c]({PIXEL}), according to <img src=x>. Then", "in early 2026, according to. Then"),
        (f"![c][p] rose\n\n[p]: {PIXEL}", "rose\n"),
        (f"<div>\n<img src={PIXEL}>\n</div>\n\nafter", "\n\nafter"),
    ],
)
def test_images_are_dropped(text, expected):
    assert inert(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "See the [official GACC release](https://evil.example/phish) [3].",
            "See the official GACC release (evil.example) [3].",
        ),
        ("Read <https://evil.example/auto> now", "Read evil.example now"),
        ("Read https://www.evil.example/bare?x=1. Then", "Read evil.example. Then"),
        ("Read www.evil.example/bare, then", "Read evil.example, then"),
        ('The <a href="https://evil.example/a">notice</a> said', "The notice (evil.example) said"),
        ("The [notice][1] said.\n\n[1]: https://evil.example/ref", "The notice (evil.example) said.\n"),
        ("The [notice][] said.\n\n[notice]: https://evil.example/ref 'T'", "The notice (evil.example) said.\n"),
        ("[**bold** text](https://evil.example)", "**bold** text (evil.example)"),
        ("[https://evil.example/x](https://evil.example/x)", "evil.example"),
        ("[click](javascript:alert(1)) and [mail](mailto:a@b.example)", "click and mail"),
        ("\\[x\\](https://evil.example/escaped)", "\\[x\\](evil.example)"),
    ],
)
def test_links_are_text_and_domain(text, expected):
    assert inert(text) == expected
    assert not is_live(inert(text))


def test_citation_markers_are_kept_even_when_a_definition_targets_them():
    assert inert("Exports fell [1] and rose [2][3].") == "Exports fell [1] and rose [2][3]."
    planted = "Exports fell [1].\n\n[1]: https://evil.example/x"
    assert inert(planted) == "Exports fell [1].\n"
    assert not is_live(inert(planted))


def test_code_spans_stay_as_written():
    text = f"Write `![c]({PIXEL})` or `[a](https://evil.example)` literally [1]."
    assert inert(text) == text
    assert not is_live(text)


def test_nested_brackets():
    assert inert(f"A [![logo]({PIXEL}) GACC [notice]](https://evil.example/n) B") == (
        "A GACC [notice] (evil.example) B"
    )
    assert inert("[[[a]]](https://evil.example)") == "[[a]] (evil.example)"
    assert inert("[a [b] c](https://evil.example) [4]") == "a [b] c (evil.example) [4]"
    for text in ("[[x](http://a.example)](http://b.example)", "![[x](http://a.example)](http://b.example)"):
        assert not is_live(inert(text)), text


def test_markdown_around_the_links_is_kept():
    text = (
        "**Lead** sentence.\n\n- one [a](https://a.example)\n- two\n\n"
        "| a | b |\n|---|---|\n| [x](https://c.example) | y |\n\n> quoted ![i](https://d.example/i.png)"
    )
    assert inert(text) == (
        "**Lead** sentence.\n\n- one a (a.example)\n- two\n\n| a | b |\n|---|---|\n| x (c.example) | y |\n\n> quoted "
    )


def test_plain_text_is_unchanged():
    for text in ("China exported 5,577 t in July 2025 [1].", "Prices < 5% and > 2%", "a\r\nb", ""):
        assert inert(text) == text.replace("\r\n", "\n")


def test_domain():
    assert domain("https://WWW.Evil.Example:8443/a?b") == "evil.example"
    assert domain("http://127.0.0.1:8999/pixel.png") == "127.0.0.1"
    assert domain("/relative") == domain("mailto:a@b") == domain("http://[::1") == ""
    assert "www." not in domain("http://a.www.example")


PATHOLOGICAL = [
    "[" * 200_000,
    "![" * 100_000,
    "<" * 200_000,
    "`" * 200_000,
    "*_" * 100_000,
    "[a](" * 50_000,
    "](" * 100_000,
    "http://" * 30_000,
    "www." * 50_000,
    "<a href=x>" * 20_000,
    "[x](http://e.example) " * 10_000,
    "[1]: http://e.example\n" * 10_000,
    "> " * 100_000,
    "![a](b)" * 30_000,
    "a" * 200_000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[t[:10] for t in PATHOLOGICAL])
def test_long_inputs_finish_fast_and_inert(text):
    started = time.perf_counter()
    out = inert(text)
    assert time.perf_counter() - started < 2.0
    assert not is_live(out)


@pytest.mark.parametrize("n", [1_000, 19_000])
def test_parsed_inputs_near_the_limit_finish_fast(n):
    for unit in ("[a](", "![a](b)", "<b>", "[x](http://e.example) "):
        started = time.perf_counter()
        out = inert((unit * n)[:n])
        assert time.perf_counter() - started < 3.0, unit
        assert not is_live(out)


def test_random_markup_never_comes_out_live():
    import random

    pieces = [
        *'[]()!<>` *:\\"#|',
        "a",
        "\n",
        "\n\n",
        "- ",
        "    ",
        "```",
        "[1]",
        "](",
        "]: ",
        "&lt;",
        "&#91;",
        "<div>",
        "</a>",
        "<img src=x>",
        "<a href='http://e.example'>",
        "<http://q.example>",
        "http://e.example/p",
        "www.x.example",
        "mailto:a@b.example",
        "javascript:x",
    ]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(3, 40)))
        assert not is_live(inert(text)), text


# -- through the answer ------------------------------------------------------------------------------
ARTICLE = (
    "---\ntitle: Field note on gadolinium licence queues\ndate: 2026-02-01\n---\n\n"
    "Gadolinium buyers in Ruritania reported long licence queues in early 2026 "
    f"![x]({PIXEL}), according to the [official GACC release](https://evil.example/phish) on gadolinium "
    "licences. The gadolinium licence queues in Ruritania lasted for weeks, as <https://evil.example/auto> "
    "and www.evil.example/bare noted.\n"
)
QUESTION = "What does the field note say about gadolinium licence queues in Ruritania?"


def test_an_articles_image_and_link_reach_the_answer_inert(tmp_path, assistant):
    from assistant.settings import Settings
    from assistant.workspace import Workspaces

    article = tmp_path / "note.md"
    article.write_text(ARTICLE, encoding="utf-8")
    spaces = Workspaces(Settings(home=tmp_path / "home"), lambda: assistant)
    spaces.add_articles("s", [article])
    answer = spaces.assistant("s").ask(QUESTION)
    spaces.end("s")
    mine = [c for c in answer.citations if c.title == "Field note on gadolinium licence queues"]
    assert mine, answer.text  # the passage is quoted: otherwise this proves nothing
    assert "Ruritania" in answer.text and "official GACC release (evil.example)" in answer.text
    assert f"[{mine[0].n}]" in answer.text
    for shown in (answer.text, mine[0].snippet, mine[0].title):
        assert "127.0.0.1" not in shown and "pixel" not in shown and "](" not in shown and "://" not in shown
        assert not is_live(shown)
    assert "official GACC release (evil.example)" in mine[0].snippet
    assert "evil.example/phish" not in str(answer.to_json()["citations"])


def test_a_models_draft_is_inert_while_streamed_and_when_accepted(assistant):
    from langchain_core.messages import AIMessage

    from assistant.agent import LLMAssistant
    from tests.assistant.test_agent import SEED, ToolCapableFake

    call = {
        "name": "query_figures",
        "id": "1",
        "args": {"ask": "change", "commodity": "magnets", "periods": ["July 2025"], "partners": [], "basis": "mom"},
    }
    draft = (
        f"China exported 5,577 t of magnets in July 2025 ![x]({PIXEL}), said the "
        "[official GACC release](https://evil.example/phish); see <a href='https://evil.example/a'>this</a>."
    )
    model = ToolCapableFake(messages=iter([AIMessage(content="", tool_calls=[call]), AIMessage(content=draft)]))
    items = list(LLMAssistant(model, assistant, mode="llm:test", timeout=20).stream(SEED))
    answer = items[-1]
    assert "fell back" not in answer.mode, answer.warnings
    assert "5,577 t" in answer.text and "official GACC release (evil.example)" in answer.text
    assert "this (evil.example)" in answer.text
    for shown in [answer.text, *(i for i in items if isinstance(i, str))]:
        assert "127.0.0.1" not in shown and not is_live(shown)
