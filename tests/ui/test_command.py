"""`mockinterview ui`: loads (or builds) the index, then runs `streamlit run ui/app.py` with the given address."""
from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockinterview.ui import cli as cli_module
from mockinterview.ui.commands import app as app_command
from tests.conftest import SHARED_INDEX_CACHE

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
_spec = importlib.util.spec_from_file_location("make_screenshot", ROOT / "docs" / "make_screenshot.py")
drive = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drive)  # start/stop helpers shared with the browser test


@pytest.fixture
def launched(tmp_path, monkeypatch, real_index):
    """The command lines the command would have run, instead of running them."""
    monkeypatch.setenv("MOCKINTERVIEW_CACHE_DIR", str(SHARED_INDEX_CACHE))
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    calls: list[list[str]] = []

    def record(path: str, command: list[str]) -> None:
        assert path == command[0]
        calls.append(command)

    monkeypatch.setattr(app_command.os, "execv", record)
    return calls


def test_ui_runs_streamlit_on_the_app_with_host_and_port(launched):
    result = CliRunner().invoke(cli_module.cli, ["ui", "--port", "8600", "--host", "0.0.0.0"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output == "Starting the app at http://0.0.0.0:8600 (Ctrl+C to stop).\n"
    assert launched == [[
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", "8600", "--server.address", "0.0.0.0",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]]


def test_ui_defaults_to_loopback_8501(launched):
    result = CliRunner().invoke(cli_module.cli, ["ui"], catch_exceptions=False)
    assert result.exit_code == 0
    assert launched[0][launched[0].index("--server.port") + 1] == "8501"
    assert launched[0][launched[0].index("--server.address") + 1] == "127.0.0.1"


def test_a_streamlit_that_cannot_start_is_a_clean_error(launched, monkeypatch):
    def refuse(path: str, command: list[str]) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(app_command.os, "execv", refuse)
    result = CliRunner().invoke(cli_module.cli, ["ui"])
    assert result.exit_code == 1
    assert result.output.endswith(f"Error: Could not start Streamlit ({sys.executable}): Permission denied.\n")


def test_a_missing_corpus_stops_before_streamlit(launched, monkeypatch, tmp_path):
    monkeypatch.setenv("MOCKINTERVIEW_CORPUS_PATH", str(tmp_path / "none.jsonl"))
    result = CliRunner().invoke(cli_module.cli, ["ui"])
    assert result.exit_code == 1 and launched == []
    assert "No corpus at" in result.output and "Traceback" not in result.output


def test_an_out_of_range_port_is_a_usage_error(launched):
    result = CliRunner().invoke(cli_module.cli, ["ui", "--port", "70000"])
    assert result.exit_code == 2 and launched == []
    assert "70000 is not in the range 1<=x<=65535" in result.output


def _port_answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_to_the_ui_pid_stops_the_server(tmp_path, real_index):
    """`mockinterview ui` becomes Streamlit: stopping its pid frees the port (no orphaned server)."""
    port = drive.free_port()
    env = {**os.environ, "MOCKINTERVIEW_CACHE_DIR": str(SHARED_INDEX_CACHE),
           "MOCKINTERVIEW_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1"}
    command = [str(Path(sys.executable).parent / "mockinterview"), "ui", "--port", str(port)]
    with (tmp_path / "ui.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        drive.wait_until_healthy(process, port, timeout=120)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _port_answers(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _port_answers(port), "the Streamlit server outlived the ui process"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
