"""Extraction of stated figures against hand-labelled ones: precision and recall.

Run: python bench/score_stated.py [--show]

The labels (``tests/corpus/stated_labels.jsonl``) were written by a helper who read the
documents, not the extractor. Prints both figures: typed (value, unit, period and subject as
labelled) and by value alone, and with --show every miss.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.extraction_score import ExtractionScore, score_document  # noqa: E402
from assistant.reading.build import load_lexicon  # noqa: E402
from assistant.stated import measure_words, stated_figures  # noqa: E402
from corpus.documents import read_document  # noqa: E402

LABELS = ROOT / "tests" / "corpus" / "stated_labels.jsonl"
BRIEFS = ROOT / "corpus" / "briefs"


def extraction_score(labels_path: Path = LABELS) -> ExtractionScore:
    """Score the extractor on every labelled document."""
    labels: dict[str, list[dict]] = defaultdict(list)
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            label = json.loads(line)
            labels[label["doc"]].append(label)
    words = measure_words(load_lexicon())
    score = ExtractionScore()
    for name, doc_labels in sorted(labels.items()):
        doc = read_document(BRIEFS / name)
        score_document(score, doc.text, doc_labels, stated_figures(doc.text, words, doc.title, doc.date))
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    score = extraction_score()
    if args.show:
        for kind in ("spurious", "missed", "mistyped"):
            for line in getattr(score, kind):
                print(f"{kind}: {line}")
    print(f"labels {score.labels}, extracted {score.extracted}")
    print(f"typed (value, unit, period, subject): precision {score.precision:.1%}, recall {score.recall:.1%}")
    print(f"by value and unit alone: precision {score.value_precision:.1%}, recall {score.value_recall:.1%}")


if __name__ == "__main__":
    main()
