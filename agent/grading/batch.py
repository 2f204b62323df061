"""Batch grading of JSONL lines: the engine behind `mockinterview grade` (a stable public interface).

Each line is graded on its own merits; a line that cannot be graded gets an `error` field and the batch
goes on. Lines are graded in groups so the embedding model sees one batch per group.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .rubric import Rubric, lookup_rubric, rubric_for_text
from .schema import Grade

MAX_LINE_BYTES = 1_000_000
MAX_QUESTION_CHARS = 2_000
BATCH_SIZE = 32


class LineError(ValueError):
    pass


def parse_line(raw: str) -> dict:
    if len(raw.encode("utf-8", errors="replace")) > MAX_LINE_BYTES:
        raise LineError(f"line is over {MAX_LINE_BYTES // 1000} KB")
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise LineError("JSON nested too deeply") from None
    if not isinstance(item, dict):
        raise LineError("a line must be a JSON object")
    validate(item)
    return item


def validate(item: dict) -> None:
    question, answer, reference = item.get("question"), item.get("answer"), item.get("reference")
    if not isinstance(question, str) or not question.strip():
        raise LineError("missing 'question' (a non-empty string)")
    if len(question) > MAX_QUESTION_CHARS:
        raise LineError(f"'question' is over {MAX_QUESTION_CHARS} characters")
    if not isinstance(answer, str):
        raise LineError("missing 'answer' (a string; it may be empty)")
    if reference is not None and not isinstance(reference, str):
        raise LineError("'reference' must be a string when given")


def grade_fields(grade: Grade) -> dict:
    return {
        "score": grade.score,
        "verdict": grade.verdict.value,
        "covered": [{"point": p.point, "evidence": p.evidence, "confidence": p.confidence} for p in grade.covered],
        "missed": [{"point": p.point, "contradicted": p.contradicted} for p in grade.missed],
        "feedback": grade.feedback,
        "backend": grade.backend,
        "flags": grade.flags,
        **({"backend_note": grade.backend_note} if grade.backend_note else {}),
    }


def grade_lines(lines: Iterable[str], grader, index, *, batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """Yield one output object per non-blank input line, in input order."""
    rubrics: dict[tuple[str, str | None], Rubric] = {}
    pending: list[tuple[int, dict, Rubric | None, str | None]] = []

    def flush() -> Iterator[dict]:
        gradable = [(item, rubric) for _, item, rubric, error in pending if error is None]
        grades = iter(grader.grade_many([(rubric, item["answer"]) for item, rubric in gradable]) if gradable else [])
        for number, item, rubric, error in pending:
            if error is not None:
                yield {**item, "line": number, "error": error}
            else:
                yield {**item, **grade_fields(next(grades))}
        pending.clear()

    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            item = parse_line(raw)
            key = (item["question"].strip(), item.get("reference"))
            if key not in rubrics:
                reference = item.get("reference")
                rubrics[key] = (rubric_for_text(key[0], reference) if reference and reference.strip()
                                else lookup_rubric(key[0], index))
            pending.append((number, item, rubrics[key], None))
        except LineError as error:
            # Echo what could be read of the line, so the output still lines up with the input.
            try:
                echo = json.loads(raw) if len(raw) <= MAX_LINE_BYTES else {}
            except (ValueError, RecursionError):
                echo = {}
            pending.append((number, echo if isinstance(echo, dict) else {}, None, str(error)))
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()
