"""What a question asks for: cue phrases plus the nearest examples in embedding space.

Cue phrases (lexicon.yaml, weighted) say what the words of a question signal; the example bank
(examples.yaml) says what whole questions like it asked. The question is compared with the
examples after its names, periods and numbers are replaced by the same fillers the examples
use, so the comparison is about how it asks, not what it names. Both files are data: a new
phrasing is taught by adding an example or a cue, and the generated and blind sets show
whether it helped.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.reading.query import ASKS
from assistant.reading.vocabulary import phrase_key
from corpus.embeddings import Embedder

EXAMPLE_WEIGHT = 1.0  # the closest examples' ask gains this much: more than a weak cue, less than a strong one
CLOSE = 1.0  # top two readings within this margin: answer the first, offer the second
AMOUNT_FRAME = 0.0  # what an amount's frame words weigh beside another ask's own cues
OPENING = 1.0  # what a cue that opens the question weighs beyond its own weight
AMOUNT_PRIOR = 0.5  # with no cue at all, a question about goods and a period asks how much
NAMED = 1.5  # what naming an event (or a control measure) says for the events (or controls) ask


@dataclass(frozen=True)
class AskScore:
    """One candidate ask, its combined score, and the cue phrases that voted for it."""

    ask: str
    score: float
    cues: tuple[str, ...] = ()


def find_phrase(words: Sequence[str], phrase: tuple[str, ...]) -> int:
    """Index where ``phrase`` starts among ``words`` (token lists), or -1."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) == phrase:
            return i
    return -1


def has_any(words: Sequence[str], phrases: set[str]) -> bool:
    """True when any of the phrases appears among the words."""
    return any(find_phrase(words, phrase_key(p)) >= 0 for p in phrases)


class IntentModel:
    """Scores each ask for a question."""

    def __init__(
        self,
        cues: Mapping[str, Mapping[int, Sequence[str]]],
        examples: Mapping[str, Sequence[str]],
        embedder: Embedder | None = None,
        frames: Sequence[str] = (),
    ) -> None:
        self.cues = {
            ask: [(phrase_key(str(p)), float(w), str(p)) for w, phrases in levels.items() for p in phrases]
            for ask, levels in cues.items()
        }
        self.examples = [(ask, text) for ask, texts in examples.items() for text in texts]
        self.frames = {str(f) for f in frames}
        self.embedder = embedder
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def is_cue(self, words: Sequence[str]) -> bool:
        """True when the words are, in full, a cue phrase of some ask ("no. 1")."""
        return any(key == tuple(words) for cues in self.cues.values() for key, _, _ in cues)

    def cue_scores(
        self, words: Sequence[str], named: Sequence[tuple[str, str]] = ()
    ) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Per ask: the summed weight of its cue phrases found in the words, and the phrases.

        ``named`` are (ask, name) votes of things named: "the general licences" names an event as
        "truce" would, so it votes for the events ask.
        """
        out: dict[str, tuple[float, tuple[str, ...]]] = {}
        found = [
            (at, at + len(key), w, text, ask)
            for ask, cues in self.cues.items()
            for key, w, text in cues
            if key and (at := find_phrase(words, key)) >= 0
        ]
        # a cue inside a longer one, of any ask, is the same words read once, the longer way:
        # "higher" in "higher than", "monthly" in "highest monthly"
        found = [
            f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o[1] - o[0] > f[1] - f[0] for o in found)
        ]
        for ask in self.cues:
            # a cue that opens the question says most about it: "Why did exports pick up?"
            hits = [(w + (OPENING if at == 0 else 0.0), text) for at, _, w, text, a in found if a == ask]
            hits += [(NAMED, name) for a, name in named if a == ask]
            if hits:
                out[ask] = (min(sum(w for w, _ in hits), 6.0), tuple(t for _, t in hits))
        # "how much", "what were" frame any figure question: they count for an amount only when
        # no other ask has cues of its own ("how much did exports drop" asks for a change)
        if "amount" in out and any(score >= 2 for ask, (score, _) in out.items() if ask != "amount"):
            _, hits = out["amount"]
            weights = {text: w for _, w, text in self.cues["amount"]}
            kept = sum(weights[h] * (AMOUNT_FRAME if h in self.frames else 1.0) for h in hits)
            out["amount"] = (kept, hits)
        return out

    def warm(self) -> None:
        """Embed the examples now, at start-up, rather than during the first question that needs them."""
        self._example_vectors()

    def _example_vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None and self.embedder is not None:
                self._vectors = np.asarray(self.embedder.embed([text for _, text in self.examples]))
            return self._vectors if self._vectors is not None else np.zeros((0, 0))

    def similarities(self, masked: str) -> dict[str, float]:
        """Per ask: the mean cosine similarity of its two closest examples (empty without an embedder).

        Two rather than one, so that a single stray example does not decide.
        """
        if self.embedder is None:
            return {}
        vectors = self._example_vectors()
        query = np.asarray(self.embedder.embed([masked])[0])
        sims = vectors @ query  # unit vectors: dot products are cosines
        by_ask: dict[str, list[float]] = {}
        for (ask, _), similarity in zip(self.examples, sims.tolist(), strict=True):
            by_ask.setdefault(ask, []).append(similarity)
        return {ask: sum(sorted(values)[-2:]) / len(values[-2:]) for ask, values in by_ask.items()}

    def rank(self, words: Sequence[str], masked: str, named: Sequence[tuple[str, str]] = ()) -> list[AskScore]:
        """Every ask, best first; ``named`` are (ask, name) votes of the things the question names."""
        cues = self.cue_scores(words, named)
        base = {ask: cues.get(ask, (0.0, ()))[0] + (AMOUNT_PRIOR if ask == "amount" else 0.0) for ask in ASKS}
        first, second = sorted(base.values(), reverse=True)[:2]
        # when the cue words decide by more than the examples could move and an alternative needs,
        # the examples cannot change the reading: skip encoding the question
        sims = {} if first - second > EXAMPLE_WEIGHT + CLOSE else self.similarities(masked)
        # the examples vote relative to each other: the closest ask gets the full weight, an ask
        # no closer than the average gets nothing (all asks share the trade vocabulary)
        mean = sum(sims.values()) / len(sims) if sims else 0.0
        top = max(sims.values(), default=0.0)
        scored = []
        for ask in ASKS:
            example = EXAMPLE_WEIGHT * max(0.0, sims.get(ask, mean) - mean) / max(1e-6, top - mean) if sims else 0.0
            scored.append(AskScore(ask, base[ask] + example, cues.get(ask, (0.0, ()))[1]))
        return sorted(scored, key=lambda s: -s.score)
