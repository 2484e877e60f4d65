"""No question, however long or odd, holds a worker for long.

The question is cut to its length limit before any pattern runs, so 200,000 characters of tags,
brackets, repeated months or names cost about what a normal question does. Each kind is timed
against a normal answer in the same run (a ratio, since these machines are shared and noisy).
"""

from __future__ import annotations

import statistics
import time

import pytest

from assistant.reading.text import clean_question

SIZE = 200_000
NORMAL = "What were China's magnet exports to Germany in July 2025?"
KINDS = {
    "script tags": "<script " * (SIZE // 8),
    "style blocks": "<style>a{}</style" * (SIZE // 17),
    "html comments": "<!--" * (SIZE // 4),
    "square brackets": "[" * SIZE,
    "round brackets": "(" * (SIZE // 2) + ")" * (SIZE // 2),
    "month names": "July 2025 and " * (SIZE // 14),
    "country names": "Germany Japan South Korea " * (SIZE // 26),
    "numbers": "1,000,000 t, " * (SIZE // 13),
    "spaces": " \t" * (SIZE // 2) + NORMAL,
    "one long word": "magnet" * (SIZE // 6),
}


def _timed(assistant, question: str) -> float:
    started = time.perf_counter()
    assistant.ask(question)
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def normal_seconds(assistant) -> float:
    assistant.reader.intents.warm()  # as the app does at start-up
    _timed(assistant, NORMAL)  # warm: first-use caches are no part of the comparison
    return statistics.median(_timed(assistant, NORMAL) for _ in range(3))


@pytest.mark.parametrize("kind", KINDS)
def test_a_long_question_costs_no_more_than_ten_normal_ones(assistant, normal_seconds, kind):
    question = KINDS[kind]
    assert len(question) >= SIZE - 30
    seconds = _timed(assistant, question)
    assert seconds <= 10 * max(normal_seconds, 0.05), (kind, seconds, normal_seconds)


@pytest.mark.parametrize("kind", KINDS)
def test_the_cleaned_question_is_cut_to_its_limit(kind):
    text, notes = clean_question(KINDS[kind])
    assert len(text) <= 500
    assert any("cut" in note for note in notes)


def test_an_unclosed_script_hides_what_follows_it_and_a_closed_one_only_itself():
    assert clean_question("<script>alert(1)</script> magnet exports in July 2025")[0] == "magnet exports in July 2025"
    assert clean_question("magnet exports <script> in July 2025")[0] == "magnet exports"
