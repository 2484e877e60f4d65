"""No document, however odd, holds ingestion or an answer for long.

Each kind of text below once made a pattern of the guard, the sentence splitter or the number
checker rescan what it had read (a quadratic or worse cost: minutes at 10,000 characters).
Every kind is timed against ordinary prose of the same length in the same run.
"""

from __future__ import annotations

import time

import pytest

from assistant.verify import check, passage_known
from corpus.chunking import chunk_text
from corpus.guard import looks_like_instructions
from corpus.ingest import DEFAULT_BRIEFS

SIZE = 40_000
KINDS = {
    "open brackets after a word": "the " + "(" * SIZE,
    "a Russian verb stem": "игнорир" * (SIZE // 7),
    "square brackets": "[" * SIZE,
    "digit groups": "1," * (SIZE // 2),
    "one long word": "a" * SIZE,
    "unclosed comments in words": "a<!--" * (SIZE // 5),
    "abbreviations": "No. 1 " * (SIZE // 6),
    "initials": "A. " * (SIZE // 3),
    "markup only": "<!--" * (SIZE // 4),
    "newlines": "\n" * SIZE,
}


def _prose() -> str:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(DEFAULT_BRIEFS.glob("*.md")))
    return text[:SIZE]


def _ingest_cost(text: str) -> float:
    started = time.perf_counter()
    looks_like_instructions(text)
    for span in chunk_text(text, 700, 1):
        looks_like_instructions(span.text)
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def prose_seconds() -> float:
    _ingest_cost(_prose()[:2000])  # the guard's model loads once, outside the comparison
    return _ingest_cost(_prose())


@pytest.mark.parametrize("kind", KINDS)
def test_an_odd_document_costs_no_more_than_ten_of_prose(kind, prose_seconds):
    seconds = _ingest_cost(KINDS[kind])
    assert seconds <= 10 * max(prose_seconds, 0.2), (kind, seconds, prose_seconds)


def test_a_cited_chunk_of_numbers_is_read_in_bounded_time():
    started = time.perf_counter()
    passage_known("China exported " + "5 t " * 700)
    check("Exports were 5 t [1].", [], {1: "1," * 1400 + "x"})
    assert time.perf_counter() - started < 5.0
