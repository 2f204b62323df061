"""The real LangChain/OpenAI client against a misbehaving OpenAI-compatible server of our own on
127.0.0.1: every fault ends in the embedded grade after at most 1 + llm_retries requests (one for a
timeout); a failing endpoint is then left alone for the cool-down, in an interview and in a batch."""
from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx2
import pytest

from click.testing import CliRunner

from mockinterview.agent.grading.breaker import CircuitBreaker
from mockinterview.agent.grading.embedded import EmbeddedGrader
from mockinterview.agent.grading.llm import LLMGrader
from mockinterview.agent.grading.rubric import Rubric, RubricReference
from mockinterview.agent.settings import Settings
from mockinterview.ui.cli import cli
from tests.conftest import make_services

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
            elif fault in ("http-500", "batch-500"):
                self._send(500, b'{"error": {"message": "internal error", "type": "server_error"}}')
            elif fault in ("slow", "hang"):
                time.sleep(3)  # past llm_timeout=1
                self._send(200, completion(json.dumps(GRADE)))
            elif fault == "garbage":
                self._send(200, b"<html>\x00garbage \xff not json")
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




COOLDOWN = 60.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def llm_settings(url: str) -> dict:
    return dict(grader="llm", llm_model="fault-model", llm_base_url=url, openai_api_key=SECRET, llm_timeout=1,
                llm_retries=RETRIES, llm_cooldown=COOLDOWN)


def grader_for(url: str, embedded: EmbeddedGrader, clock: FakeClock | None = None, **options) -> LLMGrader:
    breaker = CircuitBreaker(COOLDOWN, clock=clock or FakeClock())
    return LLMGrader.from_settings(Settings(_env_file=None, **llm_settings(url)), embedded, breaker=breaker,
                                   **options)


def test_a_well_behaved_reply_is_used(server, embedded):
    grade = grader_for(server.url("good"), embedded).grade(RUBRIC, ANSWER)
    assert grade.backend == "llm:fault-model" and grade.backend_note is None and "llm_fallback" not in grade.flags
    assert grade.feedback == "Right idea." and [p.point[:12] for p in grade.covered] == ["Overfitting ", "Regularizati"]
    assert server.requests["good"] == 1 and server.authorization == {f"Bearer {SECRET}"}


# fault: (the note, requests per failed grade, pauses the endpoint at once)
NOTES = {
    "http-500": ("LLM endpoint at {url} answered HTTP 500; used the embedded grade.", 1 + RETRIES, True),
    "slow": ("LLM endpoint at {url} did not answer within 1 s; used the embedded grade.", 1, True),
    "invalid-json": ("LLM endpoint at {url} sent a reply that is not OpenAI-compatible JSON; used the embedded "
                     "grade.", 1 + RETRIES, True),
    "garbage": ("LLM endpoint at {url} sent a reply that is not OpenAI-compatible JSON; used the embedded grade.",
                1 + RETRIES, True),
    "score-42": ("LLM at {url} replied with something that is not a valid grade; used the embedded grade.",
                 1 + RETRIES, False),
    "missing-field": ("LLM at {url} replied with something that is not a valid grade; used the embedded grade.",
                      1 + RETRIES, False),
    "stream-cut": ("LLM endpoint at {url} closed the connection mid-response; used the embedded grade.",
                   1 + RETRIES, True),
}
PAUSED = " The LLM is paused for 60 s."


def assert_fallback(grade, base, note: str | None, paused: bool = False) -> None:
    assert grade.backend == "embedded" and grade.backend_note == note
    assert grade.flags == sorted(set(base.flags) | {"llm_fallback"} | ({"llm_paused"} if paused else set()))
    assert grade.score == base.score and grade.key_points == base.key_points and grade.feedback == base.feedback
    assert SECRET not in grade.model_dump_json()


@pytest.mark.parametrize("fault", list(NOTES))
def test_each_fault_falls_back_after_bounded_retries_then_waits_out_the_cool_down(server, embedded, fault, caplog):
    caplog.set_level(logging.DEBUG)
    clock, (note, requests, pauses) = FakeClock(), NOTES[fault]
    note = note.format(url=server.url(fault))
    grader, base = grader_for(server.url(fault), embedded, clock), embedded.grade(RUBRIC, ANSWER)

    assert_fallback(grader.grade(RUBRIC, ANSWER), base, note + (PAUSED if pauses else ""))
    assert server.requests[fault] == requests
    if pauses:  # the next answer costs nothing and shows no second notice
        assert_fallback(grader.grade(RUBRIC, ANSWER), base, None, paused=True)
        assert server.requests[fault] == requests
        clock.now += COOLDOWN
    second = grader.grade(RUBRIC, ANSWER)  # asked again: after the cool-down, or at once for a bad reply
    assert server.requests[fault] == 2 * requests
    assert second.backend == "embedded" and second.backend_note.startswith(note)
    assert SECRET not in caplog.text and f"LLM attempt {requests}/{1 + RETRIES}" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("mockinterview")]


