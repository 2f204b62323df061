"""The one way to read the authored rubric: `load_rubrics()` -> {record id: QuestionRubric}.

Grading, follow-ups, hints and rephrasing all read it through here. The files are JSON lines, one per
topic, in corpus/rubric/; a line that does not validate stops loading with its file and line, since a
rubric is reviewed data and a silent skip would grade a question against nothing.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .rubric_schema import QuestionRubric

RUBRIC_DIR = Path(__file__).with_name("rubric")


class RubricError(Exception):
    """A rubric file cannot be read or a line does not validate; the message names the file and line."""


def _read(directory: Path) -> dict[str, QuestionRubric]:
    rubrics: dict[str, QuestionRubric] = {}
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rubric = QuestionRubric.model_validate(json.loads(line))
            except (ValueError, ValidationError) as error:
                raise RubricError(f"{path.name} line {number}: {error}") from None
            if rubric.id in rubrics:
                raise RubricError(f"{path.name} line {number}: record {rubric.id} already has a rubric")
            rubrics[rubric.id] = rubric
    return rubrics


@lru_cache(maxsize=4)
def _cached(directory: str) -> dict[str, QuestionRubric]:
    return _read(Path(directory))


def load_rubrics(directory: Path | None = None) -> dict[str, QuestionRubric]:
    """Every authored rubric, by record id (read once per process; the files ship with the package)."""
    return _cached(str(directory or RUBRIC_DIR))


def rubric_for(record_id: str | None, directory: Path | None = None) -> QuestionRubric | None:
    if not record_id:
        return None
    return load_rubrics(directory).get(record_id)
