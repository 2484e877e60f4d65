"""Retrieval: the top passages for a query, with filters, diversity and citation metadata."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from corpus.embeddings import Embedder
from corpus.guard import instructs
from corpus.store import CURATED, LIBRARY, SESSION, UPLOAD, ChunkStore, date_number
from tools.dataset import without_mirror
from tools.periods import Period

if TYPE_CHECKING:  # the reader's type only: retrieval does not ingest
    from corpus.ingest import StatedReader

_LABELS = {SESSION: "(your article)", UPLOAD: "(uploaded article)", LIBRARY: "(your library)"}


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with what a citation needs."""

    chunk_id: str
    doc_id: str
    text: str
    score: float
    title: str
    publisher: str
    date: str
    url: str
    start: int
    end: int
    topics: tuple[str, ...] = ()
    sources: tuple[dict[str, str], ...] = ()
    origin: str = CURATED  # who added the document (corpus.store.ORIGINS)

    @property
    def curated(self) -> bool:
        """True for the project's own briefs, whose sentences may be told as context."""
        return self.origin == CURATED

    @property
    def cited_as(self) -> str:
        """The publisher as shown: labelled by the passage's origin, after every rewriting of the name."""
        label = _LABELS.get(self.origin, "")
        return f"{self.publisher} {label}" if label else self.publisher

    def snippet(self, limit: int = 280) -> str:
        """The passage as plain prose (markdown headings dropped), cut at a word near ``limit``."""
        text = re.sub(r"\s+", " ", re.sub(r"(?m)^#+\s.*$", " ", self.text)).strip()
        if len(text) <= limit:
            return text
        return text[:limit].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Filters:
    """Optional limits on what is retrieved."""

    window: Period | None = None
    publisher: str | None = None
    topic: str | None = None

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause for these filters (None when there are none)."""
        clauses: list[dict[str, Any]] = []
        if self.window is not None:
            clauses.append({"date_num": {"$gte": date_number(self.window.start.isoformat())}})
            clauses.append({"date_num": {"$lte": date_number(self.window.end.isoformat())}})
        if self.publisher:
            clauses.append({"publishers": {"$contains": self.publisher}})
        if self.topic:
            clauses.append({"topics": {"$contains": self.topic}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass(frozen=True)
class Focus:
    """What the question is about, as read: its periods and names (partners, products, events).

    A passage of an article whose title or topics name them ranks above one that only shares
    words: "why did exports halve in April 2025" wants the April brief, not a later one that
    mentions April in passing.
    """

    periods: tuple[Period, ...] = ()
    names: tuple[str, ...] = ()

    def score(self, meta: dict[str, Any]) -> float:
        """0-2: one for a named period, one for a named partner, product or event."""
        about = f"{meta.get('title', '')} {' '.join(meta.get('topics') or ())}".lower().replace("-", " ")
        hit = 0.0
        if any(p.named_in(about) for p in self.periods):
            hit += 1
        if any(re.search(rf"\b{re.escape(n.lower().replace('-', ' '))}\b", about) for n in self.names):
            hit += 1
        return hit


class Retriever:
    """Nearest chunks for a query, re-ranked for diversity (maximal marginal relevance)."""

    def __init__(
        self,
        store: ChunkStore,
        embedder: Embedder,
        *,
        per_document: int = 2,
        diversity: float = 0.3,
        candidates: int = 4,
        lexical: float = 0.2,
        focus: float = 0.1,
        own: ChunkStore | None = None,
        stated: StatedReader | None = None,
    ) -> None:
        self.focus = focus
        self.stated = stated  # what reads the figures of documents ingested into these stores
        self.store = store
        self.own = own  # one session's own articles, searched beside the shared library
        self.lexical = lexical
        self.embedder = embedder
        self.per_document = per_document
        self.diversity = diversity
        self.candidates = candidates
        self._publishers: tuple[tuple[int, ...], dict[str, list[str]]] = ((), {})
        self._stated: tuple[tuple[int, ...], list[tuple[Passage, list[dict[str, Any]]]]] = ((), [])

    def with_own(self, own: ChunkStore | None) -> Retriever:
        """The same retriever that also searches a session's own articles (labelled "your article")."""
        return Retriever(
            self.store,
            self.embedder,
            per_document=self.per_document,
            diversity=self.diversity,
            candidates=self.candidates,
            lexical=self.lexical,
            focus=self.focus,
            own=own,
            stated=self.stated,
        )

    def search(
        self, query: str, k: int = 5, filters: Filters | None = None, focus: Focus | None = None
    ) -> list[Passage]:
        """The ``k`` best passages for ``query`` (fewer when the store holds fewer)."""
        return self.search_checked(query, k, filters, focus)[0]

    def search_checked(
        self, query: str, k: int = 5, filters: Filters | None = None, focus: Focus | None = None
    ) -> tuple[list[Passage], list[Passage]]:
        """(the ``k`` best passages, passages withheld because they address instructions to the reader).

        Withheld passages never take a place: the next best ones fill it.
        """
        if not query.strip() or k <= 0:
            return [], []
        vector = self.embedder.embed([query])[0]
        filters = filters or Filters()
        rows = self._query(vector, k, filters.where())
        named: list[tuple[str, str, dict[str, Any], float, list[float]]] = []
        if filters.publisher is None:
            # "according to X", "X's survey": only X's documents, when the stores hold any
            for name in self.named_publishers(query):
                named += self._query(vector, k, replace(filters, publisher=name).where())
        if not rows and not named:
            return [], []
        words = keywords(query)
        # words are weighed by how rare they are among all the candidates, X's or not
        weights = idf_weights(words, [keywords(f"{m.get('title', '')} {text}") for _, text, m, _, _ in rows + named])
        if named:
            rows = list({row[0]: row for row in named}.values())
        bags = [keywords(f"{meta.get('title', '')} {text}") for _, text, meta, _, _ in rows]
        aim = focus or Focus()
        pool = [
            (
                cid,
                text,
                meta,
                1.0 - float(dist) + self.lexical * overlap(weights, bag) + self.focus * aim.score(meta),
                list(emb),
            )
            for (cid, text, meta, dist, emb), bag in zip(rows, bags, strict=True)
        ]
        flagged = [instructs(item[1], item[2]) for item in pool]
        withheld = [item for item, bad in zip(pool, flagged, strict=True) if bad]
        pool = [item for item, bad in zip(pool, flagged, strict=True) if not bad]
        return [_passage(*item[:4]) for item in self._diverse(pool, k)], [_passage(*w[:4]) for w in withheld]

    def _query(
        self, vector: list[float], k: int, where: dict[str, Any] | None
    ) -> list[tuple[str, str, dict[str, Any], float, list[float]]]:
        rows = _rows(self.store.query(vector, max(k * self.candidates, 20), where))
        if self.own is not None:
            own = _rows(self.own.query(vector, max(k * self.candidates, 20), where))
            rows += [(cid, text, {**meta, "origin": SESSION}, dist, emb) for cid, text, meta, dist, emb in own]
        return rows

    def named_publishers(self, query: str) -> list[str]:
        """The publishers of documents people added that ``query`` names ("according to Quillfeather").

        A publisher is named by its whole name, or by its first word when that word is a proper
        name: capitalised in the query (first in it too: "Quillfeather's survey says"), and not a
        word the query would share with any text ("Global", "Energy"). The project's own briefs are
        left to retrieval's focus: the publishers they name are their sources, many briefs to each.
        """
        names = self.publisher_names()
        lowered = query.lower()
        found = [
            full
            for key, fulls in names.items()
            if len(key) > 3 and re.search(rf"\b{re.escape(key)}\b", lowered)
            for full in fulls
        ]
        for m in re.finditer(r"(?:^|(?<=[\s(\"'“]))([A-Z][\w&.-]{3,})(?:['’]s)?\b", query):
            word = m.group(1).lower()
            if word in _COMMON_NAME_WORDS or word in _STOP:
                continue
            found += [full for key, fulls in names.items() if key.split()[0] == word for full in fulls]
        return list(dict.fromkeys(found))

    def publisher_names(self) -> dict[str, list[str]]:
        """The publishers of the documents people added, by lower-cased name without a parenthesis.

        Read once per change of the stores (their chunk counts).
        """
        stores = [s for s in (self.store, self.own) if s is not None]
        counts = tuple(s.count() for s in stores)
        if counts != self._publishers[0]:
            names: dict[str, list[str]] = {}
            for store in stores:
                for full in sorted(store.publishers()):
                    key = re.sub(r"\s*\(.*?\)", "", full).strip().lower()
                    if key:
                        names.setdefault(key, []).append(full)
            self._publishers = (counts, names)
        return self._publishers[1]

    def stated_passages(self) -> list[tuple[Passage, list[dict[str, Any]]]]:
        """Every chunk that states figures, as a passage with its records (``assistant.stated``).

        Read once per change of the stores (their chunk counts); a session's own chunks are labelled as its articles.
        """
        stores = [(s, origin) for s, origin in ((self.store, ""), (self.own, SESSION)) if s is not None]
        counts = tuple(s.count() for s, _ in stores)
        if counts != self._stated[0]:
            found = []
            for store, origin in stores:
                for meta, text, records in store.stated():
                    labelled = {**meta, "origin": origin} if origin else meta
                    chunk = f"{meta['doc_id']}#{meta.get('start', 0)}"
                    found.append((_passage(chunk, text, labelled, 0.0), records))
            self._stated = (counts, found)
        return self._stated[1]

    def _diverse(self, pool: list[tuple[str, str, dict[str, Any], float, list[float]]], k: int) -> list[Any]:
        """Pick ``k`` items by maximal marginal relevance, at most ``per_document`` per document.

        Each pick balances relevance against similarity to the items already picked.
        """
        import numpy as np

        vectors = np.asarray([item[4] for item in pool], dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
        relevance = np.asarray([item[3] for item in pool], dtype=np.float32)
        redundancy = np.zeros(len(pool), dtype=np.float32)
        open_ = np.ones(len(pool), dtype=bool)
        chosen: list[Any] = []
        per_doc: dict[str, int] = {}
        while open_.any() and len(chosen) < k:
            gain = np.where(open_, (1 - self.diversity) * relevance - self.diversity * redundancy, -np.inf)
            best = int(np.argmax(gain))
            open_[best] = False
            doc = pool[best][2]["doc_id"]
            if per_doc.get(doc, 0) >= self.per_document:
                continue
            per_doc[doc] = per_doc.get(doc, 0) + 1
            chosen.append(pool[best])
            redundancy = np.maximum(redundancy, vectors @ vectors[best])
        return chosen


# first words of publishers' names that are ordinary words, never a name on their own
_COMMON_NAME_WORDS = frozenset(
    [
        "global",
        "energy",
        "news",
        "daily",
        "business",
        "mining",
        "rare",
        "earth",
        "earths",
        "metals",
        "metal",
        "market",
        "markets",
        "international",
        "world",
        "times",
        "china",
        "chinese",
        "financial",
        "economic",
        "economy",
        "trade",
        "research",
    ]
)

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "into",
        "than",
        "then",
        "there",
        "their",
        "they",
        "about",
        "after",
        "before",
        "over",
        "under",
        "much",
        "many",
        "more",
        "most",
        "did",
        "china",
        "china's",
        "chinese",
    ]
)


