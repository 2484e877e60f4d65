"""Figures stated in documents: each number a passage states, typed by the words around it.

A stated figure is a value with its unit, what it measures, whom it is about, the goods, the
period, and the span of text it was read from. The words are read by the answer checker's own
grammar (``assistant.claims``): the same reading that decides what a number in an answer claims
decides what a number in a document states. Tables are read by their headers: a row "<label> —
<column>: <value>" (as ``corpus.tables`` writes them) or a markdown table states, for each cell,
the column's measure for the row's subject.

Extraction runs at ingestion and its records are stored with their chunk, so they are added and
removed together.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date

from assistant.claims import AGAINST, CLAUSE, claim_at, goods_named, partners_in
from assistant.reading.vocabulary import measures_named, phrase_key
from assistant.verify import numbers_in
from corpus.chunking import sentences
from corpus.documents import Document
from tools.errors import AssistantError
from tools.partners import ALIASES, CHINA, WORLD, resolve_partner
from tools.period_words import PeriodMention, find_periods
from tools.periods import Period, parse_period
from tools.units import currency

VERSION = "6"  # the extraction's version: documents read by another are read again at the next ingest


@dataclass(frozen=True)
class Stated:
    """One figure a document states, and the span of the chunk it was read from."""

    value: float
    unit: str  # "t", "kg", "USD", "CNY", "EUR", "USD/kg", "CNY/t", "pct", "pp", "days", "count", ...
    measure: str  # what it measures, in the document's or the lexicon's words ("exports", "reserves")
    kind: str  # "level", "change", "share", "difference" or "count"
    subject: str  # a partner code, another name (a company, a row of a table), or "" for a total
    goods: str  # a family of goods (``assistant.claims``), or ""
    period: str  # "2025-07", "2025", "2025-01..2025-07", "" when the text ties it to none
    start: int
    end: int
    high: float | None = None  # the top of a range ("$700–1,000/kg")
    reporter: str = ""  # whose customs report a trade figure ("EU imports"); "" for China's, or none said

    def as_json(self) -> dict[str, object]:
        """The record as stored in a chunk's metadata."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}

    @classmethod
    def from_json(cls, record: dict[str, object]) -> Stated:
        """A record as ``as_json`` stored it."""
        fields = {"measure": "", "kind": "level", "subject": "", "goods": "", "period": "", "high": None}
        fields["reporter"] = ""
        return cls(**{**fields, **record})  # type: ignore[arg-type]


class StatedReader:
    """Reads a document's stated figures at ingestion (``corpus.ingest.StatedReader``)."""

    def __init__(self, measures: dict[str, tuple[str, ...]]) -> None:
        self.measures = measures
        # the words are part of the reading: a lexicon that names more measures reads documents again
        typed = [measures, getattr(measures, "units", {}), sorted(getattr(measures, "companies", ()))]
        words = hashlib.sha256(json.dumps(typed, sort_keys=True).encode()).hexdigest()[:8]
        self.version = f"{VERSION}-{words}"

    def __call__(self, doc: Document) -> list[dict[str, object]]:
        """The figures ``doc`` states, as records for its chunks' metadata."""
        return [s.as_json() for s in stated_figures(doc.text, self.measures, doc.title, doc.date)]


class MeasureWords(dict[str, tuple[str, ...]]):
    """The words that name each measure, and what each measure only documents hold is counted in.

    ``units`` maps such a measure to the dimension of its levels ("mass", "money", "pct",
    "count", "any"): a money amount is never a capacity, whatever word stands nearest to it.
    ``companies`` are the measures only a company has ("sales"): a country's are its exports.
    """

    def __init__(
        self, words: dict[str, tuple[str, ...]], units: dict[str, str], companies: frozenset[str] = frozenset()
    ) -> None:
        super().__init__(words)
        self.units = units
        self.companies = companies


def measure_words(lexicon: dict[str, object]) -> MeasureWords:
    """The words that name each measure in prose, from the reader's lexicon.

    The flows' words name exports and imports, the price words a price, and the section
    ``stated_measures`` the measures only documents hold (mine production, reserves, capacity),
    counted in mass unless ``stated_units`` says otherwise.
    """
    flows = lexicon.get("flows") or {}
    measures = lexicon.get("measures") or {}
    words: dict[str, tuple[str, ...]] = {
        "exports": tuple(flows.get("export") or ()),  # type: ignore[union-attr]
        "imports": tuple(flows.get("import") or ()),  # type: ignore[union-attr]
        "price": tuple(w for w in measures.get("price") or () if len(w) > 2),  # type: ignore[union-attr]
    }
    units = {"price": "price"} | {str(k): str(v) for k, v in (lexicon.get("stated_units") or {}).items()}  # type: ignore[union-attr]
    for name, named in (lexicon.get("stated_measures") or {}).items():  # type: ignore[union-attr]
        words[str(name)] = tuple(named)
        units.setdefault(str(name), "mass")
    return MeasureWords(words, units, frozenset(str(m) for m in lexicon.get("company_measures") or ()))  # type: ignore[union-attr]


