"""The load eval's machinery on both databases (the hashing embedder: seconds, not a measurement)."""
from __future__ import annotations


def test_candidates_answering_at_once_lose_nothing(fast_services):
    from mockinterview.evals.load import run_load

    figures = run_load(fast_services, candidates=6, questions=2)
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["answers_with_feedback"] == 12 == figures["graded_turns"] == figures["mastery_reviews"]
    assert figures["lost_answers"] == 0 and figures["lost_reviews"] == 0
