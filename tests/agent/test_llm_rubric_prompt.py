"""The LLM grader is a peer of the claim scorer: its prompt holds the authored rubric's claims (core and
detail marked) and misconceptions, numbered like the evidence it returns."""
from __future__ import annotations

from mockinterview.agent.grading.claim_grading import claim_evidence
from mockinterview.agent.grading.claims import ClaimAnalysis, ClaimFinding
from mockinterview.agent.grading.llm import build_messages
from mockinterview.agent.grading.rubric import Rubric, RubricReference
from mockinterview.agent.grading.schema import Grade, Verdict
from mockinterview.corpus.rubrics import load_rubrics


def test_the_prompt_names_each_misconception_against_its_numbered_claim():
    authored = next(r for r in load_rubrics().values() if r.detail_claims and r.misconceptions)
    rubric = Rubric(authored.question, [RubricReference("Reference text.", [c.text for c in authored.claims])],
                    authored.id, authored=authored)
    covered, missed = claim_evidence(ClaimAnalysis(findings=[ClaimFinding(c) for c in authored.claims]))
    points = covered + missed
    embedded = Grade(score=3.0, verdict=Verdict.weak, missed=missed)
    system = build_messages(rubric, points, embedded, "An answer.")[0].content
    numbers = {p.claim_id: n for n, p in enumerate(points, start=1)}
    for misconception in authored.misconceptions:
        assert f'"{misconception.text}" contradicts point {numbers[misconception.contradicts]}' in system
    detail = authored.detail_claims[0]
    assert f"{numbers[detail.id]}. {detail.text} (detail: adds credit, never costs)" in system


def test_a_rubric_without_authored_claims_keeps_the_plain_prompt(embedded):
    record = embedded.index.corpus.records[0]
    from mockinterview.agent.grading.rubric import rubric_for_record

    rubric = rubric_for_record(record, embedded.index)
    rubric.authored = None
    grade = embedded.grade(rubric, "Some answer about it.")
    system = build_messages(rubric, grade.key_points, grade, "Some answer about it.")[0].content
    assert "Known misconceptions" not in system