def stated_figures(text: str, measures: dict[str, tuple[str, ...]], title: str = "", dated: str = "") -> list[Stated]:
    """Every figure ``text`` states: its tables' cells, then its sentences' numbers.

    ``measures`` maps a measure's name to the words that name it (``measure_words``). Periods
    are read by the questions' own grammar (``tools.period_words``), against the period the
    text is about at that point: its paragraph's last, else its heading's, else the ``title``'s,
    else the month the document is ``dated`` (ISO). A figure whose sentence names no period is
    of that period, and "January–August" is the one that ends there.
    """
    found: list[Stated] = []
    taken: list[tuple[int, int]] = []
    for lo, hi, stated in _tables(text, measures):
        found += stated
        taken.append((lo, hi))
    context = _Context(_month_of(dated))
    context.common = common_words(text)
    context.title = context.most_precise(title)
    context.title_subject = _named_partner(title)
    owner = trade_owner(title, 0, len(title))
    context.trader = context.reporter = "" if owner == CHINA else owner
    context.section_goods = context.goods = goods_named(title)
    for sentence in sentences(text):
        context.reach(text, sentence.start)
        if sentence.text.lstrip().startswith("#") or _bare_heading(text, sentence.start, sentence.end):
            context.heading(
                context.most_precise(sentence.text), _named_partner(sentence.text), goods_named(sentence.text)
            )
            context.section_company = context.company = context.named(sentence.text.lstrip("# "))
            context.last_company = context.section_company
            continue
        context.said = context.named(sentence.text)
        context.company = context.said or context.company  # "... The company has lifted ..."
        context.last_company = context.company or context.last_company
        if any(a <= sentence.start < b for a, b in taken):
            continue
        owner = trade_owner(text, sentence.start, sentence.end)
        context.reporter = "" if owner == CHINA else owner or context.reporter
        prose = _prose(text, sentence.start, sentence.end, measures, context)
        context.goods = goods_named(sentence.text) or context.goods  # "Magnet exports fell ... Germany took 1,116 t"
        found += [s for s in prose if not any(a <= s.start < b for a, b in taken)]  # a caption runs into its rows
        named = [p for _, _, p, base in context.clause_mentions(text, sentence.start, sentence.end) if not base]
        if not prose and named:  # "Demand recovered strongly in 2024.": what the paragraph's next figures are of
            # "reported its financial year to June on 27 August": the year, not the day it was told
            spans = [p for p in named if p.kind not in ("day", "days")]
            context.paragraph = (spans or named)[-1]
    return sorted(found, key=lambda s: s.start)


def _bare_heading(text: str, lo: int, hi: int) -> bool:
    """True for a short line standing alone as a paragraph, without a sentence's end: a heading an HTML page had."""
    alone = text[max(0, lo - 2) : lo] in ("", "\n\n") and text[hi : hi + 2] in ("", "\n\n")
    line = text[lo:hi]
    return alone and "\n" not in line and len(line) <= 100 and not re.search(r"[.!?:;,]$", line.rstrip())


def _month_of(iso: str) -> Period | None:
    m = re.match(r"((?:19|20)\d\d)-(\d\d)", iso or "")
    return Period.month(int(m.group(1)), int(m.group(2))) if m else None


class _Context:
    """The periods a sentence is read against: its paragraph's last, its heading's, the title's, the date's."""

    def __init__(self, dated: Period | None) -> None:
        self.dated = dated
        self.title: Period | None = None
        self.section: Period | None = None
        self.paragraph: Period | None = None
        self.title_subject = ""  # the partner the title is about
        self.section_subject = ""  # and the one the current heading is about
        self.company = ""  # the company the sentences are about ("Lynas ... The company ..."), if any
        self.said = ""  # the company the current sentence names itself, if any
        self.section_company = ""  # and the one the current heading names
        self.last_company = ""  # and the last one the section named: whose profit a later paragraph tells
        self.goods = ""  # the goods the paragraph, else its heading, else the title, last named on their own
        self.section_goods = ""
        self.flow = ""  # and the flow of its trade last told ("imports")
        self.reporter = ""  # the country whose own trade the paragraph tells ("the EU importing ..."), if not China
        self.trader = ""  # and the one whose own trade the title tells ("India's Rare-Earth Import Dependence")
        self.companies: dict[str, str] = {}  # the names companies were given, and short forms: "MP" is MP Materials
        self.common: frozenset[str] = frozenset()  # the words the text writes in lower case: no name's short form
        self.at = 0

    def named(self, sentence: str) -> str:
        """The company a sentence is about, by the name the text first gave it; "" for none."""
        named = ""
        # "In Australia, Lynas Rare Earths announced ...", "... was MP Materials, which"
        for m in _NAMED.finditer(sentence):
            words = (m.group("name") or m.group("subject")).split()
            name = next((" ".join(words[k:]) for k in range(len(words)) if _a_name(" ".join(words[k:]), {})), "")
            if len(name.split()) > 1:  # one word is too often a publisher or a place
                self._register(name, name)
                named = named or name
        name = " ".join((company_named(sentence, self.companies) or named or self._mentioned(sentence)).split())
        if name:
            full = self.companies.get(name, name)
            self._register(name, full)
            return full
        return ""

    def _mentioned(self, sentence: str) -> str:
        """The first name the text already gave a company in a sentence ("while Iluka's core business weakens").

        Only before the sentence's first figure: "ten times the size of Narva's first phase" owns none.
        """
        head = re.split(r"\d", sentence, maxsplit=1)[0]
        found = [
            (m.start(), -len(name), name)
            for name in self.companies
            for m in [re.search(rf"(?<![\w&.-]){re.escape(name)}(?![\w&-])", head)]
            if m
        ]
        return min(found)[2] if found else ""

    def _register(self, name: str, full: str) -> None:
        """A name, and its short forms unless the text writes their first word in lower case ("rare")."""
        self.companies.setdefault(name, full)
        for short in short_forms(name, self.common):
            self.companies.setdefault(short, full)

    def reach(self, text: str, at: int) -> None:
        if "\n\n" in text[self.at : at]:
            self.paragraph = None  # a new paragraph starts from its heading's period
            self.company = self.section_company
            self.goods = self.section_goods
            self.reporter, self.flow = self.trader, ""
        elif "\n" in text[self.at : at]:
            self.reporter = self.flow = ""  # a list item or a table's row tells its own trade
        self.at = at

    def heading(self, period: Period | None, subject: str, goods: str) -> None:
        self.section, self.paragraph = period, None
        self.section_subject = subject
        self.section_goods = self.goods = goods or self.section_goods

    def subject(self) -> str:
        return self.section_subject or self.title_subject

    def current(self) -> Period | None:
        return self.paragraph or self.section or self.title

    def reference(self) -> Period:
        """The month that a month, quarter or range written without its year is read back from.

        Within a text about a period, it is a month of that period's year ("in May" after "April
        2025"); failing one, a document tells of what happened before it was dated, so it is the
        latest such month by then.
        """
        current = self.current()
        if current is not None:
            return Period.month(current.end.year, 12)
        today = date.today()
        span = self.dated or Period.month(today.year, today.month)
        return Period.month(span.end.year, span.end.month)

    def mentions(self, text: str) -> list[PeriodMention]:
        """The periods ``text`` names, read back from the reference month."""
        ref = self.reference()
        return [m for m in find_periods(text, ref, ref) if m.period is not None and m.role in ("plain", "range")]

    def clause_mentions(self, text: str, lo: int, hi: int) -> list[tuple[int, int, Period, bool]]:
        """The periods a clause names, each with whether it is a comparison's base ("above 2024").

        A base is read on its own: its year must not give the clause's other months theirs.
        """
        found = self.mentions(text[lo:hi])
        bases = [
            m
            for m in found
            if _frames(text, max(lo, lo + m.start - 24), lo + m.start)
            and not (m.grain == "day" and text[max(lo, lo + m.start - 3) : lo + m.start].lower() == "on ")
        ]  # "on 6 May 2025" is a date, not what a change is on
        if bases:
            masked = list(text[lo:hi])
            for m in bases:
                masked[m.start : m.end] = " " * (m.end - m.start)
            found = [*self.mentions("".join(masked)), *bases]
        return sorted(
            ((lo + m.start, lo + m.end, m.period, m in bases) for m in found if m.period is not None),
            key=lambda x: x[0],
        )

    def most_precise(self, text: str) -> Period | None:
        """The shortest period a title or heading names, if it names one ("highest since 2014" names none).

        A period after the document's date is a target ("the 2030 benchmarks"), not what the text tells.
        """
        found = [
            p
            for _, _, p, base in self.clause_mentions(text, 0, len(text))
            if not base and (self.dated is None or p.start <= self.dated.end)
        ]
        return min(found, key=lambda p: p.month_count) if found else None


