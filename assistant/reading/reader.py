"""The reader: a question (and the reading before it) in, a ``Reading`` of typed queries out.

A pipeline of separate stages: names from the vocabulary, periods from the period grammar, the
ask from cues and examples, the slots of each ask by the roles of the words around them, then
the reading check. A question with two asks ("exports and imports", "the total and the top three
destinations") becomes two queries. Follow-ups build on the previous reading only when the
question refers back to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial

from assistant import prompts
from assistant.reading.check import Coverage, check
from assistant.reading.clauses import Clause, cue_words, split_clauses
from assistant.reading.followup import follow_up, refers_back
from assistant.reading.intents import CLOSE, AskScore, IntentModel, find_phrase
from assistant.reading.operators import read_operators
from assistant.reading.parsed import Parsed
from assistant.reading.period_slots import event_periods
from assistant.reading.query import CHINA, Alternative, Clarify, Query, Reading, Refuse, describe
from assistant.reading.restate import restate
from assistant.reading.slots import read_slots, stated_measure
from assistant.reading.text import INJECTION
from assistant.reading.vocabulary import Mention, Token, Vocabulary, phrase_key, tokens
from tools.partners import AMBIGUOUS, partner_name
from tools.period_words import PeriodMention, find_periods
from tools.periods import Period


class Reader:
    """Reads questions against one data set's vocabulary and coverage."""

    def __init__(self, vocabulary: Vocabulary, intents: IntentModel, coverage: Coverage) -> None:
        self.vocab = vocabulary
        self.intents = intents
        self.coverage = coverage

    # -- stages ----------------------------------------------------------------------------------
    def parse(self, text: str, commodity_hint: str = "magnets", names: Mapping[str, str] | None = None) -> Parsed:
        """Tokens, names and periods of a question; relative periods against the series' latest month.

        ``names`` are the names documents give whom they state figures for (companies, with their
        short forms: "MP" for MP Materials), each to the name its figures are stored under.
        """
        toks, mentions = self.vocab.scan(text)
        if names:
            mentions = _with_names(toks, mentions, names)
            if any(m.has("partner") and m.value("partner") in names.values() for m in mentions):
                # "Lynas' capacity in Malaysia": a place after "in" is where the company works, not a second subject
                mentions = [m for m in mentions if not _where(m, toks, names)]
        commodity = next((m.value("commodity") for m in mentions if m.has("commodity")), None) or commodity_hint
        latest = self.coverage.latest_month(commodity)
        periods = _restated(text, find_periods(text, latest, self.coverage.present), self.vocab)
        # a name that is itself a period ("May") gives way to it; names inside a longer period stay
        mentions = [m for m in mentions if not any(p.start == m.start and p.end == m.end for p in periods)]
        mentions = _without_negated(mentions, toks, self.vocab)
        # "in Japanese yen" names a currency, not a market
        money = _unit_spans([t.norm for t in toks], self.vocab)
        mentions = [m for m in mentions if not (m.has("partner") and any(a <= m.first < b for a, b in money))]
        scene = _scene(text, toks, mentions, periods, self.vocab)
        periods = [p for p in periods if p.start >= scene]
        mentions = [m for m in mentions if m.start >= scene or not m.has("event")]
        return Parsed(text, toks, mentions, periods, scene)

    def masked(self, parsed: Parsed) -> str:
        """The question with its names and periods replaced by the example bank's fillers."""
        fillers = {"partner": "Germany", "commodity": "magnets", "element": "dysprosium", "event": "the summit"}
        spans = [(m.start, m.end, fillers.get(m.senses[0][0], m.text)) for m in parsed.mentions]
        grain = {"day": "10 April 2025", "month": "July 2025"}
        spans += [(p.start, p.end, grain.get(p.grain, "H1 2025")) for p in parsed.periods]
        out, at = [], 0
        for start, end, filler in sorted(spans):
            if start < at:
                continue
            out += [parsed.text[at:start], filler]
            at = end
        return "".join([*out, parsed.text[at:]])

    def asks(self, parsed: Parsed) -> list[AskScore]:
        """Every ask for the question, best first."""
        words, named = cue_words(parsed, self.vocab, self.intents)
        return self.intents.rank(words, self.masked(parsed), [(ask, name) for _, ask, name in named])

    # -- reading -----------------------------------------------------------------------------------
    def read(
        self, text: str, previous: Reading | None = None, names: Mapping[str, str] | None = None
    ) -> Reading | Clarify | Refuse:
        """Read a cleaned question; ``previous`` is this user's last reading, if any; ``names`` as ``parse``."""
        if not text.strip():
            return Refuse(prompts.EMPTY, kind="empty")
        parse = partial(self.parse, names=names)
        parsed = parse(text)
        fuzzy = [m for m in parsed.mentions if m.fuzzy]
        ranked = self.asks(parsed)
        if previous is not None and refers_back(parsed, ranked, self.vocab):
            queries = follow_up(parse, self.vocab, parsed, ranked, previous)
            return self._finish(queries, ranked, parsed, fuzzy, follow=True)
        if not self._in_scope(parsed, ranked):
            if INJECTION.search(text):
                return Refuse(prompts.INJECTION)
            # no figure asked: a dated question asks what happened then, an undated one for background
            ask = ranked[0].ask if ranked and ranked[0].ask in ("events", "controls") else "context"
            named = event_periods(parsed, parsed.words, self.coverage.latest_month("magnets"), "events")
            periods = tuple(dict.fromkeys(p.period for p in [*named, *parsed.periods] if p.period is not None))
            ask = "events" if ask == "context" and periods else ask
            query = Query(ask, periods=periods[:1], search=text, context=True)
            fallback = Reading((query,), "background from the articles")
            return Refuse(prompts.OUT_OF_SCOPE, fallback=fallback)
        ambiguous = next((m for m in parsed.mentions if m.has("ambiguous")), None)
        if ambiguous is not None:
            choices = tuple(f"{partner_name(c)} ({c})" for c in AMBIGUOUS[str(ambiguous.value("ambiguous"))])
            return Clarify(
                f"“{ambiguous.text}” could mean several partners. Which one do you mean: {' or '.join(choices)}?",
                choices,
            )
        unknown = self._unknown_partner(parsed)
        if unknown is not None:
            return unknown
        queries = self._fresh(parsed, ranked)
        return self._finish(queries, ranked, parsed, fuzzy)

    def _fresh(self, parsed: Parsed, ranked: list[AskScore]) -> list[Query]:
        clauses = split_clauses(parsed, self.vocab, self.intents)
        own = [c for c in clauses if c.ask is not None]
        # two asks of one kind are still two when each names its own goods and period, or when
        # one does and another asks about a partner ("tb exports in Oct total, and how much to the US")
        partnered = [c for c in own if not c.complete and _names_partner(parsed, c)]
        separate = sum(c.complete for c in own) >= 2 or (any(c.complete for c in own) and bool(partnered))
        if len({c.key for c in own}) < 2 and not separate:
            own = [Clause(parsed, ranked[0].ask if ranked else "amount", 0, len(parsed.tokens))]
        queries: list[Query] = []
        for clause in own:
            asked = clause.ask or "amount"
            slots = read_slots(parsed, clause, asked, self.vocab, self.coverage, ranked)
            queries.extend(slots.queries())
        return _fold_asks(queries)

    def _finish(
        self, queries: list[Query], ranked: list[AskScore], parsed: Parsed, fuzzy: list[Mention], follow: bool = False
    ) -> Reading:
        written = [p.period for p in parsed.periods if p.period is not None]
        queries = read_operators(parsed.words, parsed.mentions, written, queries, self.vocab, self.coverage.first)
        checked = tuple(check(q.but(search=q.search or parsed.text), self.coverage) for q in queries)
        if fuzzy:
            note = "; ".join(f"“{m.text}” read as {self._name(m)}" for m in fuzzy) + "."
            checked = tuple(q.but(assumptions=(note, *q.assumptions)) for q in checked)
        words = "; ".join(describe(q, self.vocab.labels.get(q.commodity, q.commodity)) for q in checked)
        alternatives = self._alternatives(checked, ranked) if not follow else ()
        # an operation named as not computed is read: the answer says so first
        refused = {w for key, _ in self.vocab.keys("unsupported") if find_phrase(parsed.words, key) >= 0 for w in key}
        skipped = tuple(w for w in self.unread(parsed) if w.lower() not in refused)
        return Reading(checked, words, alternatives, follow, skipped)

    def unread(self, parsed: Parsed) -> tuple[str, ...]:
        """Words the reading did not use: no name, period, cue or function word covers them.

        Like the words Power BI Q&A underlines: the reader says what it skipped, so that a reading
        that missed a word ("earn", "combined") is never passed off as the whole question.
        """
        names = [(m.first, m.last) for m in parsed.mentions]
        out = []
        for i, tok in enumerate(parsed.tokens):
            if not tok.norm.isalpha() or tok.start < parsed.scene or any(first <= i < last for first, last in names):
                continue
            if any(p.start <= tok.start < p.end for p in parsed.periods) or self.vocab.knows_word(tok.norm):
                continue
            if tok.norm in (self.vocab.lexicon.get("numbers") or {}):  # "the three months after ..."
                continue
            out.append(tok.raw)
        return tuple(dict.fromkeys(out))

    def _name(self, mention: Mention) -> str:
        kind, value = mention.senses[0]
        if kind == "commodity":
            return self.vocab.labels.get(value, value)
        if kind == "partner":
            return partner_name(value)
        return value

    def _alternatives(self, queries: tuple[Query, ...], ranked: list[AskScore]) -> tuple[Alternative, ...]:
        if len(queries) == 1 and queries[0].reporter != CHINA:
            # "US magnet exports": the data holds China's trade only, so offer China's exports to the US
            query = queries[0]
            other = query.but(reporter=CHINA, partners=(query.reporter,), missing=(), assumptions=())
            label = describe(other, self.vocab.labels.get(other.commodity, other.commodity))
            return (Alternative(label, restate(other, self.vocab.labels)),)
        if len(queries) != 1 or len(ranked) < 2:
            return ()
        first, second = ranked[0], ranked[1]
        query = queries[0]
        if second.score <= 0 or first.score - second.score > CLOSE or second.ask == query.ask:
            return ()
        other = _as_ask(query, second.ask, self.coverage)
        if other is None:
            return ()
        label = describe(other, self.vocab.labels.get(other.commodity, other.commodity))
        return (Alternative(label, restate(other, self.vocab.labels)),)

    # -- scope and names ---------------------------------------------------------------------------
    def _in_scope(self, parsed: Parsed, ranked: list[AskScore]) -> bool:
        kinds = {k for m in parsed.mentions for k, _ in m.senses}
        words = set(parsed.words)
        trade = bool(words & (self.vocab.words("flows", "export") | self.vocab.words("flows", "import")))
        trade |= bool(words & (self.vocab.words("measures", "value") | self.vocab.words("measures", "price")))
        trade |= bool(words & (self.vocab.words("domain") | self.vocab.policy_words))
        stated = bool(stated_measure(parsed.words, self.vocab))  # "mine output", "reserves": documents state them
        trade |= stated
        if stated and parsed.periods:
            return True  # "China's mining quota for 2021?": a figure asked with no question word
        cued = {s.ask for s in ranked if s.cues and s.score >= 3}
        if kinds & {"commodity", "element", "not_covered"}:
            return trade or bool(cued) or bool(parsed.periods)
        if "event" in kinds or (cued & {"events", "controls"} and (trade or parsed.periods)):
            return True
        if trade and cued and parsed.periods:
            return True  # "In which month of 2025 were exports lowest?": the product is assumed and said
        partners = [m for m in parsed.mentions if m.has("partner") and m.value("partner") != CHINA]
        return bool(partners or "ambiguous" in kinds) and trade

    def _unknown_partner(self, parsed: Parsed) -> Clarify | None:
        """A capitalised word after to/from that names no partner we know: ask, never drop it."""
        attributions = [phrase_key(a) for a in self.vocab.words("attribution")]
        words = parsed.words
        for i, tok in enumerate(parsed.tokens):
            if i == 0 or words[i - 1] not in ("to", "from") or not re.fullmatch(r"[A-Z][a-z]{3,}", tok.raw):
                continue
            if any(tuple(words[max(0, i - len(a)) : i]) == a for a in attributions):
                continue  # "according to Reuters" names a source, not a partner
            if any(m.first <= i < m.last for m in parsed.mentions) or any(
                p.start <= tok.start < p.end for p in parsed.periods
            ):
                continue
            return Clarify(
                f"I don't know a trade partner called “{tok.raw}”. Name a country, a region "
                "(EU, Europe, Asia) or an ISO code such as DEU or USA."
            )
        return None


