"""Answers from figures documents state: a question's expression evaluated over the stated figures.

A measure only documents hold (mine production, reserves, import reliance) is answered from
the figures read at ingestion (``assistant.stated``), and so is a trade figure the data set
lacks when a document states it. A leaf of the question's expression is one stated figure of the
same measure, subject and period; the operators are the algebra's own (``tools.algebra.apply``),
so a difference, ratio, share or change of stated figures carries its inputs and its documents.
Nothing else stands in: a measure no document states is said to be missing, never answered with
another measure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant import prompts
from assistant.answer import Citation
from assistant.claims import goods_named
from assistant.context import LIST_MARKER
from assistant.draft import Draft
from assistant.markup import inert_passage
from assistant.reading.query import TRADE_MEASURES
from assistant.stated import Stated, canonical, common_words, partner_code, short_forms
from assistant.verify import goods_of, numbers_in
from corpus.chunking import sentences
from corpus.retrieval import Passage
from tools.algebra import Expr, Op, Series, Unanswerable, apply, leaves
from tools.partners import CHINA, WORLD, partner_name
from tools.periods import Period, parse_period
from tools.results import Figure
from tools.units import SCALE_WORDS, currency

# the measures of the trade data, as a document names them
_TRADE = {("volume", "export"): "exports", ("volume", "import"): "imports", ("value", "export"): "exports"}
_TRADE |= {("value", "import"): "imports", ("price", "price"): "price"}
# measures of a stock, stated once and read at any date: reserves are not dated by a question's month
_STOCKS = frozenset({"reserves", "resources", "capacity"})


@dataclass(frozen=True)
class Statement:
    """One stated figure and the passage (document, chunk) it was read from."""

    record: Stated
    passage: Passage
    measure: str  # the record's measure as the reader names it ("mine production"), or its own words

    @property
    def period(self) -> Period | None:
        """The period the figure is of, or None when the document ties it to none."""
        return parse_period(self.record.period) if self.record.period else None

    @property
    def subject(self) -> str:
        """A partner code, WORLD for a total, or the name a table row gives (a company)."""
        return self.record.subject or WORLD

    def quote(self) -> str:
        """The sentence, or table row, that states the figure."""
        text, at = self.passage.text, self.record.start - self.passage.start
        if not 0 <= at < len(text):
            return ""
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if "|" in line:  # a markdown table's row
            return re.sub(r"\s+", " ", line.strip(" |"))
        label, dash, cells = line.partition(" — ")
        if dash and len(label) < at - line_start:  # a row line: the cell the figure is in, with its label when first
            offset = line_start + len(label) + len(dash)
            at_cells = _cells_at(cells, offset)
            cell = next(c for c in at_cells if c[1] <= at < c[2] + 1)
            return f"{label.strip()} — {cell[0].strip()}" if cell is at_cells[0] else cell[0].strip()
        if LIST_MARKER.match(line):  # a list item is its own statement, whatever the sentences around it
            return re.sub(r"\s+", " ", LIST_MARKER.sub("", line).strip())
        for sentence in sentences(text):
            if sentence.start <= at < sentence.end:
                return re.sub(r"\s+", " ", sentence.text.strip())
        return line.strip()

    def _written_places(self) -> int:
        """The decimal places the document wrote the figure with: "€66.0 million" has one, however it is held."""
        at = self.record.start - self.passage.start
        written = numbers_in(self.passage.text[at : self.record.end - self.passage.start]) if at >= 0 else []
        return written[0][0].decimals if written else 0

    def figure(self, commodity: str) -> Figure:
        """The stated figure as a figure of the algebra, its document its source."""
        r = self.record
        # money in millions and billions, as documents write it; the places it was written with
        big = [s for s in sorted(SCALE_WORDS, reverse=True) if s >= 1e6 and currency(r.unit) and abs(r.value) >= s]
        scale = big[0] if big else 1.0
        places = max(_places(r.value / scale), self._written_places())
        period = self.period or _dated(self.passage)
        who = "" if self.subject == WORLD else f"{_name(self.subject)} "
        what = r.measure or self.measure  # in the document's words: "net import reliance, compounds and metals"
        if r.reporter:  # another country's trade: "European Union's imports from China"
            side = "from" if self.measure == "imports" else "to"
            who, what = "", f"{_name(r.reporter)}'s {what}" + (f" {side} {_name(self.subject)}" if who else "")
            if r.kind == "share" and self.subject != WORLD:  # "China's share of Japan's imports"
                own = _without_share(r.measure) or self.measure  # a heading's "China's share of metal imports"
                what = f"{_name(self.subject)}'s share of {_name(r.reporter)}'s {own}"
        return Figure(
            label=f"{who}{what}, {period.label}" if self.period else f"{who}{what}",
            value=r.value if r.high is None else None,
            low=r.value if r.high is not None else None,
            high=r.high,
            unit=r.unit,
            period=period,
            partner=self.subject if self.subject == WORLD or len(self.subject) == 3 else WORLD,
            commodity=commodity,
            measure="change_pct" if r.kind == "change" and r.unit == "pct" else self.measure,
            origin="stated",  # neither the data set's report nor computed: a document's words
            sources=(self.passage.doc_id,),
            decimals=min(places, 2),
            scale=scale,
        )


@dataclass(frozen=True)
class Found:
    """An expression's value from stated figures: the figure, and the statements it rests on."""

    figure: Figure
    statements: tuple[Statement, ...]
    others: tuple[Statement, ...] = ()  # other documents' figures for a plain figure, shown beside it
    companion: Figure | None = None  # a move told both ways: a change's difference, a difference's change


