"""The planner of the embedded default: a question (and the previous turn) in, a typed plan out.

No model is involved: intent words, entities and periods are read by rules, absolute and
relative ("last month" is the latest month in the data, "since the April controls" runs from
April 2025 to that month). Follow-ups ("And Germany?", "What about a year earlier?") start from
the previous plan. Anything that cannot be resolved becomes a clarifying question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant import prompts
from assistant.entities import find_commodity, find_partners, find_periods
from tools.periods import Period

Intent = Literal[
    "value",
    "change",
    "total",
    "ranking",
    "share",
    "trend",
    "extreme",
    "price",
    "why",
    "timeline",
    "compare",
    "context",
]
FIGURE_INTENTS = {"value", "change", "total", "ranking", "share", "trend", "extreme", "price", "compare"}


@dataclass(frozen=True)
class Plan:
    """What to compute and what to look up for one question."""

    intent: Intent
    commodity: str = "magnets"
    partners: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    basis: str = "mom"
    which: Literal["highest", "lowest"] = "highest"
    top: int = 5
    flow: Literal["export", "import"] = "export"
    wants_context: bool = False
    search: str = ""
    assumptions: tuple[str, ...] = ()
    commodity_given: bool = True

    @property
    def period(self) -> Period | None:
        """The main period (the last one named)."""
        return self.periods[-1] if self.periods else None


@dataclass(frozen=True)
class Clarify:
    """A question back to the user, with the choices to pick from."""

    message: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refuse:
    """An honest short reply for what the assistant does not answer.

    ``fallback`` is the plan to use instead when the articles turn out to cover the question
    (the words alone did not show it was about the rare-earth trade).
    """

    message: str
    kind: Literal["out_of_scope", "empty"] = "out_of_scope"
    fallback: Plan | None = None


@dataclass(frozen=True)
class PlanningContext:
    """What the planner needs to know about the data.

    The latest month of each series, and the months that named events fall in.
    """

    latest: dict[str, Period]
    anchors: dict[str, Period] = field(default_factory=dict)

    def latest_month(self, commodity: str) -> Period:
        """The latest month with data for the commodity (magnets when it has none)."""
        return self.latest.get(commodity) or self.latest.get("magnets") or Period.month(2026, 3)


# -- words ------------------------------------------------------------------------------------
_DOMAIN = re.compile(
    r"rare[- ]?earth|magnet|export|import|shipment|shipped|ship|dysprosium|terbium|prnd|ndpr|neodymium|"
    r"praseodymium|yttrium|samarium|gadolinium|lutetium|scandium|holmium|erbium|thulium|europium|"
    r"ytterbium|\bree|china|chinese|beijing|tariff|licen[cs]|control|truce|summit|customs|mofcom|"
    r"oxide|recycl|urban mining|critical raw|crma|stockpil|strategic reserve|value chain|"
    r"destination|buyer|mining|processing|lynas|mp materials|announcement|automaker|car plant|"
    r"trade|\belements?\b|\bores?\b|concentrate|rebound|surge|slump|plunge|shipments|geneva|busan|automak|"
    r"car ?makers?|car plants?|stoppage",
    re.I,
)
_WHY = re.compile(
    r"\b(why|what caused|cause[sd]?|reason|explain|because|behind|drove|driven|"
    r"what happened|how come|lead to|led to|impact|effect|affect|mean for|significance|"
    r"context|background|a new trend|tactical|recovery|strategy|strategic)\b",
    re.I,
)
_TIMELINE = re.compile(
    r"\b(timeline|chronology|when did|when was|what measures|which measures|policy|policies|"
    r"announcement|controls? (?:were|was) (?:imposed|introduced|announced)|sequence of events|"
    r"events|what happened (?:in|between|during))\b",
    re.I,
)
_RANK = re.compile(
    r"\b(rank|ranking|top|largest|biggest|leading|main|most|which countries|which country|"
    r"which destinations?|which buyers?|who (?:received|bought|took|imported)|where did .* go|"
    r"destinations)\b",
    re.I,
)
_SHARE = re.compile(
    r"\b(share|percent(?:age)? of|proportion|what part of|how much of|fraction|slice|portion|"
    r"per ?cent of)\b",
    re.I,
)
_EXTREME = re.compile(
    r"\b(highest|lowest|record|peak|strongest|weakest)\b.*\bsince\b|\b(highest|lowest)\b.*\b(ever|on record)\b",
    re.I,
)
_TREND = re.compile(
    r"\b(trend|over time|evolv\w*|trajectory|month by month|monthly figures|each month|every month|peak\w*|"
    r"bottom(?:ed)? out|highs? and lows?|ups and downs|"
    r"series|path|how have .* moved|developed?|development|history|chart|plot|graph)\b",
    re.I,
)
_TOTAL = re.compile(
    r"\b(year[- ]to[- ]date|ytd|so far (?:this|in)|cumulative|in total|total|altogether|"
    r"full[- ]year|whole year|as a whole|first[- ]half|second[- ]half|h1|h2|q[1-4]|quarter|annual|for the year|"
    r"january (?:to|through|–|-)|jan(?:uary)?[-–]\w+)\b",
    re.I,
)
_CHANGE = re.compile(
    r"\b(chang\w*|rise|rose|risen|fall|fell|fallen|increase\w*|decrease\w*|drop\w*|jump\w*|"
    r"grow\w*|grew|decline\w*|surge\w*|plunge\w*|slump\w*|rebound\w*|recover\w*|up|down|"
    r"compared?|vs\.?|versus|against|on the previous|previous month|prior month|month[- ]on[- ]month|"
    r"month[- ]over[- ]month|mom|year[- ]on[- ]year|year[- ]over[- ]year|yoy|a year (?:earlier|ago|before)|"
    r"from a year|differ\w*|gain\w*|lost|loss|swing|move\w*|shift\w*)\b",
    re.I,
)
_YOY = re.compile(
    r"\b(year[- ]on[- ]year|year[- ]over[- ]year|yoy|y/y|a year (?:earlier|ago|before)|same (?:month|period) "
    r"(?:a |last |of the previous )?year|from a year|on a year|annual(?:ly)? change|than in 20\d\d|"
    r"versus 20\d\d|vs\.? 20\d\d|compared with 20\d\d|last year)\b",
    re.I,
)
_COMPARE = re.compile(
    r"\b(compare|comparison|versus|vs\.?|against|side by side|relative to|more than|less than)\b", re.I
)
_VALUE = re.compile(
    r"\b(how (?:much|many)|what (?:was|were|is|are) (?:the )?(?:volume|amount|level|figure|total)|volume|"
    r"tonnes|tons|quantity|how big|amount|figure|level)\b",
    re.I,
)
_LOWEST = re.compile(r"\b(lowest|weakest|smallest|least|bottom)\b", re.I)
# China's own imports; "imports from China" are China's exports seen from the other side
_IMPORT = re.compile(
    r"\b(?:china'?s?|chinese)\s+(?:\w+[- ]){0,3}imports?\b|\bimports?\s+(?:into|to|by)\s+china\b|"
    r"\bchina\s+(?:imported|bought|buys)\b|\b(?:imported|shipped)\s+(?:into|to)\s+china\b",
    re.I,
)
_EXPORT = re.compile(r"\b(exports?|exported|shipments?|shipped|sales? abroad|outflows?)\b", re.I)
_RELATIVE_LATEST = re.compile(
    r"\b(last|latest|most recent|previous|this|current)\s+(month|reported month|figures?|data|release)\b",
    re.I,
)
_SINCE_EVENT = re.compile(
    r"\b(since|after|following|from)\s+(?:the\s+)?(april|october|november|geneva|busan|june|london|may)?\s*"
    r"(?:(20\d\d)\s+)?(controls?|curbs?|restrictions?|expansion|truce|summit|suspension|deal|framework|easing|talks)\b",
    re.I,
)
_SINCE_MONTH = re.compile(r"\bsince\s+(?:the\s+start\s+of\s+|early\s+|late\s+)?", re.I)
_FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|and what about|and for|same for|now|also|then|ok|okay)\b", re.I)
_INJECTION = re.compile(
    r"ignore (?:all |any |your |the |previous |prior )*(?:instructions|rules|prompts?)|disregard (?:your|the|all) "
    r"(?:instructions|rules)|system prompt|you are now|act as|jailbreak|developer mode",
    re.I,
)

EVENT_WORDS = {
    "april": "april_controls",
    "controls": "april_controls",
    "control": "april_controls",
    "curbs": "april_controls",
    "curb": "april_controls",
    "restrictions": "april_controls",
    "restriction": "april_controls",
    "october": "october_expansion",
    "expansion": "october_expansion",
    "november": "suspension",
    "suspension": "suspension",
    "geneva": "geneva_truce",
    "truce": "geneva_truce",
    "may": "geneva_truce",
    "busan": "busan_summit",
    "summit": "busan_summit",
    "deal": "busan_summit",
    "june": "june_easing",
    "london": "june_easing",
    "framework": "june_easing",
    "easing": "june_easing",
    "talks": "june_easing",
}


def clean_question(text: str, limit: int = 1000) -> tuple[str, list[str]]:
    """Strip control characters and markup, collapse spaces, cut to ``limit`` characters."""
    notes: list[str] = []
    if not isinstance(text, str):
        text = str(text or "")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]", " ", text)
    if re.search(r"<\s*/?\s*(script|style|iframe|img|svg)\b", text, re.I):
        text = re.sub(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", " ", text, flags=re.I | re.S)
        notes.append("Markup in the question was ignored.")
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > limit:
        notes.append(f"The question was cut to its first {limit} characters.")
        text = text[:limit].rsplit(" ", 1)[0]
    return text, notes


def plan_question(question: str, ctx: PlanningContext, previous: Plan | None = None) -> Plan | Clarify | Refuse:
    """Read a cleaned question into a plan, a clarifying question, or an honest refusal."""
    if not question.strip():
        return Refuse(prompts.EMPTY, kind="empty")
    injected = bool(_INJECTION.search(question))
    partners, ambiguous, unknown = find_partners(question)
    if ambiguous:
        name, choices = ambiguous[0]
        return Clarify(
            f"“{name}” could mean several partners. Which one do you mean: {' or '.join(choices)}?",
            tuple(choices),
        )
    if unknown:
        word = unknown[0]
        if word.suggestions:
            return Clarify(
                f"I don't know a trade partner called “{word.text}”. Did you mean {' or '.join(word.suggestions)}?",
                word.suggestions,
            )
        return Clarify(
            f"I don't know a trade partner called “{word.text}”. Name a country, a region "
            "(EU, Europe, Asia) or an ISO code such as DEU or USA."
        )
    commodity, is_price = find_commodity(question)
    strong_figure_words = bool(_EXTREME.search(question) or _RANK.search(question)) and bool(find_periods(question))
    domain = bool(_DOMAIN.search(question)) or bool(partners) or commodity is not None or strong_figure_words
    follow_up = previous is not None and _is_follow_up(question, commodity, partners)
    if not domain and not follow_up:
        if injected:
            return Refuse(prompts.INJECTION)
        return Refuse(
            prompts.OUT_OF_SCOPE,
            fallback=Plan(intent="context", search=question, commodity_given=False, wants_context=True),
        )
    if follow_up and previous is not None:
        return _follow_up(question, previous, ctx, commodity, partners)
    return _fresh(question, ctx, commodity, is_price, [p.value for p in partners])  # type: ignore[misc]


def _is_follow_up(question: str, commodity: str | None, partners: list) -> bool:
    words = re.findall(r"\w+", question)
    if _FOLLOW_UP.search(question) and len(words) <= 12:
        return True
    if len(words) <= 6 and commodity is None:
        return True
    return (
        bool(
            re.search(
                r"\b(a year earlier|a year before|the year before|the previous month|same month|"
                r"show me the trend|the trend|that month|then|instead)\b",
                question,
                re.I,
            )
        )
        and commodity is None
    )


def _fresh(
    question: str, ctx: PlanningContext, commodity: str | None, is_price: bool, partners: list[str]
) -> Plan | Clarify:
    q = question
    commodity_given = commodity is not None
    commodity = commodity or "magnets"
    flow: Literal["export", "import"] = "import" if _IMPORT.search(q) else "export"
    assumptions: list[str] = []
    periods, notes = _resolve_periods(q, ctx, commodity)
    assumptions.extend(notes)
    wants_context = bool(_WHY.search(q))
    intent: Intent
    if is_price or commodity.endswith(("_oxide", "_alloy", "_metal")) or commodity == "nd_995":
        intent = "price"
        if not commodity.endswith(("_oxide", "_alloy", "_metal")) and commodity != "nd_995":
            commodity = {
                "dysprosium": "dy_oxide",
                "terbium": "tb_oxide",
                "magnets": "prnd_oxide",
                "rare_earths": "prnd_oxide",
            }.get(commodity, commodity)
            if commodity == "prnd_oxide" and not re.search(r"prnd|ndpr|neodymium|praseodymium", q, re.I):
                assumptions.append("Prices are given for PrNd oxide, the main magnet input.")
    elif _EXTREME.search(q):
        intent = "extreme"
    elif _SHARE.search(q) and (partners or re.search(r"\b(eu|europe|european union)\b", q, re.I)):
        intent = "share"
    elif _RANK.search(q) and len(partners) <= 1 and not (_CHANGE.search(q) and partners):
        intent = "ranking"
    elif len(partners) >= 2:
        intent = "compare"
    elif (
        _TREND.search(q)
        or (re.search(r"\bsince\b", q, re.I) and not _CHANGE.search(q))
        or (_SINCE_EVENT.search(q) and not _TOTAL.search(q))
    ):
        intent = "trend"
    elif _TIMELINE.search(q) and not _VALUE.search(q) and not _CHANGE.search(q):
        intent = "timeline"
    elif _TOTAL.search(q) and periods and not periods[-1].is_month:
        intent = "total"
    elif re.search(r"\b(year[- ]to[- ]date|ytd|so far|cumulative)\b", q, re.I) and periods:
        intent = "total"  # through the month named
    elif (
        len(periods) >= 2
        and (_CHANGE.search(q) or _COMPARE.search(q))
        or _CHANGE.search(q)
        and (periods or _RELATIVE_LATEST.search(q))
    ):
        intent = "change"
    elif periods and (_VALUE.search(q) or commodity_given or partners) and not (wants_context and not _VALUE.search(q)):
        intent = "total" if not periods[-1].is_month and periods[-1].kind != "day" else "value"
    elif wants_context or not commodity_given:
        intent = "why" if wants_context and (periods or commodity_given) else "context"
    else:
        intent = "value" if periods else "context"
    if intent in FIGURE_INTENTS and not commodity_given and intent != "price":
        assumptions.append(
            "No product named: the figures are for rare-earth permanent magnets (customs code 85051110)."
        )
    if intent in ("extreme", "change", "value", "share", "ranking", "compare") and not periods:
        latest = ctx.latest_month(commodity)
        periods = [latest]
        assumptions.append(f"No period given: using the latest month in the data, {latest.label}.")
    if intent == "extreme":
        months = [p for p in periods if p.is_month]
        periods = months[:1] or periods  # the month being judged; "since January" is the claim
    if intent == "total" and periods and periods[-1].is_month:
        periods[-1] = Period.months(periods[-1].start.year, 1, periods[-1].start.month)
    if intent == "trend" and periods and len(periods) == 1 and periods[0].is_month:
        start = periods[0]
        periods = [Period(start.start, ctx.latest_month(commodity).end)]
    if intent == "trend" and not periods:
        latest = ctx.latest_month(commodity)
        periods = [Period(latest.shift_months(-11).start, latest.end)]
        assumptions.append(f"No window given: showing the twelve months to {latest.label}.")
    if intent == "price" and not periods:
        periods = [Period.year(ctx.latest_month("magnets").start.year - 1)]
        assumptions.append(f"No window given: showing {periods[0].label}.")
    basis = "yoy" if _YOY.search(q) else "mom"
    if intent == "change" and len(periods) >= 2:
        basis = "periods"
    which: Literal["highest", "lowest"] = "lowest" if _LOWEST.search(q) else "highest"
    top = int(m.group(1)) if (m := re.search(r"\btop\s+(\d{1,2})\b", q, re.I)) else 5
    return Plan(
        intent=intent,
        commodity=commodity,
        partners=tuple(partners),
        periods=tuple(periods),
        basis=basis,
        which=which,
        top=max(1, min(top, 50)),
        flow=flow,
        wants_context=wants_context or intent in ("why", "timeline", "context"),
        search=question,
        assumptions=tuple(assumptions),
        commodity_given=commodity_given,
    )


def _resolve_periods(q: str, ctx: PlanningContext, commodity: str) -> tuple[list[Period], list[str]]:
    """Absolute and relative periods of the question, bare months given a year."""
    latest = ctx.latest_month(commodity)
    notes: list[str] = []
    periods: list[Period] = []
    event = _SINCE_EVENT.search(q)
    if event:
        key = EVENT_WORDS.get((event.group(2) or event.group(4) or "").lower(), "april_controls")
        anchor = ctx.anchors.get(key)
        if anchor is not None:
            periods.append(Period(anchor.start, latest.end))
            notes.append(
                f"“{event.group(0).strip()}” read as {anchor.label} to {latest.label}, the latest month in the data."
            )
    found_periods = [f for f in find_periods(q) if not (event and event.start() <= f.start < event.end())]
    explicit = next((f.value for f in found_periods if isinstance(f.value, Period)), None)
    for found in found_periods:
        value = found.value
        if isinstance(value, int) and isinstance(explicit, Period):
            # "July 2025 ... since January": a bare month takes the year of the month named with it
            year = explicit.start.year if value <= explicit.end.month else explicit.start.year - 1
            month = Period.month(year, value)
            notes.append(f"“{found.text}” read as {month.label}.")
            value = month
        elif isinstance(value, int):
            year = latest.start.year if value <= latest.start.month else latest.start.year - 1
            month = Period.month(year, value)
            notes.append(f"“{found.text}” read as {month.label}.")
            value = month
        since = _SINCE_MONTH.search(q[max(0, found.start - 25) : found.start] + " ")
        if since and re.search(r"since\s*(?:the\s+start\s+of\s+|early\s+|late\s+)?$", q[: found.start], re.I):
            value = Period(value.start, latest.end)  # type: ignore[union-attr]
        periods.append(value)  # type: ignore[arg-type]
    if _RELATIVE_LATEST.search(q) and not periods:
        periods.append(latest)
        notes.append(f"“{_RELATIVE_LATEST.search(q).group(0)}” read as {latest.label}, the latest month in the data.")  # type: ignore[union-attr]
    elif re.search(r"\b(year[- ]to[- ]date|ytd|so far this year)\b", q, re.I) and not periods:
        periods.append(Period.months(latest.start.year, 1, latest.start.month))
        notes.append(f"Year to date read as {periods[-1].label}.")
    elif re.search(r"\blast year\b", q, re.I) and not periods:
        periods.append(Period.year(latest.start.year - 1))
    elif re.search(r"\bthis year\b", q, re.I) and not periods:
        periods.append(Period.months(latest.start.year, 1, latest.start.month))
    return periods, notes


def _follow_up(question: str, previous: Plan, ctx: PlanningContext, commodity: str | None, partners: list) -> Plan:
    """Change the previous plan as the follow-up asks: partner, period, basis or view."""
    q = question
    changes: dict[str, object] = {"search": f"{previous.search} {question}", "assumptions": ()}
    if commodity:
        changes["commodity"] = commodity
    if partners:
        codes = tuple(p.value for p in partners)
        changes["partners"] = codes
        if previous.intent == "ranking":
            changes["intent"] = "value" if len(codes) == 1 else "compare"
    periods, notes = _resolve_periods(q, ctx, commodity or previous.commodity)
    if periods:
        changes["periods"] = tuple(periods)
        changes["assumptions"] = tuple(notes)
    year_earlier = re.search(
        r"\b(a year earlier|a year before|the year before|year earlier|last year|"
        r"previous year|a year ago)\b",
        q,
        re.I,
    )
    if year_earlier and not periods and previous.intent in ("change", "value") and previous.period is not None:
        changes["basis"] = "yoy"  # "what about a year earlier?": the same figure against a year before
        changes["intent"] = "change"
    elif year_earlier and not periods:
        if previous.period is not None:
            changes["periods"] = tuple(p.year_earlier() for p in previous.periods)
    elif re.search(r"\b(the previous month|a month earlier|month before)\b", q, re.I) and not periods:
        changes["periods"] = tuple(p.shift_months(-1) for p in previous.periods)
    if re.search(r"\b(trend|over time|chart|series|month by month)\b", q, re.I):
        anchor = previous.period or ctx.latest_month(previous.commodity)
        end = anchor.end if anchor.kind != "months" else anchor.end
        window = Period(Period.month(anchor.end.year, anchor.end.month).shift_months(-11).start, end)
        changes["intent"] = "trend"
        changes["periods"] = (window,)
    elif _YOY.search(q) and previous.intent in ("change", "value") and not year_earlier:
        changes["basis"] = "yoy"
        changes["intent"] = "change"
    elif re.search(r"\b(month on month|previous month|on the month)\b", q, re.I) and previous.intent in (
        "change",
        "value",
    ):
        changes["basis"] = "mom"
        changes["intent"] = "change"
    elif re.search(r"\b(why|what caused|reason|explain)\b", q, re.I):
        changes["wants_context"] = True
    elif re.search(r"\b(rank|top|which countries|destinations)\b", q, re.I):
        changes["intent"] = "ranking"
    return replace(previous, **changes)  # type: ignore[arg-type]