def _with_names(toks: list[Token], mentions: list[Mention], names: Mapping[str, str]) -> list[Mention]:
    """The mentions, with the names documents give their subjects read where written as such ("Lynas", "MP").

    A name matches as written, capitals and all, and wins over what its words would otherwise
    name: "MP" is no ISO code and "Lynas Rare Earths" no goods where the documents name a company so.
    """
    raw = [t.raw for t in toks]
    found: list[Mention] = []
    for name, subject in sorted(names.items(), key=lambda item: -len(item[0])):
        key = [t.raw for t in tokens(name)]
        for i in range(len(raw) - len(key) + 1):
            if not key or raw[i : i + len(key)] != key or any(m.first < i + len(key) and i < m.last for m in found):
                continue
            if any(m.first <= i and i + len(key) <= m.last and m.last - m.first > len(key) for m in mentions):
                continue  # "South" of a company's name is no part of "South Korea"
            last = toks[i + len(key) - 1]
            text = " ".join(key)
            found.append(
                Mention(
                    (("partner", subject),), toks[i].start, last.end, text, i, i + len(key), possessive=last.possessive
                )
            )
    kept = [m for m in mentions if not any(n.first < m.last and m.first < n.last for n in found)]
    return sorted([*kept, *found], key=lambda m: m.first)