# -- prose -----------------------------------------------------------------------------------------
_RANGE_JOIN = re.compile(r"^\s*(?:[–—-]|to)\s*$")
_WORD_UNIT = re.compile(r"^\s*(?P<word>days?|weeks?|months?|years?|hours?)\b", re.I)
_COUNTED = re.compile(r"^\s*(?:[a-z-]+\s+)?(?P<noun>[a-z]{3,}s)\b")
_NOTE = re.compile(r"\(notes? [\w, ]+\)")
_PER = re.compile(r"^\s*(?:per|a|an|/)\s*(kilogram|kilo|kg|metric ton|tonne|ton|t)\b", re.I)
_UNIT_NAMES = {"yuan": "CNY", "yuan/t": "CNY/t", "yuan/kg": "CNY/kg"}
_YEAR_EARLIER = re.compile(
    r"(?:\s+(?:of|in|for)\s+\w+)?\s*(?:a|one) year (?:earlier|before|ago)|\s*the (?:previous|prior) year", re.I
)
# "EU imports", "Japan's rare-earth import volume", "the EU importing", "Japan exported": the place trades
_OWNS = re.compile(
    r"(?:['’]s)?\s+(?:(?:[\w-]+\s+){0,3}?(?:imports?|exports?|import volume|export volume)\b|"
    r"(?:imported|exported|importing|exporting)\b|customs\b)(?!\s+(?:reliance|dependence))",
    re.I,
)
_IMPORTED_INTO = re.compile(r"\bimports?\s+(?:in)?to\s+(?:the\s+)?$", re.I)
_CHINA_NAMED = re.compile(r"\bChin(?:a|ese)\b")
_SHARE_AFTER_AMOUNT = re.compile(r"\d\s*(?:tonnes|tons|t|kg)\s*\($", re.I)
# "up from 53%", "to A$556.5 million from A$463.3 million": what a figure moved from
_FROM_BASE = re.compile(
    r"(?:\b(?:up|down|rising|falling|rose|fell|climbing|dropping)|\d(?:\s*(?:million|billion|bn|tonnes|t))?)"
    r"(?:\s+in\s+\d{4})?,?\s+(?:from|against|compared with|versus|vs\.?)\s+(?:about\s+)?(?:A\$|US\$|\$|€|£|¥)?$",
    re.I,
)
_MASS_SCALES = {"kt": 1_000.0, "kilotonne": 1_000.0, "kilotonnes": 1_000.0}


