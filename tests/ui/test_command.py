"""`mockinterview ui`: loads (or builds) the index, then runs `streamlit run ui/app.py` with the given address."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockinterview.ui import cli as cli_module
from mockinterview.ui.commands import app as app_command
from tests.conftest import SHARED_INDEX_CACHE

pytestmark = pytest.mark.slow
APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


@pytest.fixture
def launched(tmp_path, monkeypatch, real_index):
    """The command lines the command would have run, instead of running them."""
    monkeypatch.setenv("MOCKINTERVIEW_CACHE_DIR", str(SHARED_INDEX_CACHE))
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    calls: list[list[str]] = []
    monkeypatch.setattr(app_command.subprocess, "call", lambda command: calls.append(command) or 0)
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


def test_a_failing_streamlit_is_a_clean_error(launched, monkeypatch):
    monkeypatch.setattr(app_command.subprocess, "call", lambda command: 3)
    result = CliRunner().invoke(cli_module.cli, ["ui"])
    assert result.exit_code == 1
    assert result.output.endswith("Error: Streamlit exited with status 3; see its output above.\n")


def test_a_missing_corpus_stops_before_streamlit(launched, monkeypatch, tmp_path):
    monkeypatch.setenv("MOCKINTERVIEW_CORPUS_PATH", str(tmp_path / "none.jsonl"))
    result = CliRunner().invoke(cli_module.cli, ["ui"])
    assert result.exit_code == 1 and launched == []
    assert "No corpus at" in result.output and "Traceback" not in result.output


def test_an_out_of_range_port_is_a_usage_error(launched):
    result = CliRunner().invoke(cli_module.cli, ["ui", "--port", "70000"])
    assert result.exit_code == 2 and launched == []
    assert "70000 is not in the range 1<=x<=65535" in result.output
