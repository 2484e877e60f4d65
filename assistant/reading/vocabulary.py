"""The reader's vocabulary, built from the data.

Which words name a partner, a commodity, an element, an event or a control measure, and where
they stand in a question.

Names come from the commodity catalogue (curated and imported tables), the ISO country tables,
the data set's partners, the events table and the lexicon file (demonyms, other minerals). A
question is matched on normalised tokens, longest phrase first; a word of five letters or more
that misses by one edit (a typo or a swapped pair of letters) matches a name the data holds.
ISO codes count only in capitals ("US", "DEU"); lower-case "us" is a country where the words
around it make it one ("the us", "us imports"), never in "tell us".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from tools.commodities import catalogue as commodity_catalogue
from tools.commodities import vocabulary as commodity_names
from tools.partners import ALIASES, AMBIGUOUS, WORLD, _tables

Sense = tuple[str, str]  # (kind, value): ("partner", "DEU"), ("commodity", "magnets"), ("event", "2025-10-30")

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:[.,/][0-9]+)*%?|[$%+&]")
_POSSESSIVE = re.compile(r"['’]s\b|s['’](?=\s|$)")
FUZZY_MIN = 5  # shorter names are too close to ordinary words for one edit to mean a typo
TYPED_MIN = 4  # a typo of such a name may be a letter shorter ("jpan" for "japan")


@dataclass(frozen=True)
class Token:
    """A word of the question: normalised form, the text as written, its span."""

    norm: str
    raw: str
    start: int
    end: int
    possessive: bool = False


def tokens(text: str) -> list[Token]:
    """Words of ``text``: lower-case, dots inside abbreviations dropped, possessives noted."""
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        tail = _POSSESSIVE.match(text, m.end()) or (raw.endswith("s") and _POSSESSIVE.match(text, m.end() - 1))
        norm = raw.lower().replace(".", "") if re.fullmatch(r"(?:[A-Za-z]\.){2,}", raw) else raw.lower()
        out.append(Token(norm, raw, m.start(), m.end(), bool(tail)))
    return out


def phrase_key(text: str) -> tuple[str, ...]:
    """The token key a name is stored under: "Rare-earth magnets" -> ("rare", "earth", "magnets")."""
    return tuple(t.norm for t in tokens(text))


def measures_named(words: Iterable[str], measures: Mapping[str, Iterable[str]]) -> list[str]:
    """The measures that words (token keys) name, in the order written; ``measures`` maps each to its names.

    A name inside a longer one is part of it ("mine production"); a name another follows straight on
    modifies that one, the head of the phrase ("smelting and separation quota" is a quota,
    "production capacity" a capacity). "Mine production and reserves" names two.
    """
    return list(dict.fromkeys(name for _, _, name in measure_spans(words, measures)))


def measure_spans(words: Iterable[str], measures: Mapping[str, Iterable[str]]) -> list[tuple[int, int, str]]:
    """Where the words name each measure (``measures_named``): word spans, in order."""
    words = list(words)
    found = [
        (i, i + len(key), str(name))
        for name, names in measures.items()
        for key in (phrase_key(str(n)) for n in names)
        if key
        for i in range(len(words) - len(key) + 1)
        if tuple(words[i : i + len(key)]) == key
    ]
    whole = [f for f in found if not any(g != f and g[0] <= f[0] and f[1] <= g[1] for g in found)]
    return sorted(f for f in whole if not any(g[0] == f[1] for g in whole))


@dataclass(frozen=True)
class Mention:
    """A name found in a question, with every sense it can have."""

    senses: tuple[Sense, ...]
    start: int
    end: int
    text: str
    first: int  # index of its first token
    last: int  # index after its last token
    fuzzy: bool = False
    possessive: bool = False
    demonym: bool = False

    def value(self, kind: str) -> str | None:
        """The value of the sense of this kind, if it has one."""
        return next((v for k, v in self.senses if k == kind), None)

    def has(self, kind: str) -> bool:
        """True when one of its senses is of this kind."""
        return any(k == kind for k, _ in self.senses)


@dataclass
class Vocabulary:
    """Phrase tables and the words the reader's rules use, built once per data set."""

    phrases: dict[tuple[str, ...], list[Sense]] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # ISO and region codes, matched in capitals only
    demonyms: set[tuple[str, ...]] = field(default_factory=set)
    lexicon: dict[str, Any] = field(default_factory=dict)
    typo_words: set[str] = field(default_factory=set)  # words of names a one-edit typo may stand for
    labels: dict[str, str] = field(default_factory=dict)  # commodity code -> label
    price_of: dict[str, str] = field(default_factory=dict)  # commodity -> the price series people mean
    price_codes: set[str] = field(default_factory=set)
    mass_units: dict[str, str] = field(default_factory=dict)  # trade commodity -> the mass unit it is held in
    price_units: dict[str, str] = field(default_factory=dict)  # price series -> the unit most quotes use
    quote_units: dict[tuple[str, str], str] = field(default_factory=dict)  # (price series, market) -> its unit
    shorthand: dict[str, str] = field(default_factory=dict)  # "exp" -> "exports": a desk's short words
    known_words: set[str] = field(default_factory=set)
    policy_words: set[str] = field(default_factory=set)  # what the control measures cover: "extraterritorial"
    symbols: dict[str, str] = field(default_factory=dict)  # element symbols, matched as written: "Dy", "Lu"
    capitals: dict[str, str] = field(default_factory=dict)  # commodity abbreviations matched in capitals: "RE"
    longest: int = 1
    _words: set[str] | None = field(default=None, repr=False)  # every word of a name or cue, built on first scan
    _keys: dict[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict, repr=False)

    def add(self, name: str, sense: Sense, fuzzy: bool = False) -> None:
        """Teach one name (any spelling people use) for a sense; ``fuzzy`` lets a typo of it match."""
        key = phrase_key(name)
        if not key:
            return
        senses = self.phrases.setdefault(key, [])
        if sense not in senses:
            senses.append(sense)
        self.longest = max(self.longest, len(key))
        if fuzzy:
            self.typo_words.update(w for w in key if len(w) >= FUZZY_MIN and w.isalpha())

    def keys(self, *path: str) -> tuple[tuple[tuple[str, ...], str], ...]:
        """A lexicon list as (phrase key, phrase) pairs, longest first; built once per list.

        A dict on the path (the asks' weights, the units' codes) gives all its lists together.
        """
        found = self._keys.get(path)
        if found is None:
            node: Any = self.lexicon
            for part in path:
                node = node.get(part, {}) if isinstance(node, dict) else {}
            lists = node.values() if isinstance(node, dict) else [node] if isinstance(node, list) else []
            pairs = {(phrase_key(str(p)), str(p).lower()) for items in lists for p in items or ()}
            found = tuple(sorted((pair for pair in pairs if pair[0]), key=lambda pair: (-len(pair[0]), pair[1])))
            self._keys[path] = found
        return found

    def words(self, *path: str) -> set[str]:
        """A word list of the lexicon, e.g. ``words("which", "lowest")``."""
        node: Any = self.lexicon
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return {str(w).lower() for w in node} if isinstance(node, list) else set()

    # -- scanning -----------------------------------------------------------------------------
    def scan(self, text: str) -> tuple[list[Token], list[Mention]]:
        """The question's tokens and the names in it, longest match first, left to right.

        A word no name or cue uses, one edit from a word of a name ("Germnay", "terbuim metal"),
        is read as that word first, so that names of several words match through a typo too.
        """
        written = [replace(t, norm=self.shorthand[t.norm]) if t.norm in self.shorthand else t for t in tokens(text)]
        toks, corrected = self._corrected(written)
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            mention = self._match_at(text, toks, i, corrected)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i = mention.last
        return toks, found

    def knows_word(self, word: str) -> bool:
        """True for a word of a name, a cue or the lexicon's function words (plurals too)."""
        if self._words is None:
            self._words = {w for key in self.phrases for w in key} | self.known_words | self.typo_words
        return word in self._words or (word.endswith("s") and word[:-1] in self._words)

    def _corrected(self, toks: list[Token]) -> tuple[list[Token], set[int]]:
        out, corrected = [], set()
        for i, tok in enumerate(toks):
            if len(tok.norm) >= TYPED_MIN and tok.norm.isalpha() and not self.knows_word(tok.norm):
                hit = process.extractOne(tok.norm, self.typo_words, scorer=OSA.distance, score_cutoff=1)
                if hit is not None:
                    tok = Token(hit[0], tok.raw, tok.start, tok.end, tok.possessive)
                    corrected.add(i)
            out.append(tok)
        return out, corrected

    def _match_at(self, text: str, toks: list[Token], i: int, corrected: set[int]) -> Mention | None:
        for n in range(min(self.longest, len(toks) - i), 0, -1):
            window = toks[i : i + n]
            key = tuple(t.norm for t in window)
            senses = self.phrases.get(key) or (
                self.phrases.get(key[:-1] + (key[-1][:-1],)) if key[-1].endswith("s") else None
            )
            if senses and key == ("us",) and not self._us_is_country(toks, i):
                senses = None  # "tell us", "for us": the pronoun
            if senses:
                return self._mention(text, window, i, n, senses, fuzzy=bool(corrected & set(range(i, i + n))))
        tok = toks[i]
        if tok.raw.isupper() and tok.norm in self.codes:
            return self._mention(text, [tok], i, 1, [("partner", self.codes[tok.norm])])
        if tok.raw in self.capitals:
            return self._mention(text, [tok], i, 1, [("commodity", self.capitals[tok.raw])])
        if re.fullmatch(r"[A-Z][a-z]", tok.raw) and tok.norm in self.symbols:
            return self._mention(text, [tok], i, 1, [("element", self.symbols[tok.norm])])
        if tok.norm == "us" and self._us_is_country(toks, i):
            return self._mention(text, [tok], i, 1, [("partner", "USA")])
        return None

    def _us_is_country(self, toks: list[Token], i: int) -> bool:
        tok = toks[i]
        if tok.raw in ("US", "U.S.", "U.S"):
            return True
        before = toks[i - 1].norm if i else ""
        after = toks[i + 1].norm if i + 1 < len(toks) else ""
        if before in self.words("us_as_country", "pronoun_verbs"):
            return False  # "tell us", "show us": always the pronoun
        if before in self.words("us_as_country", "pronoun_before"):
            return after in self.words("us_as_country", "after")  # "for us magnet imports", not "for us"
        return before in self.words("us_as_country", "before") or after in self.words("us_as_country", "after")

    def _mention(
        self, text: str, window: list[Token], i: int, n: int, senses: list[Sense], fuzzy: bool = False
    ) -> Mention:
        key = tuple(t.norm for t in window)
        return Mention(
            tuple(senses),
            window[0].start,
            window[-1].end,
            text[window[0].start : window[-1].end],
            i,
            i + n,
            fuzzy=fuzzy,
            possessive=window[-1].possessive,
            demonym=key in self.demonyms,
        )


