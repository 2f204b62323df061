"""Per-record fixes read by hand, kept as data (`overrides.toml`) and applied by the build.

Rules fix what a rule can state; what is left (a question that needs its library named, a wrong fact,
two references that disagree, a rubric a rule cannot repair) is fixed here, one entry per record, each
with the reason it exists. An entry looks like:

    [[record]]
    id = "02944648b17d"
    reason = "Redis Cluster shards by hash slots and redirects clients; the answer says otherwise"
    question = "..."                        # optional: the wording to ask (the source's is kept)
    topic = "..."  difficulty = "..."  kind = "..."   # optional re-labels
    conflicts_with = ["..."]  conflict_note = "..."    # optional: a contradiction with another record
    [[record.reference]]                    # optional, one per reference to change
    source = "004"                          # a prefix of the reference's source file name
    first = true                            # show this reference first (it is the correct one)
    key_points = ["...", "..."]             # replace this reference's key points
    correction_note = "..."                 # shown next to this answer

An override must name an existing record and reference and must change something: `stale` lists the
entries that no longer do, and a test keeps that list empty.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .schema import TOPICS, Difficulty, Kind, Record

OVERRIDES_PATH = Path(__file__).parent / "overrides.toml"
RECORD_FIELDS = {"id", "reason", "question", "topic", "difficulty", "kind", "conflicts_with", "conflict_note",
                 "reference"}
REFERENCE_FIELDS = {"source", "first", "key_points", "correction_note"}
MAX_POINT_CHARS = 299


class OverrideError(ValueError):
    """An override that cannot be applied; the message names the entry and what is wrong."""


@dataclass
class ReferenceOverride:
    source: str
    first: bool = False
    key_points: list[str] | None = None
    correction_note: str | None = None


@dataclass
class Override:
    id: str
    reason: str
    question: str | None = None
    topic: str | None = None
    difficulty: str | None = None
    kind: str | None = None
    conflicts_with: list[str] = field(default_factory=list)
    conflict_note: str | None = None
    references: list[ReferenceOverride] = field(default_factory=list)


def _check(entry: dict, allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise OverrideError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(allowed)}")


def parse_overrides(text: str) -> list[Override]:
    data = tomllib.loads(text)
    if set(data) - {"record"}:
        raise OverrideError(f"overrides: unknown top-level key(s) {sorted(set(data) - {'record'})}")
    overrides = []
    seen: set[str] = set()
    for number, entry in enumerate(data.get("record", []), start=1):
        where = f"override {number} ({entry.get('id', '?')})"
        _check(entry, RECORD_FIELDS, where)
        if not entry.get("id") or not str(entry.get("reason", "")).strip():
            raise OverrideError(f"{where}: every override needs an `id` and a `reason`")
        if entry["id"] in seen:
            raise OverrideError(f"{where}: a second entry for the same record; merge them")
        seen.add(entry["id"])
        if entry.get("topic") is not None and entry["topic"] not in TOPICS:
            raise OverrideError(f"{where}: topic {entry['topic']!r} is not in the taxonomy")
        if entry.get("difficulty") is not None:
            Difficulty(entry["difficulty"])
        if entry.get("kind") is not None:
            Kind(entry["kind"])
        references = []
        for ref in entry.get("reference", []):
            _check(ref, REFERENCE_FIELDS, where)
            points = ref.get("key_points")
            if points is not None and not (1 <= len(points) <= 8 and all(0 < len(p) <= MAX_POINT_CHARS for p in points)):
                raise OverrideError(f"{where}: key_points must be 1-8 points of 1-{MAX_POINT_CHARS} characters")
            references.append(ReferenceOverride(**ref))
        fields = {k: v for k, v in entry.items() if k != "reference"}
        overrides.append(Override(**fields, references=references))
    return overrides


def load_overrides(path: Path = OVERRIDES_PATH) -> list[Override]:
    if not path.exists():
        return []
    return parse_overrides(path.read_text(encoding="utf-8"))


def _reference_index(record: Record, source: str, where: str) -> int:
    matches = [i for i, ref in enumerate(record.references) if ref.source.startswith(source)]
    if len(matches) != 1:
        raise OverrideError(f"{where}: {len(matches)} references of {record.id} come from {source!r}")
    return matches[0]


def changes(record: Record, override: Override) -> list[str]:
    """What the override would change on this record (empty: the override is stale)."""
    where = f"override {override.id}"
    changed = []
    if override.question is not None and override.question != record.question:
        changed.append("question")
    for name in ("topic", "difficulty", "kind"):
        value = getattr(override, name)
        current = getattr(record, name)
        if value is not None and value != getattr(current, "value", current):
            changed.append(name)
    if override.conflicts_with and not set(override.conflicts_with) <= set(record.conflicts_with):
        changed.append("conflicts_with")
    if override.conflict_note is not None and override.conflict_note != record.conflict_note:
        changed.append("conflict_note")
    for ref_override in override.references:
        index = _reference_index(record, ref_override.source, where)
        ref = record.references[index]
        if ref_override.first and index != 0:
            changed.append(f"first:{ref_override.source}")
        if ref_override.key_points is not None and ref_override.key_points != ref.key_points:
            changed.append(f"key_points:{ref_override.source}")
        if ref_override.correction_note is not None and ref_override.correction_note != ref.correction_note:
            changed.append(f"correction_note:{ref_override.source}")
    return changed


def apply_override(record: Record, override: Override, known_ids: set[str]) -> None:
    where = f"override {override.id}"
    if override.question is not None and override.question != record.question:
        record.original_question = record.original_question or record.question
        record.question = override.question
    if override.topic is not None:
        record.topic = override.topic
        record.subtopic = None  # the rule's cue no longer names the topic
    if override.difficulty is not None:
        record.difficulty = Difficulty(override.difficulty)
        record.difficulty_estimated = False
    if override.kind is not None:
        record.kind = Kind(override.kind)
    for other in override.conflicts_with:
        if other not in known_ids:
            raise OverrideError(f"{where}: conflicts_with names no record {other!r}")
    record.conflicts_with = sorted(set(record.conflicts_with) | set(override.conflicts_with))
    if override.conflict_note is not None:
        record.conflict_note = override.conflict_note
    for ref_override in override.references:
        index = _reference_index(record, ref_override.source, where)
        ref = record.references[index]
        if ref_override.key_points is not None:
            ref.key_points = list(ref_override.key_points)
        if ref_override.correction_note is not None:
            ref.correction_note = ref_override.correction_note
        if ref_override.first:
            record.references.insert(0, record.references.pop(index))
    record.key_points = list(record.references[0].key_points) if record.references else []
    flags = set(record.flags)
    if any(ref.correction_note for ref in record.references):
        flags.add("corrected")
    if record.conflicts_with:
        flags.add("conflicting_references")
    record.flags = sorted(flags)


def apply_overrides(records: list[Record], overrides: list[Override]) -> list[Record]:
    """Apply every override in place; conflicts are made mutual. Unknown ids are an error."""
    by_id = {r.id: r for r in records}
    for override in overrides:
        if override.id not in by_id:
            raise OverrideError(f"override {override.id}: no record has this id (stale: remove or re-key it)")
        apply_override(by_id[override.id], override, set(by_id))
    for record in records:
        for other in record.conflicts_with:
            peer = by_id[other]
            if record.id not in peer.conflicts_with:
                peer.conflicts_with = sorted(set(peer.conflicts_with) | {record.id})
                peer.conflict_note = peer.conflict_note or record.conflict_note
                peer.flags = sorted(set(peer.flags) | {"conflicting_references"})
    return records


def stale(records: list[Record], overrides: list[Override]) -> list[str]:
    """Overrides that name no record or change nothing on the records built without them."""
    by_id = {r.id: r for r in records}
    problems = []
    for override in overrides:
        record = by_id.get(override.id)
        if record is None:
            problems.append(f"{override.id}: no such record")
            continue
        try:
            if not changes(record, override):
                problems.append(f"{override.id}: changes nothing ({override.reason})")
        except OverrideError as error:
            problems.append(str(error))
    return problems
