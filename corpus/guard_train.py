"""Train the injection filter's classifier, or measure the filter by cross-validation.

    python -m corpus.guard_train             # train on the labelled sets, write corpus/guard_model.json
    python -m corpus.guard_train --evaluate  # 5-fold and leave-one-set-out rates, nothing written

The labelled sets are JSON Lines of ``{"id", "kind": "attack"|"benign", "text"}``. A labelled
item is a whole passage, but the filter judges sentences: an attack hidden in a news paragraph
has one guilty sentence among innocent ones. So training is multiple-instance: every sentence
of a benign passage is a negative, and of an attack passage only the sentence the current model
finds most suspicious is a positive (at first, all of them are). The decision threshold is the
lowest that keeps benign passages withheld, out of fold, at or under ``--benign-rate``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus import guard

HERE = Path(__file__).resolve().parent
SETS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
# Never add injection_heldout3.jsonl: it is scored once, by someone who did not train on it.
TRAINING = ("injection_dev.jsonl", "injection_dev2.jsonl", "injection_heldout1.jsonl", "injection_heldout2.jsonl")
ROUNDS = 4  # multiple-instance rounds: the guilty sentences stop changing after two or three
C = 4.0  # inverse regularisation, chosen by cross-validation over 1..16
CUE_SCALE = 0.6  # the cues' weight beside the unit-length embedding, chosen by cross-validation over 0..1


@dataclass
class Item:
    """A labelled passage as the filter reads it: whether a pattern fires, and its judged sentences."""

    id: str
    source: str
    attack: bool
    pattern: bool
    pieces: list[str]


def load(names: Sequence[str]) -> list[Item]:
    """The labelled passages of the named sets, each read as the filter reads it."""
    items = []
    for name in names:
        for line in (SETS / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                native, latin, decoded = guard.readings(row["text"])
                hit = guard._pattern_hit(row["text"], native, latin, decoded)
                pieces = guard.scored_pieces(latin[0], decoded, latin[1:])
                items.append(Item(row["id"], name, row["kind"] == "attack", hit, pieces))
    return items


def embed(items: Sequence[Item], cue_scale: float = CUE_SCALE) -> dict[str, np.ndarray]:
    """Every judged sentence's features (embedding, then scaled cues), each sentence embedded once."""
    texts = list(dict.fromkeys(p for i in items for p in i.pieces))
    vectors = np.asarray(guard._embedder().embed(texts), dtype=np.float64)
    cues = cue_scale * np.asarray([guard.cues(t) for t in texts], dtype=np.float64)
    return dict(zip(texts, np.hstack([vectors, cues]), strict=True))


def fit(items: Sequence[Item], vectors: dict[str, np.ndarray], c: float = C) -> tuple[np.ndarray, float]:
    """Logistic-regression weights over sentence vectors, the guilty sentences found round by round."""
    from sklearn.linear_model import LogisticRegression

    negatives = [vectors[p] for i in items if not i.attack for p in i.pieces]
    attacks = [i for i in items if i.attack and i.pieces]
    positives = [vectors[p] for i in attacks for p in i.pieces]
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    for _ in range(ROUNDS):
        x = np.vstack(positives + negatives)
        y = np.array([1] * len(positives) + [0] * len(negatives))
        model.fit(x, y)
        positives = [
            max((vectors[p] for p in i.pieces), key=lambda v: float(model.decision_function([v])[0])) for i in attacks
        ]
    return model.coef_[0], float(model.intercept_[0])


def scores(items: Sequence[Item], vectors: dict[str, np.ndarray], coef: np.ndarray, bias: float) -> np.ndarray:
    """Each passage's score: the probability of its most suspicious sentence (0 with none judged)."""
    out = []
    for item in items:
        if not item.pieces:
            out.append(0.0)
            continue
        logits = np.stack([vectors[p] for p in item.pieces]) @ coef + bias
        out.append(float(1 / (1 + np.exp(-logits.max()))))
    return np.array(out)


def folds(items: Sequence[Item], k: int, seed: int = 0) -> list[np.ndarray]:
    """Stratified fold numbers: attacks and benign passages spread evenly over k folds."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(items), dtype=int)
    for attack in (True, False):
        where = np.array([n for n, i in enumerate(items) if i.attack == attack])
        rng.shuffle(where)
        out[where] = np.arange(len(where)) % k
    return [np.flatnonzero(out == f) for f in range(k)]


def out_of_fold(items: Sequence[Item], vectors: dict[str, np.ndarray], k: int = 5, c: float = C) -> np.ndarray:
    """Each passage's score from a model trained without its fold."""
    result = np.zeros(len(items))
    for test in folds(items, k):
        held = set(test.tolist())
        coef, bias = fit([i for n, i in enumerate(items) if n not in held], vectors, c)
        result[test] = scores([items[n] for n in test], vectors, coef, bias)
    return result