# -- building ---------------------------------------------------------------------------------------
def _event_names(
    events: Iterable[Mapping[str, Any]], kinds: Mapping[str, list[str]], partner_words: set[str]
) -> dict[str, str]:
    """Names people give events, each to the date it happened ("busan summit" -> "2025-10-30").

    A proper noun of the event's text alone and with each noun of its kind ("Geneva truce"), a
    term its text quotes ("general licences"), and its month with those nouns ("April controls",
    "October 2025 controls"). Names shared by many events (a president's name) say nothing about
    which one is meant and are dropped. A date is a day or, when only that is known, a month.
    """
    seen: dict[str, set[str]] = {}
    months = {m.lower() for m in calendar.month_name if m}
    for row in events:
        day = str(row["date"])
        month = day[:7]
        nouns = kinds.get(str(row["kind"]), [])
        year, number = month[:4], int(month[5:7])
        month_name = calendar.month_name[number]
        names = {f"{month_name} {noun}" for noun in nouns} | {f"{month_name} {year} {noun}" for noun in nouns}
        for proper in re.findall(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,})*)", str(row["event"])):
            if proper.lower() in months or proper.lower() in partner_words:
                continue
            names.add(proper)
            names.update(f"{proper} {noun}" for noun in nouns)
        # a term the event's own text quotes is its name for the thing ("'general licences'")
        names.update(q for q in re.findall(r"(?<!\w)'([^']{4,40})'(?!\w)", str(row["event"])) if " " in q)
        for number_text in re.findall(r"No\.\s?(\d+)", str(row["event"])):
            names.update({f"No. {number_text}", f"Announcement No. {number_text}", f"Announcement {number_text}"})
        for name in names:
            seen.setdefault(name.lower(), set()).add(day)
    return {name: sorted(days)[0] for name, days in seen.items() if len({d[:7] for d in days}) <= 2}


