"""Context that answers the question: the brief that explains it is cited first.

``tests/corpus/context_first.jsonl`` (85 questions, each naming the brief that should come first
and up to two acceptable others) was written by a helper who saw only the briefs, before the
reading was used to rank passages. Before: 67/85 (78.8%) cited first; with the reading's focus
(periods, partners, products): 72/85 (84.7%); with products and assumed periods left out of the
focus (a change two gold questions called for, not this set): 76/85 (89.4%). The floor is that.
"""

import json
from pathlib import Path

SET = Path(__file__).resolve().parents[1] / "corpus" / "context_first.jsonl"


def test_the_explaining_brief_is_cited_first(assistant):
    items = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    right = 0
    for item in items:
        answer = assistant.ask(item["q"])
        first = Path(answer.citations[0].doc_id).name if answer.citations else None
        right += first in {item["brief"], *item.get("also", [])}
    print(f"first citation right: {right}/{len(items)}")
    assert len(items) >= 40
    assert right / len(items) >= 0.894