def _prose(text: str, lo: int, hi: int, vocab: dict[str, tuple[str, ...]], context: _Context) -> list[Stated]:
    piece = text[lo:hi]
    numbers = [(n, lo + a, lo + b) for n, a, b in numbers_in(piece)]
    notes = [(lo + m.start(), lo + m.end()) for m in _NOTE.finditer(piece)]
    numbers = [x for x in numbers if not any(a <= x[1] < b for a, b in notes)]
    positions = [(a, b) for _, a, b in numbers]
    cuts = [lo, *(m.end() for m in CLAUSE.finditer(text, lo, hi)), hi]
    clauses = list(zip(cuts, cuts[1:], strict=False))
    mentions = [m for c in clauses for m in context.clause_mentions(text, *c)]
    out: list[Stated] = []
    skip = -1
    for i, (number, start, end) in enumerate(numbers):
        if i == skip:
            continue
        value, high, unit, stop = number.value, None, number.unit, end
        following = numbers[i + 1] if i + 1 < len(numbers) else None
        if following is not None and _joins_a_range(text, end, following[1]):
            # "700–1,000", "$91-94/kg", "1,100 to 1,350 t": one figure, a range
            nxt, n_start, n_end = following
            if not unit or not nxt.unit or unit == nxt.unit or nxt.unit.endswith(("/kg", "/t")):
                value, high, unit, stop, skip = number.value, abs(nxt.value), nxt.unit or unit, n_end, i + 1
                if number.scale == 1.0 and nxt.scale > 1.0:  # "1.68–1.7 million": the scale is both ends'
                    value *= nxt.scale
                if number.unit in ("USD", "yuan", "EUR") and unit.startswith("USD/"):
                    unit = f"{number.unit}/{unit.split('/')[1]}"
        unit = _UNIT_NAMES.get(unit, unit)
        if unit in _MASS_SCALES:  # "10.5 kilotonnes" is held as 10,500 t, as the data holds every mass
            value, high = value * _MASS_SCALES[unit], high * _MASS_SCALES[unit] if high is not None else None
            unit = "t"
        after = text[stop : stop + 40]
        per = _PER.match(after)
        if per and unit in ("USD", "CNY", "EUR"):  # "$56 per kilogram", "RMB 600,000 a tonne"
            unit = f"{unit}/{'kg' if per.group(1).lower().startswith('k') else 't'}"
        if not unit:
            unit = _bare_unit(after)
            if not unit:
                continue  # a bare number that counts nothing named: an index, a rank, a score
        claim = claim_at(text, start, stop, (lo, hi), number.unit or unit, positions)
        kind = "count" if unit == "count" else {"share": "share", "change": "change"}.get(claim.kind, "")
        kind = kind or ("difference" if claim.kind == "difference" else "level")
        clause = next(((a, b) for a, b in clauses if a <= start < b), (lo, hi))
        whole = bool(_WHOLE_YEAR.search(text, lo, hi))
        period = _bound_period(text, (start, stop), clause, mentions, positions, context, kind, whole)
        if period is not None and period.kind == "day" and unit in ("t", "kg"):
            # tonnages are counted by month: "on 4 April ... fell to 2,627 t" is April's figure
            period = Period.month(period.start.year, period.start.month)
        if period is not None and kind == "level" and _YEAR_EARLIER.match(text, stop, hi) and period.whole_months:
            period = period.shift_months(-12)  # "against 5,655 tonnes a year earlier": the same months before
        elif (
            period is not None
            and kind == "level"
            and _FROM_BASE.search(text, lo, start)
            and not _dated_after(text, stop, hi)
        ):
            # "67% in 2025, up from 53%": the base is the year before; of a month, which one is not said
            period = period.shift_months(-12) if period.month_count == 12 else None
        # a sentence naming a country tells its trade, even in a paragraph about a company
        company = bool(context.said) or bool(context.company) and not any(partners_in(text, lo, hi))
        measure = _measure(text, start, lo, hi, vocab, claim.flow, unit, kind, company)
        if measure in getattr(vocab, "companies", ()) and not company:
            measure = "imports" if claim.flow == "import" else "exports"  # "China sold 5,000 t abroad"
        subject = _subject_of(text, claim.partner, (lo, hi))
        own = context.reporter
        about = context.subject()
        if not own and measure == "imports" and about not in ("", CHINA) and not _CHINA.search(text, lo, start):
            own = about  # "Imports of rare-earth metals doubled", in a report on India: India's own imports
        if context.said and measure not in _FLOW_MEASURES:
            # "MP Materials, which runs the only U.S. mine, saw revenue fall": the company's, wherever it works
            subject = context.said
        elif (
            context.company
            and measure not in _FLOW_MEASURES
            and (
                not any(code == subject for _, code in partners_in(text, lo, hi))  # "It produced": said before
                or _located(text, lo, start)
                or _THE_COMPANY.search(text, lo, start)
            )
        ):
            # "NdPr output reached a record 6,558 tonnes", "capacity in Malaysia": the company's, where it works
            subject = context.company
        elif not subject and context.last_company and _financial(measure, vocab):
            # "The six months to December were a different business. Net profit reached A$80.2 million": only
            # a company has a profit, and the last one the section named is the one
            subject = context.last_company
        elif own and measure in _FLOW_MEASURES:
            # "the EU importing 12,900 tonnes ... followed by Russia with 3,700 tonnes": the EU's trade, by partner
            subject = _partner_before(text, lo, start, own)
        elif not subject and not claim.total and not _china_total(text, lo, start):
            subject = context.subject()  # "China's magnet exports rose to 3,188 t" is its total, whatever the heading
        if kind == "level" and unit == "pct" and _SHARE_AFTER_AMOUNT.search(text, lo, start):
            kind = "share"  # "Russia with 3,700 tonnes (28.4%)": the amount's share of the whole
        if context.reporter and measure in ("exports", "imports"):
            context.flow = measure
        elif context.reporter and kind == "share" and measure in ("share", ""):
            measure = context.flow  # "China's share of that volume": of the flow the paragraph tells
        out.append(
            Stated(
                value=-abs(value) if kind == "change" and claim.direction < 0 else value,
                unit=unit,
                measure=measure,
                kind=kind,
                subject=subject,
                # a trade figure whose sentence names no goods is of those its paragraph or heading last named
                goods=claim.goods or (context.goods if measure in ("exports", "imports") else ""),
                period=_period_code(period),
                start=start,
                end=stop,
                high=high,
                reporter=own if measure in _FLOW_MEASURES else "",
            )
        )
    return out


def _financial(measure: str, vocab: dict[str, tuple[str, ...]]) -> bool:
    """True for a measure only a company has: a sale, a revenue, a profit."""
    return measure in getattr(vocab, "companies", ()) or getattr(vocab, "units", {}).get(measure) == "money"


def _period_code(period: Period | None) -> str:
    """How a record keeps its period: the data set's code, or "FY2025" for a financial year named so."""
    if period is None:
        return ""
    return f"FY{period.end.year}" if period.fiscal else period.code


def _bound_period(
    text: str,
    number: tuple[int, int],
    clause: tuple[int, int],
    mentions: list[tuple[int, int, Period, bool]],
    numbers: list[tuple[int, int]],
    context: _Context,
    kind: str,
    whole: bool = False,
) -> Period | None:
    """The period a number states a figure for.

    That is one written just after it in its clause, else the last before it in its sentence,
    else the period the text is about. A period after a comparing word ("up 20% on July",
    "above 2024") is a change's base, not the figure's own, unless it leads straight into the
    number ("than 2024's 58,120 t") or straight after it ("than the 55,431 t of 2024"). A level's
    own period becomes its paragraph's. A number whose sentence names no period of its own but
    "the full year" (``whole``) is of the year the text's period ends in.
    """
    start, end = number
    following = min((a for a, _ in numbers if a >= end), default=clause[1])
    after = [
        (p, base)
        for a, _, p, base in mentions
        if end <= a < min(following, clause[1])
        and a - end <= 60
        and (not base or text[end:a].strip().lower() in ("of", "in"))
    ]
    before = [
        (p, base)
        for a, b, p, base in mentions
        if b <= start
        and (
            not base
            or (
                a >= clause[0]
                and start - b <= 30
                and not any(b <= x < start for x, _ in numbers)
                and not re.search(r"[;:.—–]", text[b:start])
            )
        )
    ]
    # else one after it in the sentence, past a clause's cut but before any other number: "67% ... and metals in 2025"
    upto = min((a for a, _ in numbers if a >= end), default=len(text))
    later = [(p, base) for a, _, p, base in mentions if end <= a < upto and not base]
    own = after[:1] or before[-1:] or later[:1]
    if not own:
        current = context.current()
        # "5,933 t for the year" in a text about December: the year December ends
        return parse_period(str(current.end.year)) if whole and current is not None else current
    period, base = own[0]
    aside = context.paragraph is not None and period.end < context.paragraph.start
    if kind != "change" and not base and not aside:
        # "... peaked in 2018 at 9,700 tons" in a paragraph on 2024 looks back: what follows is of 2024 still
        context.paragraph = period
    return period


