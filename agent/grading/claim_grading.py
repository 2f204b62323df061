"""A grade from the authored rubric: claims.analyse_claims' findings turned into score, verdict and
evidence a candidate can check (each claim covered with its sentence, missed, or contradicted with the
sentence and the correction)."""
from __future__ import annotations

from .claims import ClaimAnalysis, ClaimCalibration, EntailmentModel, analyse_claims
from .rubric import Rubric
from .schema import Grade, PointEvidence, Verdict, verdict_for
from .screening import Screened


def claim_evidence(analysis: ClaimAnalysis) -> tuple[list[PointEvidence], list[PointEvidence]]:
    covered, missed = [], []
    for finding in analysis.findings:
        claim = finding.claim
        correction = None
        if finding.reversed:
            correction = finding.misconception.correction if finding.misconception else f"In fact: {claim.text}"
        evidence = PointEvidence(
            point=claim.text, covered=finding.covered, confidence=round(finding.entails, 3),
            evidence=finding.evidence, contradicted=finding.reversed, checkable=True, claim_id=claim.id,
            core=claim.core, misconception=finding.misconception.text if finding.misconception else None,
            correction=correction,
        )
        (covered if finding.covered else missed).append(evidence)
    return covered, missed


def grade_by_claims(rubric: Rubric, item: Screened, sentence_vectors, encode, judge: EntailmentModel,
                    calibration: ClaimCalibration, cap: float | None, reasons: list[str],
                    flags: list[str]) -> Grade:
    """Grade one screened answer against `rubric.authored`; `cap` and `reasons` come from screening."""
    assert rubric.authored is not None
    analysis = analyse_claims(rubric.authored, item.sentences, sentence_vectors, encode, judge, calibration)
    reasons = list(reasons)
    if analysis.relevance < calibration.off_topic_similarity and not any(f.covered for f in analysis.findings):
        reasons.append("off_topic")
        cap = min(cap if cap is not None else 10.0, 1.5)
    score = analysis.score if cap is None else min(analysis.score, cap)
    if any(f.reversed for f in analysis.findings):
        reasons.append("wrong_claim")
    verdict = Verdict.off_topic if "off_topic" in reasons else verdict_for(score)
    covered, missed = claim_evidence(analysis)
    reference = rubric.references[0] if rubric.references else None
    return Grade(
        score=round(score, 1), verdict=verdict, covered=covered, missed=missed,
        model_answer=reference.text if reference else "", reference_source=reference.source if reference else None,
        flags=sorted(set(flags + reasons + ["graded_by_claims"])),
    )
