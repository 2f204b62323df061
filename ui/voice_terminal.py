"""Spoken answers in the terminal: `mockinterview interview --voice FILE.wav` (repeatable), each file
answering the next open question; typed input takes over when the files run out or one cannot be used."""
from __future__ import annotations

from collections import deque
from pathlib import Path

from rich.console import Console
from rich.markup import escape

MICROPHONE_WORDS = ("mic", "microphone", "-")
NO_MICROPHONE = ("Recording from the microphone in the terminal needs an audio-capture library, and none is "
                 "installed here. Record your answer as a WAV file and pass its path: --voice answer.wav "
                 "(or answer by voice in the app: mockinterview ui).")


class VoiceAnswers:
    """The recordings still to play, and the transcriber that hears them (loaded with the first one)."""

    def __init__(self, paths: tuple[str, ...], transcriber) -> None:
        self.paths = deque(paths)
        self.transcriber = transcriber
        self.waiting_for_reply = False  # the interviewer asked "did you mean that as your answer?": typed

    @staticmethod
    def problem_with(paths: tuple[str, ...]) -> str | None:
        """What stops voice answers before the interview starts: the extra, a microphone, a missing file."""
        from mockinterview.agent.voice.models import voice_status

        if any(p.lower() in MICROPHONE_WORDS for p in paths):
            return NO_MICROPHONE
        missing = [p for p in paths if not Path(p).is_file()]
        if missing:
            return f"No such recording: {', '.join(missing)}."
        return voice_status()

    def answer(self, console: Console, session) -> list | None:
        """Play the next recording into the session: its replies, or None when there is none to play
        (or it could not be used: the message says why, and the candidate types instead)."""
        if not self.paths or session.current is None or self.waiting_for_reply:
            return None
        from mockinterview.agent.voice.answer import listen, submit_spoken
        from mockinterview.agent.voice.audio import AudioProblem
        from mockinterview.agent.voice.models import VoiceUnavailable

        path = self.paths.popleft()
        try:
            with console.status(f"Listening to {path}..."):
                heard = listen(self.transcriber, path)
        except (AudioProblem, VoiceUnavailable) as problem:
            console.print(f"[yellow]{escape(str(problem))}[/yellow]")
            return None
        console.print(f"[bold]you (spoken, {heard.transcript.seconds:.0f} s):[/bold] {escape(heard.transcript.text)}")
        for note in heard.transcript.notes:
            console.print(f"[yellow]{escape(note)}[/yellow]")
        with console.status("Grading..."):
            replies = submit_spoken(session, heard.transcript.text, heard)
        self.waiting_for_reply = any(message.kind == "confirm" for message in replies)
        return replies


def render_speaking_summary(console: Console, store, session_id: str) -> None:
    """After the report: this interview's spoken answers against the targets, and the last interviews'."""
    from mockinterview.agent.voice.coach import TARGET_FILLERS_PER_MINUTE, TARGET_WPM
    from mockinterview.agent.voice.records import speaking_trend

    trend = speaking_trend(store)
    this = next((point for point in trend if point.session_id == session_id), None)
    if this is None:
        return
    low, high = TARGET_WPM
    console.print(f"[bold]Speaking[/bold] ({this.answers} spoken answer(s)): {this.wpm:.0f} words/min (target "
                  f"{low}-{high}), {this.fillers_per_minute:.1f} fillers/min (target at most "
                  f"{TARGET_FILLERS_PER_MINUTE:.0f}), {this.long_pauses} long pause(s)")
    if len(trend) > 1:
        earlier = " → ".join(f"{point.wpm:.0f}" for point in trend[-5:])
        console.print(f"Words/min over your last {min(len(trend), 5)} spoken interviews: {earlier}")