# a frame ("since 2014"), or what a multiple is of ("2.4 times its June volume")
_FRAME = re.compile(
    r"\b(?:since|after|before|until|till|back to|as far back as)\s+(?:at least\s+|the\s+|its\s+)?$"
    r"|\btimes\s+(?:its\s+|the\s+|that of\s+)?$"
    r"|\b(?:above|below|surpass(?:ed|es|ing)?|exceed(?:ed|s|ing)?)\s+(?:the\s+|its\s+)?$",
    re.I,
)


def _frames(text: str, lo: int, at: int) -> bool:
    """True when the period at ``at`` is a base or a frame ("above 2024", "since 2014", "after June's peak")."""
    return bool(AGAINST.search(text, lo, at) or _FRAME.search(text, lo, at))


def _subject_of(text: str, partner: str, sentence: tuple[int, int]) -> str:
    """The partner a claim names, as written: "Europe" is the continent, not the EU it also stands for."""
    if partner in ("", WORLD):
        return ""
    if partner == "EU" and any(
        code == "EU" and m.group(0).lower() in ("europe", "european") for m, code in partners_in(text, *sentence)
    ):
        return "EUROPE"
    return partner


def trade_owner(text: str, lo: int, hi: int) -> str:
    """The country whose own trade ``text[lo:hi]`` tells; CHINA when it is China's, "" when none is said.

    "EU imports", "Japan's exports", "the EU importing", "imports into Japan", "Japanese customs".
    """
    owners = []
    for m, code in partners_in(text, lo, hi):
        after = text[m.end() : min(hi, m.end() + 60)]
        before = text[max(lo, m.start() - 30) : m.start()]
        if _OWNS.match(after) or _IMPORTED_INTO.search(before):
            owners.append(code)
    return owners[0] if owners else ""


def _dated_after(text: str, at: int, hi: int) -> bool:
    return bool(find_periods(text[at : min(hi, at + 25)], _FAR, _FAR))


def _partner_before(text: str, lo: int, at: int, reporter: str) -> str:
    """The last partner named before ``at`` in the sentence other than the reporter: the other side of its trade."""
    named = [(m.start(), code) for m, code in partners_in(text, lo, at) if code not in (reporter, WORLD)]
    named += [(m.start(), CHINA) for m in _CHINA_NAMED.finditer(text, lo, at)]  # other reporters trade with China
    return max(named)[1] if named else ""


def _located(text: str, lo: int, at: int) -> bool:
    """True when every place named before ``at`` in the sentence is where something is ("in Malaysia"), not whose."""
    places = partners_in(text, lo, at)
    where = re.compile(r"\b(?:in|at)\s+(?:the\s+|its\s+|their\s+)?$", re.I)
    return bool(places) and all(where.search(text, lo, m.start()) for m, _ in places)


def company_named(sentence: str, known: dict[str, str] | None = None) -> str:
    """The company a sentence is about ("Lynas Rare Earths, the largest producer ...", "MP Materials said"), or "".

    A run of capitalised words that names no place, period or common word, opening the sentence
    before a verb or a comma, or inside it before a verb of making or selling ("In the second
    quarter MP produced ..."). A name the text already gave a company (``known``, with its short
    forms) is that company even where it reads as a code ("MP"). Publishers of news ("Reuters
    reported") open sentences too, so a company's name types only figures that are no trade flow.
    """
    known = known or {}
    text = sentence.strip()
    m = _OPENING_NAME.match(text)
    if m is not None and _a_name(m.group("name"), known):
        return m.group("name")
    for m in _ACTING_NAME.finditer(text):
        words = m.group("name").split()
        # "On 10 July MP Materials announced": the name is the run after the period and the function words
        for k in range(len(words)):
            name = " ".join(words[k:])
            if _a_name(name, known):
                return name
    return ""


def common_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case somewhere: "rare", "critical"; a proper name's words seldom are."""
    return frozenset(re.findall(r"(?<![\w-])[a-z]{2,}", re.sub(r"\S+://\S+", " ", text)))  # addresses aside


def short_forms(name: str, common: frozenset[str]) -> list[str]:
    """The leading words that may stand for a name: "JL" and "JL Mag" of "JL Mag Rare-Earth"; "Lynas", "MP".

    None when the first word is one the text writes in lower case: never "Rare" of "Rare Earth Group".
    """
    words = name.split()
    first = words[0]
    if len(words) < 2 or first.lower() in _NOT_NAMES:
        return []
    if not (first.isupper() or first.lower() not in common):  # "MP" is an acronym, however the text writes "mp"
        return []
    return [" ".join(words[:k]) for k in range(1, len(words))]


def _a_name(name: str, known: dict[str, str]) -> bool:
    if name in known:
        return True
    first, last = name.split()[0], name.split()[-1]
    if first.lower() in _NOT_NAMES or _place(name) or _place(first) or find_periods(name, _FAR, _FAR):
        return False
    if last.lower() in _NOT_COMPANY_HEADS:
        return False  # "the Critical Raw Materials Act", "the Geological Survey": a law, an agency
    return not goods_named(first)  # "Cerium, the ...": an element, not a company


def _place(word: str) -> bool:
    """True for a word that names a place: a country's name or alias ("US", "Australia"), not a bare ISO code ("MP")."""
    return bool(partner_code(word)) and (len(word) > 3 or word.lower() in ALIASES)


