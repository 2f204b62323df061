"""What the candidate meant: an answer, or one of the requests a candidate makes to an interviewer.

Three layers, most certain first:
1. request patterns (`intent_rules`): the unambiguous ways of asking for a hint, a skip, the end...;
2. the form of a pure question ("why is L1 sparse?") versus a hedged answer ("isn't it Counter? you...");
3. a small learned model over the labelled train split of `evals/intents` (shipped beside this module):
   logistic regression on the sentence embedding plus word and character n-grams. The examples are
   embedded once, on first use, and cached next to the index.

Losing an answer costs more than a question back, so a request the model is not sure of comes back
as `unsure`: the session asks "did you mean that as your answer?" instead of acting on it.
With an LLM configured, `LLMIntentClassifier` lets it settle the messages this one is unsure of.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from .intent_rules import clarify_parts, match_rule, normalise

log = logging.getLogger(__name__)
EXAMPLES_PATH = Path(__file__).parent / "intent_examples.jsonl"


class Intent(str, Enum):
    answer = "answer"
    hint = "hint"
    skip = "skip"
    dont_know = "dont_know"
    repeat = "repeat"
    rephrase = "rephrase"
    clarify = "clarify"
    meta = "meta"  # how to answer: detail, code, bullet points, grading, the session
    later = "later"  # come back to this question at the end
    end = "end"
    ask = "ask"  # a question about the subject or the feedback
    show_answer = "show_answer"


DESCRIPTIONS = {
    Intent.answer: "an answer to the open question (also hedged, or phrased as a question)",
    Intent.hint: "asks for a hint",
    Intent.skip: "asks to skip the question",
    Intent.dont_know: "says they do not know",
    Intent.repeat: "asks to hear the question again",
    Intent.rephrase: "asks for the question in other words",
    Intent.clarify: "asks what a word or part of the current question means",
    Intent.meta: "asks about the format: detail, length, code, bullet points, grading, time, questions left",
    Intent.later: "asks to come back to this question later",
    Intent.end: "wants to end the interview",
    Intent.ask: "asks a question about the subject, the model answer or the feedback",
    Intent.show_answer: "asks to see the answer to the open question",
}

# Below this probability the model's request is confirmed with the candidate before acting on it.
CONFIDENT = 0.55
# A message this long is a request only through an explicit request pattern.
LONG_ANSWER_WORDS = 30


@dataclass(frozen=True)
class Understood:
    intent: Intent
    confidence: float
    source: str  # rule | question | model | llm | default
    term: str = ""  # clarify: the word asked about
    options: tuple[str, ...] = ()  # clarify: "A or B"
    unsure: bool = False  # a request the classifier is not sure of: ask before acting
    scores: dict[str, float] = field(default_factory=dict, compare=False)


def load_examples(path: Path = EXAMPLES_PATH) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- the form of the message ----------------------------------------------------------------------
_FILLER = r"^(?:(?:so|ok|okay|wait|hmm+|um+|uh|and|but|also|sorry|right|well)\W+)*"
_ASKING = re.compile(_FILLER + r"(?:why|how|what|when|where|which|who|explain|can you|could you|would you|"
                     r"is there|are there|should i use|when should|do we|does)\b")
_HEDGED = re.compile(_FILLER + r"(?:is it|isn'?t|aren'?t|doesn'?t|wouldn'?t|shouldn'?t|is that|could it be|would it be|maybe|probably|"
                     r"perhaps|i think|i guess|i'?d|i would|because|it'?s|it is|you|we|the|a|an|what about)\b")
_SENTENCES = re.compile(r"[^.?!]+[.?!]*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.findall(text) if s.strip(" .?!")]


def is_pure_question(text: str) -> bool:
    """Every sentence a question to the interviewer, none a statement: "why does bagging reduce variance?"."""
    normal = normalise(text)
    parts = sentences(normal)
    if not parts or not parts[0].endswith("?"):
        return False
    if not _ASKING.match(parts[0]) or _HEDGED.match(parts[0]):
        return False
    # "Why is that? I did say ..." challenges the feedback; a statement that explains is an answer.
    statements = [p for p in parts if not p.endswith("?")]
    return all(re.match(r"^(?:i (?:did|said|mentioned|wrote|thought)|but i)\b", s) for s in statements)


# -- the learned model ----------------------------------------------------------------------------
class _Model:
    """Logistic regression on [sentence embedding, word 1-3-grams, character 2-4-grams]."""

    def __init__(self, texts: list[str], labels: list[str], vectors: np.ndarray) -> None:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self._stack, self._sparse = hstack, csr_matrix
        self.words = TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"[a-z']+|\?")
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        normal = [normalise(t) for t in texts]
        features = self._features(normal, vectors, fit=True)
        self.model = LogisticRegression(C=20.0, max_iter=5000, class_weight="balanced").fit(features, labels)
        self.classes = [Intent(c) for c in self.model.classes_]

    def _features(self, normal: list[str], vectors: np.ndarray, fit: bool = False):
        words = self.words.fit_transform(normal) if fit else self.words.transform(normal)
        chars = self.chars.fit_transform(normal) if fit else self.chars.transform(normal)
        return self._stack([words, chars, self._sparse(vectors)]).tocsr()

    def probabilities(self, text: str, vector: np.ndarray) -> dict[Intent, float]:
        row = self.model.predict_proba(self._features([normalise(text)], vector.reshape(1, -1)))[0]
        return dict(zip(self.classes, (float(p) for p in row)))


class IntentClassifier:
    """Offline intent classification. `encode` gives unit sentence vectors (the index's embedder)."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], *, model_id: str = "",
                 examples: list[dict] | None = None, cache_dir: Path | None = None) -> None:
        self.encode = encode
        self.model_id = model_id
        self.examples = examples if examples is not None else [e for e in load_examples() if e.get("split", "train") == "train"]
        self.cache_dir = cache_dir
        self._model: _Model | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_index(cls, index: Any, **options) -> IntentClassifier:
        path = getattr(index, "path", None)
        cache_dir = Path(path).parent / "intents" if path else None
        return cls(index.encode, model_id=index.embedder.model_id, cache_dir=cache_dir, **options)

    # -- training, once -----------------------------------------------------------------------------
    def _example_vectors(self, texts: list[str]) -> np.ndarray:
        digest = hashlib.sha256(json.dumps([self.model_id, texts]).encode()).hexdigest()[:16]
        path = self.cache_dir / f"{digest}.npy" if self.cache_dir else None
        if path is not None and path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(texts):
                    return vectors
            except (OSError, ValueError):
                pass  # a damaged cache file: encode again
        vectors = np.asarray(self.encode(texts), dtype=np.float32)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vectors)
            except OSError as error:  # a read-only cache only costs the encoding next time
                log.info("Could not cache the intent examples at %s: %s", path, error)
        return vectors

    @property
    def model(self) -> _Model:
        with self._lock:
            if self._model is None:
                texts = [e["text"] for e in self.examples]
                self._model = _Model(texts, [e["intent"] for e in self.examples], self._example_vectors(texts))
            return self._model

    # -- classification -----------------------------------------------------------------------------
    def classify(self, text: str) -> Understood:
        stripped = " ".join((text or "").split())
        if not stripped:
            return Understood(Intent.answer, 1.0, "default")
        ruled = match_rule(stripped)
        if ruled:
            return self._with_parts(Understood(Intent(ruled), 1.0, "rule"), stripped)
        words = len(normalise(stripped).split())
        if words > LONG_ANSWER_WORDS:
            return Understood(Intent.answer, 1.0, "rule")
        if is_pure_question(stripped):
            guess = self._model_guess(stripped)
            # A pure question is the candidate asking; the model only tells a clarification apart.
            if guess.intent in (Intent.clarify, Intent.rephrase, Intent.meta) and guess.confidence >= CONFIDENT:
                return self._with_parts(Understood(guess.intent, guess.confidence, "question", scores=guess.scores), stripped)
            return Understood(Intent.ask, max(guess.scores.get(Intent.ask.value, 0.0), 0.6), "question", scores=guess.scores)
        guess = self._model_guess(stripped)
        if guess.intent is Intent.answer:
            return guess
        if guess.intent in (Intent.ask, Intent.clarify) and _HEDGED.match(normalise(stripped)):
            # "Isn't it mostly Counter?": a guess offered as a question is an answer.
            return Understood(Intent.answer, guess.scores.get("answer", 0.0), "question", scores=guess.scores)
        if guess.intent is Intent.ask and not stripped.rstrip().endswith("?") and words > 6:
            # A statement the model thinks is a question about the subject: most likely an answer.
            return Understood(Intent.answer, guess.scores.get("answer", 0.0), "model", unsure=True, scores=guess.scores)
        if guess.confidence < CONFIDENT:
            return self._with_parts(
                Understood(guess.intent, guess.confidence, "model", unsure=True, scores=guess.scores), stripped)
        return self._with_parts(guess, stripped)

    def _model_guess(self, text: str) -> Understood:
        vector = np.asarray(self.encode([text]), dtype=np.float32)[0]
        probabilities = self.model.probabilities(text, vector)
        intent = max(probabilities, key=probabilities.get)
        return Understood(intent, probabilities[intent], "model",
                          scores={k.value: round(v, 3) for k, v in probabilities.items()})

    @staticmethod
    def _with_parts(understood: Understood, text: str) -> Understood:
        if understood.intent is not Intent.clarify:
            return understood
        term, options = clarify_parts(text)
        return Understood(understood.intent, understood.confidence, understood.source, term, options,
                          understood.unsure, understood.scores)


