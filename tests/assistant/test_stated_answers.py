"""Answers from figures documents state: read at upload, cited, computed with, never swapped.

Real parts: the bundled embedding model, Chroma, the shipped data set, and the development set's
three documents (a statistics summary made into a PDF with unruled tables, an HTML report, a
news article) uploaded to a session as a user would. Every expected figure is worked by hand
from the documents' tables.
"""

from dataclasses import replace

import pytest

from assistant.core import Assistant
from assistant.draft import Draft
from assistant.reading.build import load_lexicon
from assistant.settings import Settings
from assistant.stated import StatedReader, measure_words
from assistant.stated_answers import Ask, Missing, tell_missing
from assistant.verify import check
from assistant.workspace import Workspaces
from bench.score_stated_answers import documents
from corpus.retrieval import Retriever
from tools.algebra import Op, Series
from tools.dataset import TradeData
from tools.periods import parse_period


@pytest.fixture(scope="module")
def session(briefs_store, embedder, tmp_path_factory):
    settings = Settings()
    reader = StatedReader(measure_words(load_lexicon(settings.lexicon_file)))
    shared = Assistant(TradeData.load(), Retriever(briefs_store, embedder, stated=reader))
    home = tmp_path_factory.mktemp("home")
    spaces = Workspaces(replace(settings, home=home), lambda: shared)
    notes = {"desk.md": DESK, "digest.md": DIGEST, "producers.md": PRODUCERS, "plants.md": PLANTS}
    for name, text in notes.items():
        (home / name).write_text(text, encoding="utf-8")
    spaces.add_articles("reader", [*documents("dev", home), *(home / name for name in notes)])
    yield spaces.assistant("reader")
    spaces.end("reader")


# a note that counts July 2025 otherwise than the data set's 5,577 t (Reuters via Kitco)
DESK = """---
title: "Magnet flows in mid-2025"
publisher: "Harrowgate Metals Desk"
date: "2025-08-25"
---
# Magnet flows in mid-2025

China exported 5,900 t of rare-earth magnets in July 2025, by our count of port data.
"""


# a digest that repeats the summary's Australian figure in a list
DIGEST = """---
title: "Mining digest"
publisher: "Tollgate Digest"
date: "2025-03-01"
---
# Mining digest

Figures for 2024 in brief:

- Australia mined 13,000 t of rare-earth oxide in 2024, against 16,000 t in 2023.
- Reserves were not restated.
"""


# a company known by a short name, and another country's imports by partner
PRODUCERS = """---
title: "Producers and buyers outside China"
publisher: "Quarry Lane Notes"
date: "2025-11-10"
---
# Producers and buyers outside China

On 10 July Harlow Magnetics announced a new plant. In the third quarter Harlow produced a record 410 tonnes of
NdPr oxide, and its separation capacity in Canada reached 2 kilotonnes a year. It sold 350 tonnes in the quarter.

Japanese customs data show imports of 4,200 tonnes of rare earths in January–June 2025. China's share of that
volume was 71.5%, and Vietnam supplied 600 tonnes (14.3%).

China's magnet exports came to 5,577 t in July 2025.

Table 3. Output quotas, China (metric tons of REO)

| Year | Mining quota | Smelting quota |
|---|---|---|
| 2021 | 168,000 | 162,000 |
| 2022 | 210,000 | 202,000 |

Ostwick Metals reported its financial year to March on 14 May. Oxide output reached 3,120 tonnes, against 2,840
tonnes a year earlier. Its revenue was C$41.2 million.
"""


# figures no measure of the lexicon names, a company owning figures after its name, another country's own imports
PLANTS = """---
title: "Plants, schemes and buyers"
publisher: "Elmstead Review"
date: "2026-02-10"
---
# Plants, schemes and buyers

Tessaly Magnetics opened its magnet plant at Rovik in Estonia in September 2025. The first phase is designed for
2,000 tonnes a year of magnets.

Dunmore Alloys' Brackley plant, built to supply a carmaker, has received $94.1 million in grants. South Fields
Minerals, which runs a mine in Laos, sold 1,200 tonnes of concentrate in 2024.

Under the magnet scheme, sales-linked incentives total ₹6,450 crore over five years.

Korvane Metals, best known for mineral sands, is building a refinery while Korvane's core business weakens.
Net profit fell 32% to A$231 million in 2024.

Thai customs count imports of 9,898 tonnes of rare-earth raw materials in the first half of 2024. Thailand's
rare-earth imports cost €64.7 million in 2024, against €66.0 million.
"""


