"""The process is SIGKILLed while grading: on restart the session resumes with the answer kept."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from mockinterview.agent.interview.session import InterviewSession
from tests.conftest import make_services

CHILD = r"""
import sys, time
from pathlib import Path
from tests.conftest import make_services
from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import InterviewSession

services = make_services(Path(sys.argv[1]), Path(sys.argv[2]))
deps = services.interview_deps()

class SlowGrader:
    name = "slow"
    def grade(self, rubric, answer):
        print("GRADING", flush=True)
        time.sleep(120)  # killed long before this returns

deps.grader = SlowGrader()
session, _ = InterviewSession.start(deps, InterviewConfig(questions=2, followups=0, topics=["ensembles"]))
print("SESSION", session.id, flush=True)
session.submit(sys.argv[3])
"""

ANSWER = "Bagging trains many trees on bootstrap samples and averages them, which lowers variance."


@pytest.mark.timeout(120)
def test_sigkill_while_grading_keeps_the_answer(tmp_path, small_corpus_path):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path), str(small_corpus_path), ANSWER],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root,
        env={**os.environ, "PYTHONPATH": root},
    )
    try:
        session_id = None
        deadline = time.monotonic() + 90
        for line in child.stdout:
            if line.startswith("SESSION"):
                session_id = line.split()[1]
            if line.startswith("GRADING"):
                break
            assert time.monotonic() < deadline
        assert session_id, child.stderr.read()
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()

    services = make_services(tmp_path, small_corpus_path)
    stored = services.store.turns(session_id)
    assert stored[0].answer_text == ANSWER and stored[0].outcome == "answered"
    session, messages = InterviewSession.resume(services.interview_deps(), session_id)
    assert "saved before the interruption" in messages[1].text
    feedback = [m for m in messages if m.kind == "feedback"]
    assert len(feedback) == 1 and 0.0 <= feedback[0].grade.score <= 10.0
    assert session.turns[0].outcome == "graded" and session.turns[0].answer_text == ANSWER
    assert messages[-1].kind == "question"
