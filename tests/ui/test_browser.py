"""The chat in a real browser: answers with figures, source cards and a chart; follow-ups;
separate sessions; uploads; and the app's API through gradio_client."""

import json
from pathlib import Path

SEED = "How did China's rare earth magnet exports change in July 2025?"


def open_app(browser, url):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url, wait_until="domcontentloaded")  # networkidle never settles offline
    page.wait_for_selector("#question textarea", timeout=60_000)
    return page


def shows(page, selector, text):
    """Wait until the element shows the text (panels update after the answer's last piece)."""
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel) && document.querySelector(sel).innerText.includes(text)",
        arg=[selector, text],
        timeout=60_000,
    )


def ask(page, question, expect):
    page.fill("#question textarea", question)
    page.click("#ask-button")
    shows(page, "#chat", expect)
    page.wait_for_timeout(500)  # the side panels arrive with the last streamed piece


def chart_texts(page) -> list[str]:
    """The words drawn in the answer's chart (axis labels, titles, legend), read from its SVG."""
    page.wait_for_selector("#answer-chart svg text", timeout=30_000)
    return page.eval_on_selector_all("#answer-chart svg text", "nodes => nodes.map(n => n.textContent.trim())")


def test_answer_figures_sources_chart_and_a_follow_up(browser, served, shot):
    url, _ = served
    page = open_app(browser, url)
    assert "offline" in page.inner_text("#status-line") and "indexed" in page.inner_text("#status-line")
    ask(page, SEED, "74.9%")
    chat = page.inner_text("#chat")
    assert "5,577" in chat and "74.9%" in chat
    page.wait_for_selector(".source-card", timeout=30_000)
    assert page.locator(".source-card").count() >= 1
    assert "[1]" in page.inner_text("#sources")
    drawn = chart_texts(page)
    assert {"Jun 2025", "Jul 2025"} <= set(drawn), drawn  # month ticks, not days
    assert {"reported", "computed"} <= set(drawn) and "tonnes (t)" in drawn, drawn  # legend and unit
    figures = page.inner_text("#figures")
    assert "5,577 t" in figures and "Reuters via Kitco" in figures and "mirror" not in figures
    with page.expect_download() as download:
        page.click("#download-figures")
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("figure,value,unit") and any(",5577.0,t," in row for row in rows)
    page.click("#how button, #how .label-wrap")
    page.wait_for_timeout(300)
    assert "change" in page.inner_text("#how")
    reading = page.inner_text("#reading")
    assert "Read as" in reading and "July 2025" in reading and "against the month before" in reading
    shot(page, "01-seed-question")
    ask(page, "And Germany?", "1,116")
    assert "46.1%" in page.inner_text("#chat")
    shot(page, "02-follow-up")


def test_another_reading_is_one_click_away(browser, served, shot):
    url, desk = served
    question = "magnet exports to Germany in July 2025"
    offered = desk.assistant.ask(question).reading.alternatives
    assert offered, "the reader offers no other reading for a question without cue words"
    page = open_app(browser, url)
    ask(page, question, "1,116")
    shows(page, "#reading", "how much")
    button = page.locator("#alternative-0")
    assert offered[0].question in button.inner_text()
    button.click()
    page.wait_for_function(
        "(text) => document.querySelector('#chat').innerText.includes(text)", arg=offered[0].question, timeout=60_000
    )
    page.wait_for_timeout(500)
    assert offered[0].label.split(" · ")[0] in page.inner_text("#reading")
    shot(page, "02b-alternative-reading")


def test_two_sessions_never_share_a_conversation(browser, served, shot):
    url, _ = served
    first, second = open_app(browser, url), open_app(browser, url)
    ask(first, SEED, "74.9%")
    assert "5,577" not in second.inner_text("#chat")
    ask(second, "Which countries received the most magnets in September 2025?", "1,288")
    assert "September 2025" not in first.inner_text("#chat")
    # a follow-up in the second session builds on the second session's question only
    ask(second, "And in December 2025?", "1,106")
    assert "1,106" not in first.inner_text("#chat")
    shot(second, "03-second-session")


