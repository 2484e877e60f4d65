"""The reader on wording classes, each shown on several questions (reference month: March 2026)."""

import pytest

from assistant.reading.query import Clarify, Reading, Refuse


def one(reader, question, previous=None):
    got = reader.read(question, previous)
    assert isinstance(got, Reading), got
    assert len(got.queries) == 1, got.text
    return got.queries[0].to_json()


def all_of(reader, question, previous=None):
    got = reader.read(question, previous)
    assert isinstance(got, Reading), got
    return [q.to_json() for q in got.queries]


@pytest.mark.parametrize(
    "question, partners",
    [
        ("What was Germany's share of China's magnet exports in July 2025?", ["DEU"]),
        ("German buyers: magnets received from China in July 2025", ["DEU"]),
        ("the EU's magnet imports from China in H1 2025", ["EU"]),
        ("European demand for Chinese magnets in August 2025", ["EUROPE"]),
        ("us magnet imports from china in may 2025", ["USA"]),
        ("magnet exports to the u.s. in June 2025", ["USA"]),
        ("Japanese imports of Chinese dysprosium, October 2025", ["JPN"]),
        ("magnets shipped to Germnay in Jul-25", ["DEU"]),  # one edit from a partner the data holds
        ("the weakest month for us magnet imports from china in 2025", ["USA"]),  # "for us" + a trade word
    ],
)
def test_partners_by_name_possessive_demonym_and_typo(reader, question, partners):
    assert one(reader, question)["partners"] == partners


def test_us_the_pronoun_is_no_country(reader):
    got = one(reader, "tell us the magnet exports in July 2025")
    assert got["partners"] == [] and got["periods"] == ["2025-07"]


def test_dollars_written_with_a_places_letters_are_a_unit(reader):
    got = one(reader, "What was the average unit value of China's magnet exports in 2024, in US$/kg?")
    assert got["partners"] == [] and got["measure"] == "unit_value"
    assert one(reader, "magnet exports to the US in July 2025 in US$ million")["partners"] == ["USA"]


@pytest.mark.parametrize(
    "question, periods, basis",
    [
        ("How much did magnet exports change in July of 2025?", ["2025-07"], "mom"),
        ("Compare magnet exports in June and July 2025", ["2025-07", "2025-06"], "periods"),
        ("magnet exports 7/2025 year on year", ["2025-07"], "yoy"),
        ("rare earth exports: how did December compare with the same month the year before", ["2025-12"], "yoy"),
        ("magnet exports in July 2025 and the change on June", None, None),
        # ends written as words are the two periods compared; a dashed span is one period
        ("% change in German magnet purchases, Jun to Jul 2025", ["2025-07", "2025-06"], "periods"),
        ("magnet exports to japan sep through oct 2025, change", ["2025-10", "2025-09"], "periods"),
        ("magnet exports jan-jul 2025 yoy", ["2025-01..2025-07"], "yoy"),
        ("magnet exports jan-jul 2025 vs same period 2024", ["2025-01..2025-07"], "yoy"),
        ("magnet exports last quarter vs the quarter before", ["2026-01..2026-03", "2025-10..2025-12"], "periods"),
        ("rare earth exports to japan in oct 2025, higher than last year?", ["2025-10"], "yoy"),
    ],
)
def test_changes_name_both_ends(reader, question, periods, basis):
    queries = all_of(reader, question)
    change = next(q for q in queries if q["ask"] == "change")
    if periods is None:  # "the change on June": June is the base of the July figure
        assert change["periods"] == ["2025-07", "2025-06"]
    else:
        assert change["periods"] == periods and change["basis"] == basis


