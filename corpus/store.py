"""Load the built corpus: the one way every other layer reads questions."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .schema import Record

DEFAULT_CORPUS = Path(__file__).parent / "questions.jsonl"


class CorpusError(Exception):
    """The corpus file is missing or unreadable; the message says how to fix it."""


@dataclass
class Corpus:
    records: list[Record]
    content_hash: str
    by_id: dict[str, Record] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.records}

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> Record | None:
        return self.by_id.get(record_id)

    def find_prefix(self, prefix: str) -> list[Record]:
        """Records whose id starts with `prefix` (ids are long; users type the first few characters)."""
        return [r for r in self.records if r.id.startswith(prefix)]

    @property
    def topics(self) -> list[str]:
        return sorted({r.topic for r in self.records})


def load_corpus(path: Path | None = None) -> Corpus:
    path = path or DEFAULT_CORPUS
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"No corpus at {path}. Run `mockinterview corpus build` to create it.") from None
    records = []
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(Record.model_validate_json(line))
        except ValueError as error:
            raise CorpusError(
                f"{path}, line {number}: not a valid record ({error.__class__.__name__}). "
                "Run `mockinterview corpus build` to rebuild it."
            ) from None
    return Corpus(records=records, content_hash=hashlib.sha256(raw).hexdigest()[:16])


@lru_cache(maxsize=4)
def correction_notes(path: Path | None = None) -> dict[str, str]:
    """Reference text -> its correction note, for the front ends to show next to a model answer: the
    reviewed rubric's correction where it has one, else the note the corpus build attached."""
    from .rubrics import RubricError, load_rubrics

    try:
        corpus = load_corpus(path)
    except CorpusError:
        return {}
    try:
        rubrics = load_rubrics()
    except RubricError:
        rubrics = {}
    notes = {ref.text: ref.correction_note for r in corpus.records for ref in r.references if ref.correction_note}
    for record in corpus.records:
        authored = rubrics.get(record.id)
        if authored is not None and authored.correction and record.references:
            notes[record.references[0].text] = authored.correction
    return notes


def correction_for(model_answer: str, path: Path | None = None) -> str | None:
    """The correction note of the reference whose text is `model_answer`, if it carries one."""
    return correction_notes(path).get(model_answer) if model_answer else None
