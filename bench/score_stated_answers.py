"""Score answers about figures stated in documents, end to end, on a set of three documents.

Run: python bench/score_stated_answers.py dev|final|final2 [--show]

The set's documents (``tests/assistant/stated/docs/<set>``: a statistics summary made into a PDF
by ``tests.pdf.summary_pdf``, an HTML report, a news article) are added to a session's
workspace as a user would upload them; its questions (``questions_<set>.jsonl``, written by a
helper who saw only the documents) are asked there and judged like the blind sets
(``assistant.judging``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.factory import build_assistant  # noqa: E402
from assistant.judging import first_paragraph, load_items, score  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.workspace import Workspaces  # noqa: E402
from tests.pdf import summary_pdf  # noqa: E402

STATED = ROOT / "tests" / "assistant" / "stated"


def documents(name: str, folder: Path) -> list[Path]:
    """The set's three documents as files a user would upload."""
    docs = STATED / "docs" / name
    summary = folder / "statistics_summary.pdf"
    summary.write_bytes(summary_pdf(json.loads((docs / "statistics_summary.json").read_text(encoding="utf-8"))))
    copies = [summary]
    for other in ("report.html", "article.md"):
        shutil.copy(docs / other, folder / other)
        copies.append(folder / other)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sets = sorted(p.stem.removeprefix("questions_") for p in STATED.glob("questions_*.jsonl"))
    parser.add_argument("set", choices=sets)
    parser.add_argument("--show", action="store_true", help="print every answer's first paragraph")
    args = parser.parse_args()
    settings = Settings.from_env()
    shared = build_assistant(settings)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        spaces = Workspaces(replace(settings, home=home), lambda: shared)
        spaces.add_articles("scorer", documents(args.set, home))
        assistant = spaces.assistant("scorer")
        items = load_items(STATED / f"questions_{args.set}.jsonl")
        result, texts = score(items, lambda q: assistant.ask(q).text)
        spaces.end("scorer")
    for item, verdict in zip(items, result.verdicts, strict=True):
        if args.show or not verdict.ok:
            print(f"{'ok  ' if verdict.ok else 'MISS'} {verdict.item}: {item['q']}")
            for reason in verdict.reasons:
                print(f"       - {reason}")
            print("       > " + first_paragraph(texts[verdict.item]).replace("\n", "\n       > ")[:600])
    print(f"{args.set}: {result.summary()}")


if __name__ == "__main__":
    main()