def test_two_asks_become_two_queries(reader):
    flows = all_of(reader, "rare earth exports and imports in Q1 2025")
    assert [(q["ask"], q["flow"], q["periods"]) for q in flows] == [
        ("amount", "export", ["2025-01..2025-03"]),
        ("amount", "import", ["2025-01..2025-03"]),
    ]
    pair = all_of(reader, "total magnet exports in Aug 2025 plus the top 3 destinations")
    assert [q["ask"] for q in pair] == ["amount", "rank"] and pair[1]["top"] == 3
    both = all_of(reader, "what were dy and tb exports in Oct 2025")
    assert [q["commodity"] for q in both] == ["dysprosium", "terbium"]
    # China as the owner of the trade does not stop two flows; "to China" names a direction
    owned = all_of(reader, "china's rare earth exports and imports in Q1 2025")
    assert [q["flow"] for q in owned] == ["export", "import"]
    # flow words of several words count wherever they stand, a period after them included
    brought = one(reader, "how much rare earth ore did china bring in jan to may 2025")
    assert (brought["flow"], brought["periods"]) == ("import", ["2025-01..2025-05"])
    # China owning the imports makes another country their origin, not a destination
    origin = one(reader, "share of the us in china's concentrate imports jan-sep 2025")
    assert (origin["ask"], origin["flow"], origin["partners"]) == ("share", "import", ["USA"])
    # a clause of its own with a change word: "how much up on June" compares July with June
    told = all_of(reader, "magnet exports in july 2025: how much, and how much up on june?")
    assert [(q["ask"], q["periods"]) for q in told] == [("amount", ["2025-07"]), ("change", ["2025-07", "2025-06"])]
    # an undated clause naming goods takes the period of the other: the total and the ranking
    total = all_of(reader, "total magnet exports plus the top 5 destinations in sept 2025")
    assert [(q["ask"], q["periods"]) for q in total] == [("amount", ["2025-09"]), ("rank", ["2025-09"])]
    # "their share" beside a ranking is the ranking's shares, not a share of nobody
    ranked = all_of(reader, "top 3 buyers and their share of the total in 2025")
    assert [q["ask"] for q in ranked] == ["rank"]
    # two clauses each naming goods and a period are two asks, even of one kind
    pair = all_of(reader, "tb oxide price europe april 2025, and magnet exports to north america aug 2025")
    assert [(q["commodity"], q["partners"], q["periods"]) for q in pair] == [
        ("tb_oxide", ["EUROPE"], ["2025-04"]),
        ("magnets", ["N_AMERICA"], ["2025-08"]),
    ]
    # a clause naming no goods asks about the question's
    asked = "how much rare earth concentrate did china import jan-sep 2025, and how much of it came from the US?"
    of_it = all_of(reader, asked)
    assert {q["commodity"] for q in of_it} == {"re_concentrate"}
    # a clause with its own goods and period but no partner is the total; the other asks about one
    split = all_of(reader, "tb exports in oct 2025 total, and how much went to the americans?")
    assert [q["partners"] for q in split] == [[], ["USA"]]
    # "what %" is a share, "by what %" a change, "above or below" a comparison of the two periods
    assert one(reader, "what % of magnet exports went to germany in july 2025")["ask"] == "share"
    assert one(reader, "by what % did dy oxide prices rise over 2025?")["ask"] == "change"
    above = one(reader, "did full-year 2025 magnet exports come in above or below 2024?")
    assert (above["ask"], above["periods"]) == ("change", ["2025-01..2025-12", "2024-01..2024-12"])
    # "+" sums the periods around it
    assert one(reader, "value of REE exports jan+feb 2026")["periods"] == ["2026-01..2026-02"]


def test_comparatives_of_price_are_changes_or_markets_side_by_side(reader):
    cheaper = one(reader, "did NdPr oxide get cheaper between aug 19 and sept 15 2025?")
    assert (cheaper["ask"], cheaper["periods"]) == ("change", ["2025-09-15", "2025-08-19"])
    markets = all_of(reader, "is dy oxide pricier in europe than in china?")
    assert [(q["ask"], q["partners"]) for q in markets] == [("amount", ["EUROPE"]), ("amount", ["CHN"])]


def test_another_reporter_is_said_to_be_missing(reader):
    got = one(reader, "What were Australia's rare earth exports in 2024?")
    assert got["reporter"] == "AUS" and "reporter:AUS" in got["missing"]
    # the other side of China's exports is China's data
    mirror = one(reader, "Korean magnet imports from China Sep 2025")
    assert mirror["reporter"] == "CHN" and mirror["partners"] == ["KOR"] and mirror["flow"] == "export"
    # a bare name before a trade word is where China's goods went, and the reading says so
    bare = one(reader, "us magnet exports march 2026")
    assert (bare["reporter"], bare["partners"]) == ("CHN", ["USA"]) and "destination" in bare["assumptions"][0]
    for trader in ("How many magnets did Japan export to the US in 2025?", "how much did India itself export in 2025"):
        assert one(reader, trader)["reporter"] != "CHN"
    # China's exports to that country are offered instead, and the offer reads back as itself
    offered = reader.read("Japan's own magnet exports in dec 2025").alternatives
    assert len(offered) == 1
    back = one(reader, offered[0].question)
    assert (back["reporter"], back["partners"], back["periods"]) == ("CHN", ["JPN"], ["2025-12"])


