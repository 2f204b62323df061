"""Speech to text with faster-whisper and the packaged tiny.en model: a transcript, each word with its
time, and the problems only a model can see (noise without words, speech that is not English)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .audio import MAX_SECONDS, Audio, AudioProblem, check_audio, read_audio
from .models import WHISPER_TINY_EN, model_folder, require_library

# Whisper tends to drop "um" and "uh"; a prompt written with them keeps more of them in the transcript, which
# the speaking coach needs (not all: "uh" is still often lost). On the bench answer the word error rate was
# the same with and without it.
# The prompt also invites a hallucinated closing line ("Here we go.") squeezed into the last fraction of a
# second: a segment faster than anyone speaks is dropped.
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
MAX_WORDS_PER_SECOND = 7.0
HALLUCINATED_WORD, TAIL_WORDS = 0.05, 3
MIN_WORD_PROBABILITY = 0.6  # mean word confidence below this: maybe not English (measured: English 0.79-0.93)


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float


@dataclass
class Transcript:
    text: str
    words: list[Word]
    language: str
    seconds: float  # length of the recording
    transcribe_seconds: float = 0.0  # time the model took
    notes: list[str] = field(default_factory=list)


class Transcriber:
    """faster-whisper over the verified tiny.en folder, loaded once on first use."""

    def __init__(self, cpu_threads: int = 2, max_seconds: float = MAX_SECONDS, beam_size: int = 1) -> None:
        self.cpu_threads = cpu_threads
        self.max_seconds = max_seconds
        self.beam_size = beam_size  # greedy: a 30 s answer in about a second on 2 cores
        self._model = None
        self._lock = threading.Lock()  # one model, shared by every browser session of the app

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                require_library("faster_whisper")
                folder = model_folder(WHISPER_TINY_EN)
                from faster_whisper import WhisperModel

                self._model = WhisperModel(str(folder), device="cpu", compute_type="int8",
                                           cpu_threads=self.cpu_threads, local_files_only=True)
            return self._model

    def transcribe(self, source: bytes | str | Path | Audio) -> Transcript:
        """The transcript of a recording; AudioProblem with a message for the candidate when there is
        nothing to grade in it."""
        audio = source if isinstance(source, Audio) else read_audio(source)
        check_audio(audio, self.max_seconds)
        model = self.model
        started = time.perf_counter()
        with self._lock:  # CTranslate2 runs one request at a time well on 2 cores; queue the others
            segments, info = model.transcribe(
                audio.samples, language="en", beam_size=self.beam_size, word_timestamps=True, vad_filter=True,
                initial_prompt=FILLER_PROMPT, condition_on_previous_text=False, hallucination_silence_threshold=0.5,
            )
            segments = list(segments)
        elapsed = time.perf_counter() - started
        segments = [s for s in segments if _plausible(s)]
        words = _without_trailing_hallucination(
            [Word(w.word.strip(), float(w.start), float(w.end), float(w.probability))
             for segment in segments for w in (segment.words or []) if w.word.strip()])
        text = " ".join(w.text for w in words)
        if not words or not text:
            raise AudioProblem("I could not hear any words, only noise. Move closer to the microphone or somewhere "
                               "quieter and record again, or type your answer.")
        return Transcript(text=text, words=words, language=info.language, seconds=audio.seconds,
                          transcribe_seconds=elapsed, notes=_language_notes(text, words))


def _without_trailing_hallucination(words: list[Word]) -> list[Word]:
    """Whisper likes to close with a "Thank you." that nobody said; the model itself gives the first word of
    such a tail almost no probability, which a spoken word does not get."""
    tail = len(words) - TAIL_WORDS
    for index in range(max(tail, 0), len(words)):
        if words[index].probability < HALLUCINATED_WORD:
            return words[:index]
    return words


def _plausible(segment) -> bool:
    words = len(segment.words or [])
    return words < 3 or words / max(segment.end - segment.start, 0.01) <= MAX_WORDS_PER_SECOND


def _language_notes(text: str, words: list[Word]) -> list[str]:
    """A transcript in another language is refused (naming it); speech the model barely understood is
    kept with a warning, since an accent or a noisy room does the same and the candidate can correct it."""
    from mockinterview.agent.grading.language import detect_language

    if (heard := detect_language(text)) is not None:
        raise AudioProblem(f"It sounded like {heard}; the speech model here understands English only. Answer in "
                           "English, or type your answer.")
    if sum(w.probability for w in words) / len(words) >= MIN_WORD_PROBABILITY:
        return []
    return ["I was unsure of many words: this may not be English (the speech model understands English only), "
            "or the recording is unclear. Check the transcript before you submit it."]
