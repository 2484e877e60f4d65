"""Cited context: the passages an answer quotes, each by its most relevant whole sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer import Citation
from assistant.draft import Draft
from assistant.reading.query import Query
from corpus.chunking import sentences
from corpus.retrieval import Passage, keywords
from tools.partners import partner_name


def add_context(draft: Draft, passages: Sequence[Passage], query: Query, limit: int) -> None:
    """Cite up to ``limit`` passages, each by its most relevant whole sentence (two at most)."""
    words = keywords(query.search)
    names = {partner_name(p).lower() for p in query.partners} - {""}
    used = 0
    for passage in passages:
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
                passage.publisher,
                passage.date,
                passage.url,
                passage.snippet(),
                passage.doc_id,
                passage.text,
            )
        )
        draft.context.append(f"{' '.join(picked)} [{n}]")
        used += 1


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
