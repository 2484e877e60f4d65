"""Questions that compose figures, end to end: the asked figure first, its inputs beside it, limits said first.

Figures are worked by hand from corpus/data/observations.csv. The blind sets under
tests/assistant/answers/ were written by helpers who saw the data and a user's task, never the
code; they are scored on the answers (right figures first, no misreading's figure) and kept as
floors. The final sets there are each scored once, for the record, and are not floors to tune to.
"""

from pathlib import Path

import pytest

from assistant.judging import first_paragraph, judge, load_items, score

ANSWERS = Path(__file__).resolve().parent / "answers"


def lead(assistant, question: str) -> str:
    answer = assistant.ask(question)
    assert not any("unverified" in w for w in answer.warnings), answer.warnings
    return first_paragraph(answer.text)


def test_a_gap_between_partners_is_the_difference_in_tonnes(assistant):
    # October 2025: Germany 1,118 t, Japan 226 t (Ferroalloy Online)
    text = lead(assistant, "how many more tonnes of magnets went to Germany than to Japan in October 2025?")
    assert text.startswith("China's exports of rare-earth permanent magnets were **892 t** higher to Germany")
    assert "(1,118 t to Germany against 226 t to Japan" in text


def test_a_difference_between_periods_carries_its_percentage(assistant):
    # magnets, October 2025 5,473 t against October 2024 4,725 t: 748 t more, +15.8%
    text = lead(assistant, "How many more tonnes of magnets did China ship in October 2025 than a year earlier?")
    assert "**748 t** higher in October 2025 than in October 2024 (up 15.8%" in text


def test_a_monthly_average_and_a_unit(assistant):
    # July–December 2025: 5,577 + 6,146 + 5,774 + 5,473 + 6,150 + 5,952 = 35,072 t, 5,845 t a month
    assert "**5,845 t** a month in H2 2025 (35,072 t over 6 months" in lead(
        assistant, "average monthly magnet exports in the second half of 2025"
    )
    assert "**1,116,000 kg**" in lead(assistant, "how many kilograms of magnets went to Germany in July 2025?")
    # 2024 magnet export value, $2.86 bn (Adamas), read in millions
    assert "**$2,860 million**" in lead(assistant, "value of magnet exports in 2024 in million dollars")


def test_a_value_per_kilogram_of_traded_goods(assistant):
    # EU, H1 2025: $348.1 m over 8,360 t is $41,639/t, $41.64/kg
    text = lead(assistant, "What was the average value per kilo of magnets shipped to the EU in H1 2025?")
    assert "**$41.64/kg**" in text


def test_what_cannot_be_computed_is_said_first(assistant):
    assert lead(assistant, "median magnet exports in 2025").startswith("I do not compute median figures")
    euros = lead(assistant, "what were magnet exports worth in 2024 in euros?")
    assert euros.startswith("I cannot give this in euros") and "$2,860,000,000" in euros
    unequal = lead(assistant, "magnet exports in H1 2025 against the whole of 2024, monthly average")
    assert "a month" in unequal


def test_the_expression_is_in_the_json_and_the_trace(assistant):
    answer = assistant.ask("the gap in tonnes between Germany and Japan in October 2025")
    out = answer.to_json()
    leaf = "volume(magnets, export, {}, 2025-10)"
    assert (
        out["interpretation"]["queries"][0]["expression"] == f"difference({leaf.format('DEU')}, {leaf.format('JPN')})"
    )
    run = next(t for t in out["trace"] if t["tool"] == "expression")
    assert run["inputs"]["expr"]["op"] == "difference" and len(run["inputs"]["expr"]["args"]) == 2
    gap = next(f for f in out["figures"] if f["value"] == 892)
    assert gap["formula"] == "1,118 t − 226 t" and gap["origin"] == "computed"


