"""Cutting a question into clauses, each with the ask its own words make.

"The total in August plus the top 3 destinations" is two asks; "exports and imports in Q1" is
one ask about two flows (the slots multiply it out), so a clause counts as an ask of its own only
when its own cue words say so, or when it names goods and a period by itself.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.reading.intents import IntentModel, has_any
from assistant.reading.vocabulary import Vocabulary, phrase_key

if TYPE_CHECKING:
    from assistant.reading.parsed import Parsed

OWN_ASK = 2.0  # the weight of cues that make a clause an ask of its own


@dataclass(frozen=True)
class Clause:
    """A part of a question with an ask of its own (tokens ``first`` to ``last``)."""

    parsed: Parsed
    ask: str | None
    first: int
    last: int
    basis: str = ""  # "mom" or "yoy" when the clause's own words name one
    which: str = ""  # "lowest" or "highest" when the clause's own words name one
    complete: bool = False  # it names goods and a period of its own: a question by itself

    @property
    def key(self) -> tuple[str | None, str, str]:
        """What makes two clauses two asks: their ask, basis ("the m/m ... and the yoy") or superlative."""
        return self.ask, self.basis, self.which

    def holds(self, start: int) -> bool:
        """True when a character offset lies inside this clause."""
        toks = self.parsed.tokens
        if not toks:
            return True
        lo = toks[self.first].start if self.first < len(toks) else len(self.parsed.text)
        hi = toks[self.last - 1].end if self.last - 1 < len(toks) else len(self.parsed.text)
        return lo <= start <= hi


def cue_words(parsed: Parsed, vocab: Vocabulary, intents: IntentModel) -> tuple[list[str], list[tuple[int, str, str]]]:
    """The words cues are read from, and the votes of the events and measures the question names.

    The words of an event's name are its name, not cues ("licences" in "the general licences"):
    they are blanked, and the name votes once (at its first word) for the controls ask when it
    names a measure, else for the events ask. A name that is itself a cue ("no. 1") is read as
    the cue, and a name after a time word ("since the April controls") only dates the question.
    """
    # the scene's words set it, they do not ask: "After the controls were suspended, ..."
    words = ["" if t.start < parsed.scene else t.norm for t in parsed.tokens]
    named: list[tuple[int, str, str]] = []
    anchor = -1  # where the last name used as a time ends: "between the Geneva truce and the London talks"
    for m in parsed.mentions:
        if not m.has("event") or intents.is_cue(words[m.first : m.last]):
            continue
        words[m.first : m.last] = [""] * (m.last - m.first)
        before = [w for w in parsed.words[max(0, m.first - 2) : m.first] if w != "the"][-1:]
        gap = set(parsed.words[anchor : m.first]) if anchor >= 0 else {"-"}
        if set(before) & vocab.words("time_words") or gap <= {"and", "the"}:
            anchor = m.last
        else:
            named.append((m.first, "controls" if m.has("measure") else "events", m.text))
    _unname_dates(parsed, vocab, words)
    _unname_purposes(vocab, words)
    return words, named


_DETERMINERS = frozenset({"a", "an", "the", "my", "our", "this", "their", "your"})


def _unname_purposes(vocab: Vocabulary, words: list[str]) -> None:
    """Blank what the user is making: "for (my | the outlook) chart", "chart annotation"."""
    outputs, labels = vocab.words("purposes", "outputs"), vocab.words("purposes", "labels")
    for i, word in enumerate(words):
        if word in outputs and i + 1 < len(words) and words[i + 1] in labels:
            words[i : i + 2] = ["", ""]
        if word != "for":
            continue
        j = i + 1 + (i + 1 < len(words) and words[i + 1] in _DETERMINERS)
        # one describing word may stand before the output: "for the outlook table"
        end = next((k for k in (j, j + 1) if k < len(words) and words[k] in outputs), None)
        if end is not None:
            words[i : end + 1] = [""] * (end + 1 - i)


_DATE_FILLERS = frozenset({"the", "its", "china's", "chinas", "chinese", "new", "latest", "first", ""})


def _unname_dates(parsed: Parsed, vocab: Vocabulary, words: list[str]) -> None:
    """Blank the words of a policy described after a time word, as a named event's are.

    "After the April 2025 export controls" dates the question; it does not ask about the controls.
    """
    longest = sorted(
        {key for ask in ("controls", "events") for key, _ in vocab.keys("asks", ask)}, key=len, reverse=True
    )
    dated = {i for i, t in enumerate(parsed.tokens) if any(p.start <= t.start < p.end for p in parsed.periods)}
    for i, word in enumerate(parsed.words):
        if word not in vocab.words("time_words"):
            continue
        j = i + 1
        while j < len(words) and (words[j] in _DATE_FILLERS or j in dated) and j - i <= 5:
            j += 1
        found = next((c for c in longest if tuple(words[j : j + len(c)]) == c), None)
        if found is not None and j > i + 1:
            words[j : j + len(found)] = [""] * len(found)


def split_clauses(parsed: Parsed, vocab: Vocabulary, intents: IntentModel) -> list[Clause]:
    """The question cut at joining words; each part with the ask its own words make, if any."""
    words = parsed.words
    cue_text, named = cue_words(parsed, vocab, intents)
    joiners = {tuple(phrase_key(j)) for j in vocab.words("joiners")}
    cuts = [0]
    inside_names = {i for m in parsed.mentions for i in range(m.first + 1, m.last)}
    between = False  # "between the 11 July quote and the 19 August quote" is one span
    toks = parsed.tokens
    starts = {i for i, t in enumerate(toks) for p in parsed.periods if t.start == p.start}
    ends = {i for i, t in enumerate(toks) for p in parsed.periods if t.end == p.end}
    for i in range(1, len(words)):
        if i in inside_names:
            continue  # "magnet powder and alloys" is one name, not two asks
        if words[i] in ("and", "&", "+") and i - 1 in ends and i + 1 in starts:
            continue  # "in August and October 2025" is one list of periods
        between = between or words[i - 1] == "between"
        if between and words[i] == "and":
            between = False
            continue
        if any(tuple(words[i : i + len(j)]) == j for j in joiners if j):
            cuts.append(i)
    cuts.append(len(words))
    flows = vocab.words("flows", "export") | vocab.words("flows", "import")
    clauses = []
    for first, last in itertools.pairwise(cuts):
        part = words[first:last]
        scores = intents.cue_scores(cue_text[first:last], [(a, n) for i, a, n in named if first <= i < last])
        best = max(scores.items(), key=lambda kv: kv[1][0], default=None)
        ask = best[0] if best and best[1][0] >= OWN_ASK else None
        basis = next((b for b in ("mom", "yoy") if has_any(part, vocab.words("basis", b))), "")
        which = next((w for w in ("lowest", "highest") if has_any(part, vocab.words("which", w))), "")
        clause = Clause(parsed, ask, first, last, basis, which)
        names = [m for m in parsed.mentions if first <= m.first < last and m.has("commodity")]
        dated = [p for p in parsed.periods if clause.holds(p.start)]
        if ask is None and (names or set(part) & flows) and dated:
            clause = Clause(parsed, "amount", first, last, basis, which)
        if names and dated:
            clause = replace(clause, complete=True)
        if clauses and best and _of_the_figure_before(parsed, clause, clauses, best[1][1], vocab):
            clause = replace(clause, ask=None)
        clauses.append(clause)
    return clauses


def _of_the_figure_before(
    parsed: Parsed, clause: Clause, before: list[Clause], cues: tuple[str, ...], vocab: Vocabulary
) -> bool:
    """True when a clause only asks the size of what the clause before it asks.

    It names nothing of its own, and either points back with a pronoun after a clause whose answer
    states the figure ("the peak month in 2025, and how big was it?"), or only asks how far apart
    the figures compared before it are ("did the US get more than the EU, and by how much?").
    """
    part = parsed.words[clause.first : clause.last]
    own = any(clause.first <= m.first < clause.last for m in parsed.mentions)
    if own or any(clause.holds(p.start) for p in parsed.periods):
        return False
    pronouns = {w for w in vocab.words("refers_back", "pronouns") if " " not in w}
    told = clause.ask == "amount" and any(c.ask in ("rank", "extreme", "amount") for c in before)
    comparing = vocab.words("comparison_words") | vocab.words("operators", "by_how_much")
    return (told and bool(set(part) & pronouns)) or (bool(cues) and set(cues) <= comparing)
