"""Workspaces: a session's additions, kept apart from other sessions and deleted with it."""

import pytest

from assistant.core import Assistant
from assistant.settings import Settings
from assistant.workspace import UploadRejected, Workspaces, csv_rows

TABLE = (
    "commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n"
    "magnets,export,POL,2025-07,volume,321,t,our-survey,Our survey\n"
)
NOTE = (
    "---\ntitle: Field note on Ruritania\ndate: 2026-02-01\n---\n\n"
    "Gadolinium buyers in Ruritania reported long licence queues in early 2026, according to this field note.\n"
)


def test_a_session_sees_its_own_additions_and_no_other_session_does(tmp_path, assistant):
    spaces = Workspaces(Settings(home=tmp_path / "home"), lambda: assistant)
    (tmp_path / "t.csv").write_text(TABLE)
    (tmp_path / "note.md").write_text(NOTE)
    spaces.add_table("a", tmp_path / "t.csv", None)
    spaces.add_articles("a", [tmp_path / "note.md"])
    mine, other = spaces.assistant("a"), spaces.assistant("b")
    assert other is assistant
    poland = "What were magnet exports to Poland in July 2025?"
    assert "321 t" in mine.ask(poland).text and "321" not in other.ask(poland).text
    passages = mine.retriever.search("gadolinium licence queues in Ruritania", k=3)
    assert passages[0].cited_as.endswith("(your article)")  # labelled by its origin, after every rewriting
    assert all("Ruritania" not in p.text for p in other.retriever.search("gadolinium licence queues in Ruritania"))
    spaces.end("a")
    assert spaces.assistant("a") is assistant and len(spaces) == 0
    assert not any((tmp_path / "home" / "workspaces").glob("*"))


def test_two_uploads_of_one_name_never_replace_each_other(tmp_path, assistant):
    spaces = Workspaces(Settings(home=tmp_path / "home"), lambda: assistant)
    first, second = tmp_path / "one" / "note.md", tmp_path / "two" / "note.md"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text(NOTE)
    second.write_text(NOTE.replace("Ruritania", "Freedonia"))
    spaces.add_articles("a", [first])
    spaces.add_articles("a", [second])
    store = spaces.assistant("a").retriever.own
    assert len(store.manifest()) == 2
    spaces.end("a")


def test_sweep_deletes_what_a_stopped_app_left(tmp_path, assistant):
    settings = Settings(home=tmp_path / "home")
    (tmp_path / "note.md").write_text(NOTE)
    Workspaces(settings, lambda: assistant).add_articles("gone", [tmp_path / "note.md"])  # never ended
    client = assistant.retriever.store.client
    assert any(str(getattr(c, "name", c)).startswith("ws-") for c in client.list_collections())
    Workspaces(settings, lambda: assistant).sweep()
    assert not any(str(getattr(c, "name", c)).startswith("ws-") for c in client.list_collections())
    assert not (settings.home / "workspaces").exists()


def tidy(path, partners):
    """A tidy table of one row per partner (July 2025 magnet exports), its source described."""
    rows = "".join(f"magnets,export,{p},2025-07,volume,{n},t,mine,Our survey\n" for n, p in enumerate(partners, 1))
    path.write_text("commodity,flow,partner,period,measure,value,unit,source_id,source_publisher\n" + rows)
    return path


def limited(tmp_path, **limits):
    return Settings(home=tmp_path / "home", **limits)


@pytest.fixture(scope="module")
def offline(real):
    """An assistant without an article index: enough for tables."""
    return Assistant(real, None)


