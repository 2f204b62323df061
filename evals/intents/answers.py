"""Extractive-answer eval: do the candidate's own questions get the passage a person would point to?

`questions.jsonl` holds hand-written candidate questions. For each answerable one, `expect` lists
pieces of the corpus sentences a person would quote (any one counts); an empty list means the question
bank has nothing on it, and the right reply is "I don't have material on that". `context` names the
record just discussed, for questions about the feedback ("can you explain the model answer?").
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from mockinterview.agent.interview.ask import NO_MATERIAL, CorpusAnswerer

QUESTIONS_PATH = Path(__file__).parent / "questions.jsonl"
SWEEP = (0.40, 0.45, 0.50, 0.55, 0.60)


class CandidateQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    expect: list[str] = Field(default_factory=list, description="Any of these in the answer is a hit; none: no material")
    context: str | None = Field(default=None, description="The record id of the question just closed")


def load_questions(path: Path = QUESTIONS_PATH) -> list[CandidateQuestion]:
    return [CandidateQuestion.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _judge(item: CandidateQuestion, answer) -> bool:
    if not item.expect:
        return not answer.found
    text = answer.text.lower()
    return answer.found and any(piece.lower() in text for piece in item.expect)


def run_answer_eval(corpus, index, questions: list[CandidateQuestion] | None = None, *, sweep: bool = True) -> dict:
    """Each question answered once with no threshold; a threshold then only decides found / not found."""
    questions = questions if questions is not None else load_questions()
    answerer = CorpusAnswerer(corpus, index, no_material=-1.0)
    rows = []
    for item in questions:
        context = corpus.get(item.context) if item.context else None
        answer = answerer.answer(item.question, context=context, context_question=context.question if context else "")
        text = answer.text.lower()
        rows.append({"question": item.question, "answerable": bool(item.expect), "best": round(answer.best, 3),
                     "contains": answer.found and any(piece.lower() in text for piece in item.expect),
                     "answer": answer.text})

    def score(threshold: float) -> dict:
        hits = [(r["best"] >= threshold and r["contains"]) if r["answerable"] else r["best"] < threshold for r in rows]
        answerable = [h for h, r in zip(hits, rows) if r["answerable"]]
        unanswerable = [h for h, r in zip(hits, rows) if not r["answerable"]]
        return {
            "threshold": threshold,
            "hit_rate": round(sum(answerable) / len(answerable), 4) if answerable else None,
            "no_material_right": round(sum(unanswerable) / len(unanswerable), 4) if unanswerable else None,
        }

    for row, hit in zip(rows, (r["best"] >= NO_MATERIAL and r["contains"] if r["answerable"] else r["best"] < NO_MATERIAL
                              for r in rows)):
        row["hit"] = hit
    return {
        "questions": len(questions),
        "answerable": sum(bool(q.expect) for q in questions),
        **score(NO_MATERIAL),
        "sweep": [score(t) for t in SWEEP] if sweep else [],
        "misses": [r for r in rows if not r["hit"]],
    }


def format_report(report: dict) -> str:
    lines = [
        f"Extractive answers: {report['questions']} candidate questions, {report['answerable']} answerable from the corpus.",
        f"answer holds the passage a person would point to   {report['hit_rate']:.3f}",
        f"says 'no material' when nothing fits                {report['no_material_right']:.3f}",
        f"(threshold {report['threshold']:.2f} on the best sentence score)",
    ]
    if report["sweep"]:
        lines += ["", "threshold  hit rate  no-material right"]
        lines += [f"{s['threshold']:9.2f}  {s['hit_rate']:8.3f}  {s['no_material_right']:17.3f}" for s in report["sweep"]]
    if report["misses"]:
        lines += ["", "Misses:"] + [f"  [{m['best']:.2f}] {m['question']} -> {' '.join(m['answer'].split())[:160]}"
                                     for m in report["misses"]]
    return "\n".join(lines)


def dump(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False)