def test_uploads_are_used_by_the_next_question(browser, served_private, shot, tmp_path):
    url, desk = served_private
    page = open_app(browser, url)
    page.click("text=Add your own articles or trade table")
    page.wait_for_selector("#table-upload input[type=file]", state="attached", timeout=30_000)
    good = tmp_path / "poland.csv"
    good.write_text(
        "commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n"
        "magnets,export,POL,2025-07,volume,321,t,our-survey,Our survey\n"
    )
    page.set_input_files("#table-upload input[type=file]", str(good))
    page.click("text=Import table")
    page.wait_for_function("() => document.body.innerText.includes('Imported:')", timeout=60_000)
    ask(page, "What were magnet exports to Poland in July 2025?", "321 t")
    assert "your table" in page.inner_text("#chat")
    bad = tmp_path / "broken.csv"
    bad.write_text(
        "commodity,flow,partner,period,measure,value,unit,source_id\nmagnets,export,POL,2025-08,volume,lots,t,x\n"
    )
    page.set_input_files("#table-upload input[type=file]", str(bad))
    page.click("text=Import table")
    page.wait_for_function("() => document.body.innerText.includes('Not imported:')", timeout=60_000)
    body = page.inner_text("body")
    assert "broken.csv" in body and "line 2" in body and "not a number" in body
    article = tmp_path / "note.md"
    article.write_text(
        "---\ntitle: Field note on gadolinium licence queues\ndate: 2026-02-01\n---\n\n"
        "Gadolinium buyers in Ruritania reported long licence queues in early 2026, according to this field note "
        "on gadolinium licences. The gadolinium licence queues in Ruritania lasted for weeks.\n"
    )
    page.set_input_files("#article-upload input[type=file]", str(article))
    page.click("text=Add articles")
    page.wait_for_function("() => document.body.innerText.includes('1 ingested')", timeout=120_000)
    ask(page, "What does the field note say about gadolinium licence queues?", "Ruritania")
    shot(page, "04-uploads")


def upload(page, selector, button, path, done):
    page.set_input_files(f"{selector} input[type=file]", str(path))
    page.click(f"text={button}")
    page.wait_for_function(f"() => document.body.innerText.includes({done!r})", timeout=120_000)


def panels(page):
    """What an answer shows: the figures table and the source cards."""
    return page.inner_text("#figures"), page.inner_text("#sources")


def test_one_sessions_uploads_never_reach_another(browser, served_private, tmp_path):
    url, desk = served_private
    july = "What were China's magnet exports in July 2025?"
    other = open_app(browser, url)
    ask(other, july, "5,577 t")
    before = panels(other)
    mine = open_app(browser, url)
    mine.click("text=Add your own articles or trade table")
    mine.wait_for_selector("#table-upload input[type=file]", state="attached", timeout=30_000)
    table = tmp_path / "ours.csv"
    table.write_text(  # a rival July total, and a partner the curated data lacks
        "commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n"
        "magnets,export,WLD,2025-07,volume,9999.5,t,our-count,Our count\n"
        "magnets,export,POL,2025-07,volume,321,t,our-count,Our count\n"
    )
    upload(mine, "#table-upload", "Import table", table, "Imported:")
    article = tmp_path / "note.md"
    article.write_text(
        "---\ntitle: Field note on gadolinium licence queues\ndate: 2026-02-01\n---\n\n"
        "Gadolinium buyers in Ruritania reported long licence queues in early 2026, according to this field note "
        "on gadolinium licences. The gadolinium licence queues in Ruritania lasted for weeks.\n"
    )
    upload(mine, "#article-upload", "Add articles", article, "1 ingested")
    # the uploader sees its own table, labelled, and the curated figure still leads
    ask(mine, july, "9,999.5")
    assert "5,577 t" in mine.inner_text("#chat") and "your table" in mine.inner_text("#chat")
    ask(mine, "What does the field note say about gadolinium licence queues?", "Ruritania")
    assert "your article" in mine.inner_text("#sources")
    # the other session: the same answer, figures and citations as before; nothing of the uploads
    ask(other, july, "5,577 t")
    assert panels(other) == before
    assert "9,999.5" not in other.inner_text("#chat")
    ask(other, "What were magnet exports to Poland in July 2025?", "Poland")
    assert "321" not in other.inner_text("#chat")
    ask(other, "What does the field note say about gadolinium licence queues?", "gadolinium")
    assert "Ruritania" not in other.inner_text("#chat") and "your article" not in other.inner_text("#sources")
    # closing the uploader's page ends its session: its workspace is deleted
    mine.context.close()

    def gone() -> bool:
        return not len(desk.workspaces) and not any((desk.settings.home / "workspaces").glob("*/*"))

    for _ in range(100):  # the page's unload reaches the server a moment later
        if gone():
            break
        other.wait_for_timeout(100)
    assert not len(desk.workspaces)
    assert not any((desk.settings.home / "workspaces").glob("*/*"))