@pytest.mark.parametrize(
    "question, missing",
    [
        ("magnet exports to Brazil in 2025", "partner:BRA"),
        ("how much cobalt did china export in 2025", "commodity:cobalt"),
        ("china rare earth exports in 2019", "period:2019"),
    ],
)
def test_what_the_data_lacks_is_named(reader, question, missing):
    assert missing in one(reader, question)["missing"]


def test_months_and_asks_of_aggregation(reader):
    got = one(reader, "In which month of 2025 were exports lowest?")
    assert (got["ask"], got["over"], got["which"], got["periods"]) == ("rank", "months", "lowest", ["2025-01..2025-12"])
    top = one(reader, "Which country bought the most magnets from China in September 2025?")
    assert (top["ask"], top["over"], top["top"]) == ("rank", "partners", 1)
    # a count before the months ranked; a superlative over a span judges no one month
    three = one(reader, "which 3 months of 2025 had the lowest rare earth exports")
    assert (three["ask"], three["over"], three["which"], three["top"]) == ("rank", "months", "lowest", 3)
    peak = one(reader, "highest monthly magnet export since jan 2024?")
    assert (peak["ask"], peak["over"], peak["periods"]) == ("rank", "months", ["2024-01..2026-03"])
    # the month before named as the base makes a change
    prior = one(reader, "magnet exports 2025-12 from the previous month")
    assert (prior["ask"], prior["basis"]) == ("change", "mom")


@pytest.mark.parametrize(
    "question, top",
    [
        ("who were the two biggest buyers of Chinese dysprosium in October 2025", 2),
        ("three largest destinations of chinese magnets, aug 2025?", 3),
        ("the 3 largest markets for magnets in July 2025", 3),
        ("largest single destination for magnets in september 2025?", 1),
        ("Was the US China's no. 1 magnet customer in 2025?", 1),
    ],
)
def test_how_many_a_ranking_lists(reader, question, top):
    got = one(reader, question)
    assert (got["ask"], got["over"], got["top"]) == ("rank", "partners", top)


def test_an_extreme_keeps_the_window_it_is_judged_over(reader):
    got = one(reader, "were rare earth exports in december 2025 the lowest since 2023?")
    assert (got["ask"], got["periods"], got["within"]) == ("extreme", ["2025-12"], "2023-01..2025-12")
    plain = one(reader, "terbium exports nov 2025 - lowest ever?")
    assert plain["periods"] == ["2025-11"] and "within" not in plain
    level = one(reader, "are dysprosium exports at their lowest since march 2025 in november 2025?")
    assert (level["ask"], level["which"], level["periods"]) == ("extreme", "lowest", ["2025-11"])
    monthly = one(reader, "is 7/2025 the highest monthly magnet shipment to Germany so far?")
    assert (monthly["ask"], monthly["periods"]) == ("extreme", ["2025-07"])


@pytest.mark.parametrize(
    "question, ask, periods",
    [
        # events are listed from the day of one to the day of the other; figures take their months
        ("list the policy events between the Geneva truce and the London talks", "events", ["2025-05-12..2025-06-05"]),
        (
            "was there anything on rare earths between the Geneva truce and the London talks",
            "events",
            ["2025-05-12..2025-06-05"],
        ),
        ("magnet exports between the geneva truce and the london talks", "amount", ["2025-05..2025-06"]),
        # a named event with a day in the events table is that day
        ("What was agreed at the Busan summit?", "events", ["2025-10-30"]),
        ("What did MOFCOM do in January 2026?", "events", ["2026-01"]),
        ("main trade events of may 2025", "events", ["2025-05"]),
        ("magnet exports since the April controls", "trend", ["2025-04..2026-03"]),
    ],
)
def test_events_name_periods(reader, question, ask, periods):
    got = reader.read(question)
    query = (got.fallback if isinstance(got, Refuse) else got).queries[0]
    assert (query.ask, [p.code for p in query.periods]) == (ask, periods)


@pytest.mark.parametrize(
    "question",
    [
        "busiest month for terbium exports in 2025",
        "peak month for dysprosium exports in 2025?",
        "In which month of 2025 were magnet exports highest?",
    ],
)
def test_which_month_of_a_span_is_a_ranking_of_months(reader, question):
    got = one(reader, question)
    assert (got["ask"], got["over"], got["which"], got["periods"]) == (
        "rank",
        "months",
        "highest",
        ["2025-01..2025-12"],
    )