@pytest.mark.parametrize(
    "name, floor",
    [
        ("blind_algebra_dev.jsonl", 0.9),
        ("blind_algebra_dev2.jsonl", 0.85),
        ("blind_algebra_dev3.jsonl", 0.9),
        ("blind_algebra_dev4.jsonl", 0.8),
    ],
)
def test_blind_sets_written_outside_the_schema(assistant, name, floor):
    items = load_items(ANSWERS / name)
    result, texts = score(items, lambda q: assistant.ask(q).text)
    misses = [f"{v.item}: {'; '.join(v.reasons)}" for v in result.verdicts if not v.ok]
    print(f"{name}: {result.summary()}\n" + "\n".join(misses))
    assert result.passed / len(items) >= floor, misses


def test_the_judge():
    item = {"expect": [{"value": 748, "unit": "t"}], "wrong": [{"value": 15.8}, {"value": 5473}]}
    assert judge(item, "Exports were **748 t** higher (up 15.8%, from 4,725 t to 5,473 t).").ok
    assert not judge(item, "Exports were up 15.8% (748 t more).").ok  # the percentage leads: another question
    assert not judge(item, "China exported 5,473 t.\n\nThat is 748 t more.").ok  # not in the first paragraph
    assert not judge(item, "Exports were 748 t higher (up 15.8%).", strict=True).ok
    billions = {"expect": [{"value": 1.02, "unit": "billion USD"}], "limit": True}
    assert judge(billions, "No figure for 2025. Reported for part of it: H1 2025: $1,020,000,000.").ok
    assert not judge(billions, "China exported $1,020,000,000 in H1 2025.").ok  # no limit said


def test_a_share_by_value(assistant):
    # EU, H1 2025: $348.1 m of $1,020 m is 34.1%; a unit named beside a share does not convert the share
    text = lead(assistant, "What % of China's H1 2025 magnet export value went to the EU, in $m?")
    assert "**34.1%**" in text and "($348,100,000 of $1,020,000,000)" in text


def test_a_share_moves_in_percentage_points(assistant):
    # Germany: 1,116 t of 5,577 t in July 2025 is 20.0%; 764 t of 3,188 t in June is 24.0%: 3.95 points down
    text = lead(
        assistant, "By how many percentage points did Germany's share of magnet exports change from June to July 2025?"
    )
    assert "**20.0%** in July 2025, down **4.0 percentage points** on June 2025 (24.0%)" in text, text
    assert "16.5%" not in text  # a share's move is never told as a percentage of a percentage


def test_the_event_a_question_singles_out_comes_first(assistant):
    # 4 March 2025: a further 10% "fentanyl" tariff lifted the extra US levy on Chinese goods to 20%
    text = lead(assistant, "What did the fentanyl tariff of March 2025 lift the extra US levy on Chinese goods to?")
    assert "On 4 March 2025: Washington layered a further 10% 'fentanyl' tariff" in text and "to 20%" in text


def test_a_period_after_the_data_is_not_forecast(assistant):
    # magnets: the data ends in March 2026; Q1 2026 was 16,001 t (Reuters via hdmune.cn)
    text = lead(assistant, "How many tonnes of magnets will China export in the second quarter of 2026?")
    assert text.startswith("No figures for Q2 2026 yet: the data ends in March 2026, and I do not forecast.")
    assert "Q1 2026: 16,001 t" in text


def test_a_price_move_in_its_unit_unless_a_percentage_is_asked(assistant):
    # SMM: dysprosium oxide 1,680,000–1,700,000 yuan/t (10 April 2025, midpoint 1,690,000); 1,612,500
    # yuan/t on 25 September 2025: 77,500 yuan/t lower, −4.6%
    moved = lead(assistant, "How much did dysprosium oxide in China fall between 10 April and 25 September 2025?")
    assert "**−4.6%** at the midpoint, down 77,500 yuan/t" in moved
    asked_in_percent = lead(
        assistant, "In percent, how much did dysprosium oxide in China fall between 10 April and 25 September 2025?"
    )
    assert "**−4.6%**" in asked_in_percent and "77,500" not in asked_in_percent


def test_a_doubtful_figure_is_said_to_be_so_first(assistant):
    # India, May 2025: 150 t, from a secondary blog the data set marks doubtful
    text = lead(assistant, "magnet exports to India in May 2025?")
    assert text.startswith("The figure 150 t for May 2025 is marked doubtful in the data set")


