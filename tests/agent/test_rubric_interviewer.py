"""The interviewer reads the authored rubric: a missed core claim gets its own probe, a hint is the
rubric's two steps, a rephrasing is the rubric's, and a probe is graded against its claim alone."""
from __future__ import annotations

from mockinterview.agent.grading.schema import Grade, PointEvidence, Verdict
from mockinterview.agent.interview.conversation import rephrasings
from mockinterview.agent.interview.followups import Asked, choose_followup
from mockinterview.agent.interview.hints import NO_MORE, authored_hint
from mockinterview.corpus.rubrics import load_rubrics


def _authored_record(services):
    rubrics = load_rubrics()
    return next(r for r in services.corpus.records if r.id in rubrics and len(rubrics[r.id].core_claims) >= 2)


def _missed(claim, **extra) -> PointEvidence:
    return PointEvidence(point=claim.text, covered=False, confidence=0.1, claim_id=claim.id, core=claim.core, **extra)


def test_a_missed_core_claim_gets_the_rubric_probe(fast_services):
    record = _authored_record(fast_services)
    authored = load_rubrics()[record.id]
    first, second = authored.core_claims[:2]
    grade = Grade(score=4.0, verdict=Verdict.partial, missed=[_missed(first), _missed(second)])
    followup = choose_followup(record, grade, fast_services.index, Asked(frozenset(), ()), set())
    assert followup.reason == "gap" and followup.question == first.probe and followup.focus_points == [first.text]
    # Once probed, the next missed core claim is the one asked about.
    again = choose_followup(record, grade, fast_services.index, Asked(frozenset(), (first.probe,)), {first.text})
    assert again.question == second.probe


def test_a_stated_misconception_is_challenged_in_the_candidates_words(fast_services):
    record = _authored_record(fast_services)
    claim = load_rubrics()[record.id].core_claims[0]
    said = "Something the candidate said that reverses it."
    grade = Grade(score=2.0, verdict=Verdict.weak,
                  missed=[_missed(claim, contradicted=True, evidence=said, correction="In fact ...")])
    followup = choose_followup(record, grade, fast_services.index, Asked(frozenset(), ()), set())
    assert followup.reason == "challenge" and said in followup.lead_in


def test_hints_are_the_rubric_steps_then_the_offer_of_the_answer():
    hints = ["Toward the concept.", "More specific."]
    assert [authored_hint(hints, step) for step in range(3)] == ["Toward the concept.", "More specific.", NO_MORE]


def test_rephrasing_starts_with_the_rubric_and_prints_no_template(fast_services):
    record = _authored_record(fast_services)
    options = rephrasings(record, record.question, [])
    assert options[0] == f"In other words: {load_rubrics()[record.id].rephrasing.strip()}"
    assert not any("this is a" in option and "question:" in option for option in options)


def test_the_session_hint_comes_from_the_rubric(fast_services):
    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewSession

    rubrics = load_rubrics()
    topic = "ensembles"
    session, _ = InterviewSession.start(fast_services.interview_deps(),
                                        InterviewConfig(topics=[topic], questions=1, seed=3))
    turn = session.current
    first = session.submit("hint")[0].text
    authored = rubrics.get(turn.record_id)
    if authored is not None:
        assert first == authored.core_claims[0].hints[0]
    else:  # the small test corpus drew a question without a reference
        assert first