def test_periods_summed_by_a_combining_word_are_one_span(reader):
    got = one(reader, "how much rare earth did china export in jan and feb 2026 combined, in dollars")
    assert (got["measure"], got["periods"]) == ("value", ["2026-01..2026-02"])
    apart = all_of(reader, "rare earth exports in jan and feb 2026")
    assert [q["periods"] for q in apart] == [["2026-01"], ["2026-02"]]


def test_policy_questions_are_control_lookups(reader):
    added = one(reader, "Which elements did the October 2025 controls add?")
    assert added["ask"] == "controls" and added["periods"] == ["2025-10"]
    covered = one(reader, "Was lutetium covered in April?")
    assert covered["ask"] == "controls" and covered["element"] == "lutetium"
    listed = one(reader, "Is neodymium on China's export control list?")
    assert listed["ask"] == "controls" and listed["element"] == "neodymium"
    # a measure by its name without the month it was announced in
    rule = one(reader, "when does the 0.1% extraterritorial rule kick in")
    assert rule["ask"] == "controls" and rule["control"] == "MOFCOM/GAC Announcement No. 61 of 2025"
    # an event of a control kind names the measures of its month; its number names one
    regime = one(reader, "was the april 2025 regime still in force in may 2025?")
    assert regime["control"] == "April 2025"
    assert one(reader, "what did announcement 61 do")["ask"] == "controls"
    assert one(reader, "is announcement 70 still in force")["control"] == "No. 70"
    # a word only one measure's description uses names that measure
    for question in ("what's the 0.1% rule and when was it supposed to start", "is the foreign goods rule suspended?"):
        described = one(reader, question)
        assert described["ask"] == "controls" and described["control"].endswith("No. 61 of 2025"), question


def test_a_control_question_and_its_follow_up_stay_on_controls(reader):
    first = reader.read("is dysprosium under export control")
    assert first.queries[0].ask == "controls"
    assert one(reader, "what about erbium?", first)[("element")] == "erbium"
    assert one(reader, "what about erbium?", first)["ask"] == "controls"


def test_a_controls_ask_looks_up_each_element_named(reader):
    both = all_of(reader, "are dy and tb still under licence after the busan deal?")
    assert [(q["ask"], q["element"]) for q in both] == [("controls", "dysprosium"), ("controls", "terbium")]
    # a deal is no control measure: it only dates the question
    assert all("control" not in q for q in both)
    # goods that are elements are one query each, each with its own element
    goods = all_of(reader, "dysprosium and terbium exports in 2025")
    assert [(q["commodity"], q["element"]) for q in goods] == [("dysprosium", "dysprosium"), ("terbium", "terbium")]


def test_an_events_name_votes_once_and_its_words_are_no_cues(reader):
    # "licences" inside "general licences" is the name of an event, not a licensing question
    for question in (
        "when did china start issuing general licences for rare earth exports",
        "When did China hand out its first general licences?",
    ):
        assert one(reader, question)["ask"] == "events", question
    # a name that is itself a cue is the cue: "no. 1" ranks, even though an announcement is No. 1
    assert one(reader, "who was the no. 1 buyer of chinese magnets in october 2025")["ask"] == "rank"
    # after a time word a measure only dates the question
    assert one(reader, "show magnet exports since the april controls")["ask"] == "trend"


def test_prices_on_a_day_and_over_a_window(reader):
    day = one(reader, "PrNd oxide price on 10 April 2025")
    assert (day["ask"], day["measure"], day["commodity"], day["periods"]) == (
        "amount",
        "price",
        "prnd_oxide",
        ["2025-04-10"],
    )
    year_end = one(reader, "PrNd alloy price end of 2025")
    assert year_end["periods"] == ["2025-12-31"]  # a quote at the year's end, not December's trade
    markets = all_of(reader, "explain why dy oxide costs so much more in Europe than in China")
    assert [(q["ask"], q["partners"]) for q in markets] == [("context", ["EUROPE", "CHN"])]
    move = one(reader, "How much did the dy oxide price rise between 10 April and 25 September 2025?")
    assert move["ask"] == "change" and move["periods"] == ["2025-09-25", "2025-04-10"]


def test_excluded_names_are_not_asked_about(reader):
    got = all_of(reader, "Rare earth (not magnet) exports in June 2025")
    assert [q["commodity"] for q in got] == ["rare_earths"]


