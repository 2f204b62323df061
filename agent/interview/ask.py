"""Answers to the candidate's own questions, from the corpus references, with their sources.

Offline the answer is extractive: hybrid search finds the records, their reference answers are cut
into sentences, and the few sentences closest to the question are quoted, grouped by reference and in
the reference's order, each group with its file and lines. When no sentence is close enough the
answer says there is no material on that. With an LLM, `stream_grounded` writes an answer from the
same passages, citing them by number.

An answer never gives away the open question: the open record is left out of retrieval, a sentence
that restates one of its key points is dropped, and a question that *is* the open question is refused.
"""
from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from mockinterview.agent.textclean import clean_text
from mockinterview.corpus import store as corpus_store
from mockinterview.corpus.keypoints import content_words, split_sentences
from mockinterview.corpus.schema import Record, Reference
from mockinterview.index.search_types import SearchError, SearchFilters

SOURCES_DIR = Path(corpus_store.__file__).parent / "sources"
# Below this best-sentence score no passage answers the question (MiniLM scale; `mockinterview eval
# answers` shows the sweep on evals/intents/questions.jsonl).
NO_MATERIAL = 0.50
KEEP_WITHIN = 0.10  # quote sentences scoring within this of the best one
MAX_SENTENCES = 4
MAX_REFERENCES = 2
RECORDS = 5
REVEALS = 0.85  # a sentence this close to a key point of the open question would give it away
SAME_QUESTION = 0.80  # a question this close to the open one is the open one

# "this", "the model answer", "my answer", "why?": a question about what was just discussed.
_DEICTIC = re.compile(
    r"\b(?:that|this|it|the (?:model |reference |right |correct )?answer|my answer|the feedback|the (?:last|previous) "
    r"(?:question|one)|missed|the point|key point|lose points|partial credit|score|scored|marked|graded)\b|^\W*why\W*(?:though|not)?\W*$",
    re.IGNORECASE,
)
_FILLER = re.compile(r"^(?:can|could) you (?:explain|tell me|elaborate on|go over)\s*|^(?:explain|tell me (?:more )?about)\s*",
                     re.IGNORECASE)


@dataclass
class Passage:
    record_id: str
    question: str
    location: str
    sentences: list[str]


@dataclass
class CorpusAnswer:
    text: str
    found: bool
    passages: list[Passage] = field(default_factory=list)
    refused: bool = False  # the question is the open one
    best: float = 0.0  # the best sentence's score (what NO_MATERIAL is compared with)

    @property
    def sources(self) -> list[dict]:
        return [{"record_id": p.record_id, "question": p.question, "location": p.location} for p in self.passages]


@lru_cache(maxsize=8)
def _source_lines(name: str) -> tuple[str, ...]:
    path = SOURCES_DIR / name
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def locate(reference: Reference, sentences: list[str]) -> str:
    """The reference's file and the lines these sentences sit on (the whole answer's span as a fallback)."""
    if reference.part:
        return reference.location
    lines = _source_lines(reference.source)[reference.line_start - 1: reference.line_end]
    squashed = [_squash(line) for line in lines]
    found = []
    for sentence in sentences:
        probe = _squash(sentence)[:40]
        hit = next((i for i, line in enumerate(squashed) if probe and probe[:25] in line), None)
        if hit is not None:
            found.append(hit)
    if not found:
        return reference.location
    first, last = reference.line_start + min(found), reference.line_start + max(found)
    span = f"line {first}" if first == last else f"lines {first}-{last}"
    return f"{reference.source} ({span})"


def reference_sentences(reference: Reference) -> list[str]:
    out = []
    for paragraph in reference.text.split("\n"):
        for sentence in split_sentences(paragraph.strip()):
            if len(sentence.split()) >= 4 and not sentence.rstrip().endswith("?") and not sentence.endswith(":"):
                out.append(sentence.strip())
    return out


def defines(term: str, sentence: str) -> bool:
    """Whether the sentence is a definition of the term: "X is a ...", "X, short for Y, ...", "X refers to"."""
    t = re.escape(term.strip())
    return bool(re.search(
        rf"^(?:an?\s+|the\s+)?{t}s?\s*(?:\([^)]{{0,40}}\))?\s+(?:is|are)\s+(?:an?|the|when|how|used|one|defined|called)\b|"
        rf"^(?:an?\s+|the\s+)?{t}s?,\s+(?:short for|also called|also known as|or)\s[^,]{{1,50}},|"
        rf"^(?:an?\s+|the\s+)?{t}s?\s*(?:\([^)]{{0,40}}\))?\s+(?:refers to|means|denotes|describes|measures)\b|"
        rf"\b(?:is|are) (?:called|known as) (?:an?\s+|the\s+)?{t}\b|"
        rf"^(?:an?\s+|the\s+)?[\w\s-]{{3,60}}\({t}\)\s+(?:is|are)\s+(?:an?|the)\b",
        sentence.strip(), re.IGNORECASE))


_WHAT_IS = re.compile(r"^(?:so\s+)?what(?:'s| is| are)\s+(?:an?\s+|the\s+)?(?P<term>[\w\s-]{2,40}?)"
                      r"(?:\s+(?:exactly|again|here|then|really|in ml|for))?\s*\??$", re.IGNORECASE)


# Sentence vectors of the references already read, per index: asking about the same records is cheap.
_SENTENCE_VECTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def sentence_vectors(index, record: Record, number: int, sentences: list[str]) -> np.ndarray:
    memo = _SENTENCE_VECTORS.setdefault(index, {})
    key = (record.id, number)
    if key not in memo:
        memo[key] = index.encode(sentences) if sentences else np.zeros((0, 1), dtype=np.float32)
    return memo[key]


