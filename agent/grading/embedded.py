"""The default grader: aligns answer sentences to key points with the embedding model, no LLM needed.

Grading one answer embeds only the answer's sentences; key-point vectors come from the index cache.
Each key point is covered when its closest answer sentence is similar enough and shares enough of its
technical terms; the closest sentence is shown as the evidence. The score comes from the calibrated
coverage (see calibration.py); screening caps it for answers that are not answers.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from mockinterview.corpus.keypoints import content_words

from .calibration import Calibration, ReferenceFeatures, coverage_of, load_calibration, reference_score
from .feedback import write_feedback
from .rubric import Rubric, RubricIndex, RubricReference
from .schema import Grade, PointEvidence, Verdict, verdict_for
from .screening import Screened, is_dont_know, is_gibberish, is_keyword_list, restates_question, screen

# Caps for answers that screening recognises; the reason goes into the grade's flags.
CAP_RESTATEMENT = 1.0
CAP_KEYWORD_LIST = 3.0
CAP_OFF_TOPIC = 1.5
CAP_INJECTION = 2.0
CAP_NOTHING_COVERED = 2.0  # on topic, but not one key point made: sounding relevant is not knowing

_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|doesn't|don't|isn't|aren't|won't|without|neither|nor)\b", re.I)
_ANTONYMS = [
    ("increase", "decrease"), ("increases", "decreases"), ("higher", "lower"), ("high", "low"), ("more", "less"),
    ("larger", "smaller"), ("large", "small"), ("overfitting", "underfitting"), ("sparse", "dense"),
    ("supervised", "unsupervised"), ("bias", "variance"), ("mutable", "immutable"), ("faster", "slower"),
    ("parallel", "sequential"), ("before", "after"), ("convex", "non-convex"), ("linear", "nonlinear"),
    ("positive", "negative"), ("maximize", "minimize"), ("reduces", "increases"), ("reduce", "increase"),
]


def _swapped(point_words: set[str], sentence_words: set[str]) -> bool:
    """The sentence uses a term's opposite where the point uses the term (and not the term itself)."""
    for a, b in _ANTONYMS:
        for term, opposite in ((a, b), (b, a)):
            if term in point_words and opposite in sentence_words and term not in sentence_words:
                return True
    return False


def _contradicts(point: str, sentence: str) -> bool:
    point_words = set(re.findall(r"[a-z-]+", point.lower()))
    sentence_words = set(re.findall(r"[a-z-]+", sentence.lower()))
    negation_flip = bool(_NEGATION.search(point)) != bool(_NEGATION.search(sentence))
    return negation_flip or _swapped(point_words, sentence_words)