def lead(answer) -> str:
    return answer.text.split("\n\n")[0].replace("**", "")


def test_a_measure_only_documents_state_is_read_as_that_measure(session):
    _, _, reading = session.read("How much did Australia mine in 2024?")
    query = reading.queries[0]
    assert (query.measure, query.partners, query.periods[0].label) == ("mine production", ("AUS",), "2024")
    _, _, reading = session.read("How many times bigger are China's reserves than the US's?")
    assert reading.queries[0].expression().text().startswith("ratio(reserves(")
    # the head of a phrase is its measure; two measures named are two figures asked
    _, _, reading = session.read("What was China's smelting and separation quota for 2021?")
    assert [q.measure for q in reading.queries] == ["quota"]
    _, _, reading = session.read("What were the US's mine production and reserves in 2024?")
    assert [(q.measure, q.partners) for q in reading.queries] == [("mine production", ("USA",)), ("reserves", ("USA",))]


def test_the_stated_figure_is_told_with_its_quote_and_cited(session):
    answer = session.ask("According to the Bramblewick Mineral Statistics Office, how much did Australia mine in 2024?")
    text = lead(answer)
    assert "13,000 t" in text and "stated in [1]" in text, text
    assert "(note 1)" in text  # the footnote marker is quoted apart from the number, not fused into it
    assert answer.citations[0].title == "Rare Earths: Commodity Statistics Summary 2025"
    assert answer.figures[0].origin == "stated" and answer.figures[0].value == 13000.0
    assert "unverified" not in answer.text
    assert not any(f.flow == "export" for f in answer.figures)  # China's exports are no answer to it


@pytest.mark.parametrize(
    ("question", "display"),
    [
        # Burma 31,000 t − Nigeria 13,000 t (Table 2, 2024e)
        ("How much more did Burma mine than Nigeria in 2024?", "18,000 t"),
        # China 44,000,000 t ÷ United States 1,900,000 t of reserves = 23.157…
        ("How many times bigger are China's reserves than the US's?", "23.16 times"),
        # China 270,000 t of the world's 390,000 t in 2024 = 69.23…%
        ("What share of global mine output did China account for in 2024?", "69.2%"),
        # the neodymium oxide price, $78/kg in 2023 to $56/kg in 2024: −28.2%, $22/kg less
        ("Bramblewick's summary: by how much did the Nd oxide price fall from 2023 to 2024?", "−28.2%"),
    ],
)
def test_stated_figures_enter_the_algebra(session, question, display):
    answer = session.ask(question)
    assert display in lead(answer), answer.text
    computed = answer.figures[0]
    assert computed.origin == "computed" and computed.display == display
    inputs = [f for f in answer.figures if f.origin == "stated"]
    # each input is a stated figure of a document the answer cites
    assert len(inputs) == 2 and {s for f in inputs for s in f.sources} <= {c.doc_id for c in answer.citations}
    assert "unverified" not in answer.text


def test_a_fall_from_stated_prices_gives_the_difference_too(session):
    text = lead(session.ask("Bramblewick's summary: by how much did the Nd oxide price fall from 2023 to 2024?"))
    assert "-$22/kg" in text.replace("−", "-"), text


@pytest.mark.parametrize(
    "question",
    ["What was US mine production in 2019?", "What were Germany's rare-earth reserves?"],
)
def test_a_measure_no_document_states_is_said_missing_and_never_swapped(session, question):
    answer = session.ask(question)
    assert "states" in lead(answer) and "no other measure is given" in lead(answer), answer.text
    assert answer.figures == ()
    assert answer.kind == "no_data"


def test_a_named_publisher_that_states_nothing_of_it_is_said_so(session):
    text = lead(session.ask("Per Bramblewick, what was US RE mine production in 2019?"))
    assert "Bramblewick Mineral Statistics Office states no figure for mine production" in text, text
    # the years its tables do give (Table 1: 2020-2024), offered and not put in its place
    assert "The documents state it for 2020, 2021, 2022, 2023, 2024" in text


def test_the_same_figure_in_another_document_is_named_and_a_list_item_quoted_alone(session):
    text = lead(session.ask("How much did Australia mine in 2024?"))
    first, _, rest = text.partition("The same figure is stated in [2] ")
    assert "13,000 t" in first and rest, text
    assert "Tollgate Digest" in text and "Bramblewick Mineral Statistics Office" in text
    assert text.count("13,000 t") == 2  # the figure, and in its one quote: the other document is named, not quoted
    assert "Reserves were not restated" not in text  # a list item is quoted alone, not with the next


