"""The briefs check the data: stated trade figures compared with the shipped data set (real data)."""

import pytest

from assistant.cli import main
from assistant.corpus_check import check_briefs, read_notes
from assistant.factory import stated_reader
from assistant.settings import Settings
from corpus.documents import Document, read_document
from corpus.ingest import DEFAULT_BRIEFS
from tools.dataset import DEFAULT_DATA_DIR


def brief(text: str) -> tuple[str, Document]:
    return "test.md", Document("test.md", "test.md", "md", "A test brief", text, "hash", date="2025-08-20")


@pytest.fixture(scope="module")
def reader():
    return stated_reader(Settings())


def test_a_figure_a_source_of_the_data_reports_agrees(reader, real):
    # July 2025 magnet exports: 5,577 t in the data set (Reuters via Kitco)
    report = check_briefs([brief("China exported 5,577 t of rare-earth magnets in July 2025.")], reader, real)
    assert [c.agrees for c in report.compared] == [True]


def test_another_figure_is_listed_with_the_data_sets(reader, real):
    report = check_briefs([brief("China exported 6,100 t of rare-earth magnets in July 2025.")], reader, real)
    (wrong,) = report.disagreements
    assert wrong.stated.value == 6100.0 and wrong.data[0].value == 5577.0
    assert "6,100 t of magnets" in wrong.line() and "5,577 t" in wrong.line()


def test_rounding_as_written_is_no_disagreement(reader, real):
    # 62,585 t for 2025 rare earths: "about 62,600 t" is that figure to the brief's own rounding
    report = check_briefs([brief("In 2025 China exported about 62,600 t of rare earths.")], reader, real)
    assert [c.agrees for c in report.compared] == [True]


def test_a_figure_with_powder_and_alloys_is_of_the_wider_magnet_scope(reader, real):
    # July 2025 to Japan: 232 t of magnets, 686 t in the wider scope (IBNews)
    text = "In July 2025 Japan took 232 t of magnets, or 686 t once magnet powder and alloys are included."
    report = check_briefs([brief(text)], reader, real)
    assert [(c.stated.value, c.data[0].commodity, c.agrees) for c in report.compared] == [
        (232.0, "magnets", True),
        (686.0, "magnets_broad", True),
    ]


def test_a_projection_is_counted_not_compared(reader, real):
    text = "In July SMM projected that China would export 49,000 t of rare-earth magnets in 2025."
    report = check_briefs([brief(text)], reader, real)
    assert report.compared == () and report.forecasts == 1


def test_a_month_the_data_set_lacks_is_counted_not_compared(reader, real):
    report = check_briefs([brief("China exported 3,000 t of rare-earth magnets in March 2019.")], reader, real)
    assert report.compared == () and report.not_in_data == 1


def test_every_disagreement_in_the_shipped_briefs_has_a_note(capsys, reader, real):
    assert main(["check-briefs"]) == 0
    assert "NOT NOTED" not in capsys.readouterr().out
    briefs = [(p.name, read_document(p)) for p in sorted(DEFAULT_BRIEFS.glob("*.md"))]
    report = check_briefs(briefs, reader, real)
    # and no note is left for a figure that no longer disagrees
    notes = read_notes(DEFAULT_DATA_DIR / "brief_checks.csv")
    assert set(notes) == {(c.doc, c.stated.value) for c in report.disagreements}