def closed_port() -> int:
    with socket.socket() as probe:  # a port that was free a moment ago and now has no listener
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refused_connection_falls_back_and_is_retried_after_the_cool_down(embedded, caplog):
    caplog.set_level(logging.DEBUG)
    url, clock = f"http://127.0.0.1:{closed_port()}/v1", FakeClock()
    attempts = []
    client = httpx2.Client(event_hooks={"request": [attempts.append]})
    grader, base = grader_for(url, embedded, clock, http_client=client), embedded.grade(RUBRIC, ANSWER)
    note = f"LLM endpoint unreachable at {url}; used the embedded grade."

    assert_fallback(grader.grade(RUBRIC, ANSWER), base, note + PAUSED)
    assert len(attempts) == 1 + RETRIES
    assert_fallback(grader.grade(RUBRIC, ANSWER), base, None, paused=True)
    clock.now += COOLDOWN
    assert_fallback(grader.grade(RUBRIC, ANSWER), base, note + " The LLM is paused for 2 min.")
    assert len(attempts) == 2 * (1 + RETRIES)
    assert all(str(request.url) == f"{url}/chat/completions" for request in attempts)
    assert SECRET not in caplog.text


def test_an_unreachable_endpoint_is_tried_once_per_cool_down_in_a_batch(embedded):
    attempts = []
    client = httpx2.Client(event_hooks={"request": [attempts.append]})
    grader = grader_for(f"http://127.0.0.1:{closed_port()}/v1", embedded, http_client=client)
    grades = grader.grade_many([(RUBRIC, ANSWER)] * 4)
    assert len(attempts) == 1 + RETRIES
    assert [g.backend for g in grades] == ["embedded"] * 4 and all("llm_fallback" in g.flags for g in grades)


def test_connections_use_the_short_connect_timeout_and_the_read_timeout_separately(embedded):
    settings = Settings(_env_file=None, **llm_settings("http://127.0.0.1:9/v1"), llm_connect_timeout=0.5)
    timeout = LLMGrader.from_settings(settings, embedded).chat_model_factory().root_client.timeout
    assert (timeout.connect, timeout.read) == (0.5, 1)


# ----- what a user sees: an interview and a batch against a failing endpoint ------------------------------

def test_a_hanging_endpoint_costs_the_interview_one_timeout_not_one_per_answer(server, tmp_path, small_corpus_path):
    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewSession

    services = make_services(tmp_path, small_corpus_path, **llm_settings(server.url("hang")))
    session, _ = InterviewSession.start(services.interview_deps(), InterviewConfig(questions=3, followups=1,
                                                                                   topics=["ensembles"]))
    notices = []
    for _ in range(3):
        replies = session.submit("Bagging trains trees on bootstrap samples and averages them to cut variance.")
        notices += [m.text for m in replies if m.kind == "notice"]
    # One grading request timed out; the follow-up phrasing and the later answers were not sent.
    assert server.requests["hang"] == 1
    assert notices == [f"LLM endpoint at {server.url('hang')} did not answer within 1 s; used the embedded grade."
                       + PAUSED]
    turns = [t for t in services.store.turns(session.id) if t.score is not None]
    assert len(turns) == 3 and all(t.backend == "embedded" for t in turns)


def test_a_batch_against_a_failing_endpoint_switches_to_the_embedded_grader_and_says_so(
        server, tmp_path, small_corpus_path, monkeypatch):
    services = make_services(tmp_path, small_corpus_path, **llm_settings(server.url("batch-500")))
    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: services)
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    line = {"question": RUBRIC.question, "reference": " ".join(RUBRIC.references[0].key_points), "answer": ANSWER}
    source.write_text("".join(json.dumps({**line, "id": n}) + "\n" for n in range(60)))
    result = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", str(target), "--backend", "llm"],
                                catch_exceptions=False)

    assert result.exit_code == 0 and server.requests["batch-500"] == 1 + RETRIES
    records = [json.loads(text) for text in target.read_text().splitlines()]
    assert [r["id"] for r in records] == list(range(60)) and all(r["backend"] == "embedded" for r in records)
    note = f"LLM endpoint at {server.url('batch-500')} answered HTTP 500; used the embedded grade." + PAUSED
    assert [r.get("backend_note") for r in records] == [note] + [None] * 59
    stderr = re.split(r"[\r\n]", result.stderr)  # the progress bar redraws with carriage returns
    assert [text for text in stderr if "LLM" in text][:1] == [f"line 1: {note}"]  # one notice, no per-attempt warning
    assert sum(note in text for text in stderr) == 1
    assert result.stderr.splitlines()[-2:] == [
        "The LLM graded 0 lines; 60 were graded by the embedded grader instead (flag llm_fallback).",
        "2 failed LLM requests (2 HTTP 500); the endpoint was paused 1 time and 59 calls went straight to the "
        "embedded grader.",
    ]
    assert SECRET not in result.output
