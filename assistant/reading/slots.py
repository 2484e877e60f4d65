"""Filling a query's slots from the roles words play around the names.

Partners are read by role: "to Germany" and "German buyers" receive China's exports, "Japan's
imports" are China's exports seen from Japan, "Australia's exports" are Australia's own trade
(which the data does not hold), "from Myanmar to China" is China's imports. Periods are read by
ask (``period_slots``). Several commodities, flows, measures, partners or dates in one ask become
one query each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant import prompts
from assistant.reading.check import Coverage
from assistant.reading.clauses import Clause
from assistant.reading.intents import AskScore, has_any
from assistant.reading.period_slots import fill_periods
from assistant.reading.query import CHINA, TRADE_MEASURES
from assistant.reading.slot_values import Slots
from assistant.reading.vocabulary import Mention, Vocabulary, measure_spans, measures_named, phrase_key
from tools.partners import is_company
from tools.periods import Period

if TYPE_CHECKING:
    from assistant.reading.parsed import Parsed


def read_slots(
    parsed: Parsed, clause: Clause, ask: str, vocab: Vocabulary, coverage: Coverage, ranked: list[AskScore]
) -> Slots:
    """Every slot of one ask."""
    if ask == "change" and _partners_compared(parsed, vocab, ranked):
        ask = "amount"  # "Germany vs Japan in September": partners side by side, no change asked
    slots = Slots(ask)
    words = parsed.words
    whole = clause.first == 0 and clause.last >= len(words)
    # a clause with an ask of its own takes its own names, measure words and places when it has them
    inside = [m for m in parsed.mentions if clause.first <= m.first < clause.last] or parsed.mentions
    own_words = words if whole else words[clause.first : clause.last]
    places = [m for m in inside if m.has("partner")]
    if not places and (whole or not clause.complete):
        # a clause naming its own goods and period but no partner asks for the total ("tb exports
        # in Oct 2025 total, and how much went to the US?"); any other takes the question's places
        places = [m for m in parsed.mentions if m.has("partner")]
    # "... and how much of it came from the US": a clause naming no goods asks about the question's
    goods = [m for m in parsed.mentions if m.has("commodity") or m.has("not_covered") or m.has("element")]
    named = [m for m in goods if m in inside] or goods
    _commodity(slots, parsed, named, vocab, own_words)
    _flow_and_partners(slots, parsed, vocab, words, places)
    moved = any(s.ask == "change" and s.cues and s.score >= 2 for s in ranked)
    fill_periods(slots, parsed, clause, vocab, coverage, words, moved)
    _details(slots, parsed, vocab, words, ranked, own_words)
    _every_month(slots, parsed, vocab, coverage)
    _settle(slots)
    return slots


def _every_month(slots: Slots, parsed: Parsed, vocab: Vocabulary, coverage: Coverage) -> None:
    """With no period named, "the record month" or "the weakest month ever" is a month of the whole series."""
    free = {t.norm for t in parsed.tokens if not any(p.start <= t.start < p.end for p in parsed.periods)}
    months = slots.ask == "rank" and slots.over == "months" or slots.ask == "extreme"
    if not months or "periods" in slots.given or not free & vocab.words("month_words"):
        return
    code = slots.commodities[0] if slots.commodities else "magnets"
    flow = slots.flows[0] if slots.flows else "export"
    key = (code, flow)
    if key not in coverage.first:
        return
    window = Period(coverage.first[key].start, coverage.latest_month(code, flow).end)
    slots.ask, slots.over, slots.top = "rank", "months", 1
    slots.period_sets = [(window,)]
    slots.assumptions = [a for a in slots.assumptions if not a.startswith("No period given")]
    slots.assumptions.append(prompts.EVERY_MONTH.format(window=window.label))


def _settle(slots: Slots) -> None:
    """Asks that the periods show to be another: a judged month, a series since a date."""
    single_months = [p for ps in slots.period_sets for p in ps if p.is_month]
    if slots.ask == "rank" and slots.over == "months" and single_months and len(slots.period_sets) == 1:
        slots.ask, slots.over = "extreme", ""  # "Was December the weakest month ...": one month is judged
    if slots.ask == "amount" and slots.since and slots.measures != ["price"]:
        slots.ask = "trend"  # "magnet exports since the April controls": the months from then to now
    spans = [p for ps in slots.period_sets for p in ps]
    if slots.ask == "amount" and slots.measures == ["price"] and len(spans) == 1 and spans[0].month_count > 3:
        # "ndpr oxide prices over 2025": the quotes across the span; a quarter may be one contract quote
        slots.ask = "trend"


# -- commodity and measure ---------------------------------------------------------------------------
def _commodity(slots: Slots, parsed: Parsed, inside: list[Mention], vocab: Vocabulary, words: list[str]) -> None:
    price = has_any(words, vocab.words("measures", "price"))
    value = has_any(words, vocab.words("measures", "value"))
    volume = has_any(words, vocab.words("measures", "volume") - {"t"})
    codes: list[str] = []
    for mention in inside:
        code = mention.value("commodity")
        if code is None and mention.has("not_covered"):
            code = mention.value("not_covered")
            slots.missing.append(f"commodity:{code}")
        if code is None and mention.has("element") and slots.ask not in ("controls",):
            code = mention.value("element")
        if mention.has("element"):
            slots.elements.append(str(mention.value("element")))
        elif code in (vocab.lexicon.get("elements") or {}):
            slots.elements.append(str(code))  # "are dy and tb still licensed": elements named as goods
        if code and code not in codes:
            codes.append(code)
    slots.elements = list(dict.fromkeys(slots.elements))
    if slots.ask in ("controls", "events", "context"):
        slots.commodities = codes[:1] or ["rare_earths" if slots.ask != "context" else "magnets"]
        if codes:
            slots.given.add("commodity")
        if price and slots.ask == "context":  # "why did dy oxide prices spike": the price series
            slots.measures = ["price"]
            slots.commodities = [c if c in vocab.price_codes else vocab.price_of.get(c, c) for c in slots.commodities]
        return
    flows = vocab.words("flows", "export") | vocab.words("flows", "import")
    kinds = {str(w) for ws in (vocab.lexicon.get("event_kinds") or {}).values() for w in ws}
    if not codes and not price and not volume and not set(words) & flows and set(words) & kinds:
        # "the combined US tariff after the April increases", "how big was the DoD's stake": no goods
        # or trade named, an event's figure is asked: the events say it, the trade figures cannot
        slots.ask, slots.commodities = "events", ["rare_earths"]
        return
    if not codes:
        codes = ["magnets"]
        if slots.ask != "context":
            slots.assumptions.append(prompts.ASSUMED_PRODUCT)
    else:
        slots.given.add("commodity")
    if price or all(c in vocab.price_codes for c in codes):
        slots.measures = ["price"]
        priced = []
        for code in codes:
            target = code if code in vocab.price_codes else vocab.price_of.get(code, code)
            if target != code and code == "magnets":
                slots.assumptions.append(prompts.ASSUMED_PRICE)
            priced.append(target)
        codes = list(dict.fromkeys(priced))
    else:
        slots.measures = ["volume", "value"] if value and volume else ["value"] if value else ["volume"]
    # a company has no customs trade: "what MP produced vs sold" asks what documents state of it
    company = any(m.has("partner") and is_company(str(m.value("partner"))) for m in parsed.mentions)
    named = stated_measures(words, vocab)
    if not company:  # a country's "sales" are its exports
        named = [n for n in named if n not in (vocab.lexicon.get("company_measures") or ())]
    stated = named[0] if named else ""
    if stated and not price and (company or not _trade_named(words, vocab, stated)):
        slots.measures = named  # "how much did Australia mine": a measure only documents state
        slots.given.add("measure")
        spans = measure_spans(words, vocab.lexicon.get("stated_measures") or {})
        between = words[spans[0][1] : spans[-1][0]] if len(named) > 1 else []
        if slots.ask == "change" and set(between) & vocab.words("comparison_words"):
            slots.ask = "amount"  # "produced vs sold": two measures side by side, not a move over time
    slots.commodities = codes


def _trade_named(words: list[str], vocab: Vocabulary, stated: str) -> bool:
    """True when the words name a trade flow outside the measure's own name ("how much of its output was exported")."""
    keys = [phrase_key(str(n)) for n in (vocab.lexicon.get("stated_measures") or {}).get(stated, ())]
    inside = {
        i + k
        for key in keys
        for i in range(len(words) - len(key) + 1)
        if tuple(words[i : i + len(key)]) == key
        for k in range(len(key))
    }
    flows = vocab.words("flows", "export") | vocab.words("flows", "import")
    return any(i not in inside for i in _at(words, flows))


