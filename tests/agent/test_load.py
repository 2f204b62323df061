"""The load eval's machinery on both databases (the hashing embedder: seconds, not a measurement)."""
from __future__ import annotations


def test_candidates_answering_at_once_lose_nothing(fast_services):
    from mockinterview.evals.load import run_load

    figures = run_load(fast_services, candidates=6, questions=2)
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["answers_with_feedback"] == 12 == figures["graded_turns"] == figures["mastery_reviews"]
    assert figures["lost_answers"] == 0 and figures["lost_reviews"] == 0


def test_the_grading_gate_lets_only_its_slots_grade_at_once():
    import threading
    import time

    from mockinterview.agent.threads import GradingGate

    class Grader:
        running = peak = 0
        lock = threading.Lock()
        name = "inner"

        def grade(self, rubric, answer):
            with self.lock:
                self.running += 1
                self.peak = max(self.peak, self.running)
            time.sleep(0.02)
            with self.lock:
                self.running -= 1
            return answer

    inner = Grader()
    gate = GradingGate(inner, threading.BoundedSemaphore(2))
    results: list[str] = []
    threads = [threading.Thread(target=lambda n=n: results.append(gate.grade(None, f"a{n}"))) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert inner.peak == 2 and sorted(results) == sorted(f"a{n}" for n in range(12))
    assert gate.name == "inner"  # everything else is the grader's own