def test_follow_ups_only_when_the_question_refers_back(reader):
    first = reader.read("How many tonnes of magnets did China export to the US in July 2025?")
    assert one(reader, "and Germany?", first)["partners"] == ["DEU"]
    assert one(reader, "what about a year earlier?", first)["periods"] == ["2024-07"]
    assert one(reader, "and in value terms?", first)["measure"] == "value"
    fresh = reader.read("Tell me about the Busan summit", first)
    assert isinstance(fresh, Reading) and not fresh.follow_up and fresh.queries[0].ask in ("events", "context")
    complete = one(reader, "What were China's total rare earth exports in 2024?", first)
    assert complete["commodity"] == "rare_earths" and complete["partners"] == []
    price = reader.read("terbium oxide price in Europe on 1 May 2025")
    same = one(reader, "same for dy oxide", price)
    assert (same["commodity"], same["periods"], same["partners"]) == ("dy_oxide", ["2025-05-01"], ["EUROPE"])
    lowest = reader.read("Which month of 2025 had the lowest magnet exports?")
    other_end = one(reader, "and the highest?", lowest)
    assert (other_end["ask"], other_end["over"], other_end["which"]) == ("rank", "months", "highest")
    in_value = reader.read("magnet exports to japan in june 2025 in dollars")
    assert one(reader, "and in tonnes?", in_value)["measure"] == "volume"
    # a new partner after two: one query for it, not one per partner before
    two = reader.read("magnet exports to germany and the us in oct 2025?")
    assert one(reader, "how about japan", two)["partners"] == ["JPN"]
    # naming only a partner, with no goods and no period, leans on the question before
    top = reader.read("top 5 destinations for china's magnets in september 2025")
    why = one(reader, "why did germany come out on top?", top)
    assert (why["ask"], why["partners"], why["periods"]) == ("context", ["DEU"], ["2025-09"])
    flows = reader.read("china's rare earth exports and imports in Q1 2025")
    assert [q["flow"] for q in all_of(reader, "and q2?", flows)] == ["export", "import"]


def test_ambiguous_and_unknown_names_are_asked_about(reader):
    assert isinstance(reader.read("How many magnets went to Congo in 2025?"), Clarify)
    assert isinstance(reader.read("What were magnet exports to Atlantis in 2025?"), Clarify)


def test_off_topic_is_refused(reader):
    assert isinstance(reader.read("who won the world cup in 2022"), Refuse)
    assert isinstance(reader.read("write me a short poem about magnets"), Refuse)


def test_assumptions_are_said(reader):
    got = one(reader, "How did exports change last month?")
    assert got["periods"] == ["2026-03"]
    assert any("magnets" in a for a in got["assumptions"])


def test_an_offered_reading_reads_back_as_itself(reader):
    """Each alternative's question, asked, gives the reading it was offered as."""
    offered = 0
    for question in (
        "magnet exports to Germany in July 2025",
        "magnets to Japan in December 2025",
        "rare earth exports in 2024",
        "terbium shipments to the United States in October 2025",
    ):
        got = reader.read(question)
        for alternative in got.alternatives:
            offered += 1
            again = reader.read(alternative.question)
            assert isinstance(again, Reading) and again.text == alternative.label, alternative
    assert offered >= 2


def test_cue_words_alone_read_the_common_questions(bare_reader):
    """Without the example bank the cue words still read the plain cases."""
    assert one(bare_reader, "How did magnet exports change in July 2025?")["ask"] == "change"
    assert one(bare_reader, "top 5 destinations for magnets in August 2025")["ask"] == "rank"


@pytest.mark.parametrize(
    "question, skipped",
    [
        ("How much did China pocket from magnet sales in 2024?", ("pocket",)),
        ("magnet exports to Germany in July 2025, seasonally smoothed", ("seasonally", "smoothed")),
        ("dysprosium exports excluding re-exports via Hong Kong, 2025", ("via",)),
    ],
)
def test_words_the_reading_did_not_use_are_named(reader, question, skipped):
    got = reader.read(question)
    assert isinstance(got, Reading)
    assert set(skipped) <= set(got.unread)
    assert any(f"“{skipped[0]}”" in note for note in got.notes())


@pytest.mark.parametrize(
    "question",
    [
        "What was Germany's share of China's magnet exports in July 2025?",
        "top 5 destinations for magnets in H1 2025",
        "how did dysprosium exports change yoy in December 2025?",
        "which elements did the October 2025 controls add?",
    ],
)
def test_a_fully_read_question_names_no_skipped_words(reader, question):
    got = reader.read(question)
    assert isinstance(got, Reading) and got.unread == ()


