"""Grading free-form answers against key points: the embedded grader (default) and the LLM grader."""
from __future__ import annotations

from typing import Protocol

from .rubric import Rubric
from .schema import Grade


class Grader(Protocol):
    name: str

    def grade(self, rubric: Rubric, answer: str) -> Grade: ...

    def grade_many(self, items: list[tuple[Rubric, str]]) -> list[Grade]: ...
