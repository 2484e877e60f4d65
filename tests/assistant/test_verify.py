"""The checker on drafts written to fail: a wrong number and a dangling citation."""

from assistant.verify import Known, check, numbers_in


def known(values=(), changes=(), shares=()):
    return (
        [Known(v) for v in values] + [Known(v, True, signed=True) for v in changes] + [Known(v, True) for v in shares]
    )


PASSAGES = {1: "Germany received 1,116 t in July 2025, 46% more than in June.", 2: "The US took 619 t."}


def test_wrong_number_is_flagged_and_dangling_citation_removed():
    draft = "China exported 5,577 t in July 2025, up 74.9% on June. Germany took 1,116 t [1]. Japan took 999 t [7]."
    result = check(draft, known([5577.0, 3188.0], [74.937]), PASSAGES)
    assert result.unverified == ("999 t",)
    assert result.dangling == (7,)
    assert "999 t (unverified)" in result.text
    assert "[7]" not in result.text and "[1]" in result.text
    assert any("999 t" in w for w in result.warnings) and any("[7]" in w for w in result.warnings)


def test_rounding_is_allowed_only_to_the_written_precision():
    ok = check("Exports rose 74.9% to 5,577 t.", known([5577.0], [74.937]), {})
    assert ok.unverified == ()
    wrong = check("Exports rose 75.1% to 5,577 t.", known([5577.0], [74.937]), {})
    assert wrong.unverified == ("75.1%",)


def test_numbers_from_a_cited_passage_are_supported_only_where_cited():
    cited = check("Germany rose 46% [1].", [], PASSAGES)
    assert cited.unverified == ()
    uncited = check("Germany rose 46%.", [], PASSAGES)
    assert uncited.unverified == ("46%",)


def test_years_days_codes_and_counts_are_not_figures():
    text = "On 4 April 2025 Announcement No. 18 of 2025 put seven elements under control; a 90-day truce followed."
    assert numbers_in(text) == []


def test_rupees_are_read_in_crore_and_lakh():
    found = [(n.value, n.unit, n.scale) for n, _, _ in numbers_in("₹6,450 crore in incentives and Rs 50 lakh each")]
    assert found == [(64_500_000_000.0, "INR", 1e7), (5_000_000.0, "INR", 1e5)]


def test_signs_and_directions():
    assert check("Exports fell −15.0% on a year earlier.", known(changes=[-14.98]), {}).unverified == ()
    assert check("Exports were down 15.0%.", known(changes=[-14.98]), {}).unverified == ()


def test_an_answer_checks_against_its_own_published_figures(assistant):
    # the figures an answer publishes (FigureOut) carry what the checker binds numbers to
    from assistant.core import Assistant

    for question in (
        "How did China's rare earth magnet exports change in July 2025?",
        "What share of China's magnet exports went to Germany in July 2025?",
        "How did magnet exports to Germany change in July 2025?",
    ):
        answer = assistant.ask(question)
        assert Assistant.verify(answer.text, answer.figures, answer.citations, answer.evidence).unverified == ()


def test_a_list_of_figures_by_their_labels_passes(assistant):
    # the agent's fallback lists figures as "label: display"; each label says its period, base and basis
    from assistant.core import Assistant

    for question in (
        "What were China's total rare earth magnet exports in 2025?",
        "How did China's rare earth magnet exports change in July 2025?",
        "Show the trend of China's magnet exports over 2025",
    ):
        answer = assistant.ask(question)
        text = "\n".join(f"- {f.label}: **{f.display}**" for f in answer.figures)
        assert Assistant.verify(text, answer.figures, answer.citations, answer.evidence).unverified == (), text
