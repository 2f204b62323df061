"""Accounts in a real browser: the app (MOCKINTERVIEW_AUTH=oidc) logs in through a local OpenID Connect
provider (oidc-provider-mock, on 127.0.0.1) as two users, and each sees only their own history."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import SHARED_INDEX_CACHE

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("make_screenshot", ROOT / "docs" / "make_screenshot.py")
drive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drive)


@pytest.fixture
def provider():
    """The OIDC provider on a loopback port, in a thread; any client id is accepted, any subject logs in."""
    import werkzeug.serving
    from oidc_provider_mock import app

    server = werkzeug.serving.make_server("127.0.0.1", drive.free_port(), app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def _app_server(tmp_path: Path, provider: str, port: int) -> subprocess.Popen:
    folder = tmp_path / "app"
    (folder / ".streamlit").mkdir(parents=True)
    (folder / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-cookie-secret-that-is-long-enough"\n'
        'client_id = "mockinterview"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "MOCKINTERVIEW_AUTH": "oidc",
           "MOCKINTERVIEW_DATA_DIR": str(tmp_path / "data"), "MOCKINTERVIEW_CACHE_DIR": str(SHARED_INDEX_CACHE),
           "HOME": str(folder)}
    command = [sys.executable, "-m", "streamlit", "run", str(drive.APP), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    log = open(tmp_path / "streamlit.log", "wb")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)


def _log_in(page, port: int, subject: str) -> None:
    page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
    page.get_by_role("button", name="Log in").click(timeout=180_000)
    page.locator("input[name=sub]").fill(subject, timeout=60_000)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text(f"Signed in as {subject}").wait_for(timeout=120_000)


def _history(page) -> None:
    page.get_by_test_id("stSidebar").get_by_text("History", exact=True).click()
    page.get_by_text("Your data").wait_for(timeout=60_000)


def test_two_users_log_in_and_each_sees_only_their_own_history(tmp_path, real_index, provider):
    if not Path(drive.CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    port = drive.free_port()
    server = _app_server(tmp_path, provider, port)
    try:
        drive.wait_until_healthy(server, port, timeout=90)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=drive.CHROMIUM, args=drive.CHROMIUM_ARGS)
            alice = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            bob = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()  # own cookies
            try:
                _log_in(alice, port, "alice@example.org")
                drive.start_interview(alice, "ensembles", questions=2, followups=0)
                alice.get_by_text("Question 1 of 2").wait_for(timeout=120_000)
                drive.answer(alice, "Bagging trains models on bootstrap samples and averages them.")
                alice.get_by_text("Question 2 of 2").wait_for(timeout=120_000)
                _history(alice)
                assert alice.get_by_text("1 answered").count() == 1

                _log_in(bob, port, "bob@example.org")
                _history(bob)
                bob.get_by_text("No interviews yet").wait_for(timeout=60_000)
                assert bob.get_by_text("1 answered").count() == 0
                assert bob.get_by_text("alice", exact=False).count() == 0
            except Exception:
                alice.screenshot(path=str(tmp_path / "alice.png"), full_page=True)
                bob.screenshot(path=str(tmp_path / "bob.png"), full_page=True)
                raise
            browser.close()
    finally:
        drive.stop_server(server)
    assert "Traceback" not in (tmp_path / "streamlit.log").read_text(errors="replace")