def keywords(text: str) -> set[str]:
    """The words of a query that are worth matching literally: names, months, years, numbers."""
    words = re.findall(r"[a-z0-9][a-z0-9.%'-]*[a-z0-9%]|[a-z0-9]", text.lower())
    return {w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _STOP}


def idf_weights(words: set[str], bags: list[set[str]]) -> dict[str, float]:
    """Weight of each query word by how few of the candidates hold it.

    A word every candidate shares ("magnets", "2025") tells them apart no better than none.
    """
    n = len(bags)
    return {w: math.log((n + 1) / (1 + sum(1 for bag in bags if w in bag))) for w in words}


def overlap(weights: dict[str, float], bag: set[str]) -> float:
    """Weighted share of the query words found in a candidate (0 to 1)."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(v for w, v in weights.items() if w in bag) / total


def _rows(found: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], float, list[float]]]:
    """Chroma's nested result layout as (id, text, metadata, distance, embedding) rows."""
    return list(
        zip(
            found["ids"][0],
            found["documents"][0],
            found["metadatas"][0],
            found["distances"][0],
            found["embeddings"][0],
            strict=True,
        )
    )


def _passage(chunk_id: str, text: str, meta: dict[str, Any], score: float) -> Passage:
    # a chunk stored before origins were kept is a library document until its next ingest stamps it
    origin = str(meta.get("origin") or LIBRARY)
    curated = origin == CURATED
    return Passage(
        origin=origin,
        chunk_id=chunk_id,
        doc_id=meta["doc_id"],
        text=text,
        score=round(score, 4),
        title=meta.get("title", ""),
        # who published it, not where it was read: the reprint-site names of the curated briefs only
        publisher=without_mirror(meta.get("publisher", "")) if curated else str(meta.get("publisher", "")),
        date=meta.get("date", ""),
        url=meta.get("url", ""),
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        topics=tuple(meta.get("topics") or ()),
        sources=tuple(
            {**s, "publisher": without_mirror(str(s.get("publisher", ""))) if curated else str(s.get("publisher", ""))}
            for s in json.loads(meta.get("sources") or "[]")
        ),
    )


def as_langchain(retriever: Retriever, k: int = 5, filters: Filters | None = None) -> Any:
    """The retriever as a LangChain ``BaseRetriever`` returning ``Document``s with citation metadata."""
    from langchain_core.documents import Document as LCDocument
    from langchain_core.retrievers import BaseRetriever

    class PassageRetriever(BaseRetriever):
        """LangChain view of the project's retriever."""

        def _get_relevant_documents(self, query: str, *, run_manager: Any = None) -> list[LCDocument]:
            return [
                LCDocument(
                    page_content=p.text,
                    id=p.chunk_id,
                    metadata={
                        "doc_id": p.doc_id,
                        "title": p.title,
                        "publisher": p.publisher,
                        "date": p.date,
                        "url": p.url,
                        "start": p.start,
                        "end": p.end,
                        "score": p.score,
                    },
                )
                for p in retriever.search(query, k, filters)
            ]

    return PassageRetriever()