def test_a_ranking_a_price_range_and_a_users_series_are_charted(browser, served_private, shot, tmp_path):
    url, _ = served_private
    page = open_app(browser, url)
    ask(page, "Which countries received the most magnets in September 2025?", "Germany")
    drawn = chart_texts(page)
    assert "Germany" in drawn and "tonnes (t)" in drawn, drawn
    shot(page, "05-ranking")
    ask(page, "How much did dysprosium oxide prices rise in Europe in April and May 2025?", "Europe")
    page.wait_for_timeout(1000)  # the new chart replaces the ranking's
    drawn = chart_texts(page)
    assert "US$ per kg" in drawn and "Germany" not in drawn, drawn
    shot(page, "06-price-range")
    page.click("text=Add your own articles or trade table")
    page.wait_for_selector("#table-upload input[type=file]", state="attached", timeout=30_000)
    table = tmp_path / "poland-series.csv"
    table.write_text(
        "commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n"
        + "".join(
            f"magnets,export,POL,2025-{m:02d},volume,{v},t,our-survey,Our survey\n"
            for m, v in ((5, 120), (6, 140), (8, 210), (9, 260))
        )
    )
    upload(page, "#table-upload", "Import table", table, "Imported:")
    ask(page, "Monthly magnet exports to Poland from May to September 2025", "Poland")
    page.wait_for_timeout(1000)
    drawn = chart_texts(page)
    assert {"May 2025", "Sep 2025"} <= set(drawn) and "reported" in drawn, drawn
    assert "your table" in page.inner_text("#figures")
    shot(page, "07-your-table-series")


def test_the_api_through_gradio_client(served):
    from gradio_client import Client

    url, _ = served
    result = Client(url, verbose=False).predict(SEED, api_name="/ask")
    answer = result if isinstance(result, dict) else json.loads(result)
    assert {f["value"] for f in answer["figures"]} >= {5577.0, 3188.0}
    assert answer["citations"] and answer["mode"] == "offline"


def test_the_page_comes_before_the_index_and_a_question_waits_for_it(browser, assistant, tmp_path):
    """As ``serve`` runs it: the page first, the assistant prepared behind it with its progress shown."""
    import threading

    from assistant.settings import Settings
    from assistant.ui import Desk, build_ui, launch
    from tests.ui.conftest import _free_port

    release = threading.Event()

    def build(progress):
        progress(3, 39, "a brief")
        release.wait(60)
        return assistant

    settings = Settings(home=tmp_path / "home", port=_free_port())
    desk = Desk.preparing(settings, build)
    app = build_ui(desk)
    launch(app, settings, block=False)
    desk.start()
    try:
        page = open_app(browser, f"http://127.0.0.1:{settings.port}/")
        # the status line is refreshed from the desk (on load and each second): wait for the progress to show
        page.wait_for_function(
            "() => document.querySelector('#status-line').innerText.includes('3 of 39 articles')", timeout=15_000
        )
        assert "Preparing" in page.inner_text("#status-line")
        page.fill("#question textarea", SEED)
        page.click("#ask-button")
        page.wait_for_timeout(1500)
        assert "5,577" not in page.inner_text("#chat")  # waiting, not answering without the data
        release.set()
        page.wait_for_function("() => document.querySelector('#chat').innerText.includes('5,577')", timeout=60_000)
        page.wait_for_function(
            "() => document.querySelector('#status-line').innerText.includes('indexed')", timeout=30_000
        )
    finally:
        release.set()
        app.close()
