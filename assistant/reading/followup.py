"""Follow-ups: a question that leans on the one before it changes that reading, slot by slot.

Only questions that refer back are follow-ups: they open with "and", "what about", "same for",
use a pronoun for what was asked ("is it suspended as well?"), or say too little to stand alone
("and in september?", "why?"). A complete question starts afresh even after others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.reading.intents import AskScore, find_phrase
from assistant.reading.period_slots import is_base
from assistant.reading.query import Query, Reading
from assistant.reading.vocabulary import Vocabulary, phrase_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.reading.parsed import Parsed

STRONG = 3.0  # the cue weight that lets a follow-up change the ask


def _starts(words: list[str], phrases: set[str]) -> bool:
    return any((key := phrase_key(p)) and tuple(words[: len(key)]) == key for p in phrases)


def refers_back(parsed: Parsed, ranked: list[AskScore], vocab: Vocabulary) -> bool:
    """True when the question leans on the previous one."""
    words = parsed.words
    if not words:
        return False
    if _starts(words, vocab.words("refers_back", "openers")):
        return True
    names = {k for m in parsed.mentions for k, _ in m.senses}
    # a product, or an event, named without an opener is a new subject ("Tell me about the Busan summit")
    complete = bool(names & {"commodity", "event"}) or ("element" in names and any(s.score >= STRONG for s in ranked))
    if complete:
        return False
    pronoun = any(find_phrase(words, phrase_key(p)) >= 0 for p in vocab.words("refers_back", "pronouns"))
    anaphora = any(p.role in ("year_earlier", "month_earlier") for p in parsed.periods)
    has_subject = bool(names & {"partner", "event"}) and bool(parsed.periods)
    # naming only partners, with no product and no period, leans on the question before ("why did germany lead?")
    partners_only = names <= {"partner"} and not parsed.periods
    return pronoun or anaphora or (len(words) <= 6 and not has_subject) or partners_only


def follow_up(
    parse: Callable[[str, str], Parsed], vocab: Vocabulary, parsed: Parsed, ranked: list[AskScore], previous: Reading
) -> list[Query]:
    """The previous reading's queries changed as the follow-up asks."""
    base = [q for q in previous.queries] or [Query("amount")]
    hint = base[0].commodity
    if hint != "magnets":
        parsed = parse(parsed.text, hint)
    words = parsed.words
    changes: dict[str, object] = {}
    commodities = [m.value("commodity") for m in parsed.mentions if m.has("commodity")]
    partners = [m.value("partner") for m in parsed.mentions if m.has("partner") and m.value("partner") != "CHN"]
    if any(m.has("world") for m in parsed.mentions):
        partners = ["WLD"]
    strong = next((s for s in ranked if s.cues and s.score >= STRONG), None)
    ends = [end for end in ("highest", "lowest") if any(w in vocab.words("which", end) for w in words)]
    if len(ends) == 1 and base[0].ask in ("rank", "extreme"):
        changes["which"] = ends[0]  # "and the highest?" after the lowest month: the other end, same ask
        if strong is not None and strong.ask in ("rank", "extreme"):
            strong = None
    if strong is not None and strong.ask != base[0].ask:
        changes["ask"] = strong.ask
    if strong is not None and strong.ask == "context":
        changes["context"] = True
    tops = [words[i + 1] for i, w in enumerate(words[:-1]) if w == "top" and words[i + 1].isdigit()]
    if tops:  # "top 3 instead"
        changes["top"] = max(1, min(int(tops[0]), 50))
    if any(w in vocab.words("flows", "import") for w in words):
        changes["flow"] = "import"
    for measure in ("value", "volume"):  # "and in value terms?", "in tonnes?"
        # a lone letter ("t") is a measure in "5,000 t", not in a follow-up's "isn't"
        if any(len(w) > 1 and find_phrase(words, phrase_key(w)) >= 0 for w in vocab.words("measures", measure)):
            changes["measure"] = measure
    absolute = [
        p.period for p in parsed.periods if p.period is not None and p.role not in ("year_earlier", "month_earlier")
    ]
    based = any(is_base(p, parsed, vocab) for p in parsed.periods if p.period is not None)
    elements = [m.value("element") for m in parsed.mentions if m.has("element")]
    if elements:
        changes["element"] = str(elements[0])
    anaphora = [p for p in parsed.periods if p.role in ("year_earlier", "month_earlier")]
    basis = next(
        (b for b in ("mom", "yoy") if any(find_phrase(words, phrase_key(w)) >= 0 for w in vocab.words("basis", b))), ""
    )
    out: list[Query] = []
    for query in base:
        q = query.but(**changes, assumptions=(), missing=(), search=f"{query.search} {parsed.text}".strip())
        if commodities:
            code = str(commodities[0])
            measure = "price" if code in vocab.price_codes else ("volume" if q.measure == "price" else q.measure)
            q = q.but(commodity=code, measure=measure)
        if absolute and based and q.period is not None:
            # "and how does that compare with July?": the earlier figure against the period named
            q = q.but(ask="change", basis="periods", periods=(q.period, absolute[0]))
        elif absolute:
            q = q.but(periods=tuple(absolute[:2]) if q.ask == "change" and len(absolute) > 1 else (absolute[0],))
        elif anaphora:
            shift = -12 if anaphora[0].role == "year_earlier" else -1
            if changes.get("ask") == "change" or (q.ask == "change" and shift == -12):
                q = q.but(ask="change", basis="yoy" if shift == -12 else "mom")
            else:
                q = q.but(periods=tuple(p.shift_months(shift) for p in q.periods))
        if basis and not absolute and not anaphora:  # "and yoy?", "m/m?": the same figure on another basis
            q = q.but(ask="change", basis=basis)
        if q.ask == "change" and not q.basis:
            q = q.but(basis="mom" if q.period is not None and q.period.is_month else "yoy")
        if q.ask == "rank" and partners and partners != ["WLD"]:
            q = q.but(ask="amount", over="")
        if partners:
            out.extend(q.but(partners=() if p == "WLD" else (str(p),)) for p in partners)
        else:
            out.append(q)
    # "how about japan" after two partners' figures: one query for Japan, not one per partner before
    return list(dict.fromkeys(out))
