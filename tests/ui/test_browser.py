"""A real browser (Debian's chromium, driven by Playwright) against `streamlit run` on loopback."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import SHARED_INDEX_CACHE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_screenshot", ROOT / "docs" / "make_screenshot.py")
drive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drive)  # the same drive the README screenshot is made with


def shown(locator, timeout: float = 30_000):
    """Wait until the element is on the page: Streamlit streams a rerun's elements one by one."""
    locator.first.wait_for(timeout=timeout)
    return locator


def drive_interview(page, port: int) -> None:
    page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
    drive.start_interview(page, "ensembles", questions=2, followups=0)
    shown(page.get_by_text("Question 1 of 2"), 60_000)
    drive.answer(page, drive.partial_answer(drive.current_question(page)))
    shown(page.get_by_text("Question 2 of 2"), 60_000)
    card = page.get_by_test_id("stMetric")
    assert shown(card.filter(has_text="Score")).count() == 1
    assert shown(card.filter(has_text="Key points covered")).count() == 1
    assert shown(page.get_by_text("Graded by: embedded")).count() == 1
    assert page.get_by_text("Missed", exact=True).count() + page.get_by_text("Covered", exact=True).count() >= 1
    drive.answer(page, "<b>Stacking</b> trains a meta-model on the base models' out-of-fold predictions.")
    shown(page.get_by_text("Interview report"), 60_000)
    assert shown(page.get_by_text("<b>Stacking</b>", exact=False)).count() >= 1  # shown as text
    assert page.locator("b", has_text="Stacking").count() == 0  # never as HTML
    assert shown(card.filter(has_text="Overall")).count() == 1
    shown(page.get_by_text("Improvement plan"))
    downloads = page.get_by_test_id("stDownloadButton")
    downloads.nth(1).wait_for(timeout=30_000)  # the last elements of the report
    assert downloads.count() == 2
    assert page.get_by_test_id("stException").count() == 0


def test_two_answers_feedback_and_report_in_chromium(tmp_path, real_index):
    if not Path(drive.CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "MOCKINTERVIEW_DATA_DIR": str(tmp_path / "data"), "MOCKINTERVIEW_CACHE_DIR": str(SHARED_INDEX_CACHE)}
    port = drive.free_port()
    server = drive.start_server(port, env, tmp_path / "streamlit.log")
    try:
        drive.wait_until_healthy(server, port, timeout=60)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=drive.CHROMIUM, args=drive.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            try:
                drive_interview(page, port)
            except Exception:
                page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)  # for the post-mortem
                raise
            page.screenshot(path=str(tmp_path / "interview.png"), full_page=True)
            browser.close()
    finally:
        drive.stop_server(server)
    assert (tmp_path / "interview.png").stat().st_size > 10_000
    # The app is offline: every request the page made (icons and fonts too) went to this machine.
    assert requested, "no request was recorded"
    leaving = sorted({url for url in requested if urlsplit(url).hostname != "127.0.0.1"
                      and not url.startswith(("data:", "blob:"))})
    assert leaving == [], f"requests left the machine: {leaving}"
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text(errors="replace")
