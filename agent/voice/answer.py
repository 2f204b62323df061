"""A spoken answer through the interview: transcribe, measure, then submit the (possibly edited)
transcript exactly as a typed answer, and keep the coach's figures with the turn it answered."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .coach import SpeakingFigures, speaking_figures
from .records import save_speech, session_speech
from .transcribe import Transcriber, Transcript


@dataclass
class Heard:
    """What the candidate said: the transcript to show (and edit) and the coach's figures."""

    transcript: Transcript
    figures: SpeakingFigures


def listen(transcriber: Transcriber, source) -> Heard:
    """Transcribe a recording (bytes or a path); AudioProblem or VoiceUnavailable say what went wrong."""
    transcript = transcriber.transcribe(source)
    return Heard(transcript, speaking_figures(transcript.words, transcript.seconds))


def submit_spoken(session, text: str, heard: Heard, audio: bytes | None = None,
                  keep_audio_in: Path | None = None, turn_id: int | None = None) -> list:
    """Submit `text` (the transcript, as the candidate left it) like a typed answer. A spoken request
    ("can I have a hint?") is handled as one; when it answered the open question, the figures are stored
    with that turn and shown on its feedback. The recording is kept only with `keep_audio_in`. `turn_id`: the
    question open when the recording was made (a late submit is not taken for the next question)."""
    turn = session.current
    already_answered = turn is not None and bool(turn.answer_text)
    messages = session.submit(text, turn_id=turn_id)
    if turn is None or already_answered or not turn.answer_text:
        return messages
    audio_path = None
    if keep_audio_in is not None and audio:
        audio_path = keep_audio_in / f"{session.id}-{turn.seq}.wav"
        try:
            audio_path.parent.mkdir(parents=True, exist_ok=True)
            audio_path.write_bytes(audio)
        except OSError:
            audio_path = None  # the answer and its figures matter more than the recording
    save_speech(session.deps.store, session.id, turn.seq, text, heard.figures,
                str(audio_path) if audio_path else None)
    return attach_figures(messages, {turn.seq: heard.figures})


def attach_figures(messages: list, figures: dict[int, SpeakingFigures]) -> list:
    """Put each spoken turn's figures on its feedback message (`data["speaking"]`), for the front ends."""
    for message in messages:
        seq = message.data.get("seq") if message.kind == "feedback" else None
        if seq in figures:
            message.data["speaking"] = figures[seq]
    return messages


def with_stored_figures(session, messages: list) -> list:
    """A resumed interview's messages with the figures of its spoken answers."""
    return attach_figures(messages, session_speech(session.deps.store, session.id))
