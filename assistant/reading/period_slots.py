"""Filling a query's periods: by ask, from the periods and events a question names.

Two periods compare; a "since" span runs to the latest month; ends written as words ("between May
and June", "Jun to Jul") are the periods a change compares; a window beside a judged month ("the
lowest since 2023") is kept as the window it is judged over; a price at "the end of 2025" is the
quote of its last day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from assistant import prompts
from assistant.reading.check import Coverage
from assistant.reading.clauses import Clause
from assistant.reading.intents import has_any
from assistant.reading.vocabulary import Vocabulary, phrase_key
from tools.period_chart import grain_of
from tools.period_words import PeriodMention
from tools.periods import Period, parse_period

if TYPE_CHECKING:
    from assistant.reading.parsed import Parsed
    from assistant.reading.slot_values import Slots


def fill_periods(
    slots: Slots,
    parsed: Parsed,
    clause: Clause,
    vocab: Vocabulary,
    coverage: Coverage,
    words: list[str],
    moved: bool = False,
) -> None:
    """Set ``slots.period_sets`` (and basis, window, assumptions) for the clause's ask.

    ``moved``: the question also asks how the figure moved ("how did the share change between
    2013 and 2021"): a share's two written ends are compared.
    """
    mentions = [p for p in parsed.periods if clause.holds(p.start)] or list(parsed.periods)
    if slots.ask == "change" and mentions and all(is_base(p, parsed, vocab) for p in mentions):
        # "... in July 2025 and the change on June": the clause names only the base
        targets = [p for p in parsed.periods if p not in mentions and not is_base(p, parsed, vocab)]
        mentions = targets[:1] + mentions
    latest = coverage.latest_month(slots.commodities[0] if slots.commodities else "magnets")
    windows = event_windows(parsed, words, latest, vocab) if slots.ask not in ("events", "controls") else []
    if windows:
        # "the three months after the April controls against the three before, within 2025": the
        # windows replace the event's date, the months counted and the year that bounds them
        lo, hi = min(w.start for w in windows), max(w.end for w in windows)
        mentions = [
            p
            for p in mentions
            if not (lo <= p.start < hi)
            and not (p.period is not None and any(p.period.contains(w.period) for w in windows if w.period))
        ] + windows
    for named in [] if windows else event_periods(parsed, words, latest, slots.ask):
        # "since the April controls": the month inside the event's name is not a period of its own
        inside = [p for p in mentions if named.start <= p.start < named.end]
        own = [p for p in mentions if p.role == "plain" and p.period is not None and p not in inside]
        if named.role == "since" and own:
            mentions = [p for p in mentions if p not in inside]  # "in July, after the April controls": a scene
            continue
        mentions = [p for p in mentions if p.role != named.role and p not in inside]
        mentions.append(named)
    if slots.measures == ["price"]:
        mentions = [_quote_day(p) for p in mentions]
    slots.assumptions.extend(p.note for p in mentions if p.note)
    if mentions:
        slots.given.add("periods")
    absolute = [p for p in mentions if p.period is not None and p.role not in ("year_earlier", "month_earlier")]
    anaphora = [p for p in mentions if p.role in ("year_earlier", "month_earlier")]
    # a clause that names its own basis keeps it ("m/m in March and what was the yoy?")
    yoy = clause.basis == "yoy" or (not clause.basis and has_any(words, vocab.words("basis", "yoy")))
    yoy = yoy or any(p.role == "year_earlier" and p.period is None for p in anaphora)
    ask = slots.ask
    slots.since = any(p.role == "since" for p in absolute)
    periods = [p.period for p in absolute if p.period is not None]
    if len(absolute) > 1 and ask in ("change", "amount"):
        # "in July after June": a "since" beside another period is the month it starts from
        periods = [_anchor(p) if p.role == "since" else p.period for p in absolute if p.period is not None]
    ends = next((p.parts for p in absolute if p.role == "range" and len(p.parts) == 2 and _written_ends(p)), ())
    if ask == "share" and moved and (ends or len(periods) == 2):
        # "by how many points did Japan's share fall between 2013 and 2021": the share at each end
        pair = (ends[1], ends[0]) if ends else tuple(sorted(periods, key=lambda p: p.start, reverse=True))
        slots.period_sets, slots.basis = [pair], "periods"
        return
    if ask == "change":
        if ends and not yoy:
            slots.period_sets, slots.basis = [(ends[1], ends[0])], "periods"
        elif len(periods) >= 2:
            ordered = sorted(periods, key=lambda p: p.start, reverse=True)
            slots.period_sets, slots.basis = [tuple(ordered)], "periods"
        elif periods and any(p.role == "since" for p in absolute):
            slots.period_sets, slots.basis = [(periods[0],)], "periods"
        else:
            period = periods[0] if periods else _latest(slots, latest)
            monthly = period.is_month or period.kind == "day"
            slots.basis = "yoy" if yoy else ("mom" if monthly else ("" if slots.measures == ["price"] else "yoy"))
            if anaphora and anaphora[0].period is not None and anaphora[0].role == "year_earlier" and periods:
                slots.basis = "yoy"
            slots.period_sets = [(period,)]
        return
    if ask in ("rank", "extreme"):
        judged = [p for p in absolute if p.role != "since" and p.period is not None]
        window = next((p.period for p in absolute if p.role == "since" and p.period is not None), None)
        first = judged[0].period if judged else None
        if first is not None and (ask == "extreme" or first.is_month):
            # "the lowest since 2023": the month judged, then the window it is judged over
            if window is not None and window.start < first.start:
                slots.within = Period(window.start, first.end)
            slots.period_sets = [(first,)]
        elif periods:
            slots.period_sets = [(periods[0],)]
        else:
            slots.period_sets = [(_latest(slots, latest),)]
        return
    if ask == "trend":
        if periods:
            first = periods[0]
            window = Period(first.start, latest.end) if first.is_month and len(periods) == 1 else first
            if len(periods) >= 2:
                window = Period(min(p.start for p in periods), max(p.end for p in periods))
            slots.period_sets = [(window,)]
        else:
            slots.period_sets = [(Period(latest.shift_months(-11).start, latest.end),)]
            slots.assumptions.append(prompts.ASSUMED_WINDOW.format(latest=latest.label))
        return
    if ask in ("events", "controls", "context"):
        if len(periods) > 1:  # "why did exports fall in April and May": the span they cover
            periods = [Period(min(p.start for p in periods), max(p.end for p in periods))]
        slots.period_sets = [(periods[0],)] if periods else [()]
        return
    # "in 2025 and the year before": an anaphora resolved in the question is one more period asked
    periods += [p.period for p in anaphora if p.period is not None]
    if not periods:
        periods = [_latest(slots, latest)]
    if len(periods) > 1 and has_any(words, vocab.words("combining")) and _adjoining(periods):
        # "jan and feb 2026 combined" is one span; "August and October combined" a sum of two
        periods = [Period(min(p.start for p in periods), max(p.end for p in periods))]
    slots.period_sets = [(p,) for p in dict.fromkeys(periods)]


def _adjoining(periods: list[Period]) -> bool:
    """True when the periods, in time order, leave no gap between them."""
    ordered = sorted(periods, key=lambda p: p.start)
    return all((b.start - a.end).days <= 1 for a, b in zip(ordered, ordered[1:], strict=False))


def is_base(mention: PeriodMention, parsed: Parsed, vocab: Vocabulary) -> bool:
    """A period written after a base word ("on June", "from May", "than in January")."""
    before = [t.norm for t in parsed.tokens if t.end <= mention.start][-3:]
    return any(
        tuple(before[len(before) - len(key) :]) == key or tuple(before[len(before) - len(key) - 1 : -1]) == key
        for key in (phrase_key(w) for w in vocab.words("base_words"))
        if key and len(before) >= len(key)
    )


def _anchor(mention: PeriodMention) -> Period:
    """The month a "since" or "after" span is counted from ("after June" starts in July: June)."""
    assert mention.period is not None
    start = Period.month(mention.period.start.year, mention.period.start.month)
    return start.shift_months(-1) if mention.text.lower().startswith(("after", "following")) else start


def _written_ends(mention: PeriodMention) -> bool:
    """A range whose ends are words of their own ("between May and June", "from May to June", "Jun to Jul").

    In a change question such ends are the two periods compared; a dashed span ("Jan–Jul") is one period.
    """
    text = mention.text.lower()
    return text.startswith(("between", "from")) or any(f" {w} " in text for w in ("to", "through", "thru"))


def _quote_day(mention: PeriodMention) -> PeriodMention:
    """A price at "the end of 2025" is the year's last quote: its last day, not all of December."""
    p = mention.period
    if p is None or not p.is_month or not mention.text.lower().removeprefix("the ").startswith("end"):
        return mention
    return replace(mention, period=Period.day(p.end), grain="day")


def _latest(slots: Slots, latest: Period) -> Period:
    slots.assumptions.append(prompts.ASSUMED_PERIOD.format(latest=latest.label))
    return latest


_BEFORE = frozenset({"before", "prior", "pre", "ahead", "preceding"})
_AFTER = frozenset({"after", "following", "since", "post", "once"})
_SPANS = {"month": 1, "months": 1, "quarter": 3, "quarters": 3, "year": 12, "half": 6}


def event_windows(parsed: Parsed, words: list[str], latest: Period, vocab: Vocabulary) -> list[PeriodMention]:
    """The spans before and after an event, in whole months, when the question counts from it.

    "The three months after the April controls", "the month before and the month after the Busan
    summit", "before the 4 April controls compared with after them, within 2025". The event's
    month counts as after it when it came in the first half of the month, else the next month
    does. Uncounted, the span after runs to the latest month (or the end of a year named), and the
    one before is as long (or starts with that year).
    """
    anchor = _anchor_event(parsed, words, vocab)
    if anchor is None:
        return []
    first, last, day = anchor
    near = {i: w for i, w in enumerate(words) if first - 4 <= i < first and (w in _BEFORE or w in _AFTER)}
    if not near:
        return []
    sides = {("before" if w in _BEFORE else "after"): i for i, w in near.items()}
    for i, w in enumerate(words):  # "before X compared with after them": the other side, anywhere
        side = "before" if w in _BEFORE else "after" if w in _AFTER else ""
        if side and side not in sides and (i >= last or w in ("before", "after")):
            sides[side] = i
    starts = Period.month(day.year, day.month) if day.day <= 15 else Period.month(day.year, day.month).shift_months(1)
    bound = next(
        (p.period for p in parsed.periods if p.period is not None and p.grain == "year" and p.role == "plain"), None
    )
    counted = {side: _counted(words, at, vocab) for side, at in sides.items()}
    anchor_span = (parsed.tokens[first].start, parsed.tokens[last - 1].end)
    own = [
        p
        for p in parsed.periods
        if p.period is not None
        and p.role == "plain"
        and p.period != bound
        and not (p.start < anchor_span[1] and anchor_span[0] < p.end)  # the event's own date
    ]
    if own and not any(counted.values()):
        return []  # "in July 2025, after the April controls": the event only sets the scene
    end = min(latest.end, bound.end) if bound is not None and bound.contains(starts) else latest.end
    after = (
        Period(starts.start, starts.shift_months(counted["after"] - 1).end)
        if counted.get("after")
        else Period(starts.start, end)
    )
    if starts.start > latest.end:
        return []
    out: list[tuple[str, Period]] = []
    if "before" in sides:
        stop = starts.shift_months(-1)
        n = counted["before"] or (
            (stop.end.year - bound.start.year) * 12 + stop.end.month - bound.start.month + 1
            if bound is not None and bound.contains(stop)
            else after.month_count
        )
        out.append(("before", Period(stop.shift_months(1 - n).start, stop.end)))
    if "after" in sides:
        out.append(("after", after))
    if not out or (len(sides) == 1 and not any(counted.values())):
        return []  # "exports before the controls" alone says no span; "after" alone runs to the latest month
    lo = min(at - (2 if counted[side] else 0) for side, at in sides.items())
    start = min(parsed.tokens[lo].start, parsed.tokens[first].start)
    stop_at = max(parsed.tokens[last - 1].end, parsed.tokens[max(sides.values())].end)
    text = parsed.text[parsed.tokens[first].start : parsed.tokens[last - 1].end]
    when = "early" if day.day <= 15 else "late"
    return [
        PeriodMention(
            start,
            stop_at,
            text,
            span,
            grain_of(span),
            f"event_{side}",
            note=f"“{side} {text}” read as {span.label}: it came {when} in {Period.month(day.year, day.month).label}.",
        )
        for side, span in out
    ]


def _anchor_event(parsed: Parsed, words: list[str], vocab: Vocabulary) -> tuple[int, int, date] | None:
    """The first event the question names, by name or by its day and kind ("the April 4 2025 controls")."""
    for m in parsed.mentions:
        value = m.value("event")
        if value and len(str(value)) == 10:
            return m.first, m.last, date.fromisoformat(str(value))
    kinds = {str(w) for ws in (vocab.lexicon.get("event_kinds") or {}).values() for w in ws}
    for p in parsed.periods:  # a month names the event too: its month counts as after it
        if p.period is None or p.grain not in ("day", "month"):
            continue
        at = next((i for i, t in enumerate(parsed.tokens) if t.start >= p.end), None)
        kind = (
            next((i for i in range(at, min(at + 3, len(words))) if words[i] in kinds), None) if at is not None else None
        )
        if kind is not None:
            first = next(i for i, t in enumerate(parsed.tokens) if t.start >= p.start)
            return first, kind + 1, p.period.start
    return None


def _counted(words: list[str], at: int, vocab: Vocabulary) -> int:
    """The months counted before a time word: "the three months after", "the month before", "the quarter after"."""
    numbers = vocab.lexicon.get("numbers") or {}
    span = words[at - 1] if at >= 1 else ""
    if span not in _SPANS:
        return 0
    size = _SPANS[span]
    count = words[at - 2] if at >= 2 else ""
    n = int(count) if count.isdigit() and len(count) <= 2 else int(numbers.get(count, 1))
    return max(1, min(n * size, 36))


def event_periods(parsed: Parsed, words: list[str], latest: Period, ask: str) -> list[PeriodMention]:
    """Periods that events name.

    "since the April controls" runs to the latest month; "between the Geneva truce and the London
    talks" from one to the other; asking what happened "at the Busan summit" names its day.
    """
    # figures are monthly, so a figure ask takes the events' months; an events ask their days
    named = [
        (m, parse_period(v) if ask == "events" else Period.month(int(v[:4]), int(v[5:7])))
        for m in parsed.mentions
        if (v := m.value("event"))
    ]
    for (a, first), (b, last) in zip(named, named[1:], strict=False):
        opened = words[max(0, a.first - 2) : a.first]
        if "between" in opened and "and" in words[a.last : b.first] and first.start <= last.start:
            text = parsed.text[a.start : b.end]
            span = Period(first.start, last.end)
            note = f"“{text}” read as {span.label}."
            return [PeriodMention(a.start, b.end, text, span, grain_of(span), "range", note=note)]
    for mention, start in named:
        before = words[max(0, mention.first - 2) : mention.first]
        if any(w in ("since", "after", "following") for w in before) and start.start <= latest.end:
            span = Period(start.start, latest.end)
            note = f"“{mention.text}” read as {start.label} to {latest.label}, the latest month in the data."
            return [PeriodMention(mention.start, mention.end, mention.text, span, "months", "since", note=note)]
    if ask == "events" and len(named) == 1 and not parsed.periods:
        mention, when = named[0]  # its day when the events table has one
        note = f"“{mention.text}” read as {when.label}, when it took place."
        return [PeriodMention(mention.start, mention.end, mention.text, when, grain_of(when), "plain", note=note)]
    return []
