"""A figure asked in a document's own words: "how big are the sales-linked incentives under the REPM scheme?".

No measure or name the reader knows may stand for what a document calls a scheme's incentives or
a plant's first phase, yet the sentence that states the figure uses the question's own words. A
statement answers only when its sentence holds every distinctive word of the question (a name,
an acronym, a hyphenated term) and most of the others; its figure is the one written nearest
after those words, in a unit the question allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

from assistant.stated import unit_dimension
from assistant.stated_answers import Statement

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_MOST = 0.6  # the share of the question's other content words a sentence must hold
# what a question asks a figure in, by the words it uses
_UNITS = (
    (re.compile(r"\b(?:tonnes?|tons?|t/yr|kt|kilograms?|kg)\b|\bhow much\b(?!\s+(?:money|revenue))", re.I), ("t",)),
    (re.compile(r"%|\bper ?cent|\bpercentage\b|\bshare\b", re.I), ("pct",)),
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def _bare(word: str) -> str:
    return re.sub(r"['’]s?$", "", word)  # "IREL's", "Neo'"


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    """A word's stem: "designed" and "design", "IREL's" and "IREL" are one."""
    return _stemmer().stemWord(_bare(word).lower())


def _distinctive(word: str, first: bool) -> bool:
    """A name, an acronym or a compound: "IREL", "REPM", "Narva", "sales-linked"; not "How" opening the question."""
    bare = _bare(word)
    return "-" in bare or any(c.isupper() for c in bare[1:]) or (bare[:1].isupper() and not first)


def worded(
    question: str,
    statements: Sequence[Statement],
    frame: Iterable[str],
    ignore: Iterable[str] = (),
    dimension: str = "",
    must: Iterable[str] = (),
) -> Statement | None:
    """The stated figure whose sentence says what the question asks in the same words, or None.

    ``frame``: the words that carry no content in a question about a figure ("how", "the", "value");
    ``ignore``: words that name whom the question cites rather than what it asks ("Per Fenwick Lyle");
    ``dimension``: what the measure the question names is counted in ("mass" for a capacity), if any;
    ``must``: words the sentence must hold besides (those a reading of the question left unused).
    """
    skipped = {_key(w) for name in ignore for w in _WORD.findall(name)}
    words = [(m.group(0), m.start()) for m in _WORD.finditer(question)]
    frame = {_key(w) for w in frame}
    terms = [(w, at) for w, at in words if _key(w) not in frame | skipped]
    written = {_bare(w).lower() for w, at in terms if _distinctive(w, at == words[0][1])}
    rare = {_key(w) for w in written}
    common = {_key(w) for w, _ in terms} - rare
    if not rare:
        return None  # without a name or a term of its own, the reader's vocabulary reads the question
    needed = {_key(w) for w in must}
    units = next((allowed for pattern, allowed in _UNITS if pattern.search(question)), ())
    best: tuple[tuple[int, int], Statement] | None = None
    lowered: dict[str, str] = {}
    for statement in statements:
        passage = statement.passage
        text = lowered.setdefault(passage.chunk_id, passage.text.lower())
        if not all(word in text for word in written):
            continue  # a passage that never writes the name cannot hold it
        sentence = statement.quote()
        found = list(_WORD.finditer(sentence))
        keys = [(_key(m.group(0)), m.end()) for m in found]
        held = {k for k, _ in keys} | {_key(part) for m in found for part in m.group(0).split("-")}
        # a name may stand earlier in the paragraph ("Neo opened its Narva plant ... The first phase is ..."),
        # unless the sentence names someone else: then it is about them
        names = {_key(m.group(0)) for m in found if _distinctive(m.group(0), m.start() == 0)}
        named = held if names - rare - common else held | _paragraph_keys(statement)
        if not rare | needed <= named or len(common & held) < _MOST * len(common):
            continue
        at = _at_in_sentence(statement, sentence)
        if named is held and not any(k in rare and end <= at for k, end in keys):
            continue  # the names asked about come after the figure: it is someone else's
        if units and statement.record.unit not in units:
            continue
        if dimension not in ("", "any") and unit_dimension(statement.record.unit) != dimension:
            continue  # "the annual capacity of ...": never the money spent on it
        # the figure nearest after the question's words: "produces about 500 tonnes of NdPr oxide"
        before = [end for k, end in keys if k in named & (rare | common) and end <= at]
        if at < 0 or not before:
            continue
        rank = (len(common & held), -(at - max(before)))
        if best is None or rank > best[0]:
            best = (rank, statement)
    return best[1] if best else None


def _paragraph_keys(statement: Statement) -> set[str]:
    """The words of the figure's paragraph up to the figure."""
    text = statement.passage.text
    at = max(0, statement.record.start - statement.passage.start)
    start = text.rfind("\n\n", 0, at) + 1
    return {_key(m.group(0)) for m in _WORD.finditer(text, start, at)}


def _at_in_sentence(statement: Statement, sentence: str) -> int:
    """Where the figure is written in its sentence, or -1."""
    text = statement.passage.text
    at = statement.record.start - statement.passage.start
    written = text[at : at + max(1, statement.record.end - statement.record.start)]
    flat = re.sub(r"\s+", " ", written)
    return sentence.find(flat) if flat else -1
