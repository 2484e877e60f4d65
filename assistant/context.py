"""Cited context: the passages an answer quotes, each by its most relevant whole sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer import Citation
from assistant.draft import Draft
from assistant.reading.query import Query
from corpus.chunking import sentences
from corpus.retrieval import Passage, keywords


def add_context(draft: Draft, passages: Sequence[Passage], query: Query, limit: int) -> None:
    """Cite up to ``limit`` passages, each by its most relevant whole sentence (two at most)."""
    words = keywords(query.search)
    used = 0
    for passage in passages:
        if used >= limit:
            break
        picked = best_sentences(passage.text, words, 2 if query.ask in ("context", "events") or query.context else 1)
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


def best_sentences(text: str, words: set[str], count: int) -> list[str]:
    """The ``count`` sentences of ``text`` sharing most words with the question, in text order."""
    spans = [s for s in sentences(text) if len(s.text) > 30 and not s.text.startswith("#")]
    if not spans:
        return []
    scored = sorted(spans, key=lambda s: (-len(words & keywords(s.text)), s.start))[:count]
    return [re.sub(r"\s+", " ", s.text) for s in sorted(scored, key=lambda s: s.start)]
