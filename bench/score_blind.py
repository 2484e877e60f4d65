"""Score answers to blind question sets end to end: right figures first, no misreading's figures.

Run: python bench/score_blind.py tests/assistant/answers/blind_algebra_dev.jsonl [--show]

Prints each miss with its reasons and the answer's first paragraph (all answers with --show),
then the score per set. The sets were written by helpers who saw the data, not the code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.factory import build_assistant  # noqa: E402
from assistant.judging import first_paragraph, load_items, score  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--show", action="store_true", help="print every answer's first paragraph")
    parser.add_argument("--strict", action="store_true", help="count a misreading's figure even as a shown input")
    args = parser.parse_args()
    assistant = build_assistant(Settings.from_env())
    totals = []
    for path in args.sets:
        items = load_items(path)
        result, texts = score(items, lambda q: assistant.ask(q).text, strict=args.strict)
        for item, verdict in zip(items, result.verdicts, strict=True):
            if args.show or not verdict.ok:
                mark = "ok  " if verdict.ok else "MISS"
                print(f"{mark} {verdict.item}: {item['q']}")
                for reason in verdict.reasons:
                    print(f"       - {reason}")
                print("       > " + first_paragraph(texts[verdict.item]).replace("\n", "\n       > ")[:900])
        totals.append(f"{path.name}{' (strict)' if args.strict else ''}: {result.summary()}")
    print("\n".join(totals))


if __name__ == "__main__":
    main()
