"""Grading against the authored rubric, claim by claim, with the entailment judge.

For every claim (and each accepted alternative wording) and every misconception, the judge reads the
answer's sentences closest to it (by embedding) and a two-sentence window around the closest one, and
says whether they state it, state its opposite, or neither. From that:
- a claim is covered when some sentence entails it more than anything contradicts it; that sentence is
  its evidence;
- a claim is contradicted when a sentence states its opposite, or states one of its misconceptions;
  the sentence is quoted and the misconception's correction shown;
- otherwise it is missed.
The score: core claims decide it, detail claims only add, each contradicted core claim costs points.
The weights and the 0-10 stretch are fitted on the tune split of the interview-answer dev set only
(`mockinterview eval calibrate-claims`), and stored in claims_calibration.json.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from mockinterview.corpus.rubric_schema import Claim, Misconception, QuestionRubric

CALIBRATION_PATH = Path(__file__).with_name("claims_calibration.json")
# Sentences per hypothesis that the judge reads (closest first), besides the window around the closest.
CANDIDATES = 2


class EntailmentModel(Protocol):
    def judge(self, pairs: list[tuple[str, str]]) -> np.ndarray: ...


@dataclass(frozen=True)
class ClaimCalibration:
    covered_at: float = 0.5  # P(entails) from which a claim counts as covered (full credit)
    credit_from: float = 0.2  # below this P(entails) a claim earns nothing; partial credit in between
    contradicted_at: float = 0.5  # P(contradicts), or P(states a misconception), from which it is reversed
    detail_weight: float = 0.3  # share of the room left above the core coverage that detail claims can fill
    wrong_penalty: float = 0.35  # taken off the 0-1 score per contradicted core claim
    detail_wrong_penalty: float = 0.0  # ... and per contradicted detail claim (a wrong statement all the same)
    # A claim both stated and contradicted (by different sentences, or a judge unsure of a swapped term)
    # counts as contradicted when P(contradicts) comes within this margin of P(entails).
    contradiction_margin: float = 0.0
    # A sentence only contradicts a claim it is about: general NLI data calls unrelated sentences
    # contradictions, so a reversal needs this much embedding similarity between sentence and claim.
    contradiction_similarity: float = 0.0
    scale: float = 10.0  # the 0-10 stretch: score = clip(scale * raw + offset)
    offset: float = 0.0
    off_topic_similarity: float = 0.2  # below this best claim-sentence cosine an answer is off topic
    # Also ask whether the answer states a claim's first paraphrases (how a candidate would say it): a
    # claim with its reason attached is rarely entailed word for word by a correct, shorter sentence.
    paraphrases_checked: int = 0
    fitted_on: str = "defaults"

    @classmethod
    def load(cls, path: Path = CALIBRATION_PATH) -> "ClaimCalibration":
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass
class ClaimFinding:
    """What the answer did with one claim."""

    claim: Claim
    entails: float = 0.0
    contradicts: float = 0.0
    evidence: str | None = None  # the sentence that entails it, or the one that contradicts it
    misconception: Misconception | None = None  # the wrong belief the answer states, if any

    @property
    def status(self) -> str:
        return "contradicted" if self.reversed else "covered" if self.covered else "missed"

    covered: bool = False
    reversed: bool = False


@dataclass
class ClaimAnalysis:
    findings: list[ClaimFinding] = field(default_factory=list)
    relevance: float = 0.0  # best cosine between a claim and a sentence of the answer
    raw: float = 0.0  # 0-1 before the stretch
    score: float = 0.0

    @property
    def core(self) -> list[ClaimFinding]:
        return [f for f in self.findings if f.claim.core]

    @property
    def detail(self) -> list[ClaimFinding]:
        return [f for f in self.findings if not f.claim.core]


def _windows(sentences: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(sentences, sentences[1:])]


def _premises(similarity_row: np.ndarray, sentences: list[str]) -> list[tuple[str, int]]:
    """(premise text, index of the sentence it is evidence from) for one hypothesis."""
    if len(sentences) <= CANDIDATES + 1:
        chosen = list(range(len(sentences)))
    else:
        chosen = [int(i) for i in np.argsort(-similarity_row)[:CANDIDATES]]
    premises = [(sentences[i], i) for i in chosen]
    best = int(np.argmax(similarity_row))
    if len(sentences) > 1:
        # The closest sentence with its better neighbour: a claim made across two sentences, or a
        # sentence whose subject is a pronoun for the one before.
        left = similarity_row[best - 1] if best > 0 else -1.0
        right = similarity_row[best + 1] if best + 1 < len(sentences) else -1.0
        start = best - 1 if left >= right else best
        premises.append((f"{sentences[start]} {sentences[start + 1]}", best))
    return premises


def analyse_claims(rubric: QuestionRubric, sentences: list[str], sentence_vectors: np.ndarray,
                   encode, judge: EntailmentModel, calibration: ClaimCalibration) -> ClaimAnalysis:
    """Judge every claim and misconception of `rubric` against the answer's sentences."""
    analysis = ClaimAnalysis()
    if not sentences:
        analysis.findings = [ClaimFinding(c) for c in rubric.claims]
        return analysis
    hypotheses: list[str] = []
    owners: list[tuple[str, str, Misconception | None]] = []  # (claim id, "claim"|"misconception", m)
    for claim in rubric.claims:
        for statement in claim.statements + claim.paraphrases[:calibration.paraphrases_checked]:
            hypotheses.append(statement)
            owners.append((claim.id, "claim", None))
    for misconception in rubric.misconceptions:
        hypotheses.append(misconception.text)
        owners.append((misconception.contradicts, "misconception", misconception))
    vectors = encode(hypotheses)
    similarity = vectors @ np.asarray(sentence_vectors).T  # (hypotheses, sentences)
    analysis.relevance = float(similarity[: sum(1 for o in owners if o[1] == "claim")].max())
    pairs, where = [], []
    for h, row in enumerate(similarity):
        for premise, sentence in _premises(row, sentences):
            pairs.append((premise, hypotheses[h]))
            where.append((h, sentence))
    probabilities = judge.judge(pairs)
    by_claim = {c.id: ClaimFinding(c) for c in rubric.claims}
    contra_evidence: dict[str, tuple[float, int, Misconception | None]] = {}
    entail_evidence: dict[str, tuple[float, int]] = {}
    for (h, sentence), (p_entails, p_contradicts, _) in zip(where, probabilities):
        claim_id, role, misconception = owners[h]
        finding = by_claim[claim_id]
        # Stating a misconception is contradicting its claim; contradicting a misconception is not
        # stating the claim, so that direction gives nothing.
        reverse = float(p_entails) if role == "misconception" else float(p_contradicts)
        if similarity[h, sentence] < calibration.contradiction_similarity:
            reverse = 0.0
        if role == "claim" and p_entails > finding.entails:
            finding.entails = float(p_entails)
            entail_evidence[claim_id] = (float(p_entails), sentence)
        if reverse > finding.contradicts:
            finding.contradicts = reverse
            contra_evidence[claim_id] = (reverse, sentence, misconception)
    for claim_id, finding in by_claim.items():
        finding.reversed = (finding.contradicts >= calibration.contradicted_at
                            and finding.contradicts + calibration.contradiction_margin > finding.entails)
        finding.covered = (not finding.reversed and finding.entails >= calibration.covered_at)
        if finding.reversed:
            _, sentence, finding.misconception = contra_evidence[claim_id]
            finding.evidence = sentences[sentence]
        elif finding.covered:
            finding.evidence = sentences[entail_evidence[claim_id][1]]
    analysis.findings = [by_claim[c.id] for c in rubric.claims]
    analysis.raw = raw_score(analysis, calibration)
    # An answer that states nothing of the rubric scores 0, whatever the stretch's offset.
    analysis.score = (float(np.clip(calibration.scale * analysis.raw + calibration.offset, 0.0, 10.0))
                      if analysis.raw > 0 else 0.0)
    return analysis


def _credit(finding: ClaimFinding, calibration: ClaimCalibration) -> float:
    """How much of a claim the answer states, 0-1: full from the covered threshold, partial below it."""
    if finding.reversed:
        return 0.0
    span = max(1e-6, calibration.covered_at - calibration.credit_from)
    return float(np.clip((finding.entails - calibration.credit_from) / span, 0.0, 1.0))


def raw_score(analysis: ClaimAnalysis, calibration: ClaimCalibration) -> float:
    core = analysis.core
    base = float(np.mean([_credit(f, calibration) for f in core])) if core else 0.0
    detail = float(np.mean([_credit(f, calibration) for f in analysis.detail])) if analysis.detail else 0.0
    bonus = calibration.detail_weight * detail * (1.0 - base)  # detail claims add, never cost
    penalty = (calibration.wrong_penalty * sum(f.reversed for f in core)
               + calibration.detail_wrong_penalty * sum(f.reversed for f in analysis.detail))
    return float(np.clip(base + bonus - penalty, 0.0, 1.0))
