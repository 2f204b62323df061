"""Make docs/screenshot.png: the app mid-interview, showing a feedback card, 1280 px wide.

    HF_HUB_OFFLINE=1 .venv/bin/python docs/make_screenshot.py [--output docs/screenshot.png]

Starts `streamlit run ui/app.py` on a free loopback port with a throw-away data folder (your own
history is neither shown nor changed), drives Debian's chromium with Playwright (no browser download),
answers the first question with part of its reference answer, and captures the page.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "ui" / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process by the caller
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_healthy(server: subprocess.Popen, port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer on port {port} within {timeout:.0f} s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def start_interview(page, topic: str, questions: int, followups: int, seed: int | None = None) -> None:
    """Fill the sidebar form and press Start (page already loaded); no seed: a random question order."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Start").wait_for(timeout=180_000)  # first load reads the model
    topics = sidebar.get_by_test_id("stMultiSelect").locator("input")
    topics.click()
    topics.fill(topic)
    topics.press("Enter")
    page.keyboard.press("Escape")
    questions_box = sidebar.get_by_label("Questions")
    questions_box.fill(str(questions))
    questions_box.press("Tab")
    slider = sidebar.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    for _ in range(3):
        slider.press("ArrowLeft")
    for _ in range(followups):
        slider.press("ArrowRight")
    if seed is not None:
        sidebar.get_by_text("Advanced").click()
        seed_box = sidebar.get_by_label("Question order seed", exact=True)
        seed_box.fill(str(seed))
        seed_box.press("Tab")
    sidebar.get_by_role("button", name="Start").click()


def current_question(page) -> str:
    return page.get_by_test_id("stChatMessage").last.get_by_test_id("stMarkdownContainer").last.inner_text()


def answer(page, text: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")


def partial_answer(question: str) -> str:
    """The first key point of the reference plus a vague sentence: some points covered, some missed."""
    from mockinterview.corpus.store import load_corpus

    record = next((r for r in load_corpus().records if r.question.strip() == question.strip()), None)
    if record is None or not record.key_points:
        return "I would start from the definition, then give an example and the main trade-off."
    return record.key_points[0] + " It depends on the data, so I would try it and compare the results."


@contextlib.contextmanager
def app_page(data_dir: Path, chromium_args: tuple[str, ...] = (), height: int = 1400):
    """The app on a free loopback port with `data_dir` as its data folder, open in a headless chromium page."""
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "MOCKINTERVIEW_DATA_DIR": str(data_dir)}
    port = free_port()
    server = start_server(port, env, Path(data_dir) / "streamlit.log")
    try:
        wait_until_healthy(server, port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + list(chromium_args))
            page = browser.new_page(viewport={"width": 1280, "height": height})
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            yield page
            browser.close()
    finally:
        stop_server(server)


def capture(page, output: Path, from_message: int) -> None:
    """Screenshot with the chat scrolled to its `from_message`-th message (counted from 0)."""
    page.get_by_test_id("stChatMessage").nth(from_message).evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1000)  # let the last elements settle
    output.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--topic", default="ensembles")
    parser.add_argument("--seed", type=int, default=1, help="Question order (the same seed asks the same questions)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir, app_page(Path(data_dir)) as page:
        start_interview(page, options.topic, questions=2, followups=0, seed=options.seed)
        page.get_by_text("Question 1 of 2").wait_for(timeout=60_000)
        answer(page, partial_answer(current_question(page)))
        page.get_by_text("Question 2 of 2").wait_for(timeout=60_000)
        # Start the picture at the first question, so the answer and its whole card are in it.
        capture(page, options.output, from_message=0)
    print(f"Wrote {options.output}")


if __name__ == "__main__":
    main()
