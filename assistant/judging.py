"""Judging answers to questions written outside the reader's schema, end to end.

Each item carries the figures a right answer states (an answer key computed by its writer from
the data) and the figures a plausible misreading would give. An answer passes when every
expected figure is in its first paragraph and no misreading's figure is anywhere in it. A
question the data cannot answer passes when the first paragraph says so. The reading is never
scored: many readings give the same answer, and a reading labelled in one schema can only
hold questions that schema can express.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.verify import Number, numbers_in

# what a first paragraph says when it cannot answer as asked
_LIMIT = re.compile(
    r"\b(?:cannot|can't|can ?not|no (?:reported |monthly )?figures?|not (?:held|hold|in the data)|holds? no|"
    r"missing|no exchange rate|no sourced|not computed|isn't|is not|lacks?|no data|no document (?:I hold )?states)\b",
    re.I,
)


@dataclass(frozen=True)
class Verdict:
    """Whether one answer passes, and why not."""

    item: str
    ok: bool
    reasons: tuple[str, ...] = ()
    other_question: bool = False  # the first paragraph states a misreading's figure as its answer


_SCALES = {"thousand": 1e3, "kt": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "crore": 1e7, "lakh": 1e5}
_BRACKETS = re.compile(r"\([^()]*\)")


def _own_words(text: str) -> str:
    """The answer's own statements: not the inputs it shows in brackets, the sources' quoted words or its caveats.

    "748 t (5,473 t against 4,725 t)" shows its inputs; a context passage quoting "exports rose
    15.8% to 5,473 t" is a source speaking; a caveat that two sources disagree on an input names
    both. None of them is the answer stating another question's figure.
    """
    own = re.sub(r"\*\*(?:Context|Caveats)\*\*.*?(?=\*\*(?:Context|Caveats)\*\*|\Z)", " ", text, flags=re.S)
    while True:
        cut = _BRACKETS.sub(" ", own)
        if cut == own:
            return own
        own = cut


def first_paragraph(text: str) -> str:
    """The answer's lead: everything before its first blank line."""
    return text.strip().split("\n\n", 1)[0]


def _matches(number: Number, wanted: float, relative: float) -> bool:
    written = abs(number.value)
    wanted = abs(wanted)
    step = 0.5 * 10 ** (-number.decimals) * number.scale
    return abs(written - wanted) <= step + 1e-9 or abs(written - wanted) <= relative * max(wanted, 1e-9)


def states(text: str, wanted: float, *, relative: float = 0.005) -> bool:
    """True when ``text`` writes the figure, to its own rounding (or within ``relative``)."""
    return any(_matches(n, wanted, relative) for n, _, _ in numbers_in(text))


def judge(item: dict[str, Any], text: str, *, strict: bool = False) -> Verdict:
    """The verdict on one answer's text.

    A misreading's figure fails the answer wherever the answer states it as its own (see
    ``_own_words``); ``strict`` counts it anywhere in the text, inputs and caveats included.
    """
    lead = first_paragraph(text)
    reasons: list[str] = []
    for exp in item.get("expect", []):
        scale = next((size for word, size in _SCALES.items() if word in str(exp.get("unit", "")).lower()), 1.0)
        values = [v * scale for v in (exp["value"], *exp.get("alts", []))]
        where = text if item.get("limit") else lead
        if not any(states(where, v) for v in values):
            reasons.append(f"missing {exp['value']} {exp.get('unit', '')} ({exp.get('what', '')})")
    told = text if strict else _own_words(text)
    led = _own_words(lead)
    other = False
    for wrong in item.get("wrong", []):
        if states(told, wrong["value"], relative=0.0):
            reasons.append(f"states {wrong['value']} ({wrong.get('what', '')})")
        other = other or states(led, wrong["value"], relative=0.0)
    if item.get("limit"):
        words = [w.lower() for w in item.get("limit_words", [])]
        if not (_LIMIT.search(lead) or any(w in lead.lower() for w in words)):
            reasons.append("first paragraph does not say what cannot be answered")
    return Verdict(str(item.get("id", "")), not reasons, tuple(reasons), other)


@dataclass
class Score:
    """Verdicts over a set."""

    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def passed(self) -> int:
        """How many answers passed."""
        return sum(v.ok for v in self.verdicts)

    def summary(self) -> str:
        """The score in words: 31/40 (77.5%), and how many first paragraphs answer another question."""
        n = len(self.verdicts)
        other = sum(v.other_question for v in self.verdicts)
        return (
            f"{self.passed}/{n} ({100 * self.passed / n:.1f}%); {other} lead with another question's figure"
            if n
            else "0/0"
        )


def load_items(path: Path) -> list[dict[str, Any]]:
    """The items of a JSON-lines set."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score(
    items: Iterable[dict[str, Any]], answer: Callable[[str], str], *, strict: bool = False
) -> tuple[Score, dict[str, str]]:
    """Every item judged on ``answer``'s text; the texts too, for reading the misses."""
    out, texts = Score(), {}
    for item in items:
        text = answer(item["q"])
        texts[str(item["id"])] = text
        out.verdicts.append(judge(item, text, strict=strict))
    return out, texts
