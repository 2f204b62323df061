"""`mockinterview corpus lint`: count every rubric defect a rule can see, per class.

A key point must be a checkable claim (`pointrules.point_defects`), a question must read on its own
(no stray title in front), and what a candidate reads from source 004 must not keep glued compounds.
A test keeps every count at zero; the CLI lists the offenders so they can be fixed by a rule or by an
entry in `overrides.toml`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .hyphens import SOURCE as HYPHENLESS_SOURCE
from .hyphens import suspects
from .pointrules import has_markup, has_symbols, point_defects
from .questions import title_prefix
from .schema import Record

# Every class the lint counts, in display order, with what it means.
DEFECT_CLASSES: dict[str, str] = {
    "point_heading": "key point is a heading or a title, not a claim",
    "point_question": "key point is a question",
    "point_filler": "key point is a lead-in, teaser or aside (or ends in ':' / '...')",
    "point_markup": "key point holds Markdown (**bold**, `code`, # heading, | table |)",
    "point_emoji": "key point holds an emoji or a decorative glyph",
    "point_code": "key point is a line of code",
    "point_dangling_pronoun": "key point opens with a pronoun whose antecedent it does not carry",
    "point_fragment": "key point has no subject (a bullet under a lost heading) or no main clause",
    "point_mangled_identifier": "key point opens with an identifier upper-cased as a sentence start",
    "point_glued": "key point keeps a compound whose hyphen 004 lost",
    "question_title_prefix": "question opens with a stray title (`Hyperparameters. Explain ...`)",
    "question_markup": "question holds Markdown bold or an emoji",
    "question_glued": "question keeps a compound whose hyphen 004 lost",
    "reference_glued": "004 answer text keeps a compound whose hyphen it lost",
}


@dataclass(frozen=True)
class Defect:
    kind: str
    record_id: str
    text: str


def record_defects(record: Record) -> list[Defect]:
    found: list[Defect] = []

    def add(kind: str, text: str) -> None:
        found.append(Defect(kind, record.id, text))

    for ref in record.references:
        hyphenless = ref.source == HYPHENLESS_SOURCE
        for point in ref.key_points:
            for name in point_defects(point):
                add(f"point_{name}", point)
            if hyphenless and suspects(point):
                add("point_glued", point)
        if hyphenless:
            for word in suspects(ref.text):
                add("reference_glued", word)
    if title_prefix(record.question):
        add("question_title_prefix", record.question)
    # Inline `code` in a question is deliberate formatting; bold, headings and emoji are scrape residue.
    if has_symbols(record.question) or has_markup(record.question.replace("`", "")):
        add("question_markup", record.question)
    if HYPHENLESS_SOURCE in record.sources and suspects(record.question):
        add("question_glued", record.question)
    return found


def lint(records: list[Record]) -> dict[str, list[Defect]]:
    """Defects by class; every class is present, empty when clean."""
    report: dict[str, list[Defect]] = {kind: [] for kind in DEFECT_CLASSES}
    for record in records:
        for defect in record_defects(record):
            report[defect.kind].append(defect)
    return report


def counts(report: dict[str, list[Defect]]) -> dict[str, int]:
    return {kind: len(defects) for kind, defects in report.items()}
