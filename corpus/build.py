"""Build the corpus: parse every source, merge duplicates, derive key points, topic, kind, level, id."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .keypoints import extract_key_points
from .merge import group_duplicates
from .parsers import PARSERS
from .schema import Difficulty, RawItem, Record, Reference
from .taxonomy import classify_kind, classify_topic, estimate_difficulty

SOURCES_DIR = Path(__file__).parent / "sources"
CORPUS_PATH = Path(__file__).parent / "questions.jsonl"
SHORT_REFERENCE_WORDS = 25
_FIGURE = re.compile(r"\b(figure|fig\.|diagram|image below|shown below|picture|illustrated below|chart below)\b", re.I)


def parse_sources(sources_dir: Path = SOURCES_DIR) -> list[RawItem]:
    items: list[RawItem] = []
    for name, parse in PARSERS.items():
        items.extend(parse(sources_dir / name))
    return items


def record_id(question: str) -> str:
    """Content-derived and stable: the same question wording always gets the same id."""
    key = " ".join(re.findall(r"\w+", question.lower())) or question.strip()
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


SHORT_ANSWER_WORDS = 12


def _reference(item: RawItem) -> Reference | None:
    """The item's answer as a reference, or None when it holds nothing a grader could check."""
    assert item.answer is not None
    points = extract_key_points(item.question, item.answer)
    if not points and len(item.answer.split()) <= SHORT_ANSWER_WORDS:
        points = [" ".join(item.answer.split())]  # a terse answer ("Hash maps") is its own key point
    if not points:
        return None  # only code or filler (004 lines 1229, 1298): grade it like an unanswered question
    return Reference(
        source=item.source,
        part=item.part,
        line_start=item.line_start,
        line_end=item.line_end,
        question=item.question,
        text=item.answer,
        key_points=points,
    )


def _canonical(group: list[RawItem]) -> RawItem:
    """The wording to ask: a real question beats a rephrased title, an answered item an unanswered one."""
    return min(
        group,
        key=lambda it: ("title_as_question" in it.flags, it.answer is None, "math_lost" in it.flags),
    )


def _flags(group: list[RawItem], references: list[Reference]) -> list[str]:
    flags = {flag for item in group for flag in item.flags}
    if not references:
        flags.add("unanswered")
        if any(item.answer for item in group):
            flags.add("reference_unusable")
    elif len(references[0].text.split()) < SHORT_REFERENCE_WORDS:
        flags.add("short_reference")
    if any(_FIGURE.search(ref.text) for ref in references):
        flags.add("missing_figure")
    return sorted(flags)


def make_record(group: list[RawItem]) -> Record:
    canonical = _canonical(group)
    answered = [it for it in group if it.answer]
    # The canonical item's answer comes first: it is the model answer shown to the candidate.
    answered.sort(key=lambda it: it is not canonical)
    references = [ref for ref in map(_reference, answered) if ref is not None]
    topic, subtopic = classify_topic(canonical.question, canonical.section, canonical.answer)
    kind = next((it.kind for it in group if it.kind), None) or classify_kind(canonical.question)
    stated = next((it.difficulty for it in group if it.difficulty), None)
    difficulty = stated or estimate_difficulty(canonical.question, kind, canonical.answer)
    return Record(
        id=record_id(canonical.question),
        question=canonical.question,
        references=references,
        sources=sorted({it.source for it in group}),
        topic=topic,
        subtopic=subtopic,
        difficulty=Difficulty(difficulty),
        difficulty_estimated=stated is None,
        kind=kind,
        flags=_flags(group, references),
        key_points=references[0].key_points if references else [],
        title=canonical.title,
    )


def build_records(sources_dir: Path = SOURCES_DIR) -> list[Record]:
    items = parse_sources(sources_dir)
    records = [make_record([items[i] for i in group]) for group in group_duplicates(items)]
    seen: dict[str, int] = {}
    for record in records:
        # Two different wordings with the same content words: keep ids unique and still stable.
        count = seen.get(record.id, 0)
        seen[record.id] = count + 1
        if count:
            record.id = f"{record.id}-{count}"
    return records


def dump_jsonl(records: list[Record]) -> str:
    return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n" for r in records)


def write_corpus(records: list[Record], path: Path = CORPUS_PATH) -> Path:
    tmp = path.with_suffix(".jsonl.tmp")
    tmp.write_text(dump_jsonl(records), encoding="utf-8")
    tmp.replace(path)
    return path
