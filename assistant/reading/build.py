"""Building a reader for one data set: its vocabulary, the intent model and its coverage.

The lexicon and the example bank ship as package data; a user's own lexicon file of the same
shape (``RAREEARTH_HOME/lexicon.yaml``) adds to the shipped one.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from assistant.reading.check import Coverage, coverage_of
from assistant.reading.intents import IntentModel
from assistant.reading.reader import Reader
from assistant.reading.vocabulary import build_vocabulary
from corpus.embeddings import Embedder
from tools.dataset import TradeData
from tools.errors import DataFileError
from tools.periods import parse_period


def _yaml(text: str, where: str) -> dict[str, Any]:
    import yaml

    try:
        # libyaml's loader where it is built in: the lexicon is read on every start
        loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as err:
        raise DataFileError(where, f"is not valid YAML: {err}") from None
    if not isinstance(loaded, dict):
        raise DataFileError(where, "must hold a mapping of sections (partners, asks, ...)")
    return loaded


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists are extended, mappings merged, anything else replaced."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = [*out[key], *(v for v in value if v not in out[key])]
        else:
            out[key] = value
    return out


def load_lexicon(user_file: Path | None = None) -> dict[str, Any]:
    """The shipped lexicon, extended by the user's file when it exists."""
    lexicon = _yaml(resources.files("assistant.reading").joinpath("lexicon.yaml").read_text("utf-8"), "lexicon.yaml")
    if user_file is not None and Path(user_file).is_file():
        lexicon = _merge(lexicon, _yaml(Path(user_file).read_text("utf-8"), str(user_file)))
    return lexicon


def load_examples() -> dict[str, list[str]]:
    """The example bank: example questions for each ask."""
    return _yaml(resources.files("assistant.reading").joinpath("examples.yaml").read_text("utf-8"), "examples.yaml")


def data_coverage(data: TradeData) -> Coverage:
    """What the data set holds, per commodity and flow."""
    obs = data.observations
    held = obs[obs["measure"].isin(["volume", "value", "price", "share_pct"])]
    rows = held[["commodity", "flow", "partner", "period"]]
    periods = {code: parse_period(code) for code in rows["period"].unique()}
    return coverage_of((c, f, p, periods[d]) for c, f, p, d in rows.itertuples(index=False))


def _measure_names(data: TradeData) -> list[tuple[str, str, str]]:
    """Each control measure's names (its id, its short name), each with the month it was announced and the id.

    Numbers ("No. 18") come from the events table's text, with every other announcement's.
    """
    names = []
    for row in data.controls.to_dict("records"):
        month, measure = str(row["announced"])[:7], str(row["measure"])
        short = str(row["short_name"])
        names += [(measure, month, measure), (short, month, measure)]
        # "the extraterritorial rule" without its month; a bare "controls" would name them all
        bare = re.sub(r"^(?:[A-Z][a-z]+\s+)?(?:\d{4}\s+)?", "", short)
        if bare != short and len(bare.split()) >= 2:
            names.append((bare, month, measure))
    return [name for name in names if name[0] and len(name[1]) == 7]


def _measure_words(data: TradeData) -> dict[str, set[str]]:
    """Each word that describes what a control measure covers, with the measures it describes.

    "extraterritorial", "foreign-made", "0.1%": short words are left out unless they hold a digit.
    """
    words: dict[str, set[str]] = {}
    for row in data.controls.to_dict("records"):
        text = f"{row['short_name']} {row['item']}".lower()
        for w in re.findall(r"[a-z]+|\d[\d.]*%?", text):
            if len(w) >= 5 or any(c.isdigit() for c in w):
                words.setdefault(w, set()).add(str(row["measure"]))
    return words


def _quote_units(data: TradeData) -> dict[tuple[str, str], str]:
    """The unit each market quotes each product in ("dy_oxide" in China: CNY/t; in Europe: USD/kg)."""
    obs = data.observations
    quotes = obs[obs["measure"] == "price"]
    return {
        (str(c), str(p)): str(units.mode().iloc[0])
        for (c, p), units in quotes.groupby(["commodity", "partner"])["unit"]
    }


def build_reader(
    data: TradeData,
    embedder: Embedder | None = None,
    user_lexicon: Path | None = None,
    *,
    lexicon: dict[str, Any] | None = None,
    intents: IntentModel | None = None,
) -> Reader:
    """A reader for this data set.

    Pass ``lexicon`` and ``intents`` from another reader to read a changed data set with the same
    words and the same intent model (its example embeddings are computed once).
    """
    lexicon = lexicon if lexicon is not None else load_lexicon(user_lexicon)
    events = data.events.to_dict("records")
    partners = set(data.partners())
    vocabulary = build_vocabulary(
        data.catalogue(), events, lexicon, partners, _measure_names(data), _measure_words(data)
    )
    vocabulary.quote_units = _quote_units(data)
    model = intents or IntentModel(lexicon.get("asks") or {}, load_examples(), embedder, lexicon.get("frames") or ())
    return Reader(vocabulary, model, data_coverage(data))
