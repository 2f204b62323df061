"""A real browser (Debian's chromium, driven by Playwright) against `streamlit run` on loopback."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from tests.conftest import SHARED_INDEX_CACHE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_screenshot", ROOT / "docs" / "make_screenshot.py")
drive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drive)  # the same drive the README screenshot is made with


def test_two_answers_feedback_and_report_in_chromium(tmp_path, real_index):
    if not Path(drive.CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "MOCKINTERVIEW_DATA_DIR": str(tmp_path / "data"), "MOCKINTERVIEW_CACHE_DIR": str(SHARED_INDEX_CACHE)}
    port = drive.free_port()
    server = drive.start_server(port, env, tmp_path / "streamlit.log")
    try:
        drive.wait_until_healthy(server, port, timeout=90)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=drive.CHROMIUM, args=drive.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/", timeout=90_000)
            drive.start_interview(page, "ensembles", questions=2, followups=0)
            page.get_by_text("Question 1 of 2").wait_for(timeout=90_000)
            drive.answer(page, drive.partial_answer(drive.current_question(page)))
            page.get_by_text("Question 2 of 2").wait_for(timeout=90_000)
            card = page.get_by_test_id("stMetric")
            assert card.filter(has_text="Score").count() == 1
            assert card.filter(has_text="Key points covered").count() == 1
            assert page.get_by_text("Missed").count() >= 1
            drive.answer(page, "<b>Stacking</b> trains a meta-model on the base models' out-of-fold predictions.")
            page.get_by_text("Interview report").wait_for(timeout=90_000)
            assert page.get_by_text("<b>Stacking</b>", exact=False).count() >= 1  # shown as text, not bold
            assert page.locator("b", has_text="Stacking").count() == 0
            assert card.filter(has_text="Overall").count() == 1
            page.get_by_text("Improvement plan").wait_for(timeout=30_000)
            page.screenshot(path=str(tmp_path / "interview.png"), full_page=True)
            browser.close()
    finally:
        drive.stop_server(server)
    assert (tmp_path / "interview.png").stat().st_size > 10_000
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text(errors="replace")
