"""Whole interviews driven through the agent with scripted answers (hashing embedder, small corpus)."""
from __future__ import annotations

import json

import pytest

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.interview.commands import Command, parse
from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.planner import next_level
from mockinterview.agent.interview.probes import leaks
from mockinterview.agent.interview.withheld import HELD_POINT
from mockinterview.agent.interview.report import build_report
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.corpus.rubrics import rubric_for


def start(services, **config):
    config.setdefault("seed", 0)  # the question order fixed: the same questions on every run
    return InterviewSession.start(services.interview_deps(), InterviewConfig(**config))


def reference_answer(session) -> str:
    record = session.deps.corpus.get(session.current.record_id)
    if session.current.focus_json:
        return " ".join(json.loads(session.current.focus_json))
    if record.references:
        return record.references[0].text
    return record.question


def kinds(messages) -> list[str]:
    return [m.kind for m in messages]


def test_strong_candidate_gets_deeper_followups_and_no_repeats(fast_services):
    session, messages = start(fast_services, questions=3, followups=1, topics=["ensembles"], difficulty="medium")
    assert kinds(messages) == ["question"]
    while not session.finished:
        replies = session.submit(reference_answer(session))
        feedback = [m for m in replies if m.kind == "feedback"]
        assert feedback and feedback[0].grade.score >= 8.0, feedback[0].grade
    record_ids = [t.record_id for t in session.turns]
    assert len(record_ids) == len(set(record_ids)), "a question was repeated"
    followups = [t for t in session.turns if t.role == "followup"]
    # A deeper question only when one on the same concept exists: otherwise the interview moves on.
    assert followups and {t.parent_seq for t in followups} <= {t.seq for t in session.turns if t.role == "main"}
    assert all(t.lead_in == "Good. Let's go a step deeper." for t in followups)
    assert session.report().main_questions == 3


def test_partial_answer_gets_a_followup_on_a_missed_point(fast_services):
    session, _ = start(fast_services, questions=1, followups=1, topics=["evaluation-metrics"], difficulty="easy")
    record = session.deps.corpus.get(session.current.record_id)
    first_point = record.references[0].key_points[0]
    replies = session.submit(first_point)
    grade = Grade.model_validate_json(session.turns[0].grade_json)  # the stored grade, not the card shown
    assert grade.missed, "a one-point answer must miss something"
    followup = replies[-1]
    assert followup.kind == "followup"
    target = grade.missed[0].point
    turn = session.current
    assert turn.role == "followup" and turn.parent_seq == 1
    assert turn.lead_in == "Let's dig into one part of that."
    # The follow-up asks for the point without giving it away, and the card shown before it hides it.
    assert not leaks(followup.text, target, record.question)
    card = next(m for m in replies if m.kind == "feedback")
    assert card.data["held"] and all(p.point == HELD_POINT for p in card.grade.missed)
    assert target not in card.grade.feedback + card.grade.next_step and not card.grade.model_answer
    if turn.focus_json:  # no corpus question about the point: graded against the point alone
        assert json.loads(turn.focus_json) == [target]
        assert turn.record_id == record.id
    else:
        assert turn.record_id != record.id
    # Once the follow-up is answered, the full card of the first answer follows, with the point.
    after = session.submit("It has to do with how the classes are balanced in the data set.")
    revealed = [m for m in after if m.kind == "feedback" and m.data.get("revealed")]
    assert [m.data["seq"] for m in revealed] == [1], [(m.kind, m.text, m.data) for m in after]
    assert target in [p.point for p in revealed[0].grade.missed]
    resumed, replay = InterviewSession.resume(fast_services.interview_deps(), session.id)
    cards = [m for m in replay if m.kind == "feedback"]
    assert [(m.data["seq"], bool(m.data.get("held")), bool(m.data.get("revealed"))) for m in cards] == \
        [(1, True, False), (2, False, False), (1, False, True)]


