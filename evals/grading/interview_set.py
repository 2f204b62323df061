"""The interview-answer dev set: corpus questions each answered four ways and graded by an
interviewer's standard (strong, brief, wrong fact, vague), written for this project apart from the
rubric (evals/grading/interview_answers.jsonl; who wrote it is on every line).

The `tune` split is what the claim grader's weights and stretch are fitted on; the `heldout` split is
never tuned on, and its questions are left out of the judge's rubric training pairs too.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SET_PATH = Path(__file__).with_name("interview_answers.jsonl")
QUESTIONS_PATH = Path(__file__).with_name("interview_questions.json")
KINDS = ("strong", "brief", "wrong_fact", "vague")
SEPARATION = 3.0  # a wrong-fact answer should score at least this far below its strong twin


@dataclass(frozen=True)
class InterviewAnswer:
    record_id: str
    split: str
    question: str
    kind: str
    answer: str
    human_score: float
    note: str = ""


def dev_questions(path: Path = QUESTIONS_PATH) -> dict[str, str]:
    """Record id -> split ("tune" or "heldout") of the dev set's questions, fixed before answers were written."""
    listed = json.loads(path.read_text(encoding="utf-8"))["questions"]
    return {q["record_id"]: q["split"] for q in listed}


def load_interview_set(path: Path = SET_PATH) -> list[InterviewAnswer]:
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [InterviewAnswer(r["record_id"], r["split"], r["question"], r["kind"], r["answer"],
                            float(r["human_score"]), r.get("note", "")) for r in rows]


def pearson(xs: list[float], ys: list[float]) -> float:
    import numpy as np

    if len(xs) < 3 or np.std(xs) == 0 or np.std(ys) == 0:
        return 0.0
    return float(np.corrcoef(xs, ys)[0, 1])


def summarise(items: list[InterviewAnswer], scores: list[float]) -> dict:
    """r with the human grades, mean per kind (human and grader), and wrong-fact separation."""
    by_kind: dict[str, dict] = {}
    for kind in KINDS:
        pairs = [(i.human_score, s) for i, s in zip(items, scores) if i.kind == kind]
        if pairs:
            by_kind[kind] = {"n": len(pairs), "human": round(sum(h for h, _ in pairs) / len(pairs), 2),
                             "grader": round(sum(s for _, s in pairs) / len(pairs), 2)}
    strong = {i.record_id: s for i, s in zip(items, scores) if i.kind == "strong"}
    wrong = {i.record_id: s for i, s in zip(items, scores) if i.kind == "wrong_fact"}
    both = [q for q in strong if q in wrong]
    separated = sum(strong[q] - wrong[q] >= SEPARATION for q in both)
    return {"answers": len(items), "pearson": round(pearson([i.human_score for i in items], scores), 3),
            "by_kind": by_kind, "wrong_fact_separated": separated, "questions": len(both)}


def evaluate(grade: Callable[[list[InterviewAnswer]], list[float]], items: list[InterviewAnswer] | None = None,
             splits: tuple[str, ...] = ("tune", "heldout")) -> dict:
    """`grade(items) -> scores`; the figures per split and over both."""
    items = load_interview_set() if items is None else items
    scores = grade(items)
    report = {split: summarise([i for i in items if i.split == split],
                               [s for i, s in zip(items, scores) if i.split == split]) for split in splits}
    report["all"] = summarise(items, scores)
    return report


def run_interview_eval(services, backend: str = "embedded") -> dict:
    """The grader on the interview-answer set, graded as `mockinterview grade` would (question only,
    rubric from the corpus), next to the similarity grader of the same embeddings as a baseline."""
    from mockinterview.agent.grading.embedded import EmbeddedGrader
    from mockinterview.agent.grading.rubric import lookup_rubric

    items = load_interview_set()
    if not items:
        raise FileNotFoundError(f"No interview-answer set at {SET_PATH}.")
    index = services.index
    rubrics = {q: lookup_rubric(q, index) for q in dict.fromkeys(i.question for i in items)}
    pairs = [(rubrics[i.question], i.answer) for i in items]
    grader = services.grader(backend)
    similarity = EmbeddedGrader(index, judge=services.judge)

    def scores_of(g):
        return lambda _: [grade.score or 0.0 for grade in g.grade_many(pairs)]

    report = {"grader": evaluate(scores_of(grader), items), "baseline_similarity": evaluate(scores_of(similarity), items)}
    report["rubric_found"] = sum(r.authored is not None for r in rubrics.values())
    report["questions"] = len(rubrics)
    return report
