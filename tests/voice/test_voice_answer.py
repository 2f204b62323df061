"""A spoken answer goes through the interview as a typed one, and its figures stay with its turn."""
from __future__ import annotations

from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.agent.voice.answer import Heard, submit_spoken, with_stored_figures
from mockinterview.agent.voice.coach import speaking_figures
from mockinterview.agent.voice.records import session_speech, speaking_trend
from mockinterview.agent.voice.transcribe import Transcript, Word


def heard(text: str, step: float = 0.4) -> Heard:
    words = [Word(token, n * step, n * step + 0.3, 0.9) for n, token in enumerate(text.split())]
    transcript = Transcript(text=text, words=words, language="en", seconds=len(words) * step + 1)
    return Heard(transcript, speaking_figures(words, transcript.seconds))


def start(services, questions: int = 2) -> InterviewSession:
    config = InterviewConfig(topics=["ensembles"], questions=questions, followups=0, seed=7)
    session, _ = InterviewSession.start(services.interview_deps(), config)
    return session


def test_a_spoken_answer_is_graded_like_the_typed_one_and_keeps_its_figures(fast_services, tmp_path):
    answer = "Bagging trains models on bootstrap samples and averages them, which reduces variance."
    typed = start(fast_services)
    typed_feedback = next(m for m in typed.submit(answer) if m.kind == "feedback")
    asked = typed.turns[0].record_id
    # A candidate is not asked a question of their recent interviews again: forget the typed one, so the
    # same seed asks the same question.
    fast_services.store.delete_session(typed.id)

    spoken = start(fast_services)
    assert spoken.turns[0].record_id == asked
    said = heard("Um, " + answer)
    messages = submit_spoken(spoken, answer, said, audio=b"RIFF...", keep_audio_in=None)
    feedback = next(m for m in messages if m.kind == "feedback")
    assert feedback.grade.score == typed_feedback.grade.score
    assert feedback.data["speaking"] == said.figures
    assert spoken.turns[0].answer_text == answer
    assert session_speech(fast_services.store, spoken.id) == {1: said.figures}
    assert not (tmp_path / "recordings").exists()  # the recording is kept only when asked


def test_a_spoken_request_is_a_request_and_stores_no_figures(fast_services):
    session = start(fast_services)
    messages = submit_spoken(session, "Can I have a hint?", heard("Can I have a hint?"))
    assert [m.kind for m in messages] == ["hint"]
    assert session_speech(fast_services.store, session.id) == {}


def test_the_recording_is_kept_only_when_the_candidate_opts_in(fast_services, tmp_path):
    session = start(fast_services)
    submit_spoken(session, "Boosting fits models one after another on the errors.", heard("Boosting fits models"),
                  audio=b"RIFF-bytes", keep_audio_in=tmp_path / "recordings")
    assert (tmp_path / "recordings" / f"{session.id}-1.wav").read_bytes() == b"RIFF-bytes"


def test_resume_shows_the_figures_and_the_trend_spans_interviews(fast_services):
    first = start(fast_services, questions=1)
    submit_spoken(first, "Bagging averages many models.", heard("Bagging averages many models.", step=0.3))
    second = start(fast_services, questions=2)
    submit_spoken(second, "Boosting reduces bias.", heard("Boosting reduces bias.", step=0.6))
    resumed, messages = InterviewSession.resume(fast_services.interview_deps(), second.id)
    feedback = next(m for m in with_stored_figures(resumed, messages) if m.kind == "feedback")
    assert feedback.data["speaking"].words == 3
    trend = speaking_trend(fast_services.store)
    assert [point.session_id for point in trend] == [first.id, second.id]
    assert trend[0].wpm > trend[1].wpm  # the faster speaker first
    assert all(point.answers == 1 for point in trend)


def test_the_migrations_create_the_speech_table(tmp_path):
    from sqlalchemy import inspect

    from mockinterview.agent.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    assert "speech" in inspect(store.engine).get_table_names()


def test_deleting_an_interview_deletes_its_spoken_answers_and_kept_recordings(fast_services, tmp_path):
    first, second = start(fast_services, questions=1), start(fast_services, questions=1)
    kept = tmp_path / "recordings"
    for session in (first, second):
        submit_spoken(session, "Bagging averages many models.", heard("Bagging averages many models."),
                      audio=b"RIFF-bytes", keep_audio_in=kept)
    store = fast_services.store
    assert store.delete_session(first.id)
    assert session_speech(store, first.id) == {} and list(session_speech(store, second.id)) == [1]
    assert sorted(p.name for p in kept.iterdir()) == [f"{second.id}-1.wav"]
    store.delete_everything()
    assert list(kept.iterdir()) == []
    from sqlalchemy import func, select

    from mockinterview.agent.storage import SpeechRow

    with store.reading() as db:
        assert db.scalar(select(func.count()).select_from(SpeechRow)) == 0


def test_a_recording_made_for_a_question_that_has_closed_is_not_taken_for_the_next(fast_services):
    session = start(fast_services, questions=2)
    first = session.current
    session.submit("skip")
    messages = submit_spoken(session, "Bagging averages many models.", heard("Bagging averages many models."),
                             turn_id=first.id)
    assert messages[0].text.startswith("Not sent: you typed this while the previous question was open")
    assert session_speech(fast_services.store, session.id) == {}
    assert session.current is not None and not session.current.answer_text