def _where(mention: Mention, toks: list[Token], names: Mapping[str, str]) -> bool:
    place = mention.has("partner") and mention.value("partner") not in names.values()
    return place and mention.first > 0 and toks[mention.first - 1].norm in ("in", "at")


def _restated(text: str, periods: list[PeriodMention], vocab: Vocabulary) -> list[PeriodMention]:
    """The periods meant: one the question restates ("early 2026, I mean the first quarter") gives way.

    Only the words of a restatement may stand between the two, so "June and July" keeps both.
    """
    phrases = sorted((phrase_key(p) for p in vocab.words("restating")), key=len, reverse=True)
    out: list[PeriodMention] = []
    for k, mention in enumerate(periods):
        following = periods[k + 1] if k + 1 < len(periods) else None
        between = [w for w in re.findall(r"[a-z]+", text[mention.end : following.start].lower())] if following else []
        if following is not None and between and any(tuple(between[-len(p) :]) == p for p in phrases):
            kept = between[: len(between) - next(len(p) for p in phrases if tuple(between[-len(p) :]) == p)]
            if all(w in ("by", "which", "or", "rather", "so") for w in kept):
                continue
        out.append(mention)
    return out


def _scene(
    text: str, toks: list[Token], mentions: list[Mention], periods: list[PeriodMention], vocab: Vocabulary
) -> int:
    """Where an opening clause or sentence that only sets the scene ends (0 when there is none).

    "After the controls were suspended in early November, how did exports change from October to
    November?": the clause up to the comma dates an event. "No. 70 suspended the controls in
    November. Compare exports in October and December": a first sentence that names no goods or
    flow tells what happened. Either is a scene only when the question writes its own period.
    """
    if not toks:
        return 0
    end = -1
    if toks[0].norm in vocab.words("setting"):
        end = text.find(",", toks[0].end)
    stop = re.search(r"[.!?](\s+)(?=[A-Z])", text)
    if end < 0 and stop is not None:
        told = [t.norm for t in toks if t.end <= stop.start()]
        goods = any(m.has("commodity") and m.end <= stop.start() for m in mentions)
        flows = set(told) & (vocab.words("flows", "export") | vocab.words("flows", "import"))
        end = -1 if goods or flows or "?" in text[: stop.end()] else stop.end()
    if end < 0 or not any(p.start > end for p in periods):
        return 0
    return end