def test_commands_hint_repeat_skip_dont_know_and_end(fast_services):
    session, messages = start(fast_services, questions=4, followups=0, topics=["ml-fundamentals"])
    question = messages[0].text
    hint = session.submit("hint")
    authored = rubric_for(session.current.record_id)
    expected = authored.core_claims[0].hints[0] if authored else None
    assert kinds(hint) == ["hint"] and (hint[0].text == expected or hint[0].text.startswith("Think about"))
    assert session.current.hints == 1
    assert session.submit("repeat")[0].text == question
    skipped = session.submit("skip")
    assert kinds(skipped) == ["question"]
    assert session.turns[0].outcome == "skipped" and session.turns[0].score == 0.0
    gave_up = session.submit("I don't know")
    assert kinds(gave_up) == ["reveal", "question"]
    assert gave_up[0].text == session.deps.corpus.get(session.turns[1].record_id).model_answer
    assert session.act(Command.show_answer)[0].kind == "reveal"
    ended = session.submit("end")
    assert kinds(ended) == ["report"] and session.finished
    report = ended[0].report
    assert report.main_questions == 3 and report.skipped == 3 and report.overall == 0.0
    assert session.submit("more")[0].kind == "notice"


def test_question_to_the_interviewer_is_clarified_not_graded(fast_services):
    session, _ = start(fast_services, questions=1, followups=0, topics=["ml-fundamentals"])
    replies = session.submit("What do you mean by overfitting?")
    assert kinds(replies) == ["clarification"]
    assert session.current.outcome == "pending" and session.current.answer_text is None


def test_empty_answer_is_refused_without_losing_the_question(fast_services):
    session, _ = start(fast_services, questions=1, followups=0)
    replies = session.submit("   \n ")
    assert kinds(replies) == ["notice"] and "empty" in replies[0].text
    assert session.current.outcome == "pending"


class Crash(BaseException):
    """Stands in for the process dying mid-grade (not an Exception: nothing catches it)."""


def test_resume_after_a_crash_while_grading_keeps_and_grades_the_answer(fast_services):
    deps = fast_services.interview_deps()
    session, _ = InterviewSession.start(deps, InterviewConfig(questions=2, followups=0, topics=["ensembles"]))
    answer = reference_answer(session)

    class CrashingGrader:
        def grade(self, rubric, text):
            raise Crash()

    session.deps.grader = CrashingGrader()
    with pytest.raises(Crash):
        session.submit(answer)
    stored = fast_services.store.turns(session.id)
    assert stored[0].answer_text == answer and stored[0].outcome == "answered" and stored[0].score is None

    resumed, messages = InterviewSession.resume(fast_services.interview_deps(), session.id)
    assert kinds(messages)[:3] == ["notice", "notice", "feedback"]
    assert messages[2].grade.score >= 8.0
    assert resumed.turns[0].outcome == "graded"
    assert kinds(messages)[-1] == "question" and resumed.main_count == 2


def test_resume_of_a_pending_question_asks_it_again(fast_services):
    session, messages = start(fast_services, questions=2, followups=0)
    resumed, again = InterviewSession.resume(fast_services.interview_deps(), session.id)
    assert again[-1].text == messages[-1].text
    assert len(resumed.turns) == 1


def test_report_arithmetic(fast_services):
    session, _ = start(fast_services, questions=3, followups=1, topics=["ensembles"], difficulty="medium")
    session.submit(reference_answer(session))  # strong main -> follow-up
    session.submit("skip")  # follow-up skipped
    session.submit("The model is a thing that does stuff with data.")  # weak main
    while not session.finished:
        session.submit("skip")
    turns = fast_services.store.turns(session.id)
    report = build_report(session.id, turns)
    main_scores = [t.score for t in turns if t.role == "main"]
    assert report.overall == round(sum(main_scores) / len(main_scores), 2)
    for topic, value in report.per_topic.items():
        scores = [t.score for t in turns if t.topic == topic and t.score is not None]
        assert value == round(sum(scores) / len(scores), 2)
    assert report.main_questions == 3
    assert report.followups == sum(t.role == "followup" and t.score is not None for t in turns)
    assert {r.seq for r in report.review} == {t.seq for t in turns if t.score is not None and t.score < 6.5}
    assert all(s.seconds is not None and s.seconds >= 0 for s in report.turns)


