"""The default grader: offline, from the embedding model and the trained judge, no LLM needed.

The score comes from how close the answer is to a reference as a whole (cosine) and word by word
(alignment.py: word recall, word precision, new-word recall), turned into 0-10 by calibration.py; the
best reference counts.
A key point counts as covered when the answer says enough of it, word by word (its word recall): that
is the evidence, not the score. The embedding model aligns each key point with the answer sentence
closest to it: that sentence is the evidence shown, and where the trained judge finds that it says the
opposite of the point (contradiction.py) the claim is named and costs points.
Screening settles answers that are not answers (empty, "I don't know", gibberish, not English) and
caps the few that only look like answers (a restated question, a keyword list, an injection).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from mockinterview.corpus.keypoints import content_words
from mockinterview.index.word_vectors import WordVectors, words_by_encoding

from .alignment import new_word_recall, word_alignment
from .calibration import Calibration, ReferenceFeatures, load_calibration, reference_score
from .claim_grading import grade_by_claims
from .claims import ClaimCalibration, EntailmentModel
from .contradiction import exchange, reversed_claims, role_swap
from .feedback import write_feedback
from .judges import BatchJudge, CosineJudge, Judge
from .language import code_as_text, detect_language, is_code
from .rubric import Rubric, RubricIndex, RubricReference, is_checkable
from .schema import Grade, PointEvidence, Verdict, verdict_for
from .scorers import DEFAULT_ORDER, scorer_order
from .screening import (Screened, answer_sentences, asks_for_a_list, is_dont_know, is_gibberish, is_keyword_list,
                        restates_question, screen)

# Caps for answers that screening recognises; the reason goes into the grade's flags.
CAP_RESTATEMENT = 1.0
CAP_KEYWORD_LIST = 3.0
CAP_OFF_TOPIC = 1.5
CAP_INJECTION = 2.0
# A reference longer than this is read through its key points (the judge reads at most 128 tokens).
LONG_REFERENCE_WORDS = 80
# Word vectors of reference texts and key points are kept for this many texts (they recur every answer).
WORD_CACHE_SIZE = 20_000
# Only a sentence this close to a point is checked for saying its opposite.
CONTRADICTION_SIMILARITY = 0.45
# How close a sentence must be to a point once a paired term is exchanged to count as its reversal.
ROLE_SWAP_SIMILARITY = 0.78


def _reference_view(reference: RubricReference, checkable: list[str]) -> str:
    """What the judge reads as "the reference": the text itself, or its key points when it is long."""
    if len(reference.text.split()) <= LONG_REFERENCE_WORDS or not checkable:
        return reference.text
    return " ".join(checkable)


@dataclass
class Prepared:
    """An answer ready to score: screened, its sentences embedded, and the vectors of its words."""

    screened: Screened
    vectors: np.ndarray  # one row per sentence
    words: WordVectors  # all sentences' word pieces, in order


class EmbeddedGrader:
    name = "embedded"

    def __init__(self, index: RubricIndex, *, judge: Judge | None = None, calibration: Calibration | None = None,
                 vocabulary: frozenset[str] = frozenset(), claim_judge: EntailmentModel | None = None,
                 claim_calibration: ClaimCalibration | None = None,
                 scorers: tuple[str, ...] | str = DEFAULT_ORDER) -> None:
        self.index = index
        self.judge = judge or CosineJudge(index.encode)
        # With an entailment judge, a question with an authored rubric is graded claim by claim
        # (claims.py); without one (or for outside references) by similarity to the key points.
        self.claim_judge = claim_judge
        self.scorers = scorer_order(scorers)  # validated names: an unknown one fails here, with the list
        self.claim_calibration = claim_calibration or ClaimCalibration.load()
        self._claim_vectors: dict[str, np.ndarray] = {}  # rubric claims recur every answer: embed once
        self.calibration = calibration or load_calibration()
        self.vocabulary = vocabulary
        self._word_cache: dict[str, WordVectors] = {}

    def _point_vectors(self, reference: RubricReference) -> np.ndarray:
        if reference.vectors is None:
            reference.vectors = self.index.encode(reference.key_points)
        return reference.vectors

    def by_claims(self, rubric: Rubric) -> bool:
        return "claims" in self.scorers and self.claim_judge is not None and rubric.authored is not None

    # -- features -------------------------------------------------------------------------------
    def _plan(self, rubric: Rubric, screened: Screened, vectors: np.ndarray):
        """The (reference, answer) pairs the judge must read for this answer (one per reference, for the
        screening caps), and each reference's point-by-sentence similarity."""
        text = " ".join(screened.sentences)
        plans, pairs = [], []
        for reference in [ref for ref in rubric.references if ref.key_points]:
            similarity = self._point_vectors(reference) @ vectors.T  # (points, sentences)
            checkable = np.array([is_checkable(p) for p in reference.key_points], dtype=bool)
            plans.append((reference, similarity, checkable, len(pairs)))
            pairs.append((_reference_view(reference, [p for p, c in zip(reference.key_points, checkable) if c]), text))
        return plans, pairs

    def score_features(self, rubric: Rubric, prepared: Prepared) -> list[dict[str, float]]:
        """The score's inputs against each reference with key points (calibration.FEATURES)."""
        answer_words = set(content_words(" ".join(prepared.screened.sentences)))
        answer_vector = prepared.screened.vector
        features = []
        for reference in [ref for ref in rubric.references if ref.key_points]:
            recall, precision = word_alignment(reference.words, prepared.words)
            view = _reference_view(reference, [p for p in reference.key_points if is_checkable(p)])
            features.append({
                # Plain cosine of the whole answer and the whole reference: is it about the same thing?
                "cosine": float(reference.text_vector @ answer_vector) if answer_vector is not None else 0.0,
                "word_recall": recall, "word_precision": precision,
                "new_word_recall": new_word_recall(view, answer_words, rubric.question),
            })
        return features

    def analyse(self, rubric: Rubric, prepared: Prepared, judge: Judge | None = None):
        """Features against every reference, and the evidence sentence of each key point."""
        judge = judge or self.judge
        screened, vectors = prepared.screened, prepared.vectors
        plans, pairs = self._plan(rubric, screened, vectors)
        probabilities = judge.probabilities(pairs) if pairs else np.zeros(0)
        per_reference = []
        for (reference, similarity, checkable, start), alignment in zip(plans, self.score_features(rubric, prepared)):
            # How much of each point the answer says, word by word: the evidence (covered or missed).
            coverage = np.array([word_alignment(words, prepared.words)[0] for words in reference.point_words])
            best = similarity.argmax(axis=1)
            contradicted = self._contradictions(reference.key_points, screened.sentences, similarity,
                                                self._point_vectors(reference), checkable, judge)
            features = ReferenceFeatures(
                whole=float(probabilities[start]), points=coverage, checkable=checkable,
                contradicted=contradicted, answer_similarity=alignment["cosine"], alignment=alignment,
            )
            per_reference.append((features, best))
        return per_reference, set(content_words(" ".join(screened.sentences)))

    def _contradictions(self, points: list[str], sentences: list[str], similarity: np.ndarray,
                        point_vectors: np.ndarray, checkable: np.ndarray, judge: Judge) -> np.ndarray:
        """Points that the answer's closest sentence reverses (a reversal shares the point's words, so
        points counted as covered are checked too; reversed_claims asks the judge sentence by sentence)."""
        best = similarity.argmax(axis=1)
        best_similarity = similarity[np.arange(len(best)), best]
        flagged = np.zeros(len(points), dtype=bool)
        candidates = [i for i in range(len(points)) if checkable[i] and best_similarity[i] >= CONTRADICTION_SIMILARITY]
        found = reversed_claims([(points[i], sentences[int(best[i])]) for i in candidates], judge.probabilities)
        for i, change in zip(candidates, found):
            flagged[i] = change is not None
        # A swapped pair the judge may read past: "L2 makes weights sparse" against "L1 makes weights
        # sparse". Flag it when the sentence with the pair exchanged restates the point closely, and the
        # sentence is not simply a right statement about B (closer to a key point of the rubric about B).
        swaps = [(i, pair) for i in range(len(points)) if checkable[i] and not flagged[i]
                 and best_similarity[i] >= CONTRADICTION_SIMILARITY
                 and (pair := role_swap(points[i], sentences[int(best[i])])) is not None]
        if swaps:
            vectors = self.index.encode([exchange(sentences[int(best[i])], a, b) for i, (a, b) in swaps])
            for (i, (_, b)), vector in zip(swaps, vectors):
                restated = float(point_vectors[i] @ vector)
                about_b = [similarity[q, int(best[i])] for q in range(len(points))
                           if q != i and role_swap(points[q], points[i]) is None and b.lower() in points[q].lower()]
                flagged[i] = restated >= ROLE_SWAP_SIMILARITY and restated > max(about_b, default=0.0) + 0.02
        return flagged

    # -- grading --------------------------------------------------------------------------------
    def grade(self, rubric: Rubric, answer: str) -> Grade:
        return self.grade_many([(rubric, answer)])[0]

    def grade_many(self, items: Iterable[tuple[Rubric, str]]) -> list[Grade]:
        """Grade several answers with one call to the embedding model (the batch command's fast path)."""
        items = list(items)
        prepared = self.prepare(items)
        # One judge pass over every pair of every answer: batches of similar length, not one call per answer.
        judge = BatchJudge(self.judge)
        judge.prefetch([pair for (rubric, _), ready in zip(items, prepared)
                        if self._early_verdict(rubric, ready.screened) is None and not self.by_claims(rubric)
                        for pair in self._plan(rubric, ready.screened, ready.vectors)[1]])
        return [self._grade_one(rubric, ready, judge) for (rubric, _), ready in zip(items, prepared)]

    def _encode_words(self, texts: list[str]) -> tuple[np.ndarray, list[WordVectors]]:
        encode_words = getattr(self.index, "encode_words", None)
        if encode_words is None:  # an index without word vectors (a test double): words embedded alone
            return words_by_encoding(self.index.encode, texts)
        return encode_words(texts)

    def prepare(self, items: list[tuple[Rubric, str]]) -> list[Prepared]:
        """Screen every answer and embed all their sentences, and reference texts not seen before, in one pass."""
        if len(self._word_cache) > WORD_CACHE_SIZE:
            self._word_cache = {}
        # This call's own view of the cache: another thread starting afresh cannot empty it under us.
        cache = self._word_cache
        screened = [self._readable(screen(answer)) for _, answer in items]
        # Reference words are filled for claim-graded rubrics too (once per reference, then cached on it):
        # the LLM grader's screening and the similarity calibration read them.
        references = list({id(r): r for rubric, _ in items for r in rubric.references if r.key_points}.values())
        views = {id(r): answer_sentences(_reference_view(r, [p for p in r.key_points if is_checkable(p)]))
                 for r in references if r.words is None}
        remembered = [t for r in references if id(r) in views for t in views[id(r)] + r.key_points]
        sentences = list(dict.fromkeys([s for item in screened for s in item.sentences]
                                       + [t for t in remembered if t not in cache]))
        sentence_vectors, sentence_words = self._encode_words(sentences) if sentences else (np.zeros((0, 1)), [])
        vector_of = dict(zip(sentences, sentence_vectors))
        words_of = dict(zip(sentences, sentence_words))
        cache.update((t, words_of[t]) for t in remembered if t in words_of)
        # Whole answers and reference texts of more than one sentence need a vector of their own.
        wholes = [" ".join(item.sentences) for item in screened if item.sentences]
        others = list(dict.fromkeys(t for t in wholes + [r.text for r in references if r.text_vector is None]
                                    if t not in vector_of))
        if others:
            vector_of.update(zip(others, self.index.encode(others)))
        dim = next(iter(vector_of.values())).shape[0] if vector_of else 1
        known = {**{t: cache.get(t) for t in remembered}, **words_of}
        for reference in references:
            if reference.text_vector is None:
                reference.text_vector = vector_of[reference.text]
            if id(reference) in views:
                reference.words = WordVectors.join([known[t] for t in views[id(reference)]], dim)
                reference.point_words = [known[p] for p in reference.key_points]
        prepared = []
        for item in screened:
            if item.sentences:
                item.vector = vector_of[" ".join(item.sentences)]
            vectors = (np.array([vector_of[s] for s in item.sentences]) if item.sentences
                       else np.zeros((0, dim), dtype=np.float32))
            prepared.append(Prepared(item, vectors, WordVectors.join([words_of[s] for s in item.sentences], dim)))
        return prepared

    @staticmethod
    def _readable(item: Screened) -> Screened:
        """Code is graded from what it says: comments and names as words (and the grade says so)."""
        if not is_code(item.text):
            return item
        prose = code_as_text(item.text)
        sentences = [s for s in re.split(r"(?<=\.)\s+", prose) if s.strip()] or [prose]
        return Screened(text=item.text, sentences=sentences[:60], flags=item.flags + ["graded_as_code"],
                        injected=item.injected)

    def _early_verdict(self, rubric: Rubric, item: Screened) -> tuple[Verdict, str] | None:
        if not item.text:
            return Verdict.no_answer, "empty"
        if is_dont_know(item.text):
            return Verdict.no_answer, "dont_know"
        if item.injected and not item.sentences:
            return Verdict.no_answer, "injection_only"
        code = "graded_as_code" in item.flags
        if not code and detect_language(item.text):
            return Verdict.ungraded, "not_english"
        if not code and is_gibberish(item.text, self.vocabulary):
            return Verdict.no_answer, "gibberish"
        if rubric.empty:
            return Verdict.ungraded, "no_rubric"
        return None

    def cap_for(self, rubric: Rubric, item: Screened, answer_words: set[str],
                per_reference: list[tuple[ReferenceFeatures, np.ndarray]]) -> tuple[float | None, list[str]]:
        """The most this answer may score, whatever the judge says, and why."""
        caps: list[tuple[float, str]] = []
        relevance = max((f.answer_similarity for f, _ in per_reference), default=0.0)
        best_whole = max((f.whole for f, _ in per_reference), default=0.0)
        # Only the question's words, and the judge does not read the reference in them either.
        if best_whole < 0.5 and restates_question(answer_words, set(content_words(rubric.question))):
            caps.append((CAP_RESTATEMENT, "restates_question"))
        if not asks_for_a_list(rubric.question) and is_keyword_list(item.text, item.sentences):
            caps.append((CAP_KEYWORD_LIST, "keyword_list"))
        # Off topic only when both the embedding and the judge see nothing of the reference in it.
        if relevance < self.calibration.off_topic_similarity and best_whole < 0.2:
            caps.append((CAP_OFF_TOPIC, "off_topic"))
        # Quoting an injection is content when the question is about prompts; otherwise it is a cheat.
        if item.injected and not re.search(r"prompt|inject|jailbreak|llm|language model", rubric.question, re.I):
            caps.append((CAP_INJECTION, "injection_attempt"))
        if not caps:
            return None, []
        return min(c for c, _ in caps), [reason for _, reason in caps]

    def screening_caps(self, rubric: Rubric, item: Screened) -> tuple[float | None, list[str]]:
        """Caps that need no judge: a restated question, a keyword list, an injection."""
        caps: list[tuple[float, str]] = []
        if restates_question(set(content_words(" ".join(item.sentences))), set(content_words(rubric.question))):
            caps.append((CAP_RESTATEMENT, "restates_question"))
        if not asks_for_a_list(rubric.question) and is_keyword_list(item.text, item.sentences):
            caps.append((CAP_KEYWORD_LIST, "keyword_list"))
        if item.injected and not re.search(r"prompt|inject|jailbreak|llm|language model", rubric.question, re.I):
            caps.append((CAP_INJECTION, "injection_attempt"))
        if not caps:
            return None, []
        return min(c for c, _ in caps), [reason for _, reason in caps]

    def _grade_by_claims(self, rubric: Rubric, prepared: Prepared, flags: list[str]) -> Grade:
        cap, reasons = self.screening_caps(rubric, prepared.screened)
        grade = grade_by_claims(rubric, prepared.screened, prepared.vectors, self._encode_claims, self.claim_judge,
                                self.claim_calibration, cap, reasons, flags)
        return write_feedback(grade, rubric)

    def _encode_claims(self, texts: list[str]) -> np.ndarray:
        cache = self._claim_vectors if len(self._claim_vectors) < WORD_CACHE_SIZE else {}
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, self.index.encode(missing)))
        self._claim_vectors = cache
        return np.stack([cache[t] for t in texts])

    def _ungraded_or_zero(self, rubric: Rubric, item: Screened, verdict: Verdict, reason: str, flags: list[str]) -> Grade:
        reference = rubric.references[0] if rubric.references else None
        missed = [PointEvidence(point=p, covered=False, confidence=0.0) for p in (reference.key_points if reference else [])]
        extra = [f"language:{detect_language(item.text)}"] if reason == "not_english" else []
        return write_feedback(Grade(
            score=None if verdict == Verdict.ungraded else 0.0, verdict=verdict, missed=missed,
            flags=sorted(set(flags + [reason] + extra)), model_answer=reference.text if reference else "",
            reference_source=reference.source if reference else None,
        ), rubric)

    def _grade_one(self, rubric: Rubric, prepared: Prepared, judge: Judge) -> Grade:
        item = prepared.screened
        flags = list(dict.fromkeys(item.flags + (["rubric_from_retrieval"] if rubric.from_retrieval else [])))
        early = self._early_verdict(rubric, item)
        if early is not None:
            return self._ungraded_or_zero(rubric, item, *early, flags)

        if self.by_claims(rubric):
            return self._grade_by_claims(rubric, prepared, flags)
        per_reference, answer_words = self.analyse(rubric, prepared, judge)
        scores = [reference_score(f, self.calibration) for f, _ in per_reference]
        best = int(np.argmax(scores))
        features, aligned = per_reference[best]
        reference = [r for r in rubric.references if r.key_points][best]
        cap, reasons = self.cap_for(rubric, item, answer_words, per_reference)
        score = scores[best] if cap is None else min(scores[best], cap)
        verdict = Verdict.off_topic if "off_topic" in reasons else verdict_for(score)
        if features.contradicted.any():
            reasons.append("wrong_claim")

        threshold = self.calibration.covered_recall
        covered, missed = [], []
        for i, point in enumerate(reference.key_points):
            is_covered = bool(features.points[i] >= threshold and not features.contradicted[i])
            evidence = PointEvidence(
                point=point, covered=is_covered, confidence=round(float(features.points[i]), 3),
                # Evidence is shown for what was said: a covering sentence, or the one that contradicts.
                evidence=item.sentences[int(aligned[i])] if (is_covered or features.contradicted[i]) else None,
                contradicted=bool(features.contradicted[i]), checkable=bool(features.checkable[i]),
            )
            (covered if evidence.covered else missed).append(evidence)
        grade = Grade(
            score=round(score, 1), verdict=verdict, covered=covered, missed=missed,
            model_answer=reference.text, reference_source=reference.source, flags=sorted(set(flags + reasons)),
        )
        return write_feedback(grade, rubric)

