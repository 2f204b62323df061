"""Real human-graded short answers (../shared/data/asag): the data the grader is trained and judged on.

Which rows may be used for what is decided here, once:
- training: the `train` splits of the clearly licensed sets (SemEval-2013 SciEntsBank and Beetle,
  CC BY-SA 3.0; SAF communication networks, MIT / CC BY 4.0);
- held-out evaluation: each of those sets' `test-unseen-questions` split (questions never trained on),
  and two whole sets that are never trained on at all (Powergrading, CU-NLP).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

TRAINED_SETS = ("semeval2013_scientsbank", "semeval2013_beetle", "saf_communication_networks_en")
OUTSIDE_SETS = ("powergrading", "cu_nlp")
HELD_OUT_SPLIT = "test-unseen-questions"
SHORT_NAMES = {
    "semeval2013_scientsbank": "SciEntsBank", "semeval2013_beetle": "Beetle",
    "saf_communication_networks_en": "SAF", "powergrading": "Powergrading", "cu_nlp": "CU-NLP",
}


class AsagDataError(Exception):
    """The data folder is missing or unreadable; the message says where it was looked for."""


@dataclass(frozen=True)
class AsagItem:
    dataset: str
    split: str
    question_id: str
    question: str
    references: tuple[str, ...]
    answer: str
    score: float  # 0-1, as graded by people
    label: str = ""
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def question_key(self) -> str:
        return f"{self.dataset}:{self.question_id}"


def default_data_dir() -> Path:
    """MOCKINTERVIEW_ASAG_DIR, else the checkout's sibling folder shared/data/asag."""
    configured = os.environ.get("MOCKINTERVIEW_ASAG_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "asag"


def _references(row: dict) -> tuple[str, ...]:
    listed = (row.get("meta") or {}).get("all_references") or []
    best = [part.strip() for part in str(row.get("reference") or "").split(" || ") if part.strip()]
    # Beetle joins its best references with " || "; they come first, the other good ones after.
    merged = list(dict.fromkeys(best + [str(r).strip() for r in listed if str(r).strip()]))
    return tuple(merged[:4])


def load_dataset(name: str, data_dir: Path | None = None) -> list[AsagItem]:
    path = (data_dir or default_data_dir()) / f"{name}.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise AsagDataError(f"Cannot read {path} ({error.strerror}); set MOCKINTERVIEW_ASAG_DIR to the folder "
                            "holding the human-graded answer sets.") from None
    items = []
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        items.append(AsagItem(
            dataset=row["dataset"], split=row["split"], question_id=str(row["question_id"]),
            question=row.get("question") or "", references=_references(row), answer=row.get("answer") or "",
            score=float(row["score"]), label=str(row.get("label") or ""), meta=row.get("meta") or {},
        ))
    return items


def training_items(data_dir: Path | None = None, *, exclude: tuple[str, ...] = ()) -> list[AsagItem]:
    """The train splits of the licensed sets (less `exclude`, for leave-one-dataset-out)."""
    return [item for name in TRAINED_SETS if name not in exclude
            for item in load_dataset(name, data_dir) if item.split == "train"]


def held_out_items(name: str, data_dir: Path | None = None) -> list[AsagItem]:
    """What a dataset contributes to evaluation: unseen questions of a trained set, or a whole outside set."""
    items = load_dataset(name, data_dir)
    if name in TRAINED_SETS:
        return [item for item in items if item.split == HELD_OUT_SPLIT]
    return [item for item in items if item.references]  # CU-NLP rows without a reference cannot be graded