@dataclass(frozen=True)
class Missing:
    """What no document states: the leaf's measure, subject and period, as words."""

    what: str
    stated_for: tuple[str, ...] = ()  # the periods the documents state it for instead
    combining: bool = False  # ``what`` says why figures are not combined as asked, not what no document states
    parts: tuple[Found, ...] = ()  # and the figures the documents do state: told as they are


@dataclass(frozen=True)
class Ask:
    """How a question limits the stated figures that answer it."""

    dated: bool = False  # the question named its periods: a figure of another period is not its
    publishers: tuple[str, ...] = ()  # named in the question ("according to X"): only their documents
    trade: bool = False  # a trade figure the data set lacks: from documents people added, for goods named
    goods: bool = False  # the question named its goods: a figure of other goods is not its
    words: frozenset[str] = frozenset()  # the question's words: "mining quota" picks the mining one of two quotas


class Statements:
    """The stated figures of the stores' documents, looked up by measure, subject and period."""

    def __init__(
        self, pairs: Sequence[tuple[Passage, Sequence[dict[str, object]]]], measures: dict[str, tuple[str, ...]]
    ) -> None:
        self.all = [
            Statement(record, passage, canonical(record.measure, measures))
            for passage, records in pairs
            for record in map(Stated.from_json, records)
        ]
        # the names documents give the companies they state figures for, and their short forms ("Lynas", "MP")
        self.names: dict[str, str] = {}
        subjects = sorted({s.subject for s in self.all if s.record.subject and not partner_code(s.record.subject)})
        common = frozenset().union(*(common_words(p.text) for p, _ in pairs)) if subjects else frozenset()
        for subject in subjects:
            self.names.setdefault(subject, subject)
            for short in short_forms(subject, common):
                self.names.setdefault(short, subject)

    def evaluate(self, expr: Expr, ask: Ask) -> Found | Missing:
        """The value of ``expr`` from stated figures, within what ``ask`` allows; or what is not stated."""
        try:
            found = self._eval(expr, ask)
        except Unanswerable as err:
            found = Missing(str(err), combining=True)
        if isinstance(found, Missing) and found.combining and isinstance(expr, Op):
            # "net profit: FY25 vs the six months to Dec 2025": not comparable, but each is stated
            parts = [self._leaf(leaf, ask) for leaf in leaves(expr)]
            gaps = [p for p in parts if isinstance(p, Missing)]
            if gaps:  # what is not stated is said first: no reason to combine what is not there
                return Missing("; ".join(m.what for m in gaps), tuple(p for m in gaps for p in m.stated_for))
            return replace(found, parts=tuple(p for p in parts if isinstance(p, Found)))
        moves = {"change": "difference", "difference": "change"}
        if isinstance(found, Found) and isinstance(expr, Op) and expr.name in moves and len(found.statements) == 2:
            a, b = (s.figure(found.figure.commodity) for s in found.statements)
            other = Op(moves[expr.name], ())
            # a difference of percentages is in points: its change would be a percentage of a percentage
            over_time = a.partner == b.partner and a.period != b.period  # a move, not two subjects compared
            told = other.name == "difference" or (b.value and a.unit != "pct" and over_time)
            companion = apply(other, [a, b]) if told else None
            return Found(found.figure, found.statements, companion=companion)
        return found

    def _leaf(self, leaf: Series, ask: Ask) -> Found | Missing:
        try:
            return self._eval(leaf, ask)
        except Unanswerable as err:  # a value per tonne of stated figures in other units
            return Missing(str(err))

    def _eval(self, expr: Expr, ask: Ask) -> Found | Missing:
        if isinstance(expr, Series) and expr.measure == "unit_value" and not self.find(expr, ask):
            # a value per tonne no document states is its stated value over its stated tonnage
            value, volume = replace(expr, measure="value"), replace(expr, measure="volume")
            return self._eval(Op("per_unit", (value, volume)), ask)
        if isinstance(expr, Series):
            found = self.find(expr, ask)
            whole = replace(expr, partner=WORLD)
            parted = expr.measure in ("volume", "value") and expr.partner != WORLD
            if not found and parted and self.find(expr, ask, kind="share") and self.find(whole, ask):
                # "79.6% of Japan's 9,898 t came from China": the part from its stated share of a stated whole
                part = self._eval(Op("part", (Op("share", (expr, whole)), whole)), ask)
                if isinstance(part, Found):
                    return replace(part, figure=replace(part.figure, label=_described(expr, dated=True)))
                return part
            if not found:
                # what the documents do state of it, at other dates: offered, never put in its place
                others = self.find(expr, replace(ask, dated=False), every_period=True) if ask.dated else []
                stated_for = tuple(dict.fromkeys(s.period.label for s in others if s.period is not None))
                return Missing(_described(expr, ask.dated), tuple(sorted(stated_for)))
            return Found(found[0].figure(expr.commodity), (found[0],), tuple(found[1:]))
        if not isinstance(expr, Op) or expr.name not in _COMPUTED:
            return Missing(f"a {expr.name} of figures documents state is not computed", combining=True)
        if expr.name == "share" and isinstance(expr.args[0], Series):
            # a share the document states outright is taken as stated, before one computed from levels
            stated = self.find(expr.args[0], ask, kind="share")
            if stated:
                return Found(stated[0].figure(expr.args[0].commodity), (stated[0],))
        parts = [self._eval(a, ask) for a in expr.args]
        missing = [p for p in parts if isinstance(p, Missing)]
        if missing:
            combining = [m for m in missing if m.combining]  # a part refused as computed: the reason, not a gap
            return Missing(
                "; ".join(dict.fromkeys(m.what for m in combining or missing)),
                tuple(dict.fromkeys(p for m in missing for p in m.stated_for)),
                combining=bool(combining),
            )
        found = [p for p in parts if isinstance(p, Found)]
        figures = [p.figure for p in found]
        if len({f.unit for f in figures}) > 1 and expr.name not in ("convert", "part", "per_unit"):
            raise Unanswerable(
                "the stated figures are in different units ("
                + ", ".join(f"{f.label}: {f.display}" for f in figures)
                + "), so they are not combined"
            )
        return Found(apply(expr, figures), tuple(s for p in found for s in p.statements))

    def find(self, leaf: Series, ask: Ask, kind: str = "level", every_period: bool = False) -> list[Statement]:
        """The statements of a leaf's figure, best first: one per document and value.

        Best is a user's document before the project's briefs, then the figure of the exact period
        before an undated one, then the latest; the best one's period only, unless ``every_period``.
        """
        measure = leaf.measure if leaf.measure not in TRADE_MEASURES else _TRADE.get((leaf.measure, leaf.flow), "")
        if not measure:
            return []
        goods = goods_of(leaf.commodity) if ask.goods or ask.trade else ""
        if goods == "rare_earths" and not ask.trade:
            goods = ""  # "RE mine production": rare earths as a whole, concentrates and oxides alike
        hits = []
        for s in self.all:
            r = s.record
            if s.measure != measure or kind != _kind_of(r) or kind == "level" and not _unit_fits(leaf.measure, r.unit):
                continue
            if ask.publishers and s.passage.publisher not in ask.publishers or ask.trade and s.passage.curated:
                continue
            if s.subject != leaf.partner and (leaf.measure != "price" or leaf.partner != WORLD):
                continue  # a price asked with no market named is any market's
            if leaf.measure in TRADE_MEASURES and (r.reporter or CHINA) != leaf.reporter:
                continue  # the EU's imports are not China's imports from the EU
            named = r.goods or goods_named(r.measure)  # a table's row names its goods in its measure
            if goods and named != goods and (ask.trade or named):
                continue
            period = s.period
            exact = period is not None and leaf.period.same_span(period)
            # a stock stated earlier still stands at a later date ("capacity now"); it is told with its own date
            standing = measure in _STOCKS and period is not None and period.end <= leaf.period.end
            if ask.dated and period is not None and not exact and not standing:
                continue
            if ask.dated and period is None and measure not in _STOCKS:
                continue
            hits.append(s)
        hits.sort(
            key=lambda s: (
                s.passage.curated,
                s.period is not None and not leaf.period.same_span(s.period),
                -len(set(re.findall(r"[a-z]+", s.record.measure.lower())) & ask.words),
                s.period is None,
                -(s.period.end.toordinal() if s.period else 0),
                s.record.start,
            )
        )
        seen: set[tuple[str, str, float]] = set()
        out = []
        for s in hits:
            key = (s.passage.publisher, s.passage.title, s.record.value)
            if key not in seen and (every_period or not out or s.period == out[0].period):
                seen.add(key)
                out.append(s)
        return out