def _unit_spans(words: list[str], vocab: Vocabulary) -> list[tuple[int, int]]:
    """Where the question names a unit of several words ("Japanese yen", "US dollars", "US$/kg")."""
    keys = [key for code in vocab.lexicon.get("units") or {} for key, _ in vocab.keys("units", code) if len(key) > 1]
    keys += [k for k in (phrase_key(str(m)) for m in vocab.lexicon.get("money_marks") or ()) if len(k) > 1]
    return [(i, i + len(k)) for k in keys for i in range(len(words) - len(k) + 1) if tuple(words[i : i + len(k)]) == k]


def _without_negated(mentions: list[Mention], toks: list[Token], vocab: Vocabulary) -> list[Mention]:
    """Names only excluded ("rare earths (not magnets)", "other than Japan") are not asked about."""
    negations = [tuple(n.split()) for n in vocab.words("negations")]
    words = [t.norm for t in toks]

    def negated(m: Mention) -> bool:
        return any(tuple(words[max(0, m.first - len(n)) : m.first]) == n for n in negations)

    return [m for m in mentions if not negated(m)]


def _names_partner(parsed: Parsed, clause: Clause) -> bool:
    return any(clause.first <= m.first < clause.last and m.has("partner") for m in parsed.mentions)


def _fold_asks(queries: list[Query]) -> list[Query]:
    """The asks left once those another ask answers are folded in.

    A "why" beside a figure is that figure's context; "their share" beside a ranking of the same
    goods is the ranking's shares.
    """
    ranked = {(q.commodity, q.flow, q.periods) for q in queries if q.ask == "rank" and q.over == "partners"}
    queries = [
        q for q in queries if not (q.ask == "share" and not q.partners and (q.commodity, q.flow, q.periods) in ranked)
    ]
    # "the record month, and how much was it": the ranking states the month's figure
    months = {(q.commodity, q.flow) for q in queries if q.ask == "rank" and q.over == "months"}
    queries = [
        q for q in queries if not (q.ask == "amount" and "periods" not in q.given and (q.commodity, q.flow) in months)
    ]
    figures = [q for q in queries if q.is_figure]
    if figures and any(q.ask == "context" for q in queries):
        return [q.but(context=True) if q.is_figure else q for q in queries if q.ask != "context"]
    return queries


def _as_ask(query: Query, ask: str, coverage: Coverage) -> Query | None:
    """The same question read as another ask, when that reading makes sense."""
    if ask in ("events", "controls", "context"):
        return query.but(ask=ask, basis="", over="") if ask == "context" else None
    if ask == "share" and not query.partners:
        return None
    period = query.period or coverage.latest_month(query.commodity)
    if ask == "change":
        return query.but(ask=ask, basis="mom" if period.is_month else "yoy", over="", periods=(period,))
    if ask == "rank":
        return query.but(ask=ask, over="partners", partners=(), basis="", periods=(period,))
    if ask == "trend":
        window = Period(period.shift_months(-11).start, period.end) if period.is_month else period
        return query.but(ask=ask, basis="", over="", periods=(window,))
    return query.but(ask=ask, basis="", over="", periods=(period,))
