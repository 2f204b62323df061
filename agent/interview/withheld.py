"""Feedback held back while a follow-up probes it, and given in full once the follow-ups are answered.

A turn's feedback is held when a follow-up comes right after it: its card shows the score and what was
covered, and says how many points are missing without naming them. When the question's chain of
follow-ups is closed (answered, skipped or given up; not left for later), the full card follows. Both
rules read only the stored turns, so a resumed interview shows the cards where they were shown.
"""
from __future__ import annotations

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.storage import TurnRow

HELD_POINT = "(not shown yet: the follow-up asks about it)"
OPEN = ("pending", "answered")


def chain_of(turn: TurnRow) -> int:
    """The main question a turn belongs to (its own seq for a main question)."""
    return turn.parent_seq if turn.role == "followup" and turn.parent_seq is not None else turn.seq


def is_held(turn: TurnRow, turns: list[TurnRow]) -> bool:
    following = next((t for t in turns if t.seq == turn.seq + 1), None)
    return (turn.grade_json is not None and following is not None and following.role == "followup"
            and following.parent_seq == chain_of(turn))


def chain_closed(parent_seq: int, turns: list[TurnRow], waiting: list[TurnRow]) -> bool:
    members = [t for t in turns if chain_of(t) == parent_seq]
    waiting_seqs = {t.seq for t in waiting}
    return all(t.outcome not in OPEN and t.seq not in waiting_seqs for t in members)


def held_in_chain(parent_seq: int, turns: list[TurnRow]) -> list[TurnRow]:
    return [t for t in turns if chain_of(t) == parent_seq and is_held(t, turns)]


def held_grade(grade: Grade) -> Grade:
    """The card shown before the follow-up: the score and what was covered; missed points unnamed."""
    hidden = [p.model_copy(update={"point": HELD_POINT, "evidence": None, "contradicted": False}) for p in grade.missed]
    parts = []
    if grade.covered:
        parts.append(f"Good: {' '.join(grade.covered[0].point.split()).rstrip('.')}.")
    if grade.missed:
        count = len(grade.missed)
        parts.append(f"{count} point{'s' if count > 1 else ''} of the reference {'are' if count > 1 else 'is'} not in "
                     "your answer yet. The follow-up gives you a chance at one; the full feedback comes after it.")
    return grade.model_copy(update={"missed": hidden, "feedback": " ".join(parts), "model_answer": "",
                                    "next_step": "Answer the follow-up question."})