def _month_name(month: str) -> str:
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def build_vocabulary(
    catalogue: Iterable[Any],
    events: Iterable[Mapping[str, Any]],
    lexicon: Mapping[str, Any],
    data_partners: Iterable[str] = (),
    measures: Iterable[tuple[str, str, str]] = (),
    measure_words: Mapping[str, set[str]] | None = None,
) -> Vocabulary:
    """The vocabulary of one data set.

    ``catalogue`` holds the data set's commodity records (``tools.commodities.Commodity``);
    ``events`` the events table's rows; ``lexicon`` the parsed lexicon file(s); ``measures`` the
    control measures' names with the month they were announced and their id ("April 2025 controls",
    "2025-04", "MOFCOM/GAC Announcement No. 18 of 2025"); ``measure_words`` the words describing
    what each measure covers, with the measures they describe.
    """
    import pycountry  # the ISO tables, needed only when a vocabulary is built

    vocab = Vocabulary(lexicon=dict(lexicon))
    in_data = set(data_partners)
    iso = {c.lower() for country in pycountry.countries for c in (country.alpha_2, country.alpha_3)}
    for country in pycountry.countries:
        vocab.codes[country.alpha_3.lower()] = country.alpha_3
        # two-letter codes collide with abbreviations ("RE", "IT"): only for partners with figures
        if country.alpha_3 in in_data:
            vocab.codes[country.alpha_2.lower()] = country.alpha_3
    for code in ("EU", "EUROPE", "ASIA", "N_AMERICA", "S_AMERICA", "AFRICA", "OCEANIA"):
        vocab.codes[code.lower()] = code
    lookup, _ = _tables()
    for spelling, code in lookup.items():
        if code == WORLD or spelling in iso and spelling not in ALIASES or spelling in ("us", "u s"):
            continue
        vocab.add(spelling, ("partner", code), fuzzy=code in in_data)
    for name in AMBIGUOUS:  # "Congo" names two countries: the reader asks which
        vocab.phrases[phrase_key(name)] = [("ambiguous", name)]
    for code, words in (lexicon.get("partners") or {}).items():
        for word in words:
            key = phrase_key(str(word))
            vocab.add(str(word), ("partner", str(code)), fuzzy=str(code) in in_data)
            if key and key[0] not in lookup:
                vocab.demonyms.add(key)
    for word in lexicon.get("world") or ():
        vocab.add(str(word), ("world", WORLD))
    records = tuple(catalogue)
    for record in records:
        vocab.labels[record.code] = record.label
        if record.price_of:
            vocab.price_of[record.code] = record.price_of
        if record.price:
            vocab.price_codes.add(record.code)
            vocab.price_units[record.code] = record.unit
        else:
            vocab.mass_units[record.code] = record.unit if record.unit in ("t", "kg") else "t"
    # the catalogue's own naming rules (an imported HS code before the curated category that
    # lists it, curated names before imported ones) decide what each name means
    curated = {c.code for c in commodity_catalogue()}
    for name, code in commodity_names(tuple(r for r in records if r.code not in curated)).items():
        vocab.add(name, ("commodity", code), fuzzy=True)
    for element, symbols in (lexicon.get("elements") or {}).items():
        vocab.add(element, ("element", element), fuzzy=True)
        vocab.symbols.update({str(s).lower(): element for s in symbols if len(str(s)) == 2})
    vocab.capitals = {str(k): str(v) for k, v in (lexicon.get("capital_names") or {}).items()}
    vocab.shorthand = {str(k).lower(): str(v).lower() for k, v in (lexicon.get("shorthand") or {}).items()}
    for mineral in lexicon.get("not_covered") or ():
        vocab.add(str(mineral), ("not_covered", str(mineral)), fuzzy=True)
    partner_words = {w for k in vocab.phrases for w in k if any(s[0] == "partner" for s in vocab.phrases[k])}
    kinds = lexicon.get("event_kinds") or {}
    for name, month in _event_names(events, kinds, partner_words).items():
        vocab.add(name, ("event", month))
    # names of control measures, and of events of a control kind, also name the measure a controls ask looks up
    control_kinds = {str(k) for k in lexicon.get("control_event_kinds") or ()}
    control_events = [row for row in events if str(row["kind"]) in control_kinds]
    for name, month in _event_names(control_events, kinds, partner_words).items():
        # "the April 2025 regime" is looked up by its month, which names the measures announced then
        number = re.search(r"(?:No\.|Announcement)\s*(\d+)$", name, re.IGNORECASE)
        vocab.add(name, ("measure", f"No. {number.group(1)}" if number else _month_name(month)))
    for name, month, measure in measures:
        vocab.add(name, ("event", month))
        vocab.add(name, ("measure", measure))
    # every word the lexicon uses is a word, not a typo; the words of what is not computed stay
    # unread unless their whole phrase is written ("seasonally smoothed" is named as skipped)
    known = _all_words({k: v for k, v in lexicon.items() if k != "unsupported"})
    vocab.known_words = known - vocab.typo_words
    _name_measures_by_description(vocab, measure_words or {})
    return vocab


def _name_measures_by_description(vocab: Vocabulary, measure_words: Mapping[str, set[str]]) -> None:
    """Words that describe the control measures: policy words, and names of the measure they fit.

    A word only one measure uses names it ("the 0.1% rule"), unless it is a word of the lexicon or
    of another name, a month or a number.
    """
    described = {w: m for w, m in measure_words.items() if w not in vocab.words("function_words")}
    vocab.policy_words = set(described)
    months = {m.lower() for m in calendar.month_name if m}

    def own_name(word: str, measure: str) -> bool:
        # a word known only from this measure's own names ("extraterritorial" in "the extraterritorial rule")
        names = [senses for key, senses in vocab.phrases.items() if word in key]
        return bool(names) and word not in vocab.known_words and all(("measure", measure) in s for s in names)

    naming = [
        (w, next(iter(m)))
        for w, m in described.items()
        if len(m) == 1
        and (not vocab.knows_word(w) or own_name(w, next(iter(m))))
        and w not in months
        and not w.isdigit()
    ]
    for word, measure in naming:
        vocab.add(word, ("measure", measure))
    vocab._words = None  # knows_word's word set predates these names


def _all_words(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_all_words(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return {w for item in node for w in str(item).lower().split()}
    return set()
