"""Scoring readings against questions written blind: each item names the reading an analyst meant.

An item is ``{"id", "q", "history"?, "reading": [{field: value, ...}, ...]}``; only the fields an
item gives are checked. A question is read right when every expected reading is matched by one
query and no query is left over. A misread is *silent* when the answer still gives figures or
context without a clarifying question, a no-data reply or naming the words it did not use: an
exact answer to another question. Right readings that still name skipped words are counted too:
that note is noise to the analyst.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.periods import Period, parse_period

CHECKED = ("ask", "measure", "commodity", "flow", "reporter", "partners", "periods", "basis", "over", "which", "top")
CHECKED += ("element", "context")


def load_items(path: Path) -> list[dict[str, Any]]:
    """The items of a JSON Lines file (blank lines skipped)."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _same(name: str, expected: Any, got: dict[str, Any]) -> bool:
    value = got.get(name)
    if name in ("partners", "periods"):
        wanted = {x for x in expected if x != "WLD"} if name == "partners" else set(expected)
        have = {x for x in value or () if x != "WLD"} if name == "partners" else set(value or ())
        return wanted == have
    if name == "reporter":
        return (value or "CHN") == expected
    if name == "context":
        return bool(value) == bool(expected)
    if name == "element":
        return str(value or "").lower() == str(expected).lower()
    return value == expected


def _as_pair(reading: dict[str, Any]) -> dict[str, Any]:
    """A change on a year (or month) earlier of one period, written as the two periods it compares.

    "H1 2025 y/y" and "H1 2025 vs H1 2024" are one question with one answer; either spelling matches.
    """
    periods, basis = reading.get("periods") or [], reading.get("basis")
    if reading.get("ask") != "change" or basis not in ("yoy", "mom") or len(periods) != 1:
        return reading
    period = parse_period(periods[0])
    if basis == "mom" and not period.is_month:
        return reading
    base = period.year_earlier() if basis == "yoy" else period.previous()
    return {**reading, "periods": [base.code, period.code], "basis": "periods"}


