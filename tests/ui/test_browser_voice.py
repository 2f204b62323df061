"""Answering by voice in a real browser: Chromium's fake microphone plays a WAV that piper spoke, the app
transcribes it, shows the transcript to edit, grades it and shows the speaking figures."""
from __future__ import annotations

import os
import wave
from pathlib import Path

import pytest

from mockinterview.evals.voice import SPOKEN_ANSWER
from tests.conftest import SHARED_INDEX_CACHE
from tests.ui.test_browser import drive, shown

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]


def spoken_answer_wav(tmp_path: Path) -> tuple[Path, float]:
    from mockinterview.agent.voice.speak import Speaker

    path = tmp_path / "answer.wav"
    path.write_bytes(Speaker(tmp_path / "cache", steady=True).synthesize(SPOKEN_ANSWER))
    with wave.open(str(path)) as reader:
        return path, reader.getnframes() / reader.getframerate()


def test_a_spoken_answer_is_transcribed_graded_and_coached(tmp_path, real_index):
    if not Path(drive.CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    wav, seconds = spoken_answer_wav(tmp_path)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1",
           "MOCKINTERVIEW_DATA_DIR": str(tmp_path / "data"), "MOCKINTERVIEW_CACHE_DIR": str(SHARED_INDEX_CACHE)}
    microphone = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-audio-capture={wav}%noloop"]
    port = drive.free_port()
    server = drive.start_server(port, env, tmp_path / "streamlit.log")
    try:
        drive.wait_until_healthy(server, port, timeout=60)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=drive.CHROMIUM, args=drive.CHROMIUM_ARGS + microphone)
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            try:
                page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
                drive.start_interview(page, "ensembles", questions=1, followups=0)
                shown(page.get_by_text("Question 1 of 1"), 60_000)
                page.get_by_role("button", name="Record").click()
                page.wait_for_timeout(int((seconds + 1.5) * 1000))  # the whole answer, then stop
                page.get_by_role("button", name="Stop recording").click()
                transcript = shown(page.get_by_label("Transcript (correct it if I misheard)"), 120_000)
                heard = transcript.first.input_value().lower()
                assert "bagging" in heard and "boosting" in heard, heard
                page.get_by_role("button", name="Submit spoken answer").click()
                card = page.get_by_test_id("stMetric")
                assert shown(card.filter(has_text="Words/min"), 120_000).count() >= 1
                assert shown(card.filter(has_text="Score")).count() >= 1
                shown(page.get_by_text("Interview report"), 60_000)
                shown(card.filter(has_text="Words/min (mean)"), 60_000)
                assert page.get_by_test_id("stException").count() == 0
                page.screenshot(path=str(tmp_path / "voice.png"), full_page=True)
            except Exception:
                page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
                raise
            finally:
                browser.close()
    finally:
        drive.stop_server(server)
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text(errors="replace")