# what is computed from stated figures; lists and records are the data set's series alone
_COMPUTED = frozenset({"difference", "mean", "ratio", "per_unit", "share", "change", "part", "sum", "convert"})


def _without_share(measure: str) -> str:
    """A share's heading without whose share it is: "china s share metal imports" is "metal imports"."""
    words = [w for w in measure.split() if w not in ("s", "share", "of") and not partner_code(w)]
    return " ".join(words)


def _places(value: float) -> int:
    """The decimal places a value was written with (2.86 has 2; 13000.0 has none)."""
    written = f"{round(value, 6):.6f}".rstrip("0")
    return len(written.split(".")[1])


def _cells_at(cells: str, offset: int) -> list[tuple[str, int, int]]:
    """A row line's cells ("column: value; column: value") with their spans; the last runs to the line's end."""
    out, at = [], offset
    for part in cells.split("; "):
        out.append((part, at, at + len(part)))
        at += len(part) + 2
    out[-1] = (out[-1][0], out[-1][1], 1 << 30)
    return out


def _kind_of(record: Stated) -> str:
    return "level" if record.kind in ("level", "count") else record.kind


def _unit_fits(measure: str, unit: str) -> bool:
    if measure == "volume":
        return unit in ("t", "kg")
    if measure == "value":
        return bool(currency(unit)) and "/" not in unit
    if measure == "price":
        return "/" in unit
    return True


