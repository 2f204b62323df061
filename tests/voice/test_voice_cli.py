"""`mockinterview interview --voice FILE.wav`: recordings answer the open questions, then typing takes over."""
from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from mockinterview.agent.voice import models
from mockinterview.agent.voice.records import session_speech
from mockinterview.agent.voice.transcribe import Transcriber, Transcript, Word
from mockinterview.ui.cli import cli
from tests.voice.wavs import silence, tone

ANSWER = "Um, bagging trains each model on a bootstrap sample and averages them, which lowers the variance."


class ScriptedTranscriber(Transcriber):
    """The real audio checks, then a known transcript instead of the model (the model has its own tests)."""

    def transcribe(self, source):
        from mockinterview.agent.voice.audio import check_audio, read_audio

        audio = read_audio(source)
        check_audio(audio)
        words = [Word(token, 0.5 + 0.4 * n, 0.8 + 0.4 * n, 0.9) for n, token in enumerate(ANSWER.split())]
        return Transcript(text=ANSWER, words=words, language="en", seconds=audio.seconds)


@pytest.fixture
def voice_services(fast_services, monkeypatch):
    fast_services.__dict__["transcriber"] = ScriptedTranscriber()
    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: fast_services)
    return fast_services


def interview(*options: str, input: str = "end\n"):
    return CliRunner().invoke(cli, ["interview", "--topic", "ensembles", "--n", "2", "--followups", "0", "--seed", "3",
                                    *options], input=input, catch_exceptions=False)


def test_a_recording_answers_the_first_question_and_typing_the_rest(voice_services, tmp_path):
    answer = tmp_path / "answer.wav"
    answer.write_bytes(tone(8.0))
    result = interview("--voice", str(answer), input="Boosting fits models one after another.\n\n")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert f"you (spoken, 8 s): {ANSWER}" in out
    assert "Speaking: • Pace" in out and "Filler words: “um” ×1" in out
    assert "Report · overall" in out
    assert "Speaking (1 spoken answer(s)): " in out and "words/min (target 120-160)" in out
    session_id = result.output.split("Interview ", 1)[1].split(".", 1)[0]
    turns = voice_services.store.turns(session_id)
    assert turns[0].answer_text == ANSWER and turns[1].answer_text == "Boosting fits models one after another."
    assert list(session_speech(voice_services.store, session_id)) == [1]
    exported = CliRunner().invoke(cli, ["export", session_id, "--format", "md"], catch_exceptions=False).output
    assert "## Speaking\n\n- Answer 1: " in exported and "fillers um ×1, 0 long pause(s), 8 s" in exported
    as_json = CliRunner().invoke(cli, ["export", session_id, "--format", "json"], catch_exceptions=False).output
    assert json.loads(as_json)["speaking"]["1"]["filler_count"] == 1


def test_an_unusable_recording_is_explained_and_typing_takes_over(voice_services, tmp_path):
    quiet = tmp_path / "quiet.wav"
    quiet.write_bytes(silence(3.0))
    result = interview("--voice", str(quiet))
    assert result.exit_code == 0, result.output
    assert "The recording is silent" in result.output and "Input ended" not in result.output


def test_no_microphone_no_file_and_no_extra_each_say_what_to_do(voice_services, tmp_path, monkeypatch):
    mic = interview("--voice", "mic")
    assert mic.exit_code == 1 and "needs an audio-capture library, and none is installed here" in mic.output
    missing = interview("--voice", str(tmp_path / "nope.wav"))
    assert missing.exit_code == 1 and f"No such recording: {tmp_path / 'nope.wav'}." in missing.output
    (tmp_path / "a.wav").write_bytes(tone(2.0))
    real_find_spec = models.importlib.util.find_spec
    monkeypatch.setattr(models.importlib.util, "find_spec",
                        lambda name, *rest: None if name in models.LIBRARIES else real_find_spec(name, *rest))
    no_extra = interview("--voice", str(tmp_path / "a.wav"))
    assert no_extra.exit_code == 1
    assert "Voice answers need faster-whisper. Install the voice extra: `pip install -e .[voice]`" in no_extra.output


def test_after_did_you_mean_that_the_reply_is_typed_not_the_next_recording(tmp_path, monkeypatch):
    from rich.console import Console

    from mockinterview.agent.interview.messages import Message
    from mockinterview.agent.voice import answer
    from mockinterview.ui.voice_terminal import VoiceAnswers

    class OpenQuestion:
        current = object()

    replies = [[Message("interviewer", "confirm", "Did you mean that as your answer?")], [Message("system", "notice", "ok")]]
    monkeypatch.setattr(answer, "submit_spoken", lambda session, text, heard: replies.pop(0))
    for name in ("a.wav", "b.wav"):
        (tmp_path / name).write_bytes(tone(2.0))
    voice = VoiceAnswers((str(tmp_path / "a.wav"), str(tmp_path / "b.wav")), ScriptedTranscriber())
    console = Console(file=io.StringIO(), width=200)
    assert voice.answer(console, OpenQuestion())[0].kind == "confirm"
    assert voice.answer(console, OpenQuestion()) is None  # the candidate types yes or no
    voice.waiting_for_reply = False  # what the interview loop does after a typed message
    assert voice.answer(console, OpenQuestion())[0].text == "ok"
