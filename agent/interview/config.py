"""How an interview is set up: topics, level, length, follow-ups, mode."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mockinterview.corpus.schema import TOPICS

Level = Literal["easy", "medium", "hard", "adaptive"]
Mode = Literal["interview", "practice"]
MAX_JOB_DESCRIPTION = 20_000


class InterviewConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topics: list[str] = Field(default_factory=list, description="Empty: any topic (or chosen from the job description)")
    difficulty: Level = "adaptive"
    questions: int = Field(default=5, ge=1, le=30, description="Main questions (follow-ups come on top)")
    followups: int = Field(default=1, ge=0, le=3, description="Follow-ups per main question, at most")
    job_description: str | None = Field(default=None, description="Pasted job ad: picks the topic mix")
    mode: Mode = "interview"
    seed: int | None = Field(
        default=None, description="Fixes the question order; None: a fresh random seed, stored with the session")

    @field_validator("topics")
    @classmethod
    def _known(cls, topics: list[str]) -> list[str]:
        unknown = [t for t in topics if t not in TOPICS]
        if unknown:
            raise ValueError(f"unknown topic(s) {', '.join(unknown)}; choose from: {', '.join(TOPICS)}")
        return list(dict.fromkeys(topics))

    @field_validator("job_description")
    @classmethod
    def _trim(cls, text: str | None) -> str | None:
        if text is None or not text.strip():
            return None
        return text.strip()[:MAX_JOB_DESCRIPTION]
