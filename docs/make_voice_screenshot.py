"""Make docs/voice.png: an answer given by voice (Chromium's fake microphone plays a WAV that piper spoke),
its transcript, and the feedback card with the speaking figures.

    HF_HUB_OFFLINE=1 .venv/bin/python docs/make_voice_screenshot.py [--output docs/voice.png]

Needs the voice extra (`make install-voice`). Uses a throw-away data folder, like make_screenshot.py.
"""
from __future__ import annotations

import argparse
import os
import tempfile
import wave
from pathlib import Path

from make_screenshot import (CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_interview, start_server, stop_server,
                             wait_until_healthy)

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
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir:
        scratch = Path(data_dir) / "probe"
        microphone, seconds = fake_microphone(Path(data_dir), spoken_answer(scratch))
        app_data = Path(data_dir) / "app"
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "MOCKINTERVIEW_DATA_DIR": str(app_data)}
        port = free_port()
        app_data.mkdir()
        server = start_server(port, env, app_data / "streamlit.log")
        try:
            wait_until_healthy(server, port)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + microphone)
                page = browser.new_page(viewport={"width": 1280, "height": 1500})
                page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
                start_interview(page, TOPIC, questions=2, followups=0, seed=SEED)
                page.get_by_text("Question 1 of 2").wait_for(timeout=60_000)
                answer_by_voice(page, seconds)
                page.get_by_test_id("stChatMessage").nth(1).evaluate("e => e.scrollIntoView({block: 'start'})")
                page.wait_for_timeout(1000)
                options.output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(options.output))
                browser.close()
        finally:
            stop_server(server)
    print(f"Wrote {options.output}")


if __name__ == "__main__":
    main()
