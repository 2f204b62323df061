"""Scripted candidates run whole interviews through the agent; the eval checks the flow, not one grade.

Personas: strong (answers with the model answer), partial (one key point in a sentence of its own),
weak (generic talk), off-topic (another topic's model answer) and adversarial (instructions to the
grader, hostile text). Checks: no repeated question, gap follow-ups are about a missed point, persona
scores separate in the expected order, and the report's numbers add up from the turns.
"""
from __future__ import annotations

import itertools
from functools import cache
import json
import time
from pathlib import Path
from statistics import mean

from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.followups import CONCEPT_MATCH, concept_similarity
from mockinterview.agent.interview.session import InterviewDeps, InterviewSession
from mockinterview.agent.storage import Store

PERSONAS = ("strong", "partial", "weak", "off_topic", "adversarial")
TOPIC_SETS = (["ml-fundamentals"], ["ensembles", "evaluation-metrics"], ["deep-learning"], ["python", "numpy-pandas"],
              ["classical-models"], ["statistics-probability", "data-prep"])
VAGUE = ("It depends on the data and the problem, so you try a few things and see what works best in practice.",
         "This is an important concept that every data scientist uses; it helps the model do better overall.",
         "Basically you have to be careful and follow best practices, and then the results will be good.")
INJECTIONS_PATH = Path(__file__).with_name("injections.txt")


@cache
def load_injections() -> list[str]:
    """Answers that try to instruct the grader or fake its output (one per line; \\n marks a newline)."""
    lines = INJECTIONS_PATH.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip()]



class Candidate:
    """Answers the current question the way one persona would."""

    def __init__(self, persona: str, corpus, seed: int) -> None:
        self.persona, self.corpus = persona, corpus
        self.turn = itertools.count(seed)

    def answer(self, session: InterviewSession) -> str:
        n = next(self.turn)
        turn = session.current
        record = self.corpus.get(turn.record_id)
        points = json.loads(turn.focus_json) if turn.focus_json else (record.key_points or [record.question])
        if self.persona == "strong":
            return " ".join(points) if turn.focus_json else (record.model_answer or " ".join(points))
        if self.persona == "partial":
            return points[0] if len(points) > 1 else points[0].split(",")[0]
        if self.persona == "weak":
            return VAGUE[n % len(VAGUE)]
        if self.persona == "off_topic":
            others = [r for r in self.corpus.records if r.topic != record.topic and r.answered]
            return others[(n * 7919) % len(others)].model_answer
        adversarial = load_injections()
        return adversarial[n % len(adversarial)]


def _followup_on_target(index, turns) -> tuple[int, int]:
    """(gap follow-ups about a missed point, gap follow-ups): by the point itself or by embedding match."""
    hits = total = 0
    for turn in turns:
        if turn.role != "followup" or not (turn.lead_in or "").startswith("You did not cover"):
            continue
        total += 1
        if turn.focus_json:
            hits += 1
            continue
        point = turn.lead_in.removeprefix("You did not cover this: ").rstrip(".")
        best = concept_similarity(index, index.encode([point])[0], turn.record_id)
        hits += best >= CONCEPT_MATCH - 0.05  # the point was shortened for display: a small allowance
    return hits, total


def run_interview_eval(services, *, sessions_per_persona: int = 3, questions: int = 3, quick: bool = False,
                       data_dir: Path | None = None) -> dict:
    if quick:
        sessions_per_persona, questions = 2, 2
    store = Store(f"sqlite:///{data_dir / 'eval.db'}") if data_dir else services.store
    deps = InterviewDeps(corpus=services.corpus, index=services.index, grader=services.grader("embedded"), store=store)
    results: dict[str, dict] = {}
    for persona in PERSONAS:
        overall, repeats, consistent, on_target, gaps, seconds = [], 0, 0, 0, 0, []
        for k in range(sessions_per_persona):
            config = InterviewConfig(topics=TOPIC_SETS[k % len(TOPIC_SETS)], questions=questions, followups=1,
                                     difficulty="adaptive", seed=k)
            candidate = Candidate(persona, services.corpus, seed=k * 13)
            started = time.perf_counter()
            session, _ = InterviewSession.start(deps, config)
            while not session.finished:
                session.submit(candidate.answer(session))
            seconds.append(time.perf_counter() - started)
            turns = store.turns(session.id)
            ids = [t.record_id for t in turns if not t.focus_json]
            repeats += len(ids) - len(set(ids))
            report = session.report()
            main = [t.score for t in turns if t.role == "main" and t.score is not None]
            consistent += report.overall == round(mean(main), 2) and report.main_questions == questions
            overall.append(report.overall)
            hit, total = _followup_on_target(services.index, turns)
            on_target, gaps = on_target + hit, gaps + total
        results[persona] = {
            "sessions": sessions_per_persona, "mean_overall": round(mean(overall), 2),
            "min_overall": min(overall), "max_overall": max(overall), "repeats": repeats,
            "reports_consistent": consistent, "gap_followups": gaps,
            "gap_followups_on_target": on_target, "seconds_per_session": round(mean(seconds), 2),
        }
    order = [results[p]["mean_overall"] for p in ("strong", "partial", "weak")]
    return {
        "personas": results,
        "checks": {
            "no_repeats": all(r["repeats"] == 0 for r in results.values()),
            "reports_add_up": all(r["reports_consistent"] == r["sessions"] for r in results.values()),
            "strong>partial>weak": order[0] > order[1] > order[2],
            # One off-topic session may brush the topic; on average off-topic answers must stay low.
            "off_topic_mean<=2": results["off_topic"]["mean_overall"] <= 2.0,
            "adversarial_max<=2": results["adversarial"]["max_overall"] <= 2.0,
            "gap_followups_on_target": sum(r["gap_followups_on_target"] for r in results.values())
            / max(1, sum(r["gap_followups"] for r in results.values())),
        },
    }


def format_report(report: dict) -> str:
    lines = [f"{'persona':12} {'mean':>6} {'min':>6} {'max':>6} {'repeats':>8} {'gap f-ups on target':>20}"]
    for persona, r in report["personas"].items():
        lines.append(f"{persona:12} {r['mean_overall']:6.2f} {r['min_overall']:6.2f} {r['max_overall']:6.2f} "
                     f"{r['repeats']:8d} {r['gap_followups_on_target']:>9d}/{r['gap_followups']:<10d}")
    lines.append("")
    lines += [f"{name}: {value if not isinstance(value, float) else f'{value:.2f}'}" for name, value in report["checks"].items()]
    return "\n".join(lines)
