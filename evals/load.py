"""Many candidates at once: the service layer under threads, in one process or in several processes
sharing one database (`mockinterview eval load`).

Each simulated candidate is a thread with its own user (owner) running a whole interview through
`InterviewSession`, exactly as the app does for a browser session. At every question all candidates
wait at a barrier and then answer at the same moment (the worst case for a shared server). The figure
that matters to a candidate is the time from sending an answer to seeing its feedback. Afterwards the
database is checked for lost writes: every answer that got feedback must be a graded turn, and every
graded main answer a review in that user's mastery.

Several processes: each is `python -m mockinterview.evals.load --worker ...` with its share of the
candidates, so each loads its own models as an app process would; they start answering together.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np


def _answer_for(session) -> str:
    """A partial answer: the first two key points of the reference (so grading has real work to do)."""
    record = session.deps.corpus.get(session.current.record_id)
    points = [p for ref in record.references[:1] for p in ref.key_points[:2]]
    return " ".join(points) or record.question


def run_candidates(services, *, candidates: int, questions: int, prefix: str, start_at: float | None = None) -> dict:
    """Run `candidates` threads in this process; their timings, errors and session ids."""
    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewSession

    services.index  # noqa: B018 - loaded before the clock starts, as in a running app
    services.embedded_grader.judge  # noqa: B018
    barrier = threading.Barrier(candidates)
    lock = threading.Lock()
    timings: list[float] = []
    errors: list[str] = []
    sessions: dict[str, str] = {}
    submitted = 0

    def candidate(n: int) -> None:
        nonlocal submitted
        owner = f"{prefix}-{n}"
        try:
            deps = services.interview_deps(owner=owner)
            config = InterviewConfig(questions=questions, followups=0, difficulty="medium", seed=1000 + n)
            session, _ = InterviewSession.start(deps, config)
            with lock:
                sessions[owner] = session.id
        except Exception as error:  # noqa: BLE001 - counted, the others go on
            with lock:
                errors.append(f"start: {error.__class__.__name__}: {error}")
            barrier.abort()
            return
        if start_at is not None:
            time.sleep(max(0.0, start_at - time.time()))
        for _ in range(questions):
            try:
                barrier.wait(timeout=600)
            except threading.BrokenBarrierError:
                pass
            if session.finished or session.current is None:
                break
            text = _answer_for(session)
            started = time.perf_counter()
            try:
                replies = session.submit(text, turn_id=session.current.id)
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(f"answer: {error.__class__.__name__}: {error}")
                continue
            elapsed = time.perf_counter() - started
            if not any(m.kind == "feedback" for m in replies):
                with lock:
                    errors.append("answer: no feedback: " + "; ".join(m.text[:80] for m in replies))
                continue
            with lock:
                timings.append(elapsed)
                submitted += 1

    threads = [threading.Thread(target=candidate, args=(n,)) for n in range(candidates)]
    started, cpu = time.perf_counter(), os.times()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    used = os.times()
    return {"timings": timings, "errors": errors, "sessions": sessions, "submitted": submitted,
            "wall_s": time.perf_counter() - started, "cpu_s": used.user + used.system - cpu.user - cpu.system}


def count_lost(store, sessions: dict[str, str], submitted: int) -> dict:
    """Answers with feedback that the database does not hold as graded turns or as mastery reviews."""
    graded = reviews = 0
    for owner, session_id in sessions.items():
        mine = store.as_user(owner)
        turns = mine.turns(session_id)
        graded += sum(t.outcome == "graded" for t in turns)
        reviews += sum(row.reviews for row in mine.mastery())
    expected_reviews = graded  # followups=0: every graded answer is a main one, hence one review
    return {"graded_turns": graded, "lost_answers": max(0, submitted - graded),
            "mastery_reviews": reviews, "lost_reviews": max(0, expected_reviews - reviews)}


def _worker(args) -> None:
    from mockinterview.agent.services import Services
    from mockinterview.agent.settings import Settings

    services = Services(Settings(db_url=args.db_url))
    result = run_candidates(services, candidates=args.candidates, questions=args.questions, prefix=args.prefix,
                            start_at=args.start_at)
    print("RESULT " + json.dumps(result), flush=True)


def run_load(services, *, candidates: int = 20, questions: int = 3, processes: int = 1, db_url: str | None = None) -> dict:
    """The figures: p50/p95 time to feedback, errors and lost writes, for `candidates` split over
    `processes` (1: threads in this process)."""
    from mockinterview.agent.storage import Store

    db_url = db_url or services.settings.database_url
    prefix = f"load-{os.getpid()}-{int(time.time())}"
    if processes == 1:
        if db_url != services.settings.database_url:
            services.__dict__["store"] = Store(db_url)
        results = [run_candidates(services, candidates=candidates, questions=questions, prefix=prefix)]
    else:
        results = _in_processes(candidates, questions, processes, db_url, prefix)
    timings = [t for r in results for t in r["timings"]]
    errors = [e for r in results for e in r["errors"]]
    sessions = {k: v for r in results for k, v in r["sessions"].items()}
    lost = count_lost(Store(db_url), sessions, sum(r["submitted"] for r in results))
    p50, p95 = (np.percentile(np.array(timings) * 1000.0, [50, 95]) if timings else (float("nan"),) * 2)
    return {
        "candidates": candidates, "processes": processes, "questions_each": questions,
        "answers_with_feedback": len(timings), "errors": len(errors), "error_samples": errors[:5],
        "feedback_p50_ms": round(float(p50), 1), "feedback_p95_ms": round(float(p95), 1),
        "feedback_max_ms": round(max(timings) * 1000.0, 1) if timings else None,
        # What an answer costs in CPU (all of a run's CPU time, starting the interviews included, over its
        # answers): the figure that carries over from a shared, noisy machine to a dedicated one.
        "cpu_ms_per_answer": round(1000.0 * sum(r.get("cpu_s", 0.0) for r in results) / max(len(timings), 1), 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
        **lost, "database": db_url.split("@")[-1] if "@" in db_url else db_url,
        "torch_threads": services.settings.torch_threads, "cpus": os.cpu_count(),
    }


def _in_processes(candidates: int, questions: int, processes: int, db_url: str, prefix: str) -> list[dict]:
    share = [candidates // processes + (1 if n < candidates % processes else 0) for n in range(processes)]
    start_at = time.time() + 45  # every process has loaded its models by then (about 10-20 s each)
    workers = [
        subprocess.Popen([sys.executable, "-m", "mockinterview.evals.load", "--worker", "--db-url", db_url,
                          "--candidates", str(count), "--questions", str(questions), "--prefix", f"{prefix}-p{n}",
                          "--start-at", str(start_at)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ})
        for n, count in enumerate(share)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=1800)
        line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            results.append({"timings": [], "errors": [f"worker failed: {err.strip()[-300:]}"], "sessions": {},
                            "submitted": 0})
        else:
            results.append(json.loads(line.removeprefix("RESULT ")))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--db-url", required=True)
    parser.add_argument("--candidates", type=int, default=10)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--prefix", default="load")
    parser.add_argument("--start-at", type=float, default=None)
    _worker(parser.parse_args())


if __name__ == "__main__":
    main()