def _dated(passage: Passage) -> Period:
    """The year a document is dated, for a figure it ties to no period."""
    year = passage.date[:4] if passage.date[:4].isdigit() else "2000"
    return parse_period(year)


def _name(subject: str) -> str:
    return partner_name(subject) if len(subject) == 3 and subject.isupper() else subject


def _described(leaf: Series, dated: bool) -> str:
    who = "" if leaf.partner == WORLD else f" for {_name(leaf.partner)}"
    when = f", {leaf.period.label}" if dated else ""
    what = leaf.measure if leaf.measure not in ("volume", "value") else leaf.flow + "s"
    if leaf.reporter != CHINA and leaf.measure in TRADE_MEASURES:  # "European Union's imports from Russia"
        what = f"{_name(leaf.reporter)}'s {what}"
        who = "" if leaf.partner == WORLD else f" {'from' if leaf.flow == 'import' else 'to'} {_name(leaf.partner)}"
    return f"{what}{who}{when}"


def tell_found(found: Found, draft: Draft, instead: bool = False) -> None:
    """The stated figure, or one computed from stated figures, with the statements quoted and cited.

    Each passage cited is allowed its own stated figures and those computed from them, nothing
    else (``Draft.stated``). ``instead``: the trade data set lacks the figure, and the answer says
    the document's stands alone.
    """
    figure = found.figure
    refs = [_cite(s, draft) for s in found.statements]
    quoted = dict.fromkeys(
        prompts.STATED_INPUT.format(n=n, source=s.passage.cited_as, quote=s.quote())
        for n, s in zip(refs, found.statements, strict=True)
    )
    told = [figure, *(s.figure(figure.commodity) for s in found.statements)]
    if figure.origin == "stated":
        s = found.statements[0]
        draft.lead.append(
            prompts.STATED_FIGURE.format(
                label=_capital(figure.label),
                value=figure.display,
                n=refs[0],
                source=s.passage.cited_as,
                quote=s.quote(),
            )
        )
    else:
        companion = found.companion
        also = ""
        if companion is not None:
            words = prompts.STATED_DIFFERENCE if companion.unit != "pct" else prompts.STATED_CHANGE
            also = words.format(value=companion.display)
        draft.lead.append(
            prompts.STATED_COMPUTED.format(
                label=_capital(figure.label),
                value=figure.display,
                difference=also,
                formula=_inputs(found),
                refs="; ".join(quoted),
            )
        )
        told += [companion] if companion is not None else []
    for n, s in zip(refs, found.statements, strict=True):
        # the passage's own words, quoted: a table cell's short quote holds its year and note as it wrote them
        draft.stated.setdefault(n, []).extend(x.value for x, _, _ in numbers_in(s.quote()))
        draft.stated[n].extend(f.value for f in told if f.value is not None)
    beside, same = [], []
    own = {(s.passage.publisher, s.passage.title) for s in found.statements}
    for other in (o for o in found.others if (o.passage.publisher, o.passage.title) not in own):
        n = _cite(other, draft)
        stated = other.figure(figure.commodity)
        if stated.value == figure.value and stated.unit == figure.unit:
            same.append(f"[{n}] {other.passage.cited_as}")
            continue
        draft.stated.setdefault(n, []).extend(x.value for x, _, _ in numbers_in(other.quote()))
        beside.append(
            prompts.STATED_BESIDE.format(n=n, source=other.passage.cited_as, value=stated.display, quote=other.quote())
        )
        told.append(stated)
    if same:
        draft.lead.append(prompts.STATED_SAME.format(sources="; ".join(dict.fromkeys(same))))
    if beside:
        draft.lead.append(prompts.STATED_OTHERS.format(figures="; ".join(beside)))
    draft.figures += told
    if instead:
        draft.caveats.append(prompts.STATED_AGAINST_DATA)


