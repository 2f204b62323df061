"""The real LangChain/OpenAI client against a misbehaving OpenAI-compatible server of our own on
127.0.0.1: every fault ends in the embedded grade after exactly 1 + llm_retries requests, and the next
grade asks the server again."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import pytest

from mockinterview.agent.grading.embedded import EmbeddedGrader
from mockinterview.agent.grading.llm import LLMGrader
from mockinterview.agent.grading.rubric import Rubric, RubricReference
from mockinterview.agent.settings import Settings

pytestmark = pytest.mark.timeout(60)

SECRET = "sk-test-SECRET123"
RETRIES = 1
ANSWER = "Overfitting is when a model learns the noise in the training data. You reduce it with regularization."
RUBRIC = Rubric("What is overfitting and how do you reduce it?", [RubricReference("The reference answer.", [
    "Overfitting is when a model learns the noise in the training data instead of the signal.",
    "An overfit model has low training error but high validation error.",
    "Regularization, more data and early stopping reduce overfitting.",
], "test reference")])


def completion(content: str) -> bytes:
    return json.dumps({
        "id": "chatcmpl-fault", "object": "chat.completion", "created": 0, "model": "fault-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }).encode()


GRADE = {"score": 6, "covered_points": [1, 3], "feedback": "Right idea.", "next_step": "Study early stopping."}


class FaultHandler(BaseHTTPRequestHandler):
    """POST /<fault>/v1/chat/completions misbehaves as <fault> says; every request is counted."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        fault = self.path.strip("/").split("/")[0]
        self.server.record(fault, self.headers.get("Authorization", ""))
        try:
            if fault == "good":
                self._send(200, completion(json.dumps(GRADE)))
            elif fault == "http-500":
                self._send(500, b'{"error": {"message": "internal error", "type": "server_error"}}')
            elif fault == "slow":
                time.sleep(3)  # past llm_timeout=1
                self._send(200, completion(json.dumps(GRADE)))
            elif fault == "invalid-json":
                self._send(200, b'{"id": "chatcmpl-fault", "choices": [{"message": ')
            elif fault == "score-42":
                self._send(200, completion(json.dumps({**GRADE, "score": 42})))
            elif fault == "missing-field":
                self._send(200, completion(json.dumps({"score": 6, "covered_points": [1]})))
            elif fault == "stream-cut":
                body = completion(json.dumps(GRADE))
                self._send(200, body[:40], length=len(body))  # promise the whole body, send 40 bytes
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
            else:
                self._send(404, b'{"error": {"message": "no such fault"}}')
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True  # the client gave up first (the slow fault)


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.lock = threading.Lock()
        self.requests: dict[str, int] = {}
        self.authorization: set[str] = set()

    def record(self, fault: str, authorization: str) -> None:
        with self.lock:
            self.requests[fault] = self.requests.get(fault, 0) + 1
            self.authorization.add(authorization)

    def url(self, fault: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{fault}/v1"


@pytest.fixture(scope="module")
def server():
    fault_server = FaultServer()
    thread = threading.Thread(target=fault_server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fault_server
    finally:
        fault_server.shutdown()
        fault_server.server_close()
        thread.join(timeout=5)




def grader_for(url: str, embedded: EmbeddedGrader, **options) -> LLMGrader:
    settings = Settings(_env_file=None, grader="llm", llm_model="fault-model", llm_base_url=url,
                        openai_api_key=SECRET, llm_timeout=1, llm_retries=RETRIES)
    return LLMGrader.from_settings(settings, embedded, **options)


def test_a_well_behaved_reply_is_used(server, embedded):
    grade = grader_for(server.url("good"), embedded).grade(RUBRIC, ANSWER)
    assert grade.backend == "llm:fault-model" and grade.backend_note is None and "llm_fallback" not in grade.flags
    assert grade.feedback == "Right idea." and [p.point[:12] for p in grade.covered] == ["Overfitting ", "Regularizati"]
    assert server.requests["good"] == 1 and server.authorization == {f"Bearer {SECRET}"}


NOTES = {
    "http-500": "LLM endpoint at {url} answered HTTP 500; used the embedded grade.",
    "slow": "LLM endpoint at {url} did not answer within 1 s; used the embedded grade.",
    "invalid-json": "LLM at {url} replied with something that is not a valid grade; used the embedded grade.",
    "score-42": "LLM at {url} replied with something that is not a valid grade; used the embedded grade.",
    "missing-field": "LLM at {url} replied with something that is not a valid grade; used the embedded grade.",
    "stream-cut": "LLM endpoint at {url} closed the connection mid-response; used the embedded grade.",
}


def assert_fallback(grade, base, note: str) -> None:
    assert grade.backend == "embedded" and grade.backend_note == note
    assert grade.flags == sorted(set(base.flags) | {"llm_fallback"})
    assert grade.score == base.score and grade.key_points == base.key_points and grade.feedback == base.feedback
    assert SECRET not in grade.model_dump_json()


@pytest.mark.parametrize("fault", list(NOTES))
def test_each_fault_falls_back_after_bounded_retries_and_the_next_call_tries_again(server, embedded, fault, caplog):
    caplog.set_level(logging.DEBUG)
    grader, base = grader_for(server.url(fault), embedded), embedded.grade(RUBRIC, ANSWER)
    grade = grader.grade(RUBRIC, ANSWER)

    assert server.requests[fault] == 1 + RETRIES
    assert_fallback(grade, base, NOTES[fault].format(url=server.url(fault)))

    assert_fallback(grader.grade(RUBRIC, ANSWER), base, NOTES[fault].format(url=server.url(fault)))
    assert server.requests[fault] == 2 * (1 + RETRIES)
    assert SECRET not in caplog.text and f"LLM attempt 2/{1 + RETRIES}" in caplog.text


def test_a_refused_connection_falls_back_and_is_retried_next_call(embedded, caplog):
    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:  # a port that was free a moment ago and now has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    attempts = []
    client = httpx2.Client(event_hooks={"request": [attempts.append]})
    grader, base = grader_for(url, embedded, http_client=client), embedded.grade(RUBRIC, ANSWER)
    note = f"LLM endpoint unreachable at {url}; used the embedded grade."

    assert_fallback(grader.grade(RUBRIC, ANSWER), base, note)
    assert len(attempts) == 1 + RETRIES
    assert_fallback(grader.grade(RUBRIC, ANSWER), base, note)
    assert len(attempts) == 2 * (1 + RETRIES)
    assert all(str(request.url) == f"{url}/chat/completions" for request in attempts)
    assert SECRET not in caplog.text


def test_an_unreachable_endpoint_is_tried_once_per_batch(embedded):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    attempts = []
    client = httpx2.Client(event_hooks={"request": [attempts.append]})
    grades = grader_for(f"http://127.0.0.1:{port}/v1", embedded, http_client=client).grade_many([(RUBRIC, ANSWER)] * 4)
    assert len(attempts) == 1 + RETRIES
    assert [g.backend for g in grades] == ["embedded"] * 4 and all("llm_fallback" in g.flags for g in grades)
