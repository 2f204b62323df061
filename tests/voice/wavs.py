"""WAV files made in the tests: tones, silence and noise of a given length."""
from __future__ import annotations

import io
import wave

import numpy as np


def wav_bytes(samples: np.ndarray, rate: int = 16_000, channels: int = 1) -> bytes:
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(pcm.tobytes())
    return buffer.getvalue()


def tone(seconds: float, rate: int = 16_000, level: float = 0.3) -> bytes:
    time = np.arange(int(seconds * rate)) / rate
    return wav_bytes(level * np.sin(2 * np.pi * 220 * time), rate)


def silence(seconds: float, rate: int = 16_000) -> bytes:
    return wav_bytes(np.zeros(int(seconds * rate)), rate)


def noise(seconds: float, rate: int = 16_000, level: float = 0.2, seed: int = 0) -> bytes:
    return wav_bytes(np.random.default_rng(seed).normal(0, level, int(seconds * rate)), rate)
