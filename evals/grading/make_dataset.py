"""Build `dataset.jsonl` from the hand-written answers in `answers.txt` and the corpus (deterministic).

`answers.txt` holds every answer a person wrote; items without a body take their text from the corpus
(a record's own reference, another source's reference, another record's reference) or are blank.
Each item gets its record's split: test when a hash of the record id falls under TEST_PERCENT, so
every item of a record lands in the same split and the split never depends on the order of the file.

    python -m mockinterview.evals.grading.make_dataset    # rewrites dataset.jsonl
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from mockinterview.corpus.store import Corpus, load_corpus

HERE = Path(__file__).parent
ANSWERS_PATH = HERE / "answers.txt"
DATASET_PATH = HERE / "dataset.jsonl"
TEST_PERCENT = 43  # records whose id hash falls under this go to test (36% of the 77 records)

# The level of an answer and the range its human label must fall in.
LEVELS: dict[str, tuple[float, float]] = {
    "reference": (10, 10),
    "paraphrase": (9, 10),
    "complete": (9, 10),  # own-words full answer to a question the sources leave unanswered
    "other_source": (3, 9),  # 8-9 normally; lower when that source's answer is a fragment
    "partial_high": (5.5, 7.5),
    "partial_low": (2, 4),
    "factual_error": (3.5, 5),
    "wrong_question": (0, 1),
    "vague": (1, 2),
    "dont_know": (0, 0),
    "empty": (0, 0),
    "gibberish": (0, 0),
    "injection": (0, 1),
    "keyword_list": (1, 3),
}
BLANKS = {"none": "", "spaces": "   ", "newlines": "\n\n", "tabs": "\t \t", "mixed": "  \n \t\n  "}


def split_for(record_id: str) -> str:
    """The split of every item of a record: a stable hash of its id, not the file order."""
    bucket = int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < TEST_PERCENT else "dev"


class AnswerFileError(ValueError):
    pass


def parse_answers(text: str) -> list[dict]:
    """The raw items of answers.txt: record id, level, expected, attributes and body."""
    items: list[dict] = []
    record_id: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("%%"):
            continue
        if line.startswith("@@ "):
            record_id = line[3:].strip()
            continue
        if line.startswith("== "):
            if record_id is None:
                raise AnswerFileError(f"answers.txt line {number}: an item before any '@@ <record id>' line")
            head = line[3:].split()
            if len(head) < 2:
                raise AnswerFileError(f"answers.txt line {number}: expected '== <level> <score> [key=value ...]'")
            attributes = dict(part.split("=", 1) for part in head[2:])
            items.append({"record_id": record_id, "level": head[0], "expected": float(head[1]),
                          "attributes": attributes, "body": [], "line": number})
            continue
        if items and items[-1]["record_id"] == record_id:
            items[-1]["body"].append(line)
        elif line.strip():
            raise AnswerFileError(f"answers.txt line {number}: text outside an item")
    for item in items:
        item["body"] = "\n".join(item["body"]).strip("\n")
    return items


def _answer_text(raw: dict, corpus: Corpus) -> tuple[str, str]:
    """The answer and how it was made."""
    record = corpus.get(raw["record_id"])
    attributes = raw["attributes"]
    where = f"answers.txt line {raw['line']}"
    if raw["body"].strip():
        return raw["body"], "hand_written"
    if raw["level"] == "empty":
        return BLANKS[attributes.get("blank", "none")], "blank"
    if "from" in attributes:
        other = corpus.get(attributes["from"])
        if other is None or not other.references:
            raise AnswerFileError(f"{where}: from={attributes['from']} is not an answered record")
        return other.references[0].text, "other_record_text"
    if raw["level"] in ("reference", "other_source"):
        position = int(attributes.get("ref", 0 if raw["level"] == "reference" else 1))
        if position >= len(record.references):
            raise AnswerFileError(f"{where}: record {record.id} has no reference {position}")
        return record.references[position].text, "source_text"
    raise AnswerFileError(f"{where}: a {raw['level']} item needs an answer")


def build_items(corpus: Corpus, text: str) -> list[dict]:
    items, counts = [], Counter()
    for raw in parse_answers(text):
        record = corpus.get(raw["record_id"])
        where = f"answers.txt line {raw['line']}"
        if record is None:
            raise AnswerFileError(f"{where}: no record {raw['record_id']} in the corpus")
        low, high = LEVELS.get(raw["level"], (None, None))
        if low is None:
            raise AnswerFileError(f"{where}: unknown level {raw['level']!r}; levels are {', '.join(LEVELS)}")
        if not low <= raw["expected"] <= high:
            raise AnswerFileError(f"{where}: {raw['level']} expects a score in [{low}, {high}]")
        answer, method = _answer_text(raw, corpus)
        counts[(record.id, raw["level"])] += 1
        item = {
            "id": f"{record.id}-{raw['level']}-{counts[(record.id, raw['level'])]}",
            "record_id": record.id,
            "question": record.question,
            "answer": answer,
            "expected": raw["expected"],
            "level": raw["level"],
            "method": method,
            "split": split_for(record.id),
            "topic": record.topic,
            "style": raw["attributes"].get("style"),
        }
        items.append(item)
    return items


def write_dataset(items: list[dict], path: Path = DATASET_PATH) -> Path:
    lines = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    items = build_items(load_corpus(), ANSWERS_PATH.read_text(encoding="utf-8"))
    path = write_dataset(items)
    records = {i["record_id"]: i["split"] for i in items}
    test = sum(split == "test" for split in records.values())
    print(f"Wrote {len(items)} items over {len(records)} records ({test} test records) to {path}")
    for level, count in sorted(Counter(i["level"] for i in items).items()):
        print(f"  {level:16} {count:4}")


if __name__ == "__main__":
    main()
