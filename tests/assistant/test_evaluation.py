"""The gold set: size, coverage of every intent, and the scores the issue asks for."""

from collections import Counter

from assistant.answer import Answer, Citation
from assistant.evaluation import evaluate, load_gold, supported


def test_gold_set_covers_every_kind():
    gold = load_gold()
    assert len(gold) >= 60
    kinds = Counter(item["type"] for item in gold)
    assert kinds["figure"] >= 30 and kinds["context"] >= 10 and kinds["no_data"] >= 3
    assert kinds["refusal"] >= 3 and kinds["clarification"] >= 3
    assert sum(1 for item in gold if item.get("turns")) >= 5
    assert len({item["id"] for item in gold}) == len(gold)


def test_scores(assistant):
    report = evaluate(assistant)
    assert report.numeric_exact_match == 1.0, report.failures
    assert report.citation_support >= 0.95, report.failures
    assert report.refusals == 1.0, report.failures
    assert report.clarifications == 1.0, report.failures
    assert report.unverified == 0


def test_support_check_catches_a_claim_not_in_the_passage():
    citation = Citation(1, "t", "p", "2025-01-01", "", "snippet", text="Germany received 1,116 t in July.")
    good = Answer("q", "- Germany received 1,116 t in July. [1]", citations=(citation,))
    bad = Answer("q", "- Germany received 2,000 t in July. [1]", citations=(citation,))
    assert supported(good) == (1, 1)
    assert supported(bad) == (0, 1)