def _china_total(text: str, lo: int, at: int) -> bool:
    """True when the sentence before ``at`` speaks of China's own trade, and names no partner after that."""
    owned = list(_CHINA.finditer(text, lo, at))
    return bool(owned) and not partners_in(text, owned[-1].end(), at)


def _named_partner(text: str) -> str:
    """The one partner a title or heading is about, if it names just one.

    A pair with China ("the US–China tariff escalation") is their relation, and a title that also
    speaks of the trade as a whole ("magnet exports rebound and US shipments jump") is not about
    one partner either.
    """
    found = partners_in(text, 0, len(text))
    named = {code for _, code in found}
    if len(named) != 1:
        return ""
    if any(_PAIRED.search(text[max(0, m.start() - 8) : m.end() + 8]) for m, _ in found):
        return ""
    parts = re.split(r"[:;,]|\b(?:and|as|while|but|after|with)\b", text)  # "exports ease as US volumes drop"
    # a part of the title on the trade or the goods as a whole: "magnets edge down 1.6%, US at a low"
    if any(_FLOW_WORD.search(part) and not partners_in(part, 0, len(part)) for part in parts):
        return ""
    return _subject_of(text, named.pop(), (0, len(text)))


def _joins_a_range(text: str, end: int, next_start: int) -> bool:
    """True when the text between two numbers makes them one range: a dash (the next number's sign) or "to"."""
    gap = text[end:next_start]
    return bool(_RANGE_JOIN.match(gap)) or (not gap.strip() and text[next_start : next_start + 1] in "–—-")


def _bare_unit(after: str) -> str:
    """The unit of a number written without one: "47 days" (a duration), "38 importers" (a count)."""
    if re.match(r"^\s*times\b", after, re.I):  # "2.4 times its June volume": a multiple
        return "times"
    word = _WORD_UNIT.match(after)
    if word:
        name = word.group("word").lower()
        return name if name.endswith("s") else f"{name}s"
    if _COUNTED.match(after):
        return "count"
    return ""


def _measure(
    text: str,
    start: int,
    lo: int,
    hi: int,
    vocab: dict[str, tuple[str, ...]],
    flow: str,
    unit: str,
    kind: str,
    company: bool = False,
) -> str:
    """What a number measures: the nearest measure word before it in its sentence that a figure in its unit can be.

    Else the nearest after it, else its flow or unit. A word two measures share ("sold") names the
    company's measure in a text about a company, the flow otherwise.
    """
    companies = getattr(vocab, "companies", frozenset())
    best: tuple[int, str] | None = None
    before = text[lo:start].lower()
    units = getattr(vocab, "units", {})
    dimension = unit_dimension(unit)
    fits = {n for n in vocab if kind != "level" or units.get(n, "any") in ("any", dimension)}
    for name, words in vocab.items():
        if name not in fits:
            continue
        for word in words:
            at = max((m.end() for m in re.finditer(rf"\b{re.escape(word)}\b", before)), default=-1)
            if at >= 0 and (best is None or at > best[0] or at == best[0] and company and name in companies):
                best = (at, name)
    if best is None:
        after = text[start:hi].lower()
        # the nearest after it, the longer name where two start together ("import reliance", not "import")
        named = [
            (m.start(), -len(w), name)
            for name, words in vocab.items()
            if name in fits
            for w in words
            for m in [re.search(rf"\b{re.escape(w)}\b", after)]
            if m
        ]
        if named:
            best = (0, min(named)[2])
    if best is not None:
        return best[1]
    if unit.endswith(("/kg", "/t")):
        return "price"
    if kind == "share":
        return "share"
    return {"export": "exports", "import": "imports"}.get(flow, "")


def canonical(words: str, measures: dict[str, tuple[str, ...]]) -> str:
    """A measure as the reader names it: "Production, mineral concentrates" is "mine production".

    The first measure the words name, read as the reader reads a question's (``measures_named``):
    "Smelting and separation quota" is a quota. The words themselves when they name none.
    """
    return next(iter(measures_named(phrase_key(words), measures)), words)


def unit_dimension(unit: str) -> str:
    """What a unit counts: "mass", "money", "pct", "count", "price", or the unit itself."""
    if unit in ("t", "kg"):
        return "mass"
    if unit == "pct":
        return "pct"
    if unit == "count":
        return "count"
    if "/" in unit:
        return "price"
    return "money" if currency(unit) or unit.endswith("$") else unit


# -- tables ----------------------------------------------------------------------------------------
# a row as corpus.tables writes it: "Poland — Tonnes: 1,200 (note 3); Share: 12%."
_ROW = re.compile(r"^(?P<label>[^\n—]{1,80}?) — (?P<cells>[^\n]+?)\.?$", re.M)
_CELL = re.compile(r"(?:^|; )(?:(?P<column>[^:;]{1,80}): )?(?P<value>[^;]+)")
_MD_TABLE = re.compile(r"(?:^\|[^\n]*\|[ \t]*\n){3,}", re.M)
_HEADER_UNIT = re.compile(
    r"\((?P<unit>[^)]*?(?:tonnes|tons|\bt\b|kg|usd|us\$|\$|yuan|%|per ?cent)[^)]*)\)|"
    r"\b(?P<word>tonnes|metric tons|kilograms|percent|per cent)\b",
    re.I,
)


def _tables(text: str, measures: dict[str, tuple[str, ...]]) -> list[tuple[int, int, list[Stated]]]:
    """The tables of ``text`` (row lines and markdown tables) with the figures their cells state."""
    out: list[tuple[int, int, list[Stated]]] = []
    for m in _MD_TABLE.finditer(text):
        out.append((m.start(), m.end(), _markdown_table(text, m.start(), m.end(), measures)))
    caption = ""
    last = -2
    for m in _ROW.finditer(text):
        if any(a <= m.start() < b for a, b, _ in out) or ": " not in m.group("cells"):
            continue
        if text.count("\n", last, m.start()) > 1 or last < 0:
            caption = _caption(text, m.start())  # a table's first row: the line above it says what it holds
        last = m.end()
        out.append((m.start(), m.end(), _row_line(text, m, caption, measures)))
    return out


