"""The interviewer's replies to requests about the open question: rephrase, clarify, and the format.

None of these gives the answer away: a definition comes from another record than the open one, and a
clarification that would define the very thing asked about rewords the question instead.
"""
from __future__ import annotations

import re

import numpy as np

from mockinterview.corpus.keypoints import content_words
from mockinterview.corpus.rubrics import rubric_for
from mockinterview.corpus.schema import Record
from mockinterview.index.search_types import SearchError

from .ask import REVEALS, defines, locate, reference_sentences

def _plain(text: str) -> str:
    return " ".join(text.split()).strip().rstrip("?").lower()


def rephrasings(record: Record, asked: str, focus: list[str]) -> list[str]:
    """Other wordings of the open question: the rubric's rephrasing, each source's own, the topic title;
    a plain restatement only when there is nothing else."""
    if focus:  # a probe: its point is the answer, so the rewording names only the question it belongs to
        return [f"In other words: your answer to \"{record.question.strip()}\" left one part out, and this "
                f"question asks for it. {asked.strip()}"]
    seen = {_plain(asked)}
    options = []
    authored = rubric_for(record.id)
    candidates = [authored.rephrasing] if authored and authored.rephrasing else []
    for text in candidates + [r.question for r in record.references] + ([record.title] if record.title else []):
        if text and _plain(text) not in seen:
            seen.add(_plain(text))
            options.append(f"In other words: {text.strip()}")
    if not options:
        area = record.subtopic or record.topic.replace("-", " ")
        options.append(f"In other words, this is a {area} question: {record.question.strip()} "
                       "Explain the main idea in your own words, and say why it matters.")
    return options


def meta_reply(text: str, record: Record, number: int, of: int) -> str:
    """A short answer about the format of the interview."""
    said = text.lower()
    coding = record.kind.value == "coding"
    if re.search(r"\b(?:code|python|pseudo-?code|sql)\b", said):
        return ("Yes: write the code, then a sentence on how it works and its complexity." if coding else
                "No code needed for this one: explain it in words. A short snippet or pseudo-code is fine if it helps.")
    if re.search(r"\b(?:bullet|list)\b", said):
        return "Bullet points are fine: each point you make is checked on its own."
    if re.search(r"\b(?:formula|math|equation|intuition)\b", said):
        return "Lead with the intuition; add the formula if you know it. Both count."
    if re.search(r"\bhow many\b|\bleft\b|\bremain", said):
        left = max(of - number, 0)
        return f"This is question {number} of {of}; {left} more after this one (plus any follow-ups)."
    if re.search(r"\btime\b|\bhurry\b|\bminutes?\b", said):
        return "There is no time limit. The report shows how long each answer took, for your own practice."
    if re.search(r"\b(?:grad|scor|mark|points)\w*", said):
        return ("Each answer gets 0-10 for the key points of a reference answer it covers, with the sentence of "
                "yours that covered each one. Length itself earns nothing.")
    if re.search(r"\bexample\b", said):
        return "Yes, an example helps, as long as you also state the general idea."
    return ("A few sentences to a short paragraph is right: the key ideas, why they hold, and when they matter. "
            "I grade the points you cover, not the length.")


def clarify_reply(index, record: Record, asked: str, term: str, options: tuple[str, ...]) -> str | None:
    """What the candidate asked about, from the corpus; None when there is nothing better than a rewording."""
    if len(options) == 2:
        choice = _choose(index, record, options)
        if choice:
            return choice
    if term:
        return _define(index, record, asked, term)
    return None


def _choose(index, record: Record, options: tuple[str, ...]) -> str | None:
    sentences = [s for reference in record.references[:2] for s in reference_sentences(reference)]
    if not sentences:
        return (f"The question leaves it open between {options[0]} and {options[1]}: say which one you assume, "
                "and answer for it.")
    vectors = index.encode(sentences)
    scores = []
    for option in options:
        similarity = float(np.max(vectors @ index.encode([option])[0]))
        words = set(content_words(option))
        mentions = max(len(words & set(content_words(s))) / max(len(words), 1) for s in sentences)
        scores.append(similarity + 0.3 * mentions)
    if abs(scores[0] - scores[1]) < 0.05:
        return (f"Either reading is fair: the reference touches on both {options[0]} and {options[1]}. "
                "Say which one you take, and answer for it.")
    best = options[int(np.argmax(scores))]
    return f"I mean {best}: that is what the reference answer is about."


def _define(index, record: Record, asked: str, term: str) -> str | None:
    term_words = set(content_words(term))
    question_words = set(content_words(asked))
    if term_words and question_words and len(term_words & question_words) >= 0.7 * len(question_words):
        return None  # the term is the whole question: its definition is the answer
    try:
        hits = index.search(term, k=6, exclude_ids=(record.id,))
    except SearchError:
        return None
    found = []
    for hit in hits:
        for reference in hit.record.references[:2]:
            for sentence in reference_sentences(reference):
                if defines(term, sentence) and len(sentence.split()) <= 60:
                    found.append((sentence, reference, hit.record))
    if not found:
        return None
    if record.key_points:  # a definition that restates a key point of the open question gives it away
        secret = index.encode(record.key_points)
        vectors = index.encode([f[0] for f in found])
        found = [f for f, v in zip(found, vectors) if float(np.max(secret @ v)) < REVEALS]
    if not found:
        return None
    closeness = index.encode([f[0] for f in found]) @ index.encode([f"What is {term}?"])[0]
    sentence, reference, source = found[int(np.argmax(closeness))]
    return f"By {term} I mean the usual sense: \"{sentence}\" (Source: \"{source.question}\", {locate(reference, [sentence])})"