def _as_window(reading: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """A month judged within a window ("the highest since October"), written as the window's span.

    The month asked about and its window are one question; a writer who gives the window as the
    period means the same reading.
    """
    periods, within = reading.get("periods") or [], reading.get("within")
    if reading.get("ask") != "extreme" or not within or len(periods) != 1:
        return reading
    span = Period(parse_period(within).start, parse_period(periods[0]).end).code
    wanted = [parse_period(p).code for p in expected.get("periods") or []]
    return {**reading, "periods": [span]} if wanted == [span] else reading


def _as_month_rank(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, Any]:
    """The peak month of a span, written as an extreme over the span, is the ranking of its months.

    No one month is judged, so the question is which month of the span was highest (or lowest):
    the ranking of months with that end answers it.
    """
    periods = [parse_period(p) for p in expected.get("periods") or []]
    spans = bool(periods) and not any(p.is_month for p in periods)
    if expected.get("ask") != "extreme" or not spans or (got.get("ask"), got.get("over")) != ("rank", "months"):
        return expected
    return {**expected, "ask": "rank", "over": "months"}


def mismatches(expected: dict[str, Any], got: dict[str, Any], said_missing: bool) -> list[str]:
    """The fields of one expected reading that a produced query gets wrong."""
    if "periods" in expected and "basis" in expected:
        expected, got = _as_pair(expected), _as_pair(got)
    got = _as_window(got, expected)
    expected = _as_month_rank(expected, got)
    wrong = [
        f"{n}: wanted {expected[n]!r}, got {got.get(n)!r}"
        for n in CHECKED
        if n in expected and not _same(n, expected[n], got)
    ]
    for item in expected.get("missing", ()):
        if item not in got.get("missing", ()) and not said_missing:
            wrong.append(f"missing: {item} not said")
    return wrong


@dataclass
class Outcome:
    """One question scored."""

    id: str
    question: str
    right: bool
    silent: bool
    problems: list[str]
    asks: tuple[str, ...]
    unread: tuple[str, ...] = ()


def _per_partner(expected: list[dict[str, Any]], queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A figure for each of several partners ("German and Japanese volumes"), written as one reading.

    A figure for each of several partners is the same question whether it is written as one
    reading with all of them or as one reading each; rankings and why-questions keep theirs together.
    """
    out = []
    for want in expected:
        partners = [p for p in want.get("partners") or [] if p != "WLD"]
        together = any({p for p in q.get("partners") or []} == set(partners) for q in queries)
        if want.get("ask") in ("amount", "change", "trend", "extreme") and len(partners) > 1 and not together:
            out.extend({**want, "partners": [p]} for p in partners)
        else:
            out.append(want)
    return out


def score_item(item: dict[str, Any], queries: list[dict[str, Any]], kind: str, unread: Sequence[str] = ()) -> Outcome:
    """Match the expected readings with the produced queries (greedily, best first).

    ``unread`` are the words the answer says it did not use: a misread that names them is not silent.
    """
    expected = _per_partner(item.get("reading", []), queries)
    said = kind in ("no_data", "clarification", "out_of_scope")
    problems: list[str] = []
    left = list(queries)
    for want in expected:
        scored = sorted(((len(mismatches(want, q, said)), i) for i, q in enumerate(left)), key=lambda t: t[0])
        if not scored:
            problems.append(f"no query for {want}")
            continue
        best, index = scored[0]
        if best:
            problems.append("; ".join(mismatches(want, left[index], said)))
        left.pop(index)
    if not expected and queries and kind not in ("out_of_scope", "clarification"):
        problems.append(f"off-topic question answered as {[q.get('ask') for q in queries]}")
    if expected and left:
        problems.append(f"extra queries {[q.get('ask') for q in left]}")
    right = not problems
    asks = tuple(str(w.get("ask", "?")) for w in expected) or ("off-topic",)
    silent = not right and not said and not unread
    return Outcome(item["id"], item["q"], right, silent, problems, asks, tuple(unread))


@dataclass
class ReadingReport:
    """Scores by question and by ask."""

    outcomes: list[Outcome] = field(default_factory=list)

    def lines(self, verbose: bool = True) -> list[str]:
        """The printed report: totals, by ask, then every miss."""
        n = len(self.outcomes)
        right = sum(o.right for o in self.outcomes)
        silent = sum(o.silent for o in self.outcomes)
        flagged = sum(not o.right and not o.silent and bool(o.unread) for o in self.outcomes)
        noisy = sum(o.right and bool(o.unread) for o in self.outcomes)
        out = [
            f"read right: {right}/{n} ({right / max(n, 1):.1%}); silent misreads: {silent}",
            f"  misreads that name words they skipped: {flagged}; right readings naming skipped words: {noisy}",
        ]
        totals: Counter[str] = Counter()
        oks: Counter[str] = Counter()
        for o in self.outcomes:
            for ask in set(o.asks):
                totals[ask] += 1
                oks[ask] += o.right
        out += [f"  {ask:<10} {oks[ask]:>3}/{totals[ask]:<3}" for ask in sorted(totals)]
        if verbose:
            out += [
                f"MISS{' (silent)' if o.silent else ''} {o.id}: {o.question!r}: {' | '.join(o.problems)}"
                + (f" | not used: {', '.join(o.unread)}" if o.unread else "")
                for o in self.outcomes
                if not o.right
            ]
        return out


Read = Callable[[str, list[str]], tuple[list[dict[str, Any]], str, tuple[str, ...]]]


def asking(assistant: Any) -> Read:
    """Read questions through an assistant's ``ask``, history turns first, as users ask them."""

    def read(question: str, history: list[str]) -> tuple[list[dict[str, Any]], str, tuple[str, ...]]:
        past: list[Any] = []
        for turn in history:
            past.append(assistant.ask(turn, past))
        answer = assistant.ask(question, past)
        if answer.reading is None:
            return [], answer.kind, ()
        return [q.to_json() for q in answer.reading.queries], answer.kind, answer.reading.unread

    return read


def score(items: Iterable[dict[str, Any]], read: Read) -> ReadingReport:
    """Score every item; ``read(question, history)`` gives (query dicts, answer kind, unread words)."""
    report = ReadingReport()
    for item in items:
        report.outcomes.append(score_item(item, *read(item["q"], list(item.get("history", [])))))
    return report
