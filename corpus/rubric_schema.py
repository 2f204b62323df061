"""The interviewer's rubric for one question: what a correct answer must claim, the usual mistakes,
how to probe a gap and how to hint. Authored and reviewed by people (corpus/rubric/*.jsonl), keyed by
record id, kept apart from the text parsed out of the seed files.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    text: str = Field(description="One standalone, checkable sentence")
    kind: Literal["core", "detail"] = Field(description="core claims decide the grade; detail claims only add")
    alternatives: list[str] = Field(default_factory=list, description="Other statements that count as this claim")
    paraphrases: list[str] = Field(default_factory=list, description="How a candidate might say it (judge training)")
    probe: str | None = Field(default=None, description="A follow-up whose answer is this claim (core claims)")
    hints: list[str] = Field(default_factory=list, description="Two steps: toward the concept, then more specific")

    @property
    def core(self) -> bool:
        return self.kind == "core"

    @property
    def statements(self) -> list[str]:
        """Every wording that counts as this claim: the claim itself, then its accepted alternatives."""
        return [self.text, *self.alternatives]


class Misconception(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    contradicts: str = Field(description="The id of the claim it contradicts")
    correction: str
    paraphrase: str = ""


class QuestionRubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The corpus record id")
    question: str
    claims: list[Claim] = Field(min_length=1)
    misconceptions: list[Misconception] = Field(default_factory=list)
    rephrasing: str = ""
    correction: str | None = Field(default=None, description="Shown next to a seed reference that is wrong")
    authored_by: str
    reviewed_by: str | None = None
    written: date

    @model_validator(mode="after")
    def _consistent(self) -> "QuestionRubric":
        ids = [c.id for c in self.claims]
        if len(set(ids)) != len(ids):
            raise ValueError(f"claim ids repeat in {self.id}")
        for m in self.misconceptions:
            if m.contradicts not in ids:
                raise ValueError(f"misconception in {self.id} contradicts unknown claim {m.contradicts!r}")
        if not any(c.core for c in self.claims):
            raise ValueError(f"{self.id} has no core claim")
        return self

    @property
    def core_claims(self) -> list[Claim]:
        return [c for c in self.claims if c.core]

    @property
    def detail_claims(self) -> list[Claim]:
        return [c for c in self.claims if not c.core]

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def focused(self, claim_texts: list[str]) -> "QuestionRubric | None":
        """The rubric of a probe: only these claims, each made core, with their misconceptions."""
        kept = [c.model_copy(update={"kind": "core"}) for c in self.claims if c.text in claim_texts]
        if not kept:
            return None
        ids = {c.id for c in kept}
        return self.model_copy(update={"claims": kept,
                                       "misconceptions": [m for m in self.misconceptions if m.contradicts in ids]})

    def misconceptions_of(self, claim_id: str) -> list[Misconception]:
        return [m for m in self.misconceptions if m.contradicts == claim_id]