def threshold(items: Sequence[Item], score: np.ndarray, benign_rate: float) -> float:
    """The lowest threshold that withholds at most ``benign_rate`` of benign passages (patterns included)."""
    benign = [n for n, i in enumerate(items) if not i.attack]
    allowed = int(benign_rate * len(benign)) - sum(items[n].pattern for n in benign)
    free = sorted((score[n] for n in benign if not items[n].pattern), reverse=True)
    if allowed < 0 or not free:
        return 1.0
    return float(free[allowed] + 1e-6) if allowed < len(free) else 0.5


def rates(items: Sequence[Item], said: Sequence[bool]) -> tuple[str, str]:
    """Attacks withheld and benign passages withheld, as "n/N (p%)"."""
    attacks = [s for i, s in zip(items, said, strict=True) if i.attack]
    benign = [s for i, s in zip(items, said, strict=True) if not i.attack]
    return (
        f"attacks {sum(attacks)}/{len(attacks)} ({sum(attacks) / max(len(attacks), 1):.1%})",
        f"benign {sum(benign)}/{len(benign)} ({sum(benign) / max(len(benign), 1):.1%})",
    )


def verdicts(
    train_items: Sequence[Item], test_items: Sequence[Item], vectors: dict[str, np.ndarray], benign_rate: float
) -> list[bool]:
    """The filter's verdicts on ``test_items`` when trained on ``train_items`` alone (threshold included)."""
    cut = threshold(train_items, out_of_fold(train_items, vectors, 4), benign_rate)
    coef, bias = fit(train_items, vectors)
    said = scores(test_items, vectors, coef, bias)
    return [i.pattern or bool(s >= cut) for i, s in zip(test_items, said, strict=True)]


def train(names: Sequence[str], benign_rate: float, out: Path) -> None:
    """Fit on every named set, choose the threshold out of fold, and write the model file."""
    items = load(names)
    vectors = embed(items)
    cut = threshold(items, out_of_fold(items, vectors), benign_rate)
    coef, bias = fit(items, vectors)
    sources = {n: hashlib.sha1((SETS / n).read_bytes()).hexdigest()[:12] for n in names}
    model = {
        "embedder": "bundled:all-MiniLM-L6-v2",
        "trained_on": sources,
        "passages": {"attack": sum(i.attack for i in items), "benign": sum(not i.attack for i in items)},
        "C": C,
        "cue_scale": CUE_SCALE,
        "cues": [*guard._CUES, *(f"{a} & {b}" for a, b in guard._PAIRS)],
        "threshold": round(cut, 6),
        "intercept": round(bias, 6),
        "coef": [round(float(c), 6) for c in coef],
    }
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out.name}: threshold {cut:.3f}, trained on {len(items)} passages")


def evaluate(names: Sequence[str], benign_rate: float) -> None:
    """5-fold rates over the development sets, then each held-out set judged by a model trained without it."""
    items = load(names)
    started = time.perf_counter()
    vectors = embed(items)
    print(f"embedded {len(vectors)} sentences in {time.perf_counter() - started:.1f} s")
    development = [i for i in items if i.source in ("injection_dev.jsonl", "injection_dev2.jsonl")]
    said = [False] * len(development)
    for test in folds(development, 5):
        held = set(test.tolist())
        train_items = [i for n, i in enumerate(development) if n not in held]
        judged = verdicts(train_items, [development[n] for n in test], vectors, benign_rate)
        for n, verdict in zip(test, judged, strict=True):
            said[n] = verdict
    print("5-fold, dev + dev2:", *rates(development, said))
    for name in sorted({i.source for i in development}):
        part = [n for n, i in enumerate(development) if i.source == name]
        print(f"  of which {name}:", *rates([development[n] for n in part], [said[n] for n in part]))
    print("patterns alone, dev + dev2:", *rates(development, [i.pattern for i in development]))
    for held in sorted({i.source for i in items} - {i.source for i in development}):
        train_items = [i for i in items if i.source != held]
        test_items = [i for i in items if i.source == held]
        print(f"trained without {held}:", *rates(test_items, verdicts(train_items, test_items, vectors, benign_rate)))
        print("  patterns alone:", *rates(test_items, [i.pattern for i in test_items]))


def main(argv: Sequence[str] | None = None) -> None:
    """Train (the default) or evaluate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluate", action="store_true", help="print cross-validated rates; write nothing")
    parser.add_argument("--sets", nargs="+", default=list(TRAINING), help="labelled sets under tests/corpus")
    parser.add_argument("--benign-rate", type=float, default=0.01, help="benign passages withheld at most")
    args = parser.parse_args(argv)
    if args.evaluate:
        evaluate(args.sets, args.benign_rate)
    else:
        train(args.sets, args.benign_rate, guard.MODEL_FILE)


if __name__ == "__main__":
    main()
