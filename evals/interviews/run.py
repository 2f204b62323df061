"""Scripted candidates run whole interviews through the agent; the eval judges the interviewer.

Personas (`personas.py`) answer as strong, partial, weak, off-topic, adversarial, misconceived, curious
(hints and questions first) and skipping candidates would. `checks.py` watches every message shown and
counts leaks, repeats, near-repeats, follow-ups off the topics or off the missed point, and hints that
give the answer away. Persona scores must separate in the expected order, and each report must add up.
All sessions of one run share one database, as one candidate's history would.
"""
from __future__ import annotations

import time
from pathlib import Path
from statistics import mean

from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import RECENT_SESSIONS, InterviewDeps, InterviewSession
from mockinterview.agent.storage import Store

from .checks import Tally, Watcher
from .personas import PERSONAS, Candidate, load_injections  # noqa: F401  (load_injections: used by tests)

TOPIC_SETS = (["ml-fundamentals"], ["ensembles", "evaluation-metrics"], ["deep-learning"], ["python", "numpy-pandas"],
              ["classical-models"], ["statistics-probability", "data-prep"], ["ml-fundamentals", "classical-models"],
              ["evaluation-metrics"])


def run_interview_eval(services, *, sessions_per_persona: int = 4, questions: int = 3, quick: bool = False,
                       data_dir: Path | None = None, topic_sets: tuple[list[str], ...] = TOPIC_SETS) -> dict:
    if quick:
        sessions_per_persona, questions = 2, 2
    store = Store(f"sqlite:///{data_dir / 'eval.db'}") if data_dir else services.store
    deps = InterviewDeps(corpus=services.corpus, index=services.index, grader=services.grader("embedded"), store=store)
    results: dict[str, dict] = {}
    total, history = Tally(), []
    for p, persona in enumerate(PERSONAS):
        overall, consistent, seconds, tally = [], 0, [], Tally()
        for k in range(sessions_per_persona):
            config = InterviewConfig(topics=topic_sets[(k + p) % len(topic_sets)], questions=questions, followups=1,
                                     difficulty="adaptive", seed=1000 * p + k)
            candidate = Candidate(persona, services.corpus, seed=k * 13)
            started = time.perf_counter()
            session, first = InterviewSession.start(deps, config)
            watcher = Watcher(session, candidate, services.index)
            watcher.run(first)
            seconds.append(time.perf_counter() - started)
            watcher.score_turns(set().union(*history[-RECENT_SESSIONS:]))
            history.append({t.record_id for t in session.turns if t.role == "main"})
            tally.add(watcher.tally)
            report = session.report()
            main = [t.score for t in session.turns if t.role == "main" and t.score is not None]
            consistent += report.overall == (round(mean(main), 2) if main else None)
            overall.append(report.overall or 0.0)
        total.add(tally)
        results[persona] = {
            "sessions": sessions_per_persona, "mean_overall": round(mean(overall), 2),
            "min_overall": min(overall), "max_overall": max(overall), "reports_consistent": consistent,
            "seconds_per_session": round(mean(seconds), 2), **_figures(tally),
        }
    order = [results[p]["mean_overall"] for p in ("strong", "partial", "weak")]
    figures = _figures(total)
    return {
        "personas": results,
        "totals": figures,
        "checks": {
            "interviews": total.interviews,
            "leaks": total.leaks,
            "repeats": total.repeats + total.cross_session_repeats,
            "near_repeats": total.near_repeats,
            "hints_leaking": total.hints_leaking,
            "off_topic_followups": total.off_topic_followups,
            "gap_followups_on_target": figures["gap_on_target_share"],
            "reports_add_up": all(r["reports_consistent"] == r["sessions"] for r in results.values()),
            "strong>partial>weak": order[0] > order[1] > order[2],
            # One off-topic session may brush the topic; on average off-topic answers must stay low.
            "off_topic_mean<=2": results["off_topic"]["mean_overall"] <= 2.0,
            "adversarial_max<=2": results["adversarial"]["max_overall"] <= 2.0,
        },
        "examples": total.examples[:60],
    }


def _figures(tally: Tally) -> dict:
    gaps = tally.followups["gap"]
    return {
        "interviews": tally.interviews, "questions": tally.questions, "followups": dict(tally.followups),
        "gap_from_corpus": tally.gap_from_corpus, "gap_on_target": tally.gap_on_target,
        "gap_on_target_share": round(tally.gap_on_target / gaps, 3) if gaps else None,
        "challenges_quoting_claim": tally.challenge_quotes_claim, "held_cards": tally.held_cards,
        "leaks": tally.leaks, "repeats": tally.repeats, "cross_session_repeats": tally.cross_session_repeats,
        "near_repeats": tally.near_repeats, "off_topic_followups": tally.off_topic_followups,
        "hints": tally.hints, "hints_leaking": tally.hints_leaking,
    }


def format_report(report: dict) -> str:
    lines = [f"{'persona':15} {'mean':>5} {'min':>5} {'max':>5} {'f-ups gap/chal/deep':>20} {'on target':>10} "
             f"{'leaks':>6} {'repeats':>8} {'near':>5} {'hints':>6}"]
    for persona, r in report["personas"].items():
        f = r["followups"]
        lines.append(
            f"{persona:15} {r['mean_overall']:5.2f} {r['min_overall']:5.2f} {r['max_overall']:5.2f} "
            f"{f['gap']:>10}/{f['challenge']}/{f['deeper']:<5} {r['gap_on_target']:>6}/{f['gap']:<3} {r['leaks']:>6} "
            f"{r['repeats'] + r['cross_session_repeats']:>8} {r['near_repeats']:>5} {r['hints_leaking']:>3}/{r['hints']}"
        )
    lines.append("")
    lines += [f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}"
              for name, value in report["checks"].items()]
    return "\n".join(lines)
