"""An automated judge of the interviewer: it watches every message a scripted candidate is shown.

Counted per interview: leaks (a missed point's content shown while a follow-up about it is open: in the
feedback card, the follow-up, a hint or any reply), repeats (the same record or the same wording asked
twice), near-repeats (two questions whose embeddings are NEAR_DUPLICATE close), follow-ups off the
interview's topics, gap follow-ups not about their missed point (by similarity), challenges that do not
quote the wrong claim, and hints that give a key point away.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.interview.followups import (
    CONCEPT_MATCH, DEEPER_LEAD_IN, GAP_LEAD_IN, NEAR_DUPLICATE, concept_similarity,
)
from mockinterview.agent.interview.probes import leaks

# A question built from a point is "about" it when their embeddings are this close (MiniLM: unrelated
# sentences score about 0.0-0.2). Set before the first run, not tuned on it.
RELATED = 0.4
_QUOTED_CLAIM = re.compile(r'^You said: ".*"\s*', re.DOTALL)
MAX_STEPS = 300


@dataclass
class Tally:
    interviews: int = 0
    questions: int = 0
    followups: dict[str, int] = field(default_factory=lambda: {"gap": 0, "challenge": 0, "deeper": 0})
    gap_on_target: int = 0
    gap_from_corpus: int = 0
    challenge_quotes_claim: int = 0
    leaks: int = 0
    repeats: int = 0
    near_repeats: int = 0
    cross_session_repeats: int = 0
    off_topic_followups: int = 0
    hints: int = 0
    hints_leaking: int = 0
    held_cards: int = 0
    examples: list[dict] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            if name == "followups":
                for key, count in value.items():
                    self.followups[key] += count
            elif name == "examples":
                self.examples += value
            else:
                setattr(self, name, getattr(self, name) + value)


def _shown_texts(message) -> list[str]:
    """What a message shows, less what the candidate said themselves (their covered points)."""
    texts = [message.text or ""]
    grade = message.grade
    if grade is not None:
        feedback = grade.feedback
        for point in grade.covered:  # "Good: <a covered point>" (whole, or shortened to 110 characters)
            feedback = feedback.replace(" ".join(point.point.split()).rstrip("."), "")
            feedback = re.sub(re.escape(point.point[:60]) + r".*?(?:\.\.\.|\.)(?=\s|$)", "", feedback, flags=re.S)
        texts = [p.point for p in grade.missed] + [feedback, grade.next_step, grade.model_answer]
    return [t for t in texts if t]


def _reason(turn) -> str | None:
    if turn.role != "followup":
        return None
    if (turn.lead_in or "").startswith("You said"):
        return "challenge"
    return {GAP_LEAD_IN: "gap", DEEPER_LEAD_IN: "deeper"}.get(turn.lead_in or "")


class Watcher:
    """Runs one interview to its end with a scripted candidate, checking what is shown as it goes."""

    def __init__(self, session, candidate, index) -> None:
        self.session, self.candidate, self.index = session, candidate, index
        self.tally = Tally(interviews=1)
        self.secrets: dict[int, tuple[str, list[str]]] = {}  # held turn seq -> (its question, its missed points)
        self.targets: dict[int, str] = {}  # follow-up seq -> the point it was asked for

    def run(self, first_messages) -> Tally:
        self.watch(first_messages)
        for _ in range(MAX_STEPS):
            if self.session.finished:
                break
            targeted = set(self.session._targeted)
            replies = self.session.submit(self.candidate.says(self.session))
            if any(m.kind == "confirm" for m in replies):  # "did you mean that as your answer?": yes
                replies += self.session.submit("yes")
            new = set(self.session._targeted) - targeted
            current = self.session.current
            if new and current is not None and current.role == "followup":
                self.targets[current.seq] = next(iter(new))
            self.watch(replies)
        return self.tally

    def watch(self, messages) -> None:
        for message in messages:
            seq = message.data.get("seq")
            if message.kind in ("feedback", "reveal") and seq is not None:
                self._answered(seq)
            if message.kind == "feedback" and message.data.get("held"):
                turn = next(t for t in self.session.turns if t.seq == seq)
                grade = Grade.model_validate_json(turn.grade_json)
                self.secrets[seq] = (turn.question, [p.point for p in grade.missed])
                self.tally.held_cards += 1
            if message.kind == "feedback" and message.data.get("revealed"):
                self.secrets.pop(seq, None)
                continue  # the full card, after the follow-up: allowed to show everything
            if message.role != "interviewer":
                continue
            if message.kind == "hint":
                self._check_hint(message)
            for text in _shown_texts(message):
                shown = _QUOTED_CLAIM.sub("", text) if message.kind == "followup" else text
                for question, points in self.secrets.values():
                    for point in points:
                        if leaks(shown, point, question):
                            self.tally.leaks += 1
                            self.tally.examples.append({"leak": shown[:200], "point": point})

    def _answered(self, seq: int) -> None:
        """A follow-up has been answered (or given up): the points it probed are no longer secret."""
        turn = next(t for t in self.session.turns if t.seq == seq)
        if turn.role == "followup":
            for held in [s for s in self.secrets if s < seq]:
                self.secrets.pop(held)

    def _check_hint(self, message) -> None:
        turn = self.session.current
        record = self.session.deps.corpus.get(turn.record_id)
        points = json.loads(turn.focus_json) if turn.focus_json else record.key_points
        self.tally.hints += 1
        if any(leaks(message.text, p, turn.question) for p in points):
            self.tally.hints_leaking += 1
            self.tally.examples.append({"hint_leak": message.text, "question": turn.question})

    def score_turns(self, earlier_ids: set[str]) -> None:
        """The checks that read the finished interview's turns."""
        turns, topics = self.session.turns, set(self.session.topics)
        asked = [t for t in turns if not (t.role == "main" and t.outcome == "deferred")]
        self.tally.questions += len(asked)
        ids = [t.record_id for t in asked if not t.focus_json]
        wordings = {f"{t.lead_in or ''} {t.question}" for t in asked}  # a challenge's lead-in quotes the claim
        repeated = len(ids) - len(set(ids)) + len(asked) - len(wordings)
        self.tally.repeats += repeated
        if repeated:
            self.tally.examples.append({"repeat": [(t.seq, t.role, t.record_id, t.question) for t in asked]})
        self.tally.cross_session_repeats += len({t.record_id for t in asked if t.role == "main"} & earlier_ids)
        vectors = self.index.encode([f"{t.lead_in or ''} {t.question}".strip() for t in asked])
        similar = vectors @ vectors.T
        for i in range(1, len(asked)):
            j = int(np.argmax(similar[i, :i]))
            if similar[i, j] >= NEAR_DUPLICATE:
                self.tally.near_repeats += 1
                self.tally.examples.append({"near_repeat": [asked[j].question, asked[i].question]})
        for turn in asked:
            reason = _reason(turn)
            if reason is None:
                continue
            self.tally.followups[reason] += 1
            if topics and turn.topic not in topics:
                self.tally.off_topic_followups += 1
                self.tally.examples.append({"off_topic": turn.question, "topic": turn.topic, "chosen": sorted(topics)})
            if reason == "challenge":
                parent = next(t for t in turns if t.seq == turn.seq - 1)
                claim = turn.lead_in.removeprefix('You said: "').rstrip('"')
                self.tally.challenge_quotes_claim += claim in (parent.answer_text or "")
            elif reason == "gap":
                self._score_gap(turn)

    def _score_gap(self, turn) -> None:
        """About the missed point: the question as shown is RELATED-close to the point (both kinds), and a
        corpus question's record teaches the point (CONCEPT_MATCH, the rule that chose it)."""
        target = self.targets.get(turn.seq)
        if target is None:
            return
        vector = self.index.encode([target])[0]
        close = float(self.index.encode([turn.question])[0] @ vector) >= RELATED
        if not turn.focus_json:
            self.tally.gap_from_corpus += 1
            close = close and concept_similarity(self.index, vector, turn.record_id) >= CONCEPT_MATCH
        self.tally.gap_on_target += close
        if not close:
            self.tally.examples.append({"off_target": turn.question, "point": target})