@pytest.mark.parametrize(
    "question, ask, basis",
    [
        ("france's cut of china's magnet exports in july 2025", "share", None),
        ("how far did dy oxide prices climb between 10 apr 2025 and 1 may 2025", "change", "periods"),
        ("did magnet exports to japan dip in june 2025 on the year", "change", "yoy"),
    ],
)
def test_synonyms_of_an_ask_and_a_basis(reader, question, ask, basis):
    got = one(reader, question)
    assert got["ask"] == ask and got.get("basis") == basis


@pytest.mark.parametrize(
    "question, expression",
    [
        # a clause that sets the scene dates an event; the question writes its own period
        (
            "After the general licences were introduced in December 2025, how many tonnes did magnet exports "
            "change from January to March 2026?",
            "difference(volume(magnets, export, WLD, 2026-03), volume(magnets, export, WLD, 2026-01))",
        ),
        (
            "The Busan summit took place on 30 October 2025. By how many tonnes did magnet exports move from "
            "September to December 2025?",
            "difference(volume(magnets, export, WLD, 2025-12), volume(magnets, export, WLD, 2025-09))",
        ),
        # a unit names the figure's unit, whatever is asked
        (
            "how much did magnet exports change between May and June 2025, in tonnes?",
            "difference(volume(magnets, export, WLD, 2025-06), volume(magnets, export, WLD, 2025-05))",
        ),
    ],
)
def test_a_scene_and_a_unit_do_not_change_the_ask(reader, question, expression):
    assert one(reader, question)["expression"] == expression


def test_a_clause_that_only_asks_how_big_or_how_far_apart(reader):
    # "... and how large was it" is the size the ranking states; "and by how much" the gap asked before it
    peak = all_of(reader, "In which month of 2025 did rare earth exports peak, and how large was it?")
    assert [(q["ask"], q.get("which")) for q in peak] == [("rank", "highest")]
    gap = all_of(reader, "Did Japan take more magnets than South Korea in Q3 2025, and by how much?")
    assert [q["expression"] for q in gap] == [
        "difference(volume(magnets, export, JPN, 2025-07..2025-09), volume(magnets, export, KOR, 2025-07..2025-09))"
    ]


def test_each_clause_keeps_its_own_superlative(reader):
    both = all_of(reader, "Which month of 2025 had the fewest magnet exports, and which the most?")
    assert [(q["ask"], q["which"]) for q in both] == [("rank", "lowest"), ("rank", "highest")]
    # what the user is making is not what is asked: "for my chart" asks no monthly series
    charted = all_of(reader, "For my chart of monthly magnet exports in 2025: when was the high point?")
    assert [(q["ask"], q["which"]) for q in charted] == [("rank", "highest")]


def test_a_currency_named_by_its_country_is_no_market(reader):
    quote = one(reader, "What was the latest NdPr oxide price in China, in Korean won per kg?")
    assert quote["partners"] == ["CHN"] and "unit:KRW" in quote["missing"]


def test_between_two_quotes_is_one_span(reader):
    moved = one(
        reader,
        "How far did the Chinese dysprosium oxide price fall between the 10 April 2025 quote "
        "and the 25 September 2025 quote?",
    )
    assert moved["ask"] == "change" and moved["periods"] == ["2025-09-25", "2025-04-10"]


@pytest.mark.parametrize(
    "question, periods",
    [
        # counted from an event's day: a month counts as after an event of its first half
        (
            "magnet exports in the two months after the April 2025 controls against the two months before",
            ["2025-04..2025-05", "2025-02..2025-03"],
        ),
        (
            "How did terbium exports in the month after the Busan summit compare with the month before?",
            ["2025-11", "2025-10"],
        ),
        # uncounted and bounded by a year: the year's months on each side
        (
            "Within 2025, average monthly rare earth exports before the 4 April controls against after them",
            ["2025-04..2025-12", "2025-01..2025-03"],
        ),
    ],
)
def test_spans_counted_from_an_event(reader, question, periods):
    assert one(reader, question)["periods"] == periods


def test_an_event_beside_a_period_of_its_own_only_sets_the_scene(reader):
    assert one(reader, "magnet exports in August 2025, after the April controls")["periods"] == ["2025-08"]


def test_now_and_two_digit_years_after_a_quarter(reader):
    assert one(reader, "Q2 25 vs Q2 24 rare earth exports")["periods"] == ["2025-04..2025-06", "2024-04..2024-06"]
    assert one(reader, "what are magnet exports to Germany now?")["periods"] == ["2026-03"]
