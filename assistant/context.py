"""Cited context: the passages an answer quotes, each by its most relevant whole sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant import prompts
from assistant.answer import Citation
from assistant.claims import claim_at, period_mentions
from assistant.draft import Draft
from assistant.markup import inert_passage
from assistant.reading.query import Query
from assistant.verify import fits, known_from, matches, numbers_in
from corpus.chunking import sentences
from corpus.retrieval import Passage, keywords
from tools.partners import partner_name
from tools.results import Figure


def add_context(draft: Draft, passages: Sequence[Passage], query: Query, limit: int) -> None:
    """Cite up to ``limit`` passages, each by its most relevant whole sentence (two at most)."""
    words = keywords(query.search)
    names = {partner_name(p).lower() for p in query.partners} - {""}
    used = 0
    told: set[str] = set()  # overlapping chunks of one document hold the same sentences
    led = " ".join(draft.lead)  # a sentence quoted for a figure it states is not quoted again
    for passage in map(inert_passage, passages):  # quoted, never rendered: no image fetched, no link followed
        if used >= limit:
            break
        count = 2 if query.ask in ("context", "events") or query.context else 1
        # the words of its title and publisher name every sentence of a document: they choose none
        own = words - keywords(f"{passage.title} {passage.publisher}") or words
        picked = [s for s in best_sentences(passage.text, own, count, names, told) if s not in led]
        if not picked:
            continue
        told.update(picked)
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
    """The answer's figure that a sentence's number contradicts.

    The number must claim what the figure is (its period, unit, partner, flow, goods and kind, as
    the checker reads them) with another value: a figure for another month or country is no
    contradiction, only another figure.
    """
    written = numbers_in(text)
    positions = [(a, b) for _, a, b in written]
    period_named = bool(period_mentions(text, 0, len(text)))
    for number, start, end in written:
        claim = claim_at(text, start, end, (0, len(text)), number.unit, positions)
        if claim.period is None and not claim.either or not number.unit or not period_named:
            continue  # a number the sentence ties to no period, or to no unit, contradicts nothing
        for figure in figures:
            if figure.value is None:
                continue
            same = [k for k in known_from([figure]) if fits(replace(k, value=number.value), number, claim)]
            if same and not matches(number, [k.value for k in known_from([figure])]):
                return {"stated": text[start:end].strip(), "figure": figure.display, "period": figure.period.label}
    return None


LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")


def best_sentences(
    text: str, words: set[str], count: int, names: set[str] = frozenset(), told: set[str] = frozenset()
) -> list[str]:
    """The ``count`` sentences of ``text`` sharing most words with the question, in text order.

    A sentence that names what the question is about (its partner: the row of a table for
    Poland when Poland is asked about) comes before one that only shares more words. Sentences
    already ``told`` are passed over.
    """
    spans = [
        s for s in sentences(text) if len(s.text) > 30 and not s.text.startswith("#") and _tidy(s.text) not in told
    ]
    if not spans:
        return []

    def named(text: str) -> bool:
        return any(re.search(rf"\b{re.escape(n)}\b", text.lower()) for n in names)

    scored = sorted(spans, key=lambda s: (not named(s.text), -len(words & keywords(s.text)), s.start))[:count]
    return [_tidy(s.text) for s in sorted(scored, key=lambda s: s.start)]


def _tidy(sentence: str) -> str:
    """A sentence as quoted: one line, without its list item's marker (it becomes a bullet of the answer's)."""
    return re.sub(r"\s+", " ", LIST_MARKER.sub("", sentence))
