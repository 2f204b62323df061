"""Make docs/voice.png: an answer given by voice (Chromium's fake microphone plays a WAV that piper spoke),
its transcript, and the feedback card with the speaking figures.

    HF_HUB_OFFLINE=1 .venv/bin/python docs/make_voice_screenshot.py [--output docs/voice.png]

Needs the voice extra (`make install-voice`). Uses a throw-away data folder, like make_screenshot.py.
"""
from __future__ import annotations

import argparse
import tempfile
import wave
from pathlib import Path

from make_screenshot import ROOT, app_page, capture, start_interview

TOPIC, SEED = "ensembles", 4


def spoken_answer(scratch: Path) -> str:
    """What the candidate will say: the first question's first key points, with a filler or two. The question
    is found by starting the same interview (same seed, an empty database) in a scratch folder."""
    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewSession
    from mockinterview.agent.services import Services
    from mockinterview.agent.settings import Settings

    services = Services(settings=Settings(data_dir=scratch))
    session, _ = InterviewSession.start(services.interview_deps(), InterviewConfig(
        topics=[TOPIC], questions=2, followups=0, seed=SEED))
    points = services.corpus.get(session.turns[0].record_id).key_points
    return "Um, so, " + " And, uh, ".join(points[:2])


def fake_microphone(folder: Path, answer: str) -> tuple[list[str], float]:
    """Chromium flags that make `folder/answer.wav` the microphone, and the recording's length."""
    from mockinterview.agent.voice.speak import Speaker

    path = folder / "answer.wav"
    path.write_bytes(Speaker(folder / "cache", steady=True).synthesize(answer))
    with wave.open(str(path)) as reader:
        seconds = reader.getnframes() / reader.getframerate()
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={path}%noloop"], seconds


def answer_by_voice(page, seconds: float) -> None:
    page.get_by_role("button", name="Record").click()
    page.wait_for_timeout(int((seconds + 1.5) * 1000))
    page.get_by_role("button", name="Stop recording").click()
    page.get_by_label("Transcript (correct it if I misheard)").wait_for(timeout=120_000)
    page.get_by_role("button", name="Submit spoken answer").click()
    page.get_by_test_id("stMetric").filter(has_text="Words/min").first.wait_for(timeout=120_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "voice.png")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        microphone, seconds = fake_microphone(Path(data_dir), spoken_answer(Path(data_dir) / "probe"))
        app_data = Path(data_dir) / "app"
        app_data.mkdir()
        with app_page(app_data, tuple(microphone), height=1500) as page:
            start_interview(page, TOPIC, questions=2, followups=0, seed=SEED)
            page.get_by_text("Question 1 of 2").wait_for(timeout=60_000)
            answer_by_voice(page, seconds)
            capture(page, options.output, from_message=1)  # from the spoken answer's transcript
    print(f"Wrote {options.output}")


if __name__ == "__main__":
    main()