def _units(vectors: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """What a key point is matched against: each sentence, each pair of adjacent sentences, the whole answer.

    A candidate often spreads one point over two sentences. Pairs and the whole answer are approximated
    by the normalised sum of their sentence vectors, so they cost no extra call to the model.
    """
    count = len(vectors)
    spans = [(i, i + 1) for i in range(count)] + [(i, i + 2) for i in range(count - 1)]
    if count > 2:
        spans.append((0, count))
    sums = np.stack([vectors[a:b].sum(axis=0) for a, b in spans])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.where(norms == 0, 1.0, norms), spans


class EmbeddedGrader:
    name = "embedded"

    def __init__(self, index: RubricIndex, *, calibration: Calibration | None = None,
                 term_counts: Counter | None = None, documents: int = 1,
                 vocabulary: frozenset[str] = frozenset()) -> None:
        self.index = index
        self.calibration = calibration or load_calibration()
        self.vocabulary = vocabulary
        # Document frequency of words across the corpus's key points: rare words are the technical terms.
        self._term_counts = term_counts or Counter()
        self._documents = max(documents, 1)

    # -- features -------------------------------------------------------------------------------
    def _idf(self, word: str) -> float:
        return math.log(1 + self._documents / (1 + self._term_counts.get(word, 0)))

    def _lexical(self, point: str, answer_words: set[str], question_words: set[str]) -> float:
        # The question's own words prove nothing: a candidate need not repeat "overfitting" to define it.
        words = set(content_words(point)) - question_words
        if not words:
            return 0.0
        total = sum(self._idf(w) for w in words)
        return sum(self._idf(w) for w in words & answer_words) / total

    def _point_vectors(self, reference: RubricReference) -> np.ndarray:
        if reference.vectors is None:
            reference.vectors = self.index.encode(reference.key_points)
        return reference.vectors

    def features(self, reference: RubricReference, sentences: list[str], vectors: np.ndarray,
                 answer_words: set[str], question_words: set[str] = frozenset()) -> tuple[ReferenceFeatures, np.ndarray]:
        points = self._point_vectors(reference)
        units, spans = _units(vectors)
        similarity = points @ units.T  # (points, units)
        best_unit = similarity.argmax(axis=1)
        best_similarity = similarity[np.arange(len(points)), best_unit]
        # Evidence is the sentence of the best unit that is closest to the point.
        sentence_similarity = points @ vectors.T
        best = np.array([spans[u][0] + int(np.argmax(sentence_similarity[i, spans[u][0]:spans[u][1]]))
                         for i, u in enumerate(best_unit)])
        lexical = np.array([self._lexical(p, answer_words, question_words) for p in reference.key_points])
        contradicted = np.array(
            [best_similarity[i] > 0.5 and _contradicts(p, sentences[best[i]]) for i, p in enumerate(reference.key_points)],
            dtype=bool,
        )
        centroid = points.mean(axis=0)
        answer_centroid = vectors.mean(axis=0)
        denominator = float(np.linalg.norm(centroid) * np.linalg.norm(answer_centroid)) or 1.0
        answer_similarity = float(centroid @ answer_centroid) / denominator
        return ReferenceFeatures(best_similarity, lexical, contradicted, answer_similarity), best

    def analyse(self, rubric: Rubric, screened: Screened, vectors: np.ndarray):
        """Features against every reference, and the screening cap; shared by grading and calibration."""
        answer_words = set(content_words(" ".join(screened.sentences)))
        question_words = set(content_words(rubric.question))
        per_reference = [
            self.features(ref, screened.sentences, vectors, answer_words, question_words)
            for ref in rubric.references if ref.key_points
        ]
        return per_reference, answer_words

    # -- grading --------------------------------------------------------------------------------
    def grade(self, rubric: Rubric, answer: str) -> Grade:
        return self.grade_many([(rubric, answer)])[0]

    def grade_many(self, items: Iterable[tuple[Rubric, str]]) -> list[Grade]:
        """Grade several answers with one call to the embedding model (the batch command's fast path)."""
        items = list(items)
        screened = [screen(answer) for _, answer in items]
        texts = [s for item in screened for s in item.sentences]
        vectors = self.index.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        grades, offset = [], 0
        for (rubric, _), item in zip(items, screened):
            count = len(item.sentences)
            grades.append(self._grade_one(rubric, item, vectors[offset:offset + count]))
            offset += count
        return grades

    def _early_verdict(self, rubric: Rubric, item: Screened) -> tuple[Verdict, str] | None:
        if not item.text:
            return Verdict.no_answer, "empty"
        if is_dont_know(item.text):
            return Verdict.no_answer, "dont_know"
        if item.injected and not item.sentences:
            return Verdict.no_answer, "injection_only"
        if is_gibberish(item.text, self.vocabulary):
            return Verdict.no_answer, "gibberish"
        if rubric.empty:
            return Verdict.no_answer, "no_rubric"
        return None

    def cap_for(self, rubric: Rubric, item: Screened, answer_words: set[str],
                per_reference: list[tuple[ReferenceFeatures, np.ndarray]]) -> tuple[float | None, list[str]]:
        """The most this answer may score, whatever its similarities, and why."""
        caps: list[tuple[float, str]] = []
        if restates_question(answer_words, set(content_words(rubric.question))):
            caps.append((CAP_RESTATEMENT, "restates_question"))
        if is_keyword_list(item.text, item.sentences):
            caps.append((CAP_KEYWORD_LIST, "keyword_list"))
        best_coverage = max((float(coverage_of(f, self.calibration).max(initial=0.0)) for f, _ in per_reference),
                            default=0.0)
        if best_coverage < 0.5:
            caps.append((CAP_NOTHING_COVERED, "nothing_covered"))
        relevance = max((f.answer_similarity for f, _ in per_reference), default=0.0)
        if relevance < self.calibration.off_topic_similarity:
            caps.append((CAP_OFF_TOPIC, "off_topic"))
        # Quoting an injection is content when the question is about prompts; otherwise it is a cheat.
        if item.injected and not re.search(r"prompt|inject|jailbreak|llm|language model", rubric.question, re.I):
            caps.append((CAP_INJECTION, "injection_attempt"))
        if not caps:
            return None, []
        return min(c for c, _ in caps), [reason for _, reason in caps]

    def _grade_one(self, rubric: Rubric, item: Screened, vectors: np.ndarray) -> Grade:
        flags = list(dict.fromkeys(item.flags + (["rubric_from_retrieval"] if rubric.from_retrieval else [])))
        early = self._early_verdict(rubric, item)
        reference = rubric.references[0] if rubric.references else None
        if early is not None:
            verdict, reason = early
            missed = [PointEvidence(point=p, covered=False, confidence=0.0) for p in (reference.key_points if reference else [])]
            return write_feedback(Grade(
                score=0.0, verdict=verdict, missed=missed, flags=sorted(set(flags + [reason])),
                model_answer=reference.text if reference else "", reference_source=reference.source if reference else None,
            ), rubric)

        per_reference, answer_words = self.analyse(rubric, item, vectors)
        scores = [reference_score(f, self.calibration) for f, _ in per_reference]
        best = int(np.argmax(scores))
        features, aligned = per_reference[best]
        reference = [r for r in rubric.references if r.key_points][best]
        cap, reasons = self.cap_for(rubric, item, answer_words, per_reference)
        score = scores[best] if cap is None else min(scores[best], cap)
        verdict = Verdict.off_topic if "off_topic" in reasons else verdict_for(score)

        coverage = coverage_of(features, self.calibration)
        covered, missed = [], []
        for i, point in enumerate(reference.key_points):
            evidence = PointEvidence(
                point=point,
                covered=bool(coverage[i] >= 0.5 and not features.contradicted[i]),
                confidence=round(float(coverage[i]), 3),
                # Evidence is shown for what was said: a covering sentence, or the one that contradicts.
                evidence=item.sentences[int(aligned[i])]
                if (coverage[i] >= 0.5 or features.contradicted[i]) else None,
                contradicted=bool(features.contradicted[i]),
            )
            (covered if evidence.covered else missed).append(evidence)
        grade = Grade(
            score=round(score, 1), verdict=verdict, covered=covered, missed=missed,
            model_answer=reference.text, reference_source=reference.source,
            flags=sorted(set(flags + reasons)),
        )
        return write_feedback(grade, rubric)
