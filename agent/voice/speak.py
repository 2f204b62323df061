"""Text to speech with piper and the packaged en_US joe voice; each spoken question is cached on disk,
so asking it again (a resume, a repeat, the next candidate) costs a file read."""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
import threading
import wave
from pathlib import Path

from .models import PIPER_JOE_MEDIUM, model_folder, require_library

VOICE_ID = "en_US-joe-medium"
MAX_SPOKEN_CHARS = 2_000  # a question, not a book: longer text is cut at a sentence


class Speaker:
    """piper over the verified voice files, loaded once; WAV bytes for a text, cached in `cache_dir`.

    piper varies each reading a little (sampled noise), which sounds natural; `steady` turns that off so the
    same text gives the same audio, for tests and benchmarks that must repeat.
    """

    def __init__(self, cache_dir: Path, *, steady: bool = False) -> None:
        self.steady = steady
        self.cache_dir = Path(cache_dir) / "speech" / (VOICE_ID + ("-steady" if steady else ""))
        self._voice = None
        self._lock = threading.Lock()

    @property
    def voice(self):
        with self._lock:
            if self._voice is None:
                require_library("piper")
                folder = model_folder(PIPER_JOE_MEDIUM)
                from piper import PiperVoice

                self._voice = PiperVoice.load(folder / f"{VOICE_ID}.onnx", config_path=folder / f"{VOICE_ID}.onnx.json")
            return self._voice

    def _config(self):
        if not self.steady:
            return None
        from piper.config import SynthesisConfig

        return SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)

    def cache_path(self, text: str) -> Path:
        return self.cache_dir / (hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".wav")

    def synthesize(self, text: str, *, cached: bool = True) -> bytes:
        """A WAV of `text` read aloud (from the cache when it was spoken before, unless `cached` is False)."""
        text = _speakable(text)
        path = self.cache_path(text)
        if cached and path.is_file():
            return path.read_bytes()
        voice = self.voice
        buffer = io.BytesIO()
        with self._lock, wave.open(buffer, "wb") as writer:
            voice.synthesize_wav(text, writer, syn_config=self._config())
        data = buffer.getvalue()
        _write_atomically(path, data)
        return data


def _speakable(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) > MAX_SPOKEN_CHARS:
        cut = text.rfind(". ", 0, MAX_SPOKEN_CHARS)
        text = text[: cut + 1 if cut > 0 else MAX_SPOKEN_CHARS]
    return text or "No question."


def _write_atomically(path: Path, data: bytes) -> None:
    """Two sessions speaking the same question never leave a half-written file for a third to read."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only cache only costs speed: the audio is returned all the same
