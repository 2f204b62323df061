"""Follow-ups, probes and hints: they ask for the missed point without giving it away."""
from __future__ import annotations

import pytest

from mockinterview.agent.grading.schema import Grade, PointEvidence, Verdict
from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.followups import Asked, choose_followup, concept_name
from mockinterview.agent.interview.hints import NO_MORE, stepped_hint, word_rarity
from mockinterview.agent.interview.planner import QuestionPlanner
from mockinterview.agent.interview.probes import leaks, probe_question, split_point
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.agent.interview.report import report_markdown

L1 = "L1 regularization drives some weights exactly to zero, producing sparse models."


def test_a_point_splits_into_context_subject_and_conclusion():
    parts = split_point("In CPython, threads cannot achieve true parallelism for CPU-bound tasks.")
    assert (parts.context, parts.subject, parts.kind) == ("In CPython", "threads", "capability")
    assert split_point(L1).subject == "L1 regularization" and split_point(L1).verb == "drives"
    assert split_point("It is a method that averages trees.").subject == ""  # a pronoun names nothing


def test_leaks_tells_a_nudge_from_the_answer():
    assert leaks("L1 pushes weights to zero, so the model is sparse.", L1)
    assert leaks("Remember: drives some weights exactly to zero, producing sparse models", L1)
    assert not leaks("What does L1 regularization do to the weights?", L1)
    assert not leaks("Think about sparsity.", L1)


@pytest.mark.parametrize("point", [
    L1,
    "In CPython, threads cannot achieve true parallelism for CPU-bound tasks.",
    "Bagging is an ensemble method that trains each model on a bootstrap sample.",
    "It reduces variance by averaging many decorrelated trees.",
])
def test_a_probe_asks_about_the_concept_and_never_states_the_conclusion(point):
    probe = probe_question(point, "What is regularization?", "regularization")
    assert probe.endswith("?") and not leaks(probe, point, "What is regularization?")
    for word in ("zero", "sparse", "parallelism", "bootstrap", "averaging"):
        assert word not in probe.lower()


def _grade(missed: list[PointEvidence], verdict=Verdict.partial) -> Grade:
    return Grade(score=5.0, verdict=verdict, missed=missed)


def test_a_wrong_claim_is_challenged_with_the_candidates_own_words(fast_services):
    record = next(r for r in fast_services.corpus.records if r.key_points)
    said = "L2 makes the weights sparse."
    grade = _grade([PointEvidence(point=L1, covered=False, confidence=0.1, evidence=said, contradicted=True)])
    followup = choose_followup(record, grade, fast_services.index, Asked(frozenset(), ()), set())
    assert followup.reason == "challenge" and followup.lead_in == f'You said: "{said}"'
    assert followup.question == "Why would that be? Walk me through the reasoning."
    assert followup.focus_points == [L1] and followup.record.id == record.id


def test_a_gap_followup_stays_in_the_topics_and_skips_what_was_asked(fast_services):
    record = next(r for r in fast_services.corpus.records if r.topic == "ensembles" and len(r.key_points) > 1)
    point = record.key_points[1]
    grade = _grade([PointEvidence(point=point, covered=False, confidence=0.1)])
    asked = Asked(frozenset({record.id}), (record.question,), ("ensembles",))
    followup = choose_followup(record, grade, fast_services.index, asked, set())
    assert followup.reason == "gap" and followup.target_point == point
    assert followup.record.topic == "ensembles" and not leaks(followup.question, point, record.question)
    # Every corpus question about the point excluded: a probe built from the point instead.
    others = frozenset(r.id for r in fast_services.corpus.records)
    probe = choose_followup(record, grade, fast_services.index, Asked(others, (record.question,), ("ensembles",)), set())
    assert probe.record.id == record.id and probe.focus_points == [point] and probe.text == probe.question


def test_a_high_score_with_most_points_missed_still_gets_a_gap_followup(fast_services):
    record = next(r for r in fast_services.corpus.records if r.topic == "ensembles" and len(r.key_points) > 2)
    first, second, third = [PointEvidence(point=p, covered=False, confidence=0.1, checkable=True)
                            for p in record.key_points[:3]]
    said = [first.model_copy(update={"covered": True, "confidence": 0.9})]
    asked = Asked(frozenset({record.id}), (record.question,), ("ensembles",))
    one_of_three = Grade(score=9.0, verdict=Verdict.strong, covered=said, missed=[second, third])
    assert choose_followup(record, one_of_three, fast_services.index, asked, set()).reason == "gap"
    two_of_three = Grade(score=9.0, verdict=Verdict.strong, covered=said + [second.model_copy(update={"covered": True})],
                         missed=[third])
    followup = choose_followup(record, two_of_three, fast_services.index, asked, set())
    assert followup is None or followup.reason != "gap"  # a deeper question, when the corpus has one