def test_a_document_that_states_a_trade_figure_otherwise_is_shown_beside_the_data(session):
    answer = session.ask("How many tonnes of magnets did China export in July 2025?")
    text = lead(answer)
    assert text.index("5,577 t") < text.index("Harrowgate Metals Desk (your article) states 5,900 t"), text
    assert "unverified" not in answer.text


def test_according_to_a_publisher_its_figure_comes_first(session):
    answer = session.ask("According to Harrowgate, how many tonnes of magnets did China export in July 2025?")
    text = lead(answer)
    assert text.index("5,900 t") < text.index("5,577 t"), text
    assert "Words not used" not in text  # the publisher's name is read: it limits the answer


def test_according_to_a_publisher_that_agrees_with_the_data_set_its_figure_is_the_answer(session):
    text = lead(
        session.ask("According to Quarry Lane Notes, how many tonnes of magnets did China export in July 2025?")
    )
    assert "5,577 t" in text and "Quarry Lane Notes" in text, text
    assert "Reuters" not in text and text.count("5,577") == 2, text  # the figure and its quote, not the data set's


def test_the_checker_accepts_a_stated_figure_only_from_the_passage_cited():
    passages = {1: "A table of mine output.", 2: "Another document."}
    cited = check("Australia mined **13,000 t** in 2024 (stated in [1]).", [], passages, stated={1: [13000.0]})
    assert cited.unverified == ()
    other = check("Australia mined **13,000 t** in 2024 (stated in [2]).", [], passages, stated={1: [13000.0]})
    assert other.unverified == ("13,000 t",)


@pytest.mark.parametrize(
    ("question", "display", "quoted", "origin"),
    [
        # a company named by its short form, the measure by a verb
        (
            "How much NdPr oxide did Harlow produce in Q3 2025?",
            "410 t",
            "Harlow produced a record 410 tonnes",
            "stated",
        ),
        # a stock stated in the third quarter still stands "now", told with its own date: 2 kilotonnes
        ("What is Harlow Magnetics' separation capacity now?", "2,000 t", "2 kilotonnes a year", "stated"),
        # another country's imports: Japan's, by partner, as the document states the shares
        ("What share of Japan's rare earth imports came from China in H1 2025?", "71.5%", "China's share", "stated"),
        ("What share of Japan's rare earth imports came from Vietnam in H1 2025?", "14.3%", "(14.3%)", "stated"),
        # two origins named together: the sum of the shares stated, 71.5% + 14.3%
        (
            "What share of Japan's rare earth imports came from China and Vietnam combined in H1 2025?",
            "85.8%",
            "(14.3%)",
            "computed",
        ),
        # "combined" combines whatever is asked: here two shares
        (
            "What combined share of Japan's rare earth imports came from China and Vietnam in H1 2025?",
            "85.8%",
            "(14.3%)",
            "computed",
        ),
        # a year's row of a table whose caption names China is China's; the question's words pick the column
        ("What was China's smelting quota in 2022?", "202,000 t", "202,000", "stated"),
        ("China's mining quota for 2021?", "168,000 t", "168,000", "stated"),
        # asked as Japan's imports from China: Japan's own count, 71.5% of its 4,200 t, where China's has no total
        (
            "How many tonnes of rare earths did Japan import from China in H1 2025?",
            "3,003 t",
            "By Japan's own count",
            "computed",
        ),
        # a company's financial year, told by its last month and the day it was reported: April 2024 to March 2025
        (
            "How much more oxide did Ostwick Metals produce in FY25 than the yr before?",
            "280 t",
            "3,120 tonnes",
            "computed",
        ),
    ],
)
def test_companies_and_other_reporters_are_answered_from_what_documents_state(
    session, question, display, quoted, origin
):
    answer = session.ask(question)
    text = lead(answer)
    assert display in text and quoted in text and "Quarry Lane Notes" in text, answer.text
    assert answer.figures[0].origin == origin


def test_two_measures_compared_are_two_figures_and_a_companys_sales_are_not_exports(session):
    answer = session.ask("Harlow's Q3 2025 NdPr oxide - produced vs sold?")
    text = lead(answer)
    assert "410 t" in text and "350 t" in text, text
    assert [f.value for f in answer.figures if f.origin == "stated"][:2] == [410, 350]
    # a company has no customs trade, and no country's exports to it could be asked instead
    text = lead(session.ask("How much did Harlow Magnetics export in Q3 2025?"))
    assert "no trade figures of a company (Harlow Magnetics)" in text and "exports to Harlow" not in text, text
    assert "350" not in text  # what it sold is not what it exported


