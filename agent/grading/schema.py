"""What a grade is: a score with its evidence, whichever backend produced it."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field


class Verdict(str, Enum):
    strong = "strong"
    solid = "solid"
    partial = "partial"
    weak = "weak"
    off_topic = "off-topic"
    no_answer = "no answer"
    ungraded = "ungraded"  # the grader cannot judge this answer (not English, no reference): no score


class PointEvidence(BaseModel):
    """One key point of the rubric and what the answer did with it."""

    point: str
    covered: bool
    confidence: float = Field(ge=0.0, le=1.0, description="How much of the point the answer says (word recall, 0-1; "
                                                          "the embedded grader counts it covered from 0.6)")
    evidence: str | None = Field(default=None, description="The answer sentence that covers (or contradicts) it")
    contradicted: bool = Field(default=False, description="The closest sentence says the opposite")
    checkable: bool = Field(default=True, description="A claim worth checking; a heading or filler never costs")
    claim_id: str | None = Field(default=None, description="The authored rubric's claim id, when graded by claims")
    core: bool = Field(default=True, description="A core claim decides the grade; a detail claim only adds")
    misconception: str | None = Field(default=None, description="The known wrong belief the answer states")
    correction: str | None = Field(default=None, description="What is right instead, for a contradicted claim")


class Grade(BaseModel):
    score: float | None = Field(ge=0.0, le=10.0, description="None when the verdict is ungraded")
    verdict: Verdict
    covered: list[PointEvidence] = Field(default_factory=list)
    missed: list[PointEvidence] = Field(default_factory=list)
    feedback: str = ""
    next_step: str = ""
    model_answer: str = ""
    reference_source: str | None = None
    backend: str = "embedded"
    backend_note: str | None = Field(default=None, description="Why another backend's grade was not used")
    flags: list[str] = Field(default_factory=list)

    @property
    def key_points(self) -> list[PointEvidence]:
        return self.covered + self.missed

    @property
    def claims_found(self) -> tuple[int, int]:
        """(covered, missed), counting only checkable points: headings and filler never count."""
        return sum(p.checkable for p in self.covered), sum(p.checkable for p in self.missed)


def verdict_for(score: float) -> Verdict:
    if score >= 8.5:
        return Verdict.strong
    if score >= 6.5:
        return Verdict.solid
    if score >= 4.0:
        return Verdict.partial
    return Verdict.weak
