"""Workspaces: a session's additions, kept apart from other sessions and deleted with it."""

from assistant.settings import Settings
from assistant.workspace import Workspaces

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
    assert passages[0].publisher.endswith("(your article)")
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