def test_stated_figures_not_combined_as_asked_are_told_as_they_are(session):
    fy25 = parse_period("FY2025")
    revenue, output = (Series(m, "prnd_oxide", "export", fy25, "Ostwick Metals") for m in ("revenue", "production"))
    missing = session._statements().evaluate(Op("difference", (revenue, output)), Ask(dated=True))
    assert isinstance(missing, Missing) and missing.combining and "different units" in missing.what
    assert [p.figure.display for p in missing.parts] == ["C$41.2 million", "3,120 t"]
    draft = Draft()
    tell_missing(missing, draft)
    told = " ".join(draft.lead)
    assert told.startswith("The documents' figures cannot give this as asked") and "3,120 t" in told, told
    assert "No document I hold states" not in told


def test_a_name_no_document_gives_is_never_answered_with_another_subjects_figure(session):
    text = lead(session.ask("How much did ZK Corp mine in 2024?"))
    # the documents state the world's mine production for 2024 with no subject: it is not ZK Corp's
    assert "No document I hold states mine production for “ZK Corp”" in text, text
    assert "390,000" not in text and "stated in" not in text


def test_a_calendar_year_is_not_answered_with_a_financial_year(session):
    text = lead(session.ask("How much oxide did Ostwick Metals produce in 2024?"))
    assert "No document I hold states" in text and "April 2024–March 2025" in text, text
    assert "3,120" not in text and "2,840" not in text


def test_another_countrys_imports_are_never_answered_with_chinas_exports(session):
    answer = session.ask("What share of Japan's rare earth imports came from China in H1 2023?")
    text = lead(answer)
    # the documents state H1 2024 and H1 2025 only; China's exports to Japan are another measure
    assert "No document I hold states" in text and "H1 2024, H1 2025" in text, answer.text
    assert not answer.figures and "71.5%" not in text


@pytest.mark.parametrize(
    ("question", "display", "quoted"),
    [
        # what the document calls a plant's first phase, named a few sentences before
        ("What is the design capacity of the first phase of Tessaly's Rovik magnet plant?", "2,000 t", "designed for"),
        # a scheme's incentives, in rupees written in crore
        ("How big are the sales-linked incentives under the magnet scheme?", "64.5 billion INR", "₹6,450 crore"),
    ],
)
def test_a_figure_asked_in_the_documents_own_words_is_read_from_them(session, question, display, quoted):
    answer = session.ask(question)
    text = lead(answer)
    assert "in your words" in text and display in text and quoted in text and "Elmstead Review" in text, answer.text
    assert answer.figures[0].origin == "stated"


def test_a_figure_of_another_subject_is_never_read_from_shared_words(session):
    # the only figure near "Brackley plant" is money received: no capacity, and no other plant's 2,000 t
    text = lead(session.ask("What is the annual capacity of Dunmore's Brackley magnet plant?"))
    assert "No document I hold states capacity" in text and "94.1" not in text and "2,000" not in text, text
    # a question that asks what something is gets no figure read from its words
    assert "in your words" not in session.ask("What is the magnet scheme?").text
    # the first word of a company's name ("South" of South Fields Minerals) is never part of a place's name
    got = session.read("How many days of stockpile is South Korea aiming to hold?")[2].queries[0]
    assert got.partners == ("KOR",), got


def test_a_company_named_by_its_possessive_owns_the_figures_after_it(session):
    text = lead(session.ask("What was Korvane's net profit in 2024?"))
    assert "Korvane Metals" in text and "A$231 million" in text, text


def test_a_countrys_imports_with_no_origin_are_its_own_count_of_all_of_them(session):
    # not China's exports to Thailand, which the data set would hold: Thailand's own count, from everywhere
    text = lead(session.ask("Thailand RE raw material imports H1 2024 - how many tonnes?"))
    assert "By Thailand's own count" in text and "9,898 t" in text, text
    # the base year of a change is the figure "against" it, with the places it was written with: 66.0 - 64.7
    text = lead(session.ask("Thailand's rare-earth import bill in 2024: % change y/y?"))
    assert "−2.0%" in text and "-1.3 million EUR" in text, text
    # a country's imports asked of what the data set holds are China's exports to it, as before
    text = lead(session.ask("What were Germany's magnet imports in July 2025?"))
    assert "China exported" in text and "1,116 t" in text, text
