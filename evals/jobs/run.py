"""Job descriptions -> topics and questions, on hand-written job ads with the topics each one needs.

`descriptions.jsonl`: one job ad per line with its expected topics, written before the extractor and
split into dev (used to choose the skill lists and thresholds) and test (never tuned on). Methods side by
side: the sentence-vote baseline (each sentence's closest questions vote for their topics) and the skill
extractor. Per split: micro precision and recall of the chosen topics, and the share of the questions an
interview would ask (the first five main questions) that fall in an expected topic.
"""
from __future__ import annotations

import json
from pathlib import Path

from mockinterview.agent.interview.planner import QuestionPlanner, topics_from_job_description
from mockinterview.agent.interview.skills import skills_for_job

DESCRIPTIONS = Path(__file__).with_name("descriptions.jsonl")
QUESTIONS = 5


def load_descriptions(path: Path = DESCRIPTIONS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _methods(index):
    return {
        "sentence votes (before)": lambda text: (topics_from_job_description(text, index, limit=4), None),
        "skills": lambda text: (list(skills_for_job(text).topics), skills_for_job(text)),
    }


def _questions(planner: QuestionPlanner, index, topics: list[str], job) -> list:
    asked, picked = set(), []
    focus = planner.focus_for_job(job, index) if job is not None else {}
    for position in range(QUESTIONS):
        record = planner.pick(topics=topics, level="medium", asked=asked, position=position, seed=position,
                              focus=focus)
        if record is None:
            break
        asked.add(record.id)
        picked.append(record)
    return picked


def run_jobs_eval(corpus, index, descriptions: list[dict] | None = None) -> dict:
    descriptions = descriptions or load_descriptions()
    planner = QuestionPlanner(corpus)
    report: dict = {"methods": {}, "jobs": []}
    for name, method in _methods(index).items():
        per_split: dict[str, dict] = {}
        for item in descriptions:
            topics, job = method(item["text"])
            expected = set(item["expected"])
            questions = _questions(planner, index, topics, job)
            tally = per_split.setdefault(item["split"], {"chosen": 0, "right": 0, "expected": 0, "questions": 0,
                                                         "questions_in_expected": 0, "jobs": 0})
            tally["jobs"] += 1
            tally["chosen"] += len(topics)
            tally["right"] += len(set(topics) & expected)
            tally["expected"] += len(expected)
            tally["questions"] += len(questions)
            tally["questions_in_expected"] += sum(q.topic in expected for q in questions)
            report["jobs"].append({"method": name, "id": item["id"], "split": item["split"], "chosen": topics,
                                   "expected": item["expected"], "first_questions": [q.question for q in questions[:3]],
                                   "skills": job.skills if job else None})
        report["methods"][name] = {split: _rates(t) for split, t in sorted(per_split.items())}
    return report


def _rates(tally: dict) -> dict:
    return {
        "jobs": tally["jobs"],
        "precision": round(tally["right"] / tally["chosen"], 3) if tally["chosen"] else 0.0,
        "recall": round(tally["right"] / tally["expected"], 3) if tally["expected"] else 0.0,
        "questions_on_expected_topics": round(tally["questions_in_expected"] / tally["questions"], 3)
        if tally["questions"] else 0.0,
    }


def format_report(report: dict) -> str:
    lines = [f"{'method':26} {'split':6} {'jobs':>4} {'precision':>10} {'recall':>7} {'questions on topic':>19}"]
    for name, splits in report["methods"].items():
        for split, r in splits.items():
            lines.append(f"{name:26} {split:6} {r['jobs']:>4} {r['precision']:>10.3f} {r['recall']:>7.3f} "
                         f"{r['questions_on_expected_topics']:>19.3f}")
    return "\n".join(lines)
