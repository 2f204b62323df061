"""Scripted candidates: each answers the open question the way one kind of candidate would.

strong (the model answer), partial (one key point), weak (generic talk), off-topic (another topic's
model answer), adversarial (instructions to the grader), misconception (the key points with one claim
reversed, L1 <-> L2 and the like), asks_questions (asks for hints and what a word means, then answers
in part) and skips (skips or says "I don't know" now and then, answers in part otherwise).
"""
from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path

from mockinterview.agent.grading.contradiction import swapped_pairs
from mockinterview.corpus.keypoints import question_subject

PERSONAS = ("strong", "partial", "weak", "off_topic", "adversarial", "misconception", "asks_questions", "skips")
VAGUE = ("It depends on the data and the problem, so you try a few things and see what works best in practice.",
         "This is an important concept that every data scientist uses; it helps the model do better overall.",
         "Basically you have to be careful and follow best practices, and then the results will be good.")
INJECTIONS_PATH = Path(__file__).with_name("injections.txt")


@cache
def load_injections() -> list[str]:
    """Answers that try to instruct the grader or fake its output (one per line; \\n marks a newline)."""
    lines = INJECTIONS_PATH.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip()]


class Candidate:
    """What one persona says next: an answer or a request (`says` is called until the question closes)."""

    def __init__(self, persona: str, corpus, seed: int) -> None:
        self.persona, self.corpus = persona, corpus
        self.turn = itertools.count(seed)
        self.requests: dict[int, int] = {}  # turn seq -> requests made on it

    def points(self, session) -> list[str]:
        turn = session.current
        record = self.corpus.get(turn.record_id)
        return json.loads(turn.focus_json) if turn.focus_json else (record.key_points or [record.question])

    def says(self, session) -> str:
        turn = session.current
        made = self.requests.get(turn.seq, 0)
        if self.persona == "asks_questions" and made < 3:
            self.requests[turn.seq] = made + 1
            subject = question_subject(turn.question) or "that"
            return ("Can I get a hint?", f"What do you mean by {subject}?", "Could I have another hint?")[made]
        if self.persona == "skips":
            n = next(self.turn)
            if n % 3 == 0:
                return "skip"
            if turn.role == "followup" and n % 2:
                return "I don't know"
            return self._partial(session)
        return self.answer(session)

    def _partial(self, session) -> str:
        points = self.points(session)
        return points[0] if len(points) > 1 else points[0].split(",")[0]

    def answer(self, session) -> str:
        n = next(self.turn)
        turn = session.current
        record = self.corpus.get(turn.record_id)
        points = self.points(session)
        if self.persona == "strong":
            return " ".join(points) if turn.focus_json else (record.model_answer or " ".join(points))
        if self.persona in ("partial", "asks_questions"):
            return self._partial(session)
        if self.persona == "misconception":
            reversed_ = swapped_pairs(points)
            if not reversed_:
                return self._partial(session)
            point, wrong = reversed_[0]
            return " ".join(wrong if p == point else p for p in points)
        if self.persona == "weak":
            return VAGUE[n % len(VAGUE)]
        if self.persona == "off_topic":
            others = [r for r in self.corpus.records if r.topic != record.topic and r.answered]
            return others[(n * 7919) % len(others)].model_answer
        adversarial = load_injections()
        return adversarial[n % len(adversarial)]
