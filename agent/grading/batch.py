"""Batch grading of JSONL lines: the engine behind `mockinterview grade` (a stable public interface).

Every non-blank input line gets exactly one output record, in input order, and every record is strict
JSON (no NaN or Infinity) in valid UTF-8. A line that cannot be graded (bad JSON, a number out of range,
invalid text, a grading error) gets an `error` field and the batch goes on. Each record carries `line`
(its input line number) and `input_hash` (a hash of the input line) so `--resume` can tell which lines
are done (`batch_output.py`).

Lines are graded in groups so the embedding model sees one batch per group; a grader may ask for smaller
groups (the LLM grader asks for one line at a time, so each result is written as soon as it exists).
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .rubric import Rubric, lookup_rubric, rubric_for_text
from .schema import Grade

MAX_LINE_BYTES = 1_000_000
MAX_QUESTION_CHARS = 2_000
BATCH_SIZE = 32
ERROR_DETAIL_CHARS = 200

_SURROGATE = re.compile(r"[\ud800-\udfff]")  # json.loads pairs valid ones, so any left is a lone one


class LineError(ValueError):
    pass


@dataclass(frozen=True)
class InputLine:
    number: int  # 1-based line number in the input
    raw: bytes  # without its line ending
    digest: str  # what --resume matches: the same bytes give the same digest


def line_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def split_input(data: bytes) -> list[InputLine]:
    """The non-blank lines of a JSONL file. Splits on "\\n" only: U+2028 and friends are legal inside
    JSON strings, so str.splitlines would cut a valid line in two."""
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, as spreadsheets write
    return [InputLine(number, raw, line_digest(raw))
            for number, raw in enumerate((part.removesuffix(b"\r") for part in data.split(b"\n")), start=1)
            if raw.strip()]


def number_lines(lines: Iterable[str | bytes]) -> Iterator[InputLine]:
    """Lines given one by one (an API caller, a test): numbered and hashed like `split_input`."""
    for number, line in enumerate(lines, start=1):
        raw = line if isinstance(line, bytes) else line.encode("utf-8", errors="surrogatepass")
        raw = raw.removesuffix(b"\n").removesuffix(b"\r")
        if raw.strip():
            yield InputLine(number, raw, line_digest(raw))


# ----- parsing ---------------------------------------------------------------------------------------

class _OutOfRange:
    """A number strict JSON cannot carry back out (NaN, Infinity, 1e400, a 5,000-digit integer)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _parse_int(text: str) -> int | _OutOfRange:
    try:
        return int(text)
    except ValueError:  # past Python's limit on digits in an integer (4,300)
        return _OutOfRange(text)


def _parse_float(text: str) -> float | _OutOfRange:
    value = float(text)
    return value if math.isfinite(value) else _OutOfRange(text)


def _load(text: str) -> Any:
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_OutOfRange)


def _field_name(path: tuple) -> str:
    return ".".join(str(part) for part in path) or "the line"


def sanitize(value: Any, path: tuple = ()) -> tuple[Any, list[str]]:
    """The value with what strict JSON and UTF-8 cannot carry replaced (numbers by null, lone surrogates
    by U+FFFD), and a description of each replacement."""
    if isinstance(value, _OutOfRange):
        shown = value.text if len(value.text) <= 20 else f"a {len(value.text):,}-character number"
        return None, [f"'{_field_name(path)}' holds {shown}, which strict JSON cannot carry"]
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value), [f"'{_field_name(path)}' holds invalid text (a lone surrogate)"]
        return value, []
    if isinstance(value, list):
        items, problems = [], []
        for position, item in enumerate(value):
            clean, found = sanitize(item, (*path, position))
            items.append(clean)
            problems += found
        return items, problems
    if isinstance(value, dict):
        items, problems = {}, []
        for key, item in value.items():
            clean_key = _SURROGATE.sub("\ufffd", key)
            if clean_key != key:
                where = f" in '{_field_name(path)}'" if path else ""
                problems.append(f"a key{where} holds invalid text (a lone surrogate)")
            clean, more = sanitize(item, (*path, clean_key))
            items[clean_key] = clean
            problems += more
        return items, problems
    return value, []


def parse_line(line: InputLine) -> tuple[dict, str | None]:
    """The line's object (for grading and echoing) and why it cannot be graded, if it cannot.

    The object is always safe to echo: when the line is not an object, or not JSON, it is {}.
    """
    if len(line.raw) > MAX_LINE_BYTES:
        return {}, f"line is over {MAX_LINE_BYTES // 1000} KB"
    try:
        text = line.raw.decode("utf-8")
        problem = None
    except UnicodeDecodeError as error:
        text = line.raw.decode("utf-8", errors="replace")
        problem = f"not valid UTF-8 (byte 0x{line.raw[error.start]:02x} at position {error.start})"
    try:
        item = _load(text)
        item, problems = sanitize(item)
    except json.JSONDecodeError as error:
        return {}, problem or f"not valid JSON ({error.msg} at column {error.colno})"
    except RecursionError:
        return {}, "JSON nested too deeply"
    if not isinstance(item, dict):
        return {}, problem or "a line must be a JSON object"
    problem = problem or (problems[0] if problems else None) or validate(item)
    return item, problem