def test_a_session_over_its_row_limit_is_refused_before_its_table_is_read(tmp_path, offline):
    spaces = Workspaces(limited(tmp_path, upload_session_max_rows=3), lambda: offline)
    spaces.add_table("a", tidy(tmp_path / "first.csv", ["POL", "CZE"]), None)
    broken = tidy(tmp_path / "second.csv", ["HUN", "not a partner"])  # reading it would fail on line 3
    with pytest.raises(UploadRejected) as refused:
        spaces.add_table("a", broken, None)
    message = str(refused.value)
    assert "second.csv has 2 rows" in message
    assert "this session would hold 4 table rows, over the limit of 3 per session" in message
    assert "RAREEARTH_UPLOAD_SESSION_MAX_ROWS" in message
    # a table of the same name replaces the earlier one, so it is counted once
    table = spaces.add_table("a", tidy(tmp_path / "first.csv", ["POL", "CZE", "HUN"]), None)
    assert len(table.observations) == 3 and "HUN" in set(spaces.assistant("a").data.observations["partner"])
    spaces.end("a")


def test_articles_count_toward_a_sessions_bytes(tmp_path, assistant):
    table = tidy(tmp_path / "t.csv", ["POL"])
    (tmp_path / "note.md").write_text(NOTE)
    limit_mb = (table.stat().st_size + 100) / 1e6
    spaces = Workspaces(limited(tmp_path, upload_session_max_mb=limit_mb), lambda: assistant)
    spaces.add_table("a", table, None)
    with pytest.raises(UploadRejected) as refused:
        spaces.add_articles("a", [tmp_path / "note.md"])
    message = str(refused.value)
    assert message.startswith("1 article file(s) of 0.0 MB. With this upload, this session would hold 0.000")
    assert f"MB of tables and articles, over the limit of {limit_mb:g} MB per session" in message
    assert "RAREEARTH_UPLOAD_SESSION_MAX_MB" in message
    assert spaces.assistant("a").retriever.own is None  # nothing was indexed
    spaces.end("a")


def test_the_apps_limits_count_every_open_session_and_free_with_its_end(tmp_path, offline):
    spaces = Workspaces(limited(tmp_path, upload_app_max_rows=5), lambda: offline)
    spaces.add_table("a", tidy(tmp_path / "a.csv", ["POL", "CZE"]), None)
    spaces.add_table("b", tidy(tmp_path / "b.csv", ["HUN", "SVK"]), None)
    with pytest.raises(UploadRejected) as refused:
        spaces.add_table("c", tidy(tmp_path / "c.csv", ["AUT", "CHE"]), None)
    message = str(refused.value)
    assert "the open sessions together would hold 6 table rows, over the limit of 5 for the whole app" in message
    assert "RAREEARTH_UPLOAD_APP_MAX_ROWS" in message
    spaces.end("a")
    spaces.add_table("c", tidy(tmp_path / "c.csv", ["AUT", "CHE"]), None)
    spaces.end("b")
    spaces.end("c")


def test_the_apps_byte_limit(tmp_path, offline):
    size = tidy(tmp_path / "a.csv", ["POL"]).stat().st_size
    spaces = Workspaces(limited(tmp_path, upload_app_max_mb=2.5 * size / 1e6), lambda: offline)
    spaces.add_table("a", tmp_path / "a.csv", None)
    spaces.add_table("b", tidy(tmp_path / "b.csv", ["HUN"]), None)
    with pytest.raises(UploadRejected) as refused:
        spaces.add_table("c", tidy(tmp_path / "c.csv", ["AUT"]), None)
    assert "MB of tables and articles, over the limit of" in str(refused.value)
    assert "for the whole app (set RAREEARTH_UPLOAD_APP_MAX_MB to raise it)" in str(refused.value)
    spaces.end("a")
    spaces.end("b")


def test_rows_are_counted_from_line_breaks(tmp_path):
    for text, rows in [
        ("a,b\n1,2\n3,4\n", 2),
        ("a,b\r\n1,2\r\n3,4", 2),
        ("a,b\r1,2\r", 1),
        ("a,b\n", 0),
        ('a,b\n1,"two\nlines"\n', 2),  # never fewer than the file holds
    ]:
        (tmp_path / "t.csv").write_bytes(text.encode())
        assert csv_rows(tmp_path / "t.csv") == rows, text