def tell_differing(found: Found, figures: Sequence[Figure], draft: Draft) -> bool:
    """A document's figure told beside the data set's ``figures`` when it is none of them; True when told."""
    stated = found.figure
    if stated.value is None or agrees(found, figures):
        return False
    s = found.statements[0]
    n = _cite(s, draft)
    draft.stated.setdefault(n, []).extend(x.value for x, _, _ in numbers_in(s.quote()))
    draft.lead.append(
        prompts.STATED_DIFFERS.format(
            source=s.passage.cited_as, value=stated.display, n=n, quote=s.quote(), figure=figures[0].display
        )
    )
    draft.figures.append(stated)
    return True


def agrees(found: Found, figures: Sequence[Figure]) -> bool:
    """True when one of the data set's ``figures`` is the stated figure, to the document's rounding."""
    return any(_agrees(found.figure, f) for f in figures)


def _agrees(stated: Figure, figure: Figure) -> bool:
    """True when the data's figure is the stated one to the document's rounding."""
    mass = {"t": 1000.0, "kg": 1.0}
    if figure.value is None or stated.value is None:
        return False
    if figure.unit != stated.unit and not (figure.unit in mass and stated.unit in mass):
        return False
    held = figure.value * mass.get(figure.unit, 1.0) / mass.get(stated.unit, 1.0)
    return abs(held - stated.value) <= max(0.5 * 10 ** (-stated.decimals), 0.005 * abs(held))


def tell_missing(missing: Missing, draft: Draft, publishers: Sequence[str] = ()) -> None:
    """What no document states, said as missing: no other measure stands in.

    Figures stated but not combined as asked are told as they are, after the reason.
    """
    if missing.combining:
        draft.lead.append(prompts.STATED_NOT_COMBINED.format(reason=missing.what))
        for part in missing.parts:
            tell_found(part, draft)
        draft.missing = True
        return
    if publishers:
        draft.lead.append(prompts.NOT_STATED_BY.format(publishers=" or ".join(publishers), what=missing.what))
    else:
        draft.lead.append(prompts.NOT_STATED.format(what=missing.what))
    if missing.stated_for:
        draft.lead.append(prompts.STATED_OTHER_PERIODS.format(periods=", ".join(missing.stated_for)))
    draft.missing = True


def _cite(statement: Statement, draft: Draft) -> int:
    """The [n] of the statement's passage: cited once however many of its figures are used."""
    p = inert_passage(statement.passage)  # quoted, never rendered, as every cited passage is
    for c in draft.citations:
        if c.doc_id == p.doc_id and c.text == p.text:
            return c.n
    n = len(draft.citations) + 1
    draft.citations.append(Citation(n, p.title, p.cited_as, p.date, p.url, p.snippet(), p.doc_id, p.text))
    return n


def _inputs(found: Found) -> str:
    """The figures a computed one rests on, as shown: a share's part of its whole, a move's two ends."""
    parts = [s.figure(found.figure.commodity).display for s in found.statements]
    if found.figure.measure == "share_pct" and len(parts) == 2:
        return f"{parts[0]} of {parts[1]}"
    if found.figure.measure == "change_pct" and len(parts) == 2:
        return f"from {parts[1]} to {parts[0]}"
    return found.figure.formula


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
