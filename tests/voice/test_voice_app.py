"""Voice in the Streamlit app (AppTest): record, read and edit the transcript, submit, see the coach; bad
audio explained; questions read aloud; without the voice extra, how to install it (typing still works)."""
from __future__ import annotations

import pytest

from mockinterview.agent.voice import models
from mockinterview.evals.voice import SPOKEN_ANSWER
from tests.conftest import SHARED_INDEX_CACHE
from tests.ui.test_app import new_app, start, texts
from tests.voice.wavs import silence

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture
def app_env(tmp_path, monkeypatch, real_index):
    monkeypatch.setenv("MOCKINTERVIEW_CACHE_DIR", str(SHARED_INDEX_CACHE))
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def record(at, wav: bytes):
    recorder = at.audio_input[0]
    assert recorder.label == "Answer by voice"
    recorder.set_value(("answer.wav", wav, "audio/wav")).run()
    assert not at.exception, at.exception
    return at


def test_a_spoken_answer_from_recording_to_feedback(app_env, module_real_services):
    at = start(new_app(), questions=1, followups=0)
    record(at, silence(3.0))
    assert any("The recording is silent" in w.value for w in at.warning)
    assert at.chat_input(key="mi_answer") is not None  # the typed answer box is still there

    record(at, module_real_services.speaker.synthesize(SPOKEN_ANSWER))
    box = at.text_area(key="mi_transcript")
    assert "bagging" in box.value.lower() and "boosting" in box.value.lower()
    box.set_value(box.value + " Stacking is a third way.").run()  # the candidate corrects the transcript
    at.button(key="voice-submit-1").click().run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Words/min" in shown and "Filler words" in shown and "Length" in shown
    assert "Interview report" in shown.replace("\\", "") or any(h.value == "Interview report" for h in at.subheader)
    assert "Words/min (mean)" in shown
    session = at.session_state["mi_session"]
    assert session.turns[0].answer_text.endswith("Stacking is a third way.")
    at.sidebar.radio(key="mi_section").set_value("History").run()
    assert not at.exception, at.exception
    assert any(h.value == "Speaking pace per interview" for h in at.subheader)


def test_questions_are_read_aloud_when_asked(app_env, module_real_services):
    at = new_app()
    at.run()
    at.sidebar.toggle(key="cfg_read_aloud").set_value(True)
    start(at, questions=1, followups=0)
    question = at.session_state["mi_session"].turns[0].question
    assert len(at.get("audio")) == 1
    assert module_real_services.speaker.cache_path(" ".join(question.split())).is_file()


def test_without_the_voice_extra_the_app_says_how_to_install_it(app_env, monkeypatch):
    real_find_spec = models.importlib.util.find_spec
    monkeypatch.setattr(models.importlib.util, "find_spec",
                        lambda name, *rest: None if name in models.LIBRARIES else real_find_spec(name, *rest))
    at = start(new_app(), questions=1, followups=0)
    assert len(at.audio_input) == 0
    assert "Answering by voice: Voice answers need faster-whisper. Install the voice extra" in texts(at).replace("\\", "")
    at.chat_input(key="mi_answer").set_value("Bagging averages models trained on bootstrap samples.").run()
    assert not at.exception and "Score" in texts(at)