def _row_line(text: str, m: re.Match[str], caption: str, measures: dict[str, tuple[str, ...]]) -> list[Stated]:
    label = m.group("label").strip()
    cells = []
    base = m.start("cells")
    for cell in _CELL.finditer(m.group("cells")):
        column = (cell.group("column") or "").strip()
        cells.append((column, base + cell.start("value"), base + cell.end("value")))
    return _cells(text, label, cells, caption, measures)


def _markdown_table(text: str, lo: int, hi: int, measures: dict[str, tuple[str, ...]]) -> list[Stated]:
    rows = []
    at = lo
    for line in text[lo:hi].splitlines(keepends=True):
        cells, offset = [], at
        for part in re.finditer(r"[^|\n]+", line):
            cells.append(
                (part.group(0).strip(), offset + part.start() + len(part.group(0)) - len(part.group(0).lstrip()))
            )
        rows.append(cells)
        at += len(line)
    rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c, _ in r if c)]
    if len(rows) < 2:
        return []
    header = [c for c, _ in rows[0]]
    caption = _caption(text, lo)
    found: list[Stated] = []
    for row in rows[1:]:
        if not row:
            continue
        label = row[0][0]
        cells = [(header[j] if j < len(header) else "", s, s + len(c)) for j, (c, s) in enumerate(row) if j and c]
        found += _cells(text, label, cells, caption, measures)
    return found


def _caption(text: str, at: int) -> str:
    """The heading or sentence just above a table: what its figures are of, when its header is silent."""
    above = text[max(0, at - 300) : at].rstrip().splitlines()
    return above[-1] if above else ""


def _cells(
    text: str, label: str, cells: list[tuple[str, int, int]], caption: str, measures: dict[str, tuple[str, ...]]
) -> list[Stated]:
    """The figures a table row states: each cell's number, measured by its column, for the row's subject.

    A row whose label names no country or region names a measure ("Dysprosium oxide price ($/kg)")
    of the subject the caption names ("Salient statistics, United States").
    """
    subject = _subject(label)
    named = {code for _, code in partners_in(caption, 0, len(caption))}
    row_measure = ""
    if subject and not partner_code(subject):
        row_measure, subject = (
            _column_measure(label),
            _subject_of(caption, named.pop(), (0, len(caption))) if len(named) == 1 else "",
        )
    # a row labelled by its year, in a table whose caption names one country, is that country's
    # ("Table 1. Annual rare-earth quotas, China"): its quotas and output, never its trade's partner
    owner = next(iter(named)) if len(named) == 1 else CHINA if not named and _CHINA_NAMED.search(caption) else ""
    owner = owner if not subject and _column_period(label) else ""
    goods_row = bool(row_measure) and row_measure == canonical(row_measure, measures) and bool(goods_named(label))
    if goods_row:
        row_measure = ""  # "Rare-earth metals (tonnes)": goods, counted in the caption's measure
    # "India's imports of rare-earth metals, and China's share": the table tells India's own trade
    trader = trade_owner(caption, 0, len(caption))
    trader = "" if trader == CHINA else trader
    out: list[Stated] = []
    for column, lo, hi in cells:
        # "Germany (tons)" in a table of imports by origin: Germany's own imports, from the row's country
        places = {code for _, code in partners_in(column, 0, len(column))}
        reporter = places.pop() if len(places) == 1 and subject and partner_code(subject) else trader
        numbers = [
            (n, lo + a, lo + b) for n, a, b in numbers_in(_NOTE.sub(lambda x: " " * len(x.group(0)), text[lo:hi]))
        ]
        if not numbers:
            continue
        number, start, end = numbers[0]
        heading = f"{column} {label if row_measure or goods_row else ''} {caption}"
        unit = number.unit or _header_unit(heading)
        if not unit:
            continue
        # a row labelled by its month is of that month, whatever its columns compare it with
        period = _column_period(label, caption) or _column_period(column, caption) or _column_period(caption)
        measure = _column_measure(column) or row_measure
        # a heading's words stay as written ("smelting quota" beside "mining quota"); a caption's give its measure
        measure = measure or canonical(_column_measure(caption), measures)
        named = canonical(measure, measures)
        kind = "level"
        if unit == "pct" and _SHARE_HEADING.search(heading):
            kind = "share"
        elif unit == "pct" and _CHANGE_HEADING.search(heading):
            kind = "change"
        who = owner if owner and named not in _FLOW_MEASURES else subject
        if trader and reporter == trader and named in _FLOW_MEASURES:
            # its imports from China where the row or column names China ("China's share of metal imports")
            who = CHINA if _CHINA_NAMED.search(f"{label} {column}") else "" if who == trader else who
        out.append(
            Stated(
                value=number.value,
                unit=_UNIT_NAMES.get(unit, unit),
                measure=measure,
                kind=kind,
                subject=who,
                goods=(goods_named(label) or goods_named(caption)) if named in ("exports", "imports") else "",
                reporter=reporter if named in _FLOW_MEASURES else "",
                period=period,
                start=start,
                end=end,
                high=numbers[1][0].value
                if len(numbers) > 1 and text[numbers[0][2] : numbers[1][1]].strip() in "–-"
                else None,
            )
        )
    return out


def _subject(label: str) -> str:
    name = re.sub(r"\s*\(note[^)]*\)|\s*\d+$", "", label).strip()
    if _column_period(name):  # "January–May 2025, from Myanmar": the period is the row's, the partner its subject
        for m in sorted(find_periods(name, _FAR, _FAR), key=lambda m: -m.start):
            name = name[: m.start] + name[m.end :]
        name = re.sub(r"^[\s,;:–—-]*(?:from|to)?\s*|[\s,;:–—-]+$", "", name, flags=re.I)
    if not name or re.search(
        r"\b(?:world|total|combined|all (?:origins|destinations|countries|sources))\b", name, re.I
    ):
        return ""
    code = partner_code(name)
    return "" if code == WORLD else code or name


def partner_code(name: str) -> str:
    """The partner code a name resolves to, or "" for a name that is no country or region (a company)."""
    try:
        return resolve_partner(name)
    except AssistantError:
        return ""


