"""Short, concrete feedback from a grade's evidence: what was good, what was missing, one next step."""
from __future__ import annotations

from .rubric import Rubric
from .schema import Grade, Verdict

_REASONS = {
    "empty": "No answer was given.",
    "dont_know": "You said you don't know; that is an honest answer, and here is what to learn.",
    "gibberish": "The answer is not readable text.",
    "injection_only": "The answer addresses the grader instead of the question, so there is nothing to grade.",
    "no_rubric": "This answer cannot be graded reliably: the corpus has no reference for this question and "
                 "nothing close enough to grade it against. No score was given.",
    "not_english": "Answers are graded in English; this one looks like another language, so it was not scored.",
    "graded_as_code": "Graded from what the code says (its names, calls and comments) against the reference.",
    "restates_question": "The answer repeats the question without answering it.",
    "keyword_list": "A list of terms shows recognition, not understanding: explain how they connect.",
    "off_topic": "The answer seems to be about a different question.",
    "injection_attempt": "Part of the answer gives the grader instructions; that part was ignored and the score capped.",
    "truncated": "The answer was very long; only its first 20,000 characters were graded.",
}


def _brief(point: str, limit: int = 110) -> str:
    text = point.rstrip(".")
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)] + "..."


def write_feedback(grade: Grade, rubric: Rubric) -> Grade:
    parts = [_REASONS[flag] for flag in grade.flags if flag in _REASONS]
    if grade.covered:
        parts.append(f"Good: {_brief(grade.covered[0].point)}.")
    contradicted = [p for p in grade.missed if p.contradicted]
    for point in contradicted[:2]:
        if point.correction:  # graded by the authored rubric: say what is wrong, not just what differs
            parts.append(f'You said "{_brief(point.evidence or "", 140)}". {point.correction}')
        else:
            parts.append(f'You said "{_brief(point.evidence or "", 140)}", but the reference says: {_brief(point.point)}.')
    # Core claims first: they decide the grade; a missed detail claim never costs.
    gaps = sorted((p for p in grade.missed if not p.contradicted and p.checkable), key=lambda p: not p.core)
    if gaps and grade.verdict not in (Verdict.no_answer, Verdict.ungraded):
        listed = "; ".join(_brief(p.point, 80) for p in gaps[:2])
        parts.append(f"Missing: {listed}.")
    if rubric.from_retrieval and rubric.references:
        parts.append("(Graded against related questions: the sources have no answer to this one.)")

    if grade.verdict == Verdict.ungraded:
        next_step = " ".join(rubric.notes) if rubric.notes and not rubric.references else \
            "Answer in English to get a grade and feedback."
    elif grade.verdict in (Verdict.strong,) and not gaps and not contradicted:
        next_step = "Go deeper: be ready for a follow-up on trade-offs or a concrete example."
    elif grade.missed:
        target = (contradicted or gaps or grade.missed)[0].point
        next_step = f"Review this point: {_brief(target, 160)}."
    else:
        next_step = "Add a concrete example to make the answer memorable."
    return grade.model_copy(update={"feedback": " ".join(parts), "next_step": next_step})