def test_adaptive_difficulty_moves_with_scores():
    assert next_level("medium", 9.0) == "hard"
    assert next_level("hard", 9.0) == "hard"
    assert next_level("medium", 2.0) == "easy"
    assert next_level("easy", 2.0) == "easy"
    assert next_level("medium", 6.0) == "medium"


def test_adaptive_session_moves_up_after_a_strong_answer(fast_services):
    session, _ = start(fast_services, questions=3, followups=0, difficulty="adaptive")
    assert session.level == "medium"
    session.submit(reference_answer(session))
    assert session.level == "hard"
    session.submit("skip")
    assert session.level == "medium"


def test_job_description_chooses_the_topic_mix(fast_services):
    ad = ("We need an engineer who builds gradient boosting and random forest models. "
          "You will tune ensembles with bagging and boosting. Precision, recall and ROC AUC are daily work.")
    session, messages = start(fast_services, questions=2, followups=0, job_description=ad)
    assert messages[0].kind == "notice"
    assert set(session.topics) & {"ensembles", "evaluation-metrics"}
    assert session.turns[0].topic == session.topics[0]


def test_practice_mode_asks_due_weak_questions_first(fast_services):
    first, _ = start(fast_services, questions=1, followups=0, topics=["deep-learning"])
    weak_id = first.current.record_id
    first.submit("I don't know")  # scored 0: due again at once
    practice, _ = start(fast_services, questions=1, followups=0, topics=["ensembles"], mode="practice")
    assert practice.current.record_id == weak_id


def test_command_parsing():
    assert parse("hint").command is Command.hint
    assert parse("Skip.").command is Command.skip
    assert parse("i dont know").command is Command.dont_know
    assert parse("show me the answer").command is Command.show_answer
    assert parse("/end").command is Command.end
    clarify = parse("What do you mean by bias?")
    assert clarify.command is Command.clarify and clarify.text == "bias"
    assert parse("A hint of regularization helps because it shrinks weights.").command is Command.answer
    assert parse("I don't know the exact formula, but L2 shrinks weights toward zero.").command is Command.answer


def test_config_rejects_unknown_topics_with_the_valid_list():
    with pytest.raises(ValueError, match="choose from: python"):
        InterviewConfig(topics=["astrology"])


def test_resume_replays_the_transcript_before_the_open_question(fast_services):
    session, first = start(fast_services, questions=3, followups=0, topics=["ensembles"])
    answer = reference_answer(session)
    session.submit(answer)
    session.submit("I don't know")
    resumed, messages = InterviewSession.resume(fast_services.interview_deps(), session.id)
    assert kinds(messages) == ["question", "answer", "feedback", "question", "request", "reveal", "notice", "question"]
    assert messages[0].text == first[0].text and messages[1].text == answer
    assert (messages[4].role, messages[4].text) == ("candidate", "I don't know")  # the request, kept
    assert messages[2].grade.score == session.turns[0].score
    assert messages[-1].text == session.turns[2].question


def test_followup_matching_uses_cached_vectors_equal_to_fresh_encodings(fast_services):
    import numpy as np

    from mockinterview.agent.interview.followups import concept_similarity

    index = fast_services.index
    record = next(r for r in fast_services.corpus.records if r.answered)
    assert np.allclose(index.question_vector(record.id), index.encode([record.question])[0], atol=1e-6)
    point = record.key_points[0]
    assert concept_similarity(index, index.encode([point])[0], record.id) == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(KeyError, match="No record with id"):
        index.question_vector("missing")