def is_about_context(question: str) -> bool:
    return bool(_DEICTIC.search(question))


class CorpusAnswerer:
    def __init__(self, corpus, index, *, no_material: float = NO_MATERIAL) -> None:
        self.corpus = corpus
        self.index = index
        self.no_material = no_material

    def answer(self, question: str, *, context: Record | None = None, context_question: str = "",
               open_record: Record | None = None, open_question: str = "") -> CorpusAnswer:
        question = " ".join((question or "").split())
        if not question:
            return CorpusAnswer("Ask me anything about the subject or the feedback.", False)
        about_context = context is not None and is_about_context(question)
        query = question if not about_context else f"{_FILLER.sub('', question)} {context_question or context.question}"
        if open_record is not None and self._is_open_question(question, open_record, open_question):
            return CorpusAnswer(
                "That is what the current question asks, so I will not answer it yet: give it a try (or ask for "
                "a hint), and ask me again once it is closed.", False, refused=True)
        try:
            hits = self.index.search(query, k=RECORDS, filters=SearchFilters(answered_only=True),
                                     exclude_ids=(open_record.id,) if open_record else ())
        except SearchError:
            hits = []
        records = [h.record for h in hits]
        if about_context and context.answered and (open_record is None or context.id != open_record.id):
            records = [context] + [r for r in records if r.id != context.id]
        return self._extract(question if not about_context else query, records, open_record,
                             prefer=context.id if about_context else None)

    def _is_open_question(self, question: str, open_record: Record, open_question: str) -> bool:
        vector = self.index.encode([question])[0]
        texts = [open_question or open_record.question, open_record.question]
        return float(np.max(self.index.encode(texts) @ vector)) >= SAME_QUESTION

    def _extract(self, query: str, records: list[Record], open_record: Record | None, prefer: str | None) -> CorpusAnswer:
        candidates: list[tuple[Record, Reference, int, str]] = []
        blocks = []
        for record in records:
            for number, reference in enumerate(record.references[:2]):
                sentences = reference_sentences(reference)
                if sentences:
                    blocks.append(sentence_vectors(self.index, record, number, sentences))
                candidates += [(record, reference, position, sentence) for position, sentence in enumerate(sentences)]
        if not candidates:
            return self._nothing()
        vectors = np.vstack(blocks)
        query_vector = self.index.encode([query])[0]
        scores = vectors @ query_vector
        query_words = set(content_words(query))
        asked = _WHAT_IS.match(query.strip())
        for i, (record, _, _, sentence) in enumerate(candidates):
            overlap = len(query_words & set(content_words(sentence))) / max(len(query_words), 1)
            scores[i] += 0.15 * overlap + (0.05 if record.id == prefer else 0.0)
            if asked and defines(asked.group("term"), sentence):  # "what is X?" wants X's definition first
                scores[i] += 0.15
        if open_record is not None and open_record.key_points:
            secret = self.index.encode(open_record.key_points)
            scores[np.max(vectors @ secret.T, axis=1) >= REVEALS] = -1.0
        best = float(np.max(scores))
        if best < self.no_material:
            return self._nothing(best)
        chosen = [i for i in np.argsort(-scores) if scores[i] >= best - KEEP_WITHIN][:MAX_SENTENCES]
        groups: dict[tuple[str, str, int], list[int]] = {}
        for i in chosen:
            record, reference, _, _ = candidates[i]
            key = (record.id, reference.source, reference.line_start)
            if key in groups or len(groups) < MAX_REFERENCES:
                groups.setdefault(key, []).append(i)
        passages = []
        for indices in groups.values():
            indices.sort(key=lambda i: candidates[i][2])  # the reference's own order
            record, reference = candidates[indices[0]][0], candidates[indices[0]][1]
            said = [candidates[i][3] for i in indices]
            passages.append(Passage(record.id, record.question, locate(reference, said), said))
        return CorpusAnswer(format_passages(passages), True, passages, best=best)

    @staticmethod
    def _nothing(best: float = 0.0) -> CorpusAnswer:
        return CorpusAnswer("I don't have material on that in the question bank, so I would rather not guess.", False,
                            best=best)


def format_passages(passages: list[Passage]) -> str:
    blocks = []
    for passage in passages:
        blocks.append(" ".join(passage.sentences) + f"\n(Source: \"{passage.question}\", {passage.location})")
    return "\n\n".join(blocks)


def grounded_messages(question: str, passages: list[Passage]) -> list:
    from langchain_core.messages import HumanMessage, SystemMessage

    numbered = "\n\n".join(f"[{n}] {p.question} ({p.location}):\n{' '.join(p.sentences)}"
                           for n, p in enumerate(passages, start=1))
    return [
        SystemMessage(content=(
            "You are a patient technical interviewer answering the candidate's question. Answer in at most 120 "
            "words using only the numbered passages, and cite them like [1]. If they do not answer the "
            "question, say so."
        )),
        HumanMessage(content=f"Passages:\n{numbered}\n\nCandidate's question: {question}"),
    ]


def stream_grounded(chat_model, question: str, passages: list[Passage]) -> Iterator[str]:
    """The LLM's answer from these passages, chunk by chunk (raises on failure: the caller falls back)."""
    for chunk in chat_model.stream(grounded_messages(question, passages)):
        text = getattr(chunk, "content", chunk)
        if text:
            yield clean_text(str(text))  # shown, then stored: cleaned like the candidate's own text
