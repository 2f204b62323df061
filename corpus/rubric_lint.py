"""The checks that keep the authored rubric honest; `mockinterview corpus lint` counts them and a test
keeps every count at zero.

Giving away is measured on conclusion words: a claim's content words that the question does not
already hold. A probe or a hint may name the question's subject, but not a third of what the claim
concludes.
"""
from __future__ import annotations

import re

from .lint import Defect
from .rubric_schema import Claim, QuestionRubric
from .schema import Record

RUBRIC_CLASSES: dict[str, str] = {
    "rubric_missing": "answered record without an authored rubric",
    "rubric_orphan": "rubric for an id that is not an answered record",
    "rubric_question_mismatch": "rubric's question differs from the record's",
    "rubric_claim_count": "rubric holds fewer than 2 or more than 5 claims",
    "claim_not_a_claim": "claim is a heading, a question, a how-to step or not one sentence",
    "claim_without_probe": "core claim without a probe question",
    "claim_without_hints": "core claim without two hints",
    "probe_gives_away": "probe holds over a third of its claim's conclusion words",
    "hint_gives_away": "hint holds over a third of its claim's conclusion words",
    "misconception_count": "rubric holds no misconception, or more than 3",
    "misconception_near_copy": "misconception is a near-copy of a claim (word overlap)",
    "rephrasing_missing": "no rephrasing, or it repeats the question",
}

_STOP = frozenset("""a an the and or but if then else of to in on at by for with from as is are was were be been
being this that these those it its they them their there here which who whom whose what when where why how
can could would should will shall may might must do does did done doing have has had having not no nor so
such than too very just also only more most less least much many any some each every other another into
onto over under about above below between through during before after again further once same own you
your yours we our us i me my he she his her him one ones both all few""".split())
_HOW_TO = frozenset("""define use create import set call run choose fit train split apply load install write add
initialize instantiate print pass plot check make open read convert specify select iterate loop declare""".split())
GIVE_AWAY_SHARE = 1 / 3
NEAR_COPY_OVERLAP = 0.75


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9][a-z0-9_+\-]*", text.lower()) if w not in _STOP and len(w) > 1}


def conclusion_words(claim: str, question: str) -> set[str]:
    return content_stems(claim) - content_stems(question)


def gives_away(text: str, claim: str, question: str) -> bool:
    """True when `text` holds more than a third of what `claim` concludes beyond the question."""
    conclusion = conclusion_words(claim, question)
    return bool(conclusion) and len(content_stems(text) & conclusion) / len(conclusion) > GIVE_AWAY_SHARE


def is_claim_sentence(text: str) -> bool:
    words = text.split()
    stripped = text.rstrip()
    return (5 <= len(words) <= 40 and stripped.endswith((".", ")")) and not stripped.endswith(("?", ":"))
            and words[0].lower().strip(",") not in _HOW_TO)


def _claim_defects(claim: Claim, question: str, add) -> None:
    if not is_claim_sentence(claim.text):
        add("claim_not_a_claim", claim.text)
    if not claim.core:
        return
    if not (claim.probe or "").strip().endswith("?"):
        add("claim_without_probe", claim.text)
    elif gives_away(claim.probe, claim.text, question):
        add("probe_gives_away", claim.probe)
    if len([h for h in claim.hints if h.strip()]) != 2:
        add("claim_without_hints", claim.text)
    for hint in claim.hints:
        if gives_away(hint, claim.text, question):
            add("hint_gives_away", hint)


def rubric_defects(rubric: QuestionRubric, record: Record | None) -> list[Defect]:
    found: list[Defect] = []

    def add(kind: str, text: str) -> None:
        found.append(Defect(kind, rubric.id, text))

    if record is None or not record.answered:
        add("rubric_orphan", rubric.question)
        return found
    if rubric.question.strip() != record.question.strip():
        add("rubric_question_mismatch", rubric.question)
    if not 2 <= len(rubric.claims) <= 5:
        add("rubric_claim_count", f"{len(rubric.claims)} claims")
    for claim in rubric.claims:
        _claim_defects(claim, rubric.question, add)
    if not 1 <= len(rubric.misconceptions) <= 3:
        add("misconception_count", f"{len(rubric.misconceptions)} misconceptions")
    for misconception in rubric.misconceptions:
        words = content_stems(misconception.text)
        for claim in rubric.claims:
            other = content_stems(claim.text)
            if words and other and len(words & other) / len(words | other) >= NEAR_COPY_OVERLAP:
                add("misconception_near_copy", misconception.text)
    rephrasing = rubric.rephrasing.strip()
    if not rephrasing or rephrasing.lower() == rubric.question.strip().lower():
        add("rephrasing_missing", rubric.question)
    return found


def lint_rubrics(records: list[Record], rubrics: dict[str, QuestionRubric]) -> dict[str, list[Defect]]:
    """Defects by class over the whole corpus; every class present, empty when clean."""
    report: dict[str, list[Defect]] = {kind: [] for kind in RUBRIC_CLASSES}
    by_id = {r.id: r for r in records}
    for record in records:
        if record.answered and record.id not in rubrics:
            report["rubric_missing"].append(Defect("rubric_missing", record.id, record.question))
    for rubric in rubrics.values():
        for defect in rubric_defects(rubric, by_id.get(rubric.id)):
            report[defect.kind].append(defect)
    return report