def stated_measures(words: list[str], vocab: Vocabulary) -> list[str]:
    """The measures only documents state that the words name, in the order written (``measures_named``)."""
    return measures_named(words, vocab.lexicon.get("stated_measures") or {})


def stated_measure(words: list[str], vocab: Vocabulary) -> str:
    """The first measure only documents state that the words name, or ""."""
    return next(iter(stated_measures(words, vocab)), "")


# -- flow, reporter and partners ------------------------------------------------------------------------
def _flow_and_partners(
    slots: Slots, parsed: Parsed, vocab: Vocabulary, words: list[str], places: list[Mention]
) -> None:
    imports = _at(words, vocab.words("flows", "import"))
    exports = _at(words, vocab.words("flows", "export"))
    reporting = _at(words, vocab.words("reporter_words"))
    china = [m for m in places if m.value("partner") == CHINA]
    others = [m for m in places if m.value("partner") != CHINA]
    world = any(m.has("world") for m in parsed.mentions)
    to_china = any(m.first > 0 and words[m.first - 1] in ("to", "into") for m in china)
    # "from China", "Chinese magnets": China is the origin; "China's imports" are China's own
    from_china = any(m.first > 0 and words[m.first - 1] == "from" for m in china) or any(
        m.demonym and not m.possessive for m in china
    )
    partners = [str(m.value("partner")) for m in others]
    flow = "export"
    if slots.measures and slots.measures[0] not in TRADE_MEASURES:
        # "China's reserves", "Burma's mine output": every place named is a subject, China too
        slots.partners = list(dict.fromkeys(str(m.value("partner")) for m in places))
        return
    if slots.measures == ["price"]:
        slots.flows = ["export"]  # a quote is a market's: China's own market counts as a place here
        markets = [str(m.value("partner")) for m in places if not m.has("commodity")]
        for code, names in (vocab.lexicon.get("markets") or {}).items():
            if has_any(words, {str(n) for n in names}):
                markets.append(str(code))
        slots.partners = list(dict.fromkeys(markets))
        return
    # "China's exports and imports" asks both flows; "exports to China and imports" names a direction
    both = imports and exports and not others and not any(_after_to(m, words) for m in china)
    if both and _both_flows(words, imports, exports):
        slots.flows = ["export", "import"]
    elif to_china:
        flow = "import"  # "Myanmar shipped to China": China's imports from Myanmar
    elif imports and (
        any(m.possessive and _owner(m, words, imports) for m in china)
        or not from_china
        and not any(_owner(m, words, imports) for m in others)
    ):
        flow = "import"  # "rare earth imports", "China's imports from Malaysia", "the US in China's imports"
    origins = [m for m in others if m.first > 0 and words[m.first - 1] == "from"]
    # the importer may be named in another clause: "what % of US imports came from China, and what % from Malaysia"
    named = [m for m in parsed.mentions if m.has("partner")]
    owners = [m for m in named if (m.possessive or m.demonym or _owner(m, words, imports)) and not _after_to(m, words)]
    importers = [m for m in owners if m.value("partner") != CHINA]
    china_named = any(m.value("partner") == CHINA for m in named)
    nearest = [max((m for m in named if m.last < i), key=lambda m: m.last, default=None) for i in imports]
    if any(m is not None and m.value("partner") == CHINA and _owner(m, words, imports) for m in nearest):
        importers = []  # "the US in China's imports": China's own imports, the US their origin
    # whose imports they are: the place nearest before the word ("Malaysia's share of EU imports": the EU's)
    holders = sorted((m for m in importers if _owner(m, words, imports)), key=lambda m: -m.last)
    parts = [m for m in importers if m.possessive and m not in holders[:1]]
    if (
        slots.ask == "share"
        and imports
        and importers
        and (origins or china_named or holders and parts)
        and not to_china
    ):
        # "China's share of Japan's imports", "what % of US imports came from China": a share of Japan's own
        # imports, which no figure of China's exports to Japan gives
        slots.reporter, flow = str((holders or importers)[0].value("partner")), "import"
        named_parts = _origins(named, words) or parts
        partners = [str(m.value("partner")) for m in named_parts] or [CHINA]
    elif imports and world and others and not from_china:
        slots.reporter, partners, flow = str(others[0].value("partner")), partners[1:], "import"
    elif imports and origins and len(others) > len(origins) and not china:
        # "Japan's imports from Vietnam": a trade between two other countries, Japan reporting it
        importer = next(m for m in others if m not in origins)
        slots.reporter, flow = str(importer.value("partner")), "import"
        partners = [str(m.value("partner")) for m in origins]
    elif not to_china and reporting and slots.ask not in ("share", "rank") and not from_china:
        owners = [m for m in others if _owner(m, words, reporting) and not _after_to(m, words)]
        if owners and not any(m.possessive for m in china):
            owner = owners[0]
            if _owns_trade(owner, words, others, vocab):
                slots.reporter = str(owner.value("partner"))
                partners = [p for p in partners if p != slots.reporter]
            else:  # "US magnet exports": the data holds China's trade, so the US is where they went
                slots.assumptions.append(prompts.READ_AS_DESTINATION.format(name=owner.text))
    slots.flows = slots.flows or [flow]
    if slots.flows == ["export"] and slots.reporter == CHINA and imports and importers and not to_china:
        # "Japan's imports from China", or of everything when China goes unnamed ("Japan RE imports")
        seen = importers[0] if china else holders[0] if holders else None
        slots.seen_from, slots.seen_whole = (str(seen.value("partner")), not china) if seen else ("", False)
    slots.partners = list(dict.fromkeys(partners))
    if slots.partners:
        slots.given.add("partners")