def test_the_biggest_move_is_given_in_tonnes_too(assistant):
    # rare earths 2025: September 4,000.3 t against August 5,792 t, −30.9%, 1,791.7 t less
    text = lead(assistant, "Which month of 2025 saw the steepest month-on-month fall in rare earth exports?")
    assert "**September 2025**: down **30.9%**, or 1,791.7 t" in text


def test_a_share_of_the_figure_asked_before_it(assistant):
    # terbium to Japan: August 4,000 kg + October 5,200 kg = 9,200 kg, of the world's 5,500 + 12,200
    # = 17,700 kg: 52.0%
    text = lead(
        assistant, "Terbium exports to Japan in August and October 2025 together, and what share of the total was that?"
    )
    assert "**9,200 kg**" in text and "Japan took **52.0%**" in text and "(9,200 kg of 17,700 kg)" in text


def test_the_cost_of_a_quantity_at_a_quote(assistant):
    # Adamas: dysprosium oxide averaged $224/kg in 2025; 500 kg at that price is $112,000
    text = lead(assistant, "What would 500 kg of dysprosium oxide have cost at the 2025 global average price?")
    assert "500 kg would cost **$112,000** (500 kg × $224/kg" in text


def test_a_range_is_told_with_its_midpoint(assistant):
    # Argus Europe terbium oxide: $930–1,000/kg in April 2025 (midpoint $965), $2,000–4,000/kg on 6
    # May 2025 (midpoint $3,000); 3,000 / 965 = 3.11 times
    text = lead(assistant, "By what factor did the terbium oxide price in Europe rise from April 2025 to 6 May 2025?")
    assert "**3.11 times**" in text and "(midpoint $3,000/kg)" in text and "(midpoint $965/kg)" in text
    quote = lead(assistant, "terbium oxide price in Europe on 6 May 2025")
    assert "**$2,000–4,000/kg** on 6 May 2025 (midpoint $3,000/kg;" in quote


def test_a_price_after_the_last_quote_offers_the_latest(assistant):
    # SMM: dysprosium oxide at 1,612,500 yuan/t on 25 September 2025, the latest Chinese quote
    text = lead(assistant, "What will dysprosium oxide cost in China in 2027?")
    assert text.startswith("No quotes for 2027 yet, and I do not forecast")
    assert "**1,612,500 yuan/t** on 25 September 2025" in text


def test_how_many_elements_need_a_licence(assistant):
    # April 2025 (No. 18): Sm, Gd, Tb, Dy, Lu, Sc, Y; October 2025 (No. 57, suspended by No. 70 from
    # 7 November 2025): Ho, Er, Tm, Eu, Yb. On 1 December 2025 the April seven still need licences.
    text = lead(assistant, "How many rare earth elements needed an export licence on 1 December 2025?")
    assert "the April 2025 controls list 7" in text and "the October 2025 element controls list 5" in text
    assert "On 1 December 2025, 7 need an export licence" in text


def test_regions_ranked_and_the_lead_of_the_first(assistant):
    # SMM's August 2025 breakdown by region: Europe 2,821.403 t, Asia 2,267.21 t; Europe led by 554.19 t
    text = lead(
        assistant,
        "Which continent took the most Chinese magnets in August 2025, and by how many tonnes over the second?",
    )
    assert "Europe took **554.19 t** more than Asia (Europe 2,821.403 t, Asia 2,267.21 t)" in text


def test_one_partner_s_place_and_the_first_of_a_ranking(assistant):
    # October 2025: Reuters' top five lists India fifth, with no volume; Germany led with 1,118 t
    india = lead(assistant, "What was India's place among buyers of Chinese magnets in October 2025?")
    assert "India was **No. 5** among the destinations" in india and "no volume given" in india
    first = lead(assistant, "Which country bought the most magnets from China in October 2025?")
    assert first.startswith("Germany took the most of China's exports of rare-earth permanent magnets in October 2025")


def test_a_partners_series_ending_early_is_not_a_forecast(assistant):
    # India's monthly figures stop in July 2025 while the data runs to March 2026: October is missing, not ahead
    text = lead(assistant, "How many tonnes of magnets did India import from China in October 2025?")
    assert "do not forecast" not in text and "October 2025" in text