def test_a_probe_already_asked_gives_way_to_the_next_missed_point(fast_services):
    record = next(r for r in fast_services.corpus.records if r.topic == "ensembles" and len(r.key_points) > 2
                  and len({probe_question(p, r.question, concept_name(r)) for p in r.key_points[:2]}) == 2)
    first, second = record.key_points[:2]
    grade = _grade([PointEvidence(point=first, covered=False, confidence=0.1),
                    PointEvidence(point=second, covered=False, confidence=0.1)])
    everything = frozenset(r.id for r in fast_services.corpus.records)  # no corpus question left: probes only
    asked_probe = probe_question(first, record.question, concept_name(record))
    asked = Asked(everything, (record.question, asked_probe), ("ensembles",))
    followup = choose_followup(record, grade, fast_services.index, asked, set())
    assert followup.target_point == second and followup.question != asked_probe


def test_no_followup_on_nothing_to_build_on(fast_services):
    record = fast_services.corpus.records[0]
    for verdict in (Verdict.no_answer, Verdict.off_topic, Verdict.ungraded):
        assert choose_followup(record, _grade([], verdict), fast_services.index, Asked(frozenset(), ()), set()) is None


def test_hints_come_in_steps_never_give_the_point_and_are_reported(fast_services):
    counts = word_rarity(fast_services.corpus)
    question = "What is L1 regularization?"
    first, second, third = (stepped_hint(L1, question, step, counts) for step in range(3))
    assert first.startswith("Think about") and second.startswith("More specifically") and third == NO_MORE
    assert not any(leaks(hint, L1, question) for hint in (first, second))
    assert "show answer" in third

    session, _ = InterviewSession.start(fast_services.interview_deps(),
                                        InterviewConfig(questions=1, followups=0, topics=["ml-fundamentals"], seed=3))
    record = fast_services.corpus.get(session.current.record_id)
    hints = [session.submit("Can I get a hint?")[0] for _ in range(3)]
    assert [h.data["step"] for h in hints] == [1, 2, 3] and hints[2].text == NO_MORE
    assert not any(leaks(h.text, p, record.question) for h in hints for p in record.key_points)
    session.submit("skip")
    report = session.report()
    assert report.hints_used == 3 and report.turns[0].hints == 3
    assert "**Hints used:** 3" in report_markdown(report, session.turns)


def test_each_interview_gets_its_own_order_kept_on_resume(fast_services):
    deps = fast_services.interview_deps()
    first, _ = InterviewSession.start(deps, InterviewConfig(questions=2, followups=0))
    second, _ = InterviewSession.start(deps, InterviewConfig(questions=2, followups=0))
    assert first.config.seed is not None and first.config.seed != second.config.seed
    resumed, _ = InterviewSession.resume(fast_services.interview_deps(), first.id)
    assert resumed.config.seed == first.config.seed


def test_questions_from_recent_sessions_are_not_asked_again(fast_services):
    deps = fast_services.interview_deps()
    seen = set()
    for seed in range(4):  # the same seed and topic would otherwise pick the same questions
        session, _ = InterviewSession.start(deps, InterviewConfig(questions=2, followups=0, topics=["ensembles"], seed=7))
        while not session.finished:
            assert session.current.record_id not in seen
            seen.add(session.current.record_id)
            session.submit("skip")


def test_the_same_seed_picks_the_same_questions_and_other_seeds_others(fast_services):
    planner = QuestionPlanner(fast_services.corpus)

    def picks(seed: int) -> list[str]:
        return [planner.pick(topics=["ensembles"], level="medium", asked=set(), position=p, seed=seed).id
                for p in range(3)]

    assert picks(5) == picks(5)
    assert len({tuple(picks(seed)) for seed in range(6)}) > 1


class ScriptedLLM:
    """Stands in for the LLM grader's `ask_text`: replies in order, records the prompts."""

    def __init__(self, *replies: str | None) -> None:
        self.replies, self.prompts = list(replies), []

    def ask_text(self, messages):
        self.prompts.append(messages)
        return self.replies.pop(0)


class WordIndex:
    """Encodes a text as [mentions weights, does not]: enough to tell on-point from off-point wordings."""

    def encode(self, texts):
        import numpy as np

        return np.array([[1.0, 0.0] if "weights" in t else [0.0, 1.0] for t in texts])


def test_an_llm_probe_is_shown_only_when_it_keeps_the_point_back(fast_services):
    from mockinterview.agent.interview.followups import FollowUp
    from mockinterview.agent.interview.phrasing import phrase

    record = fast_services.corpus.records[0]
    probe = FollowUp(record, "Let's dig into one part of that.", "gap", L1, [L1], "template?")
    asked = "What is regularization?"
    good = "What does L1 regularization do to the weights of a linear model, and why?"
    leaking = "Why does L1 regularization drive some weights exactly to zero, producing sparse models?"
    off_point = "What is your favourite optimiser?"
    llm = ScriptedLLM(good, leaking, off_point, "Not a question.", None)
    assert phrase(llm, probe, asked, "It adds a penalty.", WordIndex()) == good
    for _ in range(4):  # gives the point away; off the point; not a question; the LLM failed: the template
        assert phrase(llm, probe, asked, "It adds a penalty.", WordIndex()) is None
    assert "never state" in llm.prompts[0][1].content.lower() and L1 in llm.prompts[0][1].content
    corpus_question = FollowUp(record, "Let's dig into one part of that.", "gap", L1)
    assert phrase(llm, corpus_question, asked, "", WordIndex()) is None  # its own wording stays