def _origins(mentions: list[Mention], words: list[str]) -> list[Mention]:
    """The places named as where goods came from: "from China and Russia", China included."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.first):
        after_from = m.first > 0 and words[m.first - 1] == "from"
        joined = bool(out) and all(w in ("and", "or", ",", "&") for w in words[out[-1].last : m.first])
        if after_from or joined:
            out.append(m)
    return out


def _at(words: list[str], phrases: set[str]) -> list[int]:
    """Where the phrases start among the words ("bring in" as well as "imports"), in order."""
    keys = [k for k in (phrase_key(p) for p in phrases) if k]
    return sorted({i for k in keys for i in range(len(words) - len(k) + 1) if tuple(words[i : i + len(k)]) == k})


def _both_flows(words: list[str], imports: list[int], exports: list[int]) -> bool:
    """Both flows are asked ("exports and imports"), joined by "and" or "or"."""
    return any(
        abs(i - e) <= 3 and ("and" in words[min(i, e) : max(i, e)] or "or" in words[min(i, e) : max(i, e)])
        for i in imports
        for e in exports
    )


def _owner(mention: Mention, words: list[str], flow_words: list[int]) -> bool:
    """The partner stands before the flow word as its owner or subject ("Japan's imports", "US magnet imports")."""
    return any(0 <= i - mention.last <= 4 for i in flow_words) and not _after_to(mention, words)


def _owns_trade(mention: Mention, words: list[str], others: list[Mention], vocab: Vocabulary) -> bool:
    """The words make the country the trader, not a destination.

    "Australia's exports", "Malaysian exports", "did Japan export", "India itself", or exports
    from it to another country named ("Japan's magnets to the US"). A bare name before a trade
    word ("US magnet exports") is read as a destination of China's trade, which the data holds.
    """
    subject = mention.first > 0 and words[mention.first - 1] in vocab.words("trader_words", "subject_after")
    own = bool(set(words) & vocab.words("trader_words", "own"))
    elsewhere = any(_after_to(m, words) for m in others if m is not mention)
    return mention.possessive or mention.demonym or subject or own or elsewhere


def _after_to(mention: Mention, words: list[str]) -> bool:
    return mention.first > 0 and words[mention.first - 1] in ("to", "for", "into", "towards", "from")


def _partners_compared(parsed: Parsed, vocab: Vocabulary, ranked: list[AskScore]) -> bool:
    """Several partners, at most one period, and only comparison words for a change."""
    priced = has_any(parsed.words, vocab.words("measures", "price"))
    # prices are quoted by market, and China is one of them ("Europe vs China PrNd oxide")
    partners = {
        m.value("partner") for m in parsed.mentions if m.has("partner") and (priced or m.value("partner") != CHINA)
    }
    change = next((s for s in ranked if s.ask == "change"), None)
    cues = set(change.cues) if change else set()
    return len(partners) >= 2 and len(parsed.periods) <= 1 and bool(cues) and cues <= vocab.words("comparison_words")


# -- the rest ----------------------------------------------------------------------------------------
def _details(
    slots: Slots, parsed: Parsed, vocab: Vocabulary, words: list[str], ranked: list[AskScore], own: list[str]
) -> None:
    lowest, highest = vocab.words("which", "lowest"), vocab.words("which", "highest")
    # "which month was lowest, and which the highest": a clause naming its own superlative keeps it
    judged = own if has_any(own, lowest) or has_any(own, highest) else words
    slots.which = "lowest" if has_any(judged, lowest) else "highest"
    periods = [p for ps in slots.period_sets for p in ps]
    free = [t.norm for t in parsed.tokens if not any(p.start <= t.start < p.end for p in parsed.periods)]
    months = bool(set(free) & vocab.words("month_words"))
    if slots.ask == "extreme" and months and periods and not any(p.is_month for p in periods):
        # "the peak month in 2025", "highest monthly figure since 2024" judge no one month: which month was it
        slots.ask, slots.over = "rank", "months"
    if slots.ask == "rank" and has_any(words, vocab.words("region_words")):
        slots.over = "regions"  # "by region, which took the most": continents, not countries
    if slots.ask == "rank":
        slots.over = slots.over or (
            "months"
            if months and not has_any(words, {"which country", "which countries", "destinations"})
            else "partners"
        )
        if has_any(words, vocab.words("rank_single")) or slots.over == "months":
            slots.top = 1  # one partner, or the one month, unless a count is written
        numbers = vocab.lexicon.get("numbers") or {}
        superlatives = vocab.words("which", "highest") | vocab.words("which", "lowest")
        for w, nxt in zip(words, words[1:], strict=False):
            # "top 3", "top three", a count before a superlative ("the two biggest buyers") and,
            # ranking months, before the months ("which 3 months")
            counted = superlatives | (vocab.words("month_words") if slots.over == "months" else set())
            written = nxt if w == "top" else w if nxt in counted else ""
            n = int(written) if written.isdigit() and len(written) <= 2 else numbers.get(written)
            if n:
                slots.top = max(1, min(int(n), 50))
    if slots.ask == "controls":
        control = next((m for m in parsed.mentions if m.has("measure")), None)
        slots.control = str(control.value("measure")) if control else ""
    # a why beside a figure asks for its context too; cue words decide, not the examples
    slots.context = slots.ask == "context" or any(s.ask == "context" and s.cues for s in ranked)
