"""Build the corpus: parse every source, merge duplicates, derive key points, topic, kind, level, id."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .hyphens import SOURCE as HYPHENLESS_SOURCE
from .hyphens import repair
from .keypoints import extract_key_points
from .merge import group_duplicates
from .overrides import OVERRIDES_PATH, apply_overrides, load_overrides
from .parsers import PARSERS
from .pointrules import strip_markup
from .questions import strip_title_prefix
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


def _readable(text: str, source: str) -> str:
    """004 lost its hyphens: put them back in what the candidate reads (the line spans still hold)."""
    return repair(text) if source == HYPHENLESS_SOURCE else text


def _reference(item: RawItem) -> Reference | None:
    """The item's answer as a reference, or None when it holds nothing a grader could check."""
    assert item.answer is not None
    question, answer = _readable(item.question, item.source), _readable(item.answer, item.source)
    points = extract_key_points(question, answer)
    if not points and len(answer.split()) <= SHORT_ANSWER_WORDS:
        points = [strip_markup(" ".join(answer.split()))]  # a terse answer ("Hash maps") is its own key point
    if not points:
        return None  # only code or filler (004 lines 1229, 1298): grade it like an unanswered question
    return Reference(
        source=item.source,
        part=item.part,
        line_start=item.line_start,
        line_end=item.line_end,
        question=question,
        text=answer,
        key_points=points,
    )


def asked_question(item: RawItem) -> str:
    """The wording to ask: hyphens put back (004), a stray title in front dropped (002 stems)."""
    return strip_title_prefix(_readable(item.question, item.source))


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
    question = asked_question(canonical)
    return Record(
        # The id stays derived from the source's wording, so rewording a question never re-keys it.
        id=record_id(canonical.question),
        question=question,
        original_question=canonical.question if question != canonical.question else None,
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


def build_records(sources_dir: Path = SOURCES_DIR, overrides_path: Path | None = OVERRIDES_PATH) -> list[Record]:
    """Every record, with the reviewed overrides applied (`overrides_path=None`: the rules alone)."""
    records = build_rule_records(sources_dir)
    if overrides_path is not None:
        apply_overrides(records, load_overrides(overrides_path))
    return records


def build_rule_records(sources_dir: Path = SOURCES_DIR) -> list[Record]:
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
