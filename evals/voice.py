"""Voice figures for `mockinterview bench --section voice`: piper speaks a ~30 s answer, faster-whisper
transcribes it, and the embedded grader grades the transcript. Also the word error rate the tests use."""
from __future__ import annotations

import re
import time

_WORD = re.compile(r"[a-z0-9']+")
# About 30 s when spoken (≈75 words at piper's pace): a real answer to a corpus question.
SPOKEN_QUESTION = "What is the difference between bagging and boosting?"
SPOKEN_ANSWER = (
    "Bagging and boosting both combine many weak models into one strong model, but they do it in different ways. "
    "Bagging trains each model independently on a bootstrap sample of the training data and then averages their "
    "predictions, so it mainly reduces variance; random forests are the best known example. Boosting trains the "
    "models one after another, and each new model focuses on the examples the previous models got wrong, so it "
    "mainly reduces bias. Boosting can overfit noisy data more easily than bagging."
)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", " "))


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, by word-level edit distance."""
    ref, hyp = words_of(reference), words_of(hypothesis)
    if not ref:
        return float(bool(hyp))
    previous = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, other in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
        previous = current
    return previous[-1] / len(ref)


def bench_voice(services) -> dict:
    """Time to speak, to transcribe (real-time factor) and to feedback after the end of speech."""
    from mockinterview.agent.grading.rubric import rubric_for_text
    from mockinterview.agent.voice.answer import listen
    from mockinterview.agent.voice.models import voice_status
    from mockinterview.agent.voice.speak import Speaker

    if (problem := voice_status()) is not None:
        return {"available": False, "why": problem}
    speaker = Speaker(services.settings.cache_dir, steady=True)  # the same audio on every run
    started = time.perf_counter()
    speaker.voice  # noqa: B018 - load once, outside the timed synthesis
    services.transcriber.model  # noqa: B018
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    wav = speaker.synthesize(SPOKEN_ANSWER, cached=False)
    speak_s = time.perf_counter() - started
    started = time.perf_counter()
    speaker.synthesize(SPOKEN_QUESTION, cached=False)  # a question's first reading
    question_s = time.perf_counter() - started
    started = time.perf_counter()
    speaker.synthesize(SPOKEN_QUESTION)  # and every later one, from the cache
    cached_question_s = time.perf_counter() - started
    grader = services.embedded_grader
    rubric = rubric_for_text(SPOKEN_QUESTION, SPOKEN_ANSWER)
    typed = grader.grade(rubric, SPOKEN_ANSWER)  # also the first call, which loads the grader's model
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        heard = listen(services.transcriber, wav)
        transcribed = time.perf_counter()
        grade = grader.grade(rubric, heard.transcript.text)
        runs.append((transcribed - started, time.perf_counter() - transcribed, heard, grade))
    runs.sort(key=lambda run: run[0] + run[1])
    transcribe_s, grade_s, heard, grade = runs[len(runs) // 2]  # the median run
    return {
        "available": True,
        "models_load_s": round(load_s, 2),
        "audio_s": round(heard.transcript.seconds, 1),
        "synthesis_s": round(speak_s, 2),
        "question_synthesis_s": round(question_s, 2),
        "question_from_cache_ms": round(cached_question_s * 1000, 1),
        "transcribe_s": round(transcribe_s, 2),
        "real_time_factor": round(transcribe_s / heard.transcript.seconds, 3),
        "grade_s": round(grade_s, 2),
        "feedback_after_speech_s": round(transcribe_s + grade_s, 2),
        "target_feedback_s": 3.0,
        "word_error_rate": round(word_error_rate(SPOKEN_ANSWER, heard.transcript.text), 3),
        "typed_score": typed.score,
        "transcript_score": grade.score,
        "runs": len(runs),
    }
