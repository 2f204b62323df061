"""The real speech models: piper speaks a known answer, faster-whisper hears it back, and the grade of what
was heard matches the grade of the same answer typed."""
from __future__ import annotations

import pytest

from mockinterview.agent.grading.rubric import rubric_for_text
from mockinterview.agent.voice.answer import listen
from mockinterview.agent.voice.audio import AudioProblem
from mockinterview.agent.voice.speak import Speaker
from mockinterview.evals.voice import SPOKEN_ANSWER, SPOKEN_QUESTION, word_error_rate
from tests.voice.wavs import noise

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
MAX_WORD_ERROR_RATE = 0.15
GRADE_MARGIN = 1.0  # points out of 10


@pytest.fixture(scope="module")
def steady_speaker(tmp_path_factory):
    """piper without its sampled variation: the same audio on every machine, so these figures repeat."""
    return Speaker(tmp_path_factory.mktemp("speech"), steady=True)


@pytest.fixture(scope="module")
def spoken(module_real_services, steady_speaker):
    """The known answer as piper speaks it, and what faster-whisper heard."""
    wav = steady_speaker.synthesize(SPOKEN_ANSWER)
    return wav, listen(module_real_services.transcriber, wav)


def test_piper_speaks_the_same_text_the_same_way_and_caches_it(steady_speaker, spoken):
    wav, _ = spoken
    assert wav[:4] == b"RIFF" and len(wav) > 100_000
    assert steady_speaker.cache_path(" ".join(SPOKEN_ANSWER.split())).read_bytes() == wav
    assert steady_speaker.synthesize(SPOKEN_ANSWER, cached=False) == wav


def test_whisper_hears_the_words_with_their_times(spoken):
    _, heard = spoken
    assert word_error_rate(SPOKEN_ANSWER, heard.transcript.text) < MAX_WORD_ERROR_RATE, heard.transcript.text
    assert heard.transcript.language == "en" and heard.transcript.notes == []
    starts = [word.start for word in heard.transcript.words]
    assert starts == sorted(starts) and heard.transcript.words[-1].end <= heard.transcript.seconds + 0.5
    assert 20 < heard.transcript.seconds < 45
    assert 100 <= heard.figures.wpm <= 220 and heard.figures.words >= 60


def test_the_spoken_answer_grades_like_the_typed_one(module_real_services, spoken):
    _, heard = spoken
    grader = module_real_services.grader("embedded")
    rubric = rubric_for_text(SPOKEN_QUESTION, SPOKEN_ANSWER)
    typed = grader.grade(rubric, SPOKEN_ANSWER)
    said = grader.grade(rubric, heard.transcript.text)
    assert typed.score is not None and said.score is not None
    assert abs(typed.score - said.score) <= GRADE_MARGIN, (typed.score, said.score, heard.transcript.text)


def test_noise_without_words_is_named(module_real_services):
    with pytest.raises(AudioProblem, match="I could not hear any words, only noise"):
        module_real_services.transcriber.transcribe(noise(4.0))
