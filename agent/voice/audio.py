"""Reading a recording into 16 kHz mono samples, and the checks that need no model: unreadable, too
short, too long, silent. Each problem is an `AudioProblem` whose message tells the candidate what to do;
nothing else is lost (the typed answer box is always there)."""
from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000  # what Whisper expects
MIN_SECONDS = 1.0
MAX_SECONDS = 300.0  # five minutes: longer than any interview answer should be
SILENCE_RMS = 0.003  # about -50 dBFS: a muted or unplugged microphone


class AudioProblem(Exception):
    """A recording that cannot be used as an answer; the message is for the candidate."""


@dataclass(frozen=True)
class Audio:
    samples: np.ndarray  # float32 in [-1, 1], mono, SAMPLE_RATE
    seconds: float

    @property
    def rms(self) -> float:
        return float(np.sqrt(np.mean(np.square(self.samples)))) if self.samples.size else 0.0


def _from_wave(data: bytes) -> tuple[np.ndarray, int]:
    with wave.open(io.BytesIO(data)) as reader:
        width, channels, rate = reader.getsampwidth(), reader.getnchannels(), reader.getframerate()
        frames = reader.readframes(reader.getnframes())
    if width == 2:
        samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    elif width == 1:
        samples = (np.frombuffer(frames, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 4:
        samples = np.frombuffer(frames, dtype="<i4").astype(np.float32) / 2_147_483_648.0
    else:
        raise ValueError(f"{8 * width}-bit WAV")
    if channels > 1:
        samples = samples[: samples.size - samples.size % channels].reshape(-1, channels).mean(axis=1)
    return samples, rate


def _from_other_format(data: bytes) -> np.ndarray:
    """MP3, OGG, WebM, M4A, float WAV...: FFmpeg through PyAV (a faster-whisper dependency)."""
    from faster_whisper.audio import decode_audio

    return decode_audio(io.BytesIO(data), sampling_rate=SAMPLE_RATE)


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    if rate == SAMPLE_RATE or samples.size == 0:
        return samples.astype(np.float32)
    # Linear interpolation is enough for speech recognition, and needs nothing beyond numpy.
    count = int(round(samples.size * SAMPLE_RATE / rate))
    positions = np.linspace(0, samples.size - 1, num=count)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.float32)


def read_audio(source: bytes | str | Path) -> Audio:
    """The recording as 16 kHz mono samples; AudioProblem when it cannot be read."""
    if isinstance(source, (str, Path)):
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise AudioProblem(f"Cannot read the recording {source}: {error.strerror or error}.") from None
    else:
        data = bytes(source or b"")
    if not data:
        raise AudioProblem("The recording is empty. Record again, or type your answer.")
    try:
        samples, rate = _from_wave(data)
        samples = _resample(samples, rate)
    except (wave.Error, EOFError, ValueError):
        try:
            samples = _from_other_format(data)
        except Exception:  # noqa: BLE001 - any decoder failure means the same thing to the candidate
            raise AudioProblem("This file is not audio I can read (WAV, MP3, OGG, WebM or M4A). Record again, "
                               "or type your answer.") from None
    return Audio(samples=samples, seconds=samples.size / SAMPLE_RATE)


def check_audio(audio: Audio, max_seconds: float = MAX_SECONDS) -> None:
    """Problems visible without a model: too short, too long, silent."""
    if audio.seconds < MIN_SECONDS:
        raise AudioProblem(f"The recording is too short ({audio.seconds:.1f} s). Record at least a sentence, "
                           "or type your answer.")
    if audio.seconds > max_seconds:
        raise AudioProblem(f"The recording is {audio.seconds / 60:.1f} minutes long; answers are limited to "
                           f"{max_seconds / 60:.0f} minutes. Record a shorter answer, or type it.")
    if audio.rms < SILENCE_RMS:
        raise AudioProblem("The recording is silent: check that the right microphone is selected and not muted, "
                           "then record again, or type your answer.")
