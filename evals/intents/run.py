"""Intent eval: does the interviewer understand what the candidate typed?

`utterances.jsonl` holds hand-written candidate messages (answers, hedged answers with question marks,
and every kind of request), each with its intent and a split. The classifier learns from the train split
only (the same examples ship as `agent/interview/intent_examples.jsonl`); the test split is held out.

A message the classifier is unsure of is answered with "did you mean that as your answer?": that counts
as an error for accuracy, but an answer sent there is not lost. The figure that matters most is the
answer-as-request rate: answers acted on as a request, without asking.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from mockinterview.agent.interview.intents import Intent, IntentClassifier

UTTERANCES_PATH = Path(__file__).parent / "utterances.jsonl"
CONFIRM = "confirm"  # the classifier asked the candidate instead of acting
LABELS = [i.value for i in Intent]


class Utterance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    intent: Intent
    split: Literal["train", "test"]


def load_utterances(path: Path = UTTERANCES_PATH) -> list[Utterance]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Utterance.model_validate_json(line) for line in lines if line.strip()]


def predicted(classifier: IntentClassifier, text: str) -> str:
    understood = classifier.classify(text)
    return CONFIRM if understood.unsure else understood.intent.value


def evaluate(classifier: IntentClassifier, items: list[Utterance]) -> dict:
    rows = [(u.intent.value, predicted(classifier, u.text), u.text) for u in items]
    answers = [r for r in rows if r[0] == "answer"]
    requests = [r for r in rows if r[0] != "answer"]
    confusion = {gold: dict(Counter(p for g, p, _ in rows if g == gold)) for gold in LABELS if any(g == gold for g, _, _ in rows)}
    return {
        "n": len(rows),
        "accuracy": round(sum(g == p for g, p, _ in rows) / len(rows), 4) if rows else None,
        "answers": len(answers),
        "answer_as_request": round(sum(p not in ("answer", CONFIRM) for _, p, _ in answers) / len(answers), 4) if answers else None,
        "answer_confirmed": round(sum(p == CONFIRM for _, p, _ in answers) / len(answers), 4) if answers else None,
        "request_as_answer": round(sum(p == "answer" for _, p, _ in requests) / len(requests), 4) if requests else None,
        "confusion": confusion,
        "errors": [{"text": t, "intent": g, "predicted": p} for g, p, t in rows if g != p],
    }


def run_intent_eval(encode, *, model_id: str = "", utterances: list[Utterance] | None = None) -> dict:
    """Train on the train split, report on the held-out test split (and, for reference, on train)."""
    utterances = utterances if utterances is not None else load_utterances()
    train = [u for u in utterances if u.split == "train"]
    test = [u for u in utterances if u.split == "test"]
    classifier = IntentClassifier(encode, model_id=model_id,
                                  examples=[{"text": u.text, "intent": u.intent.value} for u in train])
    return {
        "model_id": model_id,
        "train_size": len(train),
        "by_intent": dict(Counter(u.intent.value for u in utterances)),
        "test": evaluate(classifier, test),
        "train": evaluate(classifier, train),
    }


def confusion_table(confusion: dict[str, dict[str, int]]) -> str:
    columns = [c for c in LABELS + [CONFIRM] if any(c in row for row in confusion.values())]
    short = {c: c.replace("show_answer", "show").replace("dont_know", "idk").replace("rephrase", "rephr")
                 .replace("clarify", "clar").replace("answer", "ans").replace("confirm", "conf")[:6] for c in columns}
    lines = ["gold \\ predicted".ljust(18) + "".join(short[c].rjust(7) for c in columns)]
    for gold, row in confusion.items():
        lines.append(gold.ljust(18) + "".join(str(row.get(c, "")).rjust(7) for c in columns))
    return "\n".join(lines)


def format_report(report: dict) -> str:
    test = report["test"]
    lines = [
        f"Intent eval: {report['train_size']} training utterances, {test['n']} held-out ({report['model_id']}).",
        f"held-out accuracy        {test['accuracy']:.3f}",
        f"answers taken as request {test['answer_as_request']:.3f} ({test['answers']} answers; "
        f"{test['answer_confirmed']:.3f} asked 'did you mean to answer?')",
        f"requests taken as answer {test['request_as_answer']:.3f}",
        f"train accuracy           {report['train']['accuracy']:.3f}",
        "",
        "Confusion matrix (held-out; conf = asked the candidate):",
        confusion_table(test["confusion"]),
    ]
    if test["errors"]:
        lines += ["", "Held-out errors:"] + [f"  {e['intent']} -> {e['predicted']}: {e['text']}" for e in test["errors"]]
    return "\n".join(lines)


def dump(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)
