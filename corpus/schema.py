"""The record schema shared by every layer: what a parsed question looks like.

Parsers emit `RawItem`s (one question as its source file states it); the build step turns them into
`Record`s (key points, topic, merged references, a stable id).
"""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Difficulty(str, Enum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


class Kind(str, Enum):
    concept = "concept"
    coding = "coding"
    design = "design"
    behavioural = "behavioural"


# The shared topic taxonomy. Order matters only for display.
TOPICS: tuple[str, ...] = (
    "python",
    "numpy-pandas",
    "statistics-probability",
    "linear-algebra",
    "ml-fundamentals",
    "classical-models",
    "ensembles",
    "unsupervised",
    "deep-learning",
    "nlp-transformers",
    "llm-genai",
    "evaluation-metrics",
    "data-prep",
    "mlops-production",
    "system-design",
    "coding",
    "visualization",
    "career",
)

# Flags a record may carry; each says why a reference is weaker than it looks.
FLAGS: tuple[str, ...] = (
    "unanswered",  # the source has no answer: the rubric comes from retrieval
    "short_reference",  # the answer is too short to grade against on its own
    "math_lost",  # formulas were stripped in the source (002 ch. 5, 004)
    "missing_figure",  # the answer refers to an image that is not there
    "code_in_answer",  # the answer holds code (removed from key points)
    "code_in_words",  # code spelled out in words (003)
    "symbols_lost",  # 004 lost every ASCII '-' and '|'
    "title_as_question",  # 004 topic title rephrased as a question
    "stem_prepended",  # 002 tagged child question with its stem put in front
    "outdated",  # the answer recommends a removed API
    "reference_unusable",  # the source's answer is only code or filler: graded like an unanswered one
    "corrected",  # a reference states something wrong: its correction note is shown with it
    "conflicting_references",  # a reference contradicts another record's reference (`conflicts_with`)
)


class RawItem(BaseModel):
    """One question exactly as a parser found it in a source file."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Source file name, e.g. 000_6ff19111a328e836.txt")
    question: str = Field(description="The question text, whitespace-normalised, one line")
    answer: str | None = Field(
        default=None,
        description="The answer with copy artifacts and boilerplate removed; paragraphs and bullet "
        "items separated by newlines; None when the source gives no answer",
    )
    line_start: int = Field(description="1-based first line of the question in the file (or in `part`)")
    line_end: int = Field(description="1-based last line of the answer (inclusive)")
    part: str | None = Field(
        default=None,
        description="For 002 only: the inner file path; line numbers then count within that file",
    )
    section: str | None = Field(default=None, description="Chapter/section heading the source puts it under")
    title: str | None = Field(default=None, description="Original title when the question was rephrased (004)")
    difficulty: Difficulty | None = Field(default=None, description="Only when the source states it")
    kind: Kind | None = Field(default=None, description="Only when the source makes it plain (coding tasks)")
    flags: list[str] = Field(default_factory=list)


class Reference(BaseModel):
    """One source's answer to a record's question, with where it came from."""

    model_config = ConfigDict(extra="forbid")

    source: str
    part: str | None = None
    line_start: int
    line_end: int
    question: str = Field(description="The question as this source words it")
    text: str
    key_points: list[str] = Field(default_factory=list, description="This answer reduced to checkable points")
    correction_note: str | None = Field(
        default=None, description="A known factual error in this answer and the correct fact, shown next to it"
    )

    @property
    def location(self) -> str:
        where = f"{self.part}, " if self.part else ""
        return f"{self.source} ({where}lines {self.line_start}-{self.line_end})"


class Record(BaseModel):
    """A corpus question: the unit the interviewer asks and the grader grades against."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    references: list[Reference] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="Every source that asks this question")
    topic: str
    subtopic: str | None = None
    difficulty: Difficulty
    difficulty_estimated: bool
    kind: Kind
    flags: list[str] = Field(default_factory=list)
    key_points: list[str] = Field(default_factory=list)
    title: str | None = None
    original_question: str | None = Field(
        default=None, description="The source's wording when the question asked was reworded to read on its own"
    )
    conflicts_with: list[str] = Field(
        default_factory=list, description="Ids of records whose reference contradicts this record's reference"
    )
    conflict_note: str | None = Field(default=None, description="What the references disagree on, and who is right")

    @property
    def answered(self) -> bool:
        return bool(self.references)

    @property
    def model_answer(self) -> str:
        """The reference shown to the candidate: the first (canonical) source's answer."""
        return self.references[0].text if self.references else ""