def _header_unit(heading: str) -> str:
    if re.search(r"\((?:number|count)\)|\bnumber of\b", heading, re.I):
        return "count"
    m = _HEADER_UNIT.search(heading)
    if not m:
        return ""
    written = (m.group("unit") or m.group("word") or "").lower()
    if re.search(r"%|per ?cent", written):
        return "pct"
    if "kg" in written or "kilogram" in written:
        return "USD/kg" if "$" in written or "usd" in written else "kg"
    if "$" in written or "usd" in written:
        return "USD"
    if "yuan" in written:
        return "CNY"
    return "t"


_FAR = Period.month(2100, 12)  # a table's header writes its years: nothing is read back from a month


# China as the trade's owner ("China's magnet exports", "China shipped"): the figure is its total
_CHINA = re.compile(
    r"\bChin(?:a|ese)(?:['’]s)?\s+(?:[\w-]+\s+){0,2}(?:exports?|imports?|shipments?|shipped|exported|imported|sold)\b"
)
_PAIRED = re.compile(r"[\w.]+\s*[–—/-]\s*Chin(?:a|ese)\b|\bChin(?:a|ese)\s*[–—/-]\s*\w|\bSino-", re.I)
_FLOW_WORD = re.compile(r"\b(?:exports?|imports?|shipments?|trade)\b", re.I)
_VERBS = (
    r"said|says|reported|reports|produced|produces|posted|sold|sells|made|makes|has|had|is|was|will|plans|expects|"
    r"raised|lifted|announced|agreed|runs|operates|mined|shipped|delivered|recorded|booked|generated|earned|"
    r"increased|cut"
)
_OPENING_NAME = re.compile(
    r"(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
    rf"(?=,\s+(?:the|a|an|its|which|one|based|listed)\b|\s+(?:{_VERBS})\b)"
)
_NAMED = re.compile(
    rf"(?<![\w&.-])(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{1,4}})"
    # or set apart by a comma ("Iluka Resources, best known for zircon"), not one of a list ("X, and")
    rf"(?=\s+(?:{_VERBS})\b|,\s+(?!(?:and|or|but|while|as|with)\b)[a-z])"
    # opening a clause, before any word shaped like a verb: "Outside China, Lynas Rare Earths shows"
    r"|(?:^|,\s+)(?P<subject>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){1,4})(?=\s+[a-z]{3,}(?:s|ed)\b)"
)
# "the Australian company": the company the text is about, not Australia
_THE_COMPANY = re.compile(r"\b(?:the|its)\s+(?:[A-Z]\w+\s+)?(?:company|group|firm|miner|producer|manufacturer|maker)\b")
# inside a sentence only a verb of making or selling makes a name its figures' subject ("..., Reuters reported": no)
_ACTING_NAME = re.compile(
    r"(?<![\w&.-])(?P<name>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})"
    r"(?=,?\s+(?:had\s+|has\s+)?(?:produced|produces|made|makes|mined|sold|sells|shipped|delivered|posted|booked|"
    r"generated|earned|processed|separated|refined|turned out)\b)"
)
_NOT_NAMES = frozenset(
    {"the", "a", "an", "in", "on", "at", "by", "for", "from", "to", "of", "and", "but", "as", "after", "before"}
    | {"since", "during", "while", "when", "this", "that", "these", "those", "its", "it", "their", "our", "we"}
    | {"they", "he", "she", "there", "china", "chinese", "exports", "imports", "prices", "output", "production"}
    | {"demand", "total"}
)
# the last words of names that are laws, agencies, places and markets, not companies
_NOT_COMPANY_HEADS = frozenset(
    {"act", "law", "regulation", "regulations", "directive", "survey", "territory", "province", "region", "state"}
    | {"ministry", "office", "agency", "commission", "council", "bureau", "department", "administration", "cabinet"}
    | {"government", "parliament", "congress", "senate"}
    | {"association", "institute", "exchange", "index", "programme", "program", "scheme", "plan", "fund", "union"}
)
_FLOW_MEASURES = frozenset({"exports", "imports", "price", "share", ""})
_WHOLE_YEAR = re.compile(r"\b(?:for|over|in|during) the (?:full |whole |calendar )?year\b|\bfull[- ]year\b", re.I)
_SHARE_HEADING = re.compile(r"\bshare\b|%\s+of\b|\bof (?:the )?total\b", re.I)
_CHANGE_HEADING = re.compile(
    r"\bchange|\bgrowth|\bincrease|\bdecrease|\b[ym]/?[oy]?[ym]\b|[+±]|\bon (?:the )?(?:previous|same|prior)", re.I
)


def _column_period(heading: str, caption: str = "") -> str:
    """The period a heading names; a month without its year ("September") takes the caption's year."""
    heading = re.sub(r"\b((?:19|20)\d\d)[ep]\b", r"\1", heading)  # "2024e": an estimate for 2024, "p" preliminary
    found = [m.period for m in find_periods(heading, _FAR, _FAR) if m.period is not None]
    if not found:
        return ""
    period = found[-1]
    if period.end.year < _FAR.end.year:
        return _period_code(period)
    year = _column_period(caption)[:4] if caption else ""
    return Period(period.start.replace(year=int(year)), period.end.replace(year=int(year))).code if year else ""


def _column_measure(heading: str) -> str:
    """The measure a heading names, if any: not its unit, period, place or comparison ("Change on September 2024")."""
    words = _HEADER_UNIT.sub(" ", heading)
    spans = [(m.start(), m.end()) for m, _ in partners_in(words, 0, len(words))]
    spans += [(m.start, m.end) for m in find_periods(words, _FAR, _FAR)]
    spans += [m.span() for m in _CHANGE_HEADING.finditer(words)]
    words = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(words))
    words = re.sub(r"\b(?:on|of|from|vs|versus|against|the|a)\b", " ", words, flags=re.I)  # what a comparison left
    words = re.sub(r"\b(?:quantity|volume|value|amount)\b", " ", words, flags=re.I)  # what a flow is counted in
    words = re.sub(r"^\W*(?:or|and)\b|\b(?:or|and)\W*$", " ", words.strip(), flags=re.I)  # "Amount or target"
    words = re.sub(r"\(.*?\)|\S*\d\S*|[^\w\s-]", " ", words)
    return " ".join(words.lower().split())
