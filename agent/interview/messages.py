"""What the interview shows: one message from the interviewer, the candidate or the system."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mockinterview.agent.grading.schema import Grade

from .report import Report


@dataclass
class Message:
    """One thing to show: a question, feedback, a hint, a notice, the report."""

    role: str  # interviewer | candidate | system
    kind: str  # question | followup | feedback | hint | clarification | reveal | notice | report
    text: str
    grade: Grade | None = None
    report: Report | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # An LLM's answer to the candidate's question, streamed by the front end in place of `text` (which
    # holds the extractive answer, the fallback). Consuming it stores the streamed text in the transcript.
    stream: Callable[[], Iterator[str]] | None = None
