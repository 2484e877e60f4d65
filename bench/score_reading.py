"""Score the question reader on a blind set: ``python bench/score_reading.py FILE [--quiet]``.

Every question is asked through the real assistant (history turns first); the reading it
reports is compared with the reading the set's author meant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant import default_assistant  # noqa: E402
from assistant.answer import Answer  # noqa: E402
from assistant.reading.scoring import load_items, score  # noqa: E402

_LEGACY_ASK = {"value": "amount", "total": "amount", "compare": "amount", "ranking": "rank", "timeline": "events"}


def _legacy(plan: Any) -> dict[str, Any]:
    """The old planner's Plan in the reading shape (only to score the old planner)."""
    ask = _LEGACY_ASK.get(plan.intent, plan.intent)
    out: dict[str, Any] = {
        "ask": ask,
        "commodity": plan.commodity,
        "flow": plan.flow,
        "partners": list(plan.partners),
        "periods": [p.code for p in plan.periods],
        "measure": "volume",
    }
    if plan.intent == "price":
        out.update(ask="amount" if len(plan.periods) == 1 and plan.periods[0].kind in ("day", "month") else "change")
        out["measure"] = "price"
        out.pop("flow")
    if plan.intent == "why":
        out.update(ask="context", context=True)
    if ask == "change":
        out["basis"] = plan.basis
    if ask == "rank":
        out.update(over="partners", top=plan.top)
    if ask in ("rank", "extreme"):
        out["which"] = plan.which
    return out


def read(assistant: Any, question: str, history: list[str]) -> tuple[list[dict[str, Any]], str]:
    past: list[Answer] = []
    for turn in history:
        past.append(assistant.ask(turn, past))
    answer = assistant.ask(question, past)
    reading = getattr(answer, "reading", None)
    if reading is not None:
        return [q.to_json() for q in reading.queries], answer.kind
    plan = answer.plan if answer.kind not in ("clarification", "out_of_scope", "empty") else None
    return ([_legacy(plan)] if plan is not None else []), answer.kind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--quiet", action="store_true", help="totals only, no list of misses")
    args = parser.parse_args()
    assistant = default_assistant()
    report = score(load_items(args.file), lambda q, h: read(assistant, q, h))
    print("\n".join(report.lines(verbose=not args.quiet)))


if __name__ == "__main__":
    main()