class LLMIntentClassifier:
    """The offline classifier, with an LLM as the arbiter of the messages it is unsure of.

    Only those go to the LLM (one short call): a clear answer or request costs nothing extra, and when
    the LLM fails or disagrees the candidate is asked, as without it.
    """

    def __init__(self, chat_model_factory: Callable[[], Any], fallback: IntentClassifier) -> None:
        self.chat_model_factory = chat_model_factory
        self.fallback = fallback
        self._chat_model = None
        self.failures = 0

    def classify(self, text: str, *, question: str = "") -> Understood:
        offline = self.fallback.classify(text)
        if not offline.unsure or self.failures >= 2:  # a dead endpoint is not asked every turn
            return offline
        from langchain_core.messages import HumanMessage, SystemMessage

        labels = "\n".join(f"- {intent.value}: {description}" for intent, description in DESCRIPTIONS.items())
        messages = [
            SystemMessage(content=(
                "You classify what a candidate typed in a mock technical interview. Reply with exactly one "
                f"label from this list and nothing else:\n{labels}\nWhen in doubt between answer and "
                "anything else, reply answer."
            )),
            HumanMessage(content=f"Open question: {question or '(none)'}\nCandidate typed: <<<{text[:2000]}>>>"),
        ]
        try:
            if self._chat_model is None:
                self._chat_model = self.chat_model_factory()
            reply = str(self._chat_model.invoke(messages).content).strip().lower()
        except Exception as error:  # the offline answer (ask the candidate) is always there
            self.failures += 1
            log.warning("LLM intent classification failed: %s", type(error).__name__)
            return offline
        label = re.sub(r"[^a-z_]", "", reply.split()[0]) if reply.split() else ""
        if label == Intent.answer.value:
            return Understood(Intent.answer, 0.9, "llm")
        if label == offline.intent.value:  # both read the same request
            return IntentClassifier._with_parts(Understood(offline.intent, 0.9, "llm"), text)
        return offline
