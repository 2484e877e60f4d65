"""Cited context: the passages an answer quotes, each by its most relevant whole sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant import prompts
from assistant.answer import Citation
from assistant.draft import Draft
from assistant.markup import inert_passage
from assistant.reading.query import Query
from assistant.verify import matches, numbers_in
from corpus.chunking import sentences
from corpus.retrieval import Passage, keywords
from tools.partners import partner_name
from tools.results import Figure


def add_context(draft: Draft, passages: Sequence[Passage], query: Query, limit: int) -> None:
    """Cite up to ``limit`` passages, each by its most relevant whole sentence (two at most)."""
    words = keywords(query.search)
    names = {partner_name(p).lower() for p in query.partners} - {""}
    used = 0
    for passage in map(inert_passage, passages):  # quoted, never rendered: no image fetched, no link followed
        if used >= limit:
            break
        count = 2 if query.ask in ("context", "events") or query.context else 1
        picked = best_sentences(passage.text, words, count, names)
        if not picked:
            continue
        n = len(draft.citations) + 1
        draft.citations.append(
            Citation(
                n,
                passage.title,
                passage.cited_as,
                passage.date,
                passage.url,
                passage.snippet(),
                passage.doc_id,
                passage.text,
            )
        )
        draft.context.append(context_line(passage, " ".join(picked), n, draft.figures))
        used += 1


def context_line(passage: Passage, text: str, n: int, figures: Sequence[Figure]) -> str:
    """A context bullet: the project's briefs speak as context; any other document is quoted as its source's words.

    A quoted sentence that puts another number on a period the answer has a figure for is shown
    as a disagreement with that figure, never as plain context beneath it.
    """
    if passage.curated:
        return f"{text} [{n}]"
    differs = disagreement(text, figures)
    if differs is not None:
        return prompts.QUOTED_DISAGREES.format(source=passage.cited_as, text=text, n=n, **differs)
    return prompts.QUOTED.format(source=passage.cited_as, text=text, n=n)


def disagreement(text: str, figures: Sequence[Figure]) -> dict[str, str] | None:
    """The answer's figure that a sentence's number contradicts: same unit, a period the sentence names."""
    written = numbers_in(text)
    for figure in figures:
        if figure.value is None or figure.unit not in _MASS_UNITS or not _names_period(text, figure):
            continue
        for number, start, end in written:
            if number.pct or not _MASS_AFTER.match(text, end):
                continue
            if not matches(number, [figure.value]):
                return {"stated": text[start:end].strip(), "figure": figure.display, "period": figure.period.label}
    return None


_MASS_UNITS = ("t", "kg")
_MASS_AFTER = re.compile(r"\s?(?:t|kg|tonnes?|tons?|metric tons?)\b", re.I)


def _names_period(text: str, figure: Figure) -> bool:
    label = figure.period.label
    words = label.split()
    if figure.period.kind == "month" and len(words) == 2:
        month, year = words
        named = re.search(rf"\b{month[:3]}[a-z]*\b", text, re.I)
        return bool(named) and (year in text or not re.search(r"\b(?:19|20)\d\d\b", text))
    return label.lower() in text.lower()


LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")


def best_sentences(text: str, words: set[str], count: int, names: set[str] = frozenset()) -> list[str]:
    """The ``count`` sentences of ``text`` sharing most words with the question, in text order.

    A sentence that names what the question is about (its partner: the row of a table for
    Poland when Poland is asked about) comes before one that only shares more words.
    """
    spans = [s for s in sentences(text) if len(s.text) > 30 and not s.text.startswith("#")]
    if not spans:
        return []

    def named(text: str) -> bool:
        return any(re.search(rf"\b{re.escape(n)}\b", text.lower()) for n in names)

    scored = sorted(spans, key=lambda s: (not named(s.text), -len(words & keywords(s.text)), s.start))[:count]
    # a list item's own marker is dropped: the sentence becomes a bullet of the answer's
    return [re.sub(r"\s+", " ", LIST_MARKER.sub("", s.text)) for s in sorted(scored, key=lambda s: s.start)]