def validate(item: dict) -> str | None:
    question, answer, reference = item.get("question"), item.get("answer"), item.get("reference")
    if not isinstance(question, str) or not question.strip():
        return "missing 'question' (a non-empty string)"
    if len(question) > MAX_QUESTION_CHARS:
        return f"'question' is over {MAX_QUESTION_CHARS} characters"
    if not isinstance(answer, str):
        return "missing 'answer' (a string; it may be empty)"
    if reference is not None and not isinstance(reference, str):
        return "'reference' must be a string when given"
    return None


# ----- output ----------------------------------------------------------------------------------------

def _value(field: Any) -> Any:
    return getattr(field, "value", field)


def grade_fields(grade: Grade) -> dict:
    score = getattr(grade, "score", None)  # None: the grader left the answer ungraded (reason in flags)
    return {
        "score": score,
        "verdict": _value(grade.verdict),
        "covered": [{"point": p.point, "evidence": p.evidence, "confidence": p.confidence} for p in grade.covered],
        "missed": [{"point": p.point, "contradicted": p.contradicted} for p in grade.missed],
        "feedback": grade.feedback,
        "backend": grade.backend,
        "flags": grade.flags,
        **({"backend_note": grade.backend_note} if grade.backend_note else {}),
    }


def to_json_line(record: dict) -> str:
    """Strict JSON in one line: raises ValueError on NaN/Infinity, UnicodeEncodeError on lone surrogates."""
    text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")
    return text


def _checked(record: dict, line: InputLine) -> dict:
    """The record itself when it serialises strictly, else an error record without the echo."""
    try:
        to_json_line(record)
        return record
    except (ValueError, TypeError, RecursionError) as error:
        return {"line": line.number, "input_hash": line.digest,
                "error": f"the result could not be written as strict JSON ({type(error).__name__})"}


def _error_detail(error: Exception) -> str:
    text = " ".join(str(error).split())[:ERROR_DETAIL_CHARS]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


# ----- grading ---------------------------------------------------------------------------------------

def grade_lines(lines: Iterable[str | bytes], grader, index, *, batch_size: int | None = None) -> Iterator[dict]:
    """Yield one output object per non-blank input line, in input order."""
    yield from grade_input(number_lines(lines), grader, index, batch_size=batch_size)


def grade_input(lines: Iterable[InputLine], grader, index, *, batch_size: int | None = None) -> Iterator[dict]:
    """Yield one output object per input line, in input order; never raises for a line's content."""
    rubrics: dict[tuple[str, str | None], Rubric] = {}
    pending: list[tuple[InputLine, dict, Rubric | None, str | None]] = []

    def head(line: InputLine) -> dict:
        return {"line": line.number, "input_hash": line.digest}

    def flush() -> Iterator[dict]:
        gradable = [(line, item, rubric) for line, item, rubric, error in pending if error is None]
        grades = _grade_group(grader, [(rubric, item["answer"]) for _, item, rubric in gradable])
        results = {id(line): result for (line, _, _), result in zip(gradable, grades)}
        for line, item, _, error in pending:
            result = results.get(id(line))
            if error is None and isinstance(result, Exception):
                error = f"grading failed ({_error_detail(result)})"
            record = {**item, **head(line), "error": error} if error is not None else \
                {**item, **head(line), **grade_fields(result)}
            yield _checked(record, line)
        pending.clear()

    for line in lines:
        item, error = parse_line(line)
        rubric = None
        if error is None:
            try:
                key = (item["question"].strip(), item.get("reference"))
                if key not in rubrics:
                    reference = item.get("reference")
                    rubrics[key] = (rubric_for_text(key[0], reference) if reference and reference.strip()
                                    else lookup_rubric(key[0], index))
                rubric = rubrics[key]
            except Exception as caught:  # one question the retrieval cannot handle must not end the batch
                error = f"could not build a rubric ({_error_detail(caught)})"
        pending.append((line, item, rubric, error))
        if len(pending) >= (batch_size or getattr(grader, "batch_size", BATCH_SIZE)):
            yield from flush()
    if pending:
        yield from flush()


def _grade_group(grader, items: list[tuple[Rubric, str]]) -> list[Grade | Exception]:
    """Grades for a group; when the group fails, each item alone, so one bad answer costs one line."""
    if not items:
        return []
    try:
        grades = list(grader.grade_many(items))
    except Exception as error:
        if len(items) == 1:
            return [error]
    else:
        if len(grades) == len(items):
            return grades
        if len(items) == 1:
            return [RuntimeError(f"the grader returned {len(grades)} grades for 1 answer")]
    results: list[Grade | Exception] = []
    for item in items:
        try:
            results.append(grader.grade_many([item])[0])
        except Exception as error:
            results.append(error)
    return results
