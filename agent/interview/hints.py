"""Hints in steps: the concept to think about, then a more specific nudge, then the offer of the answer.

Every hint is about one key point (the first the reference makes) and passes `leaks` (never the
point's conclusion) and is never made of the question's own words alone.
"""
from __future__ import annotations

import re
from collections import Counter

from mockinterview.corpus.keypoints import content_words

from .probes import VERBS, conclusion_terms, leaks, split_point

LAST_STEP = 3
NO_MORE = "That's all the hints I have for this one. Say 'show answer' to see the model answer, or give it your best try."
_SURFACE = re.compile(r"[A-Za-z][A-Za-z0-9+#-]*")
_RARITY: dict[str, Counter] = {}


def word_rarity(corpus) -> Counter:
    """How many records' key points use each word (once per corpus, by its content hash)."""
    key = getattr(corpus, "content_hash", str(id(corpus)))
    if key not in _RARITY:
        counts: Counter = Counter()
        for record in corpus.records:
            counts.update(set(content_words(" ".join(record.key_points))))
        _RARITY[key] = counts
    return _RARITY[key]


def _ranked_terms(point: str, question: str, counts: Counter) -> list[str]:
    """The conclusion's words as written, things before actions (a noun points somewhere, a verb gives the
    conclusion away), rarest in the corpus first."""
    terms = conclusion_terms(point, question)
    surface: dict[str, str] = {}
    for word in _SURFACE.findall(point):
        stem = content_words(word)
        if stem and stem[0] in terms:
            surface.setdefault(stem[0], word.lower())
    def verbish(word: str) -> bool:
        return word in VERBS or word.endswith(("ed", "ly", "ing"))
    return [surface[t] for t in sorted(surface, key=lambda t: (verbish(surface[t]), len(t) < 4, counts.get(t, 0), t))]


def _concept(point: str, question: str) -> str:
    parts = split_point(point)
    asked = set(content_words(question))
    for phrase in (parts.subject, parts.context):
        words = set(content_words(phrase))
        if words and not words <= asked:  # never just the question's own words
            return phrase
    return ""


def authored_hint(hints: list[str], step: int) -> str:
    """Hint number `step` from the rubric's two authored steps for a core claim, then the offer of the answer."""
    return hints[step] if step < min(len(hints), LAST_STEP - 1) else NO_MORE


def stepped_hint(point: str, question: str, step: int, counts: Counter) -> str:
    """Hint number `step` (0-based) for this point."""
    if step >= LAST_STEP - 1:
        return NO_MORE
    terms = _ranked_terms(point, question, counts)
    concept = _concept(point, question)
    if step == 0:
        if concept:
            return f"Think about {concept}: what role does it play here?"
        if terms:
            return f"Think about how this connects to {terms[0]}."
        return "Think about what the idea is for: the problem it solves, and what would go wrong without it."
    # Step 1: more specific, still short of the conclusion: two of its rarest words, or one if two say too much.
    for picked in (terms[:2], terms[:1]):
        if not picked:
            break
        lead = f"More specifically: consider {' and '.join(picked)}"
        text = f"{lead}, and how {concept} relates to them." if concept else f"{lead}: what is the link?"
        if not leaks(text, point, question):
            return text
    return "More specifically: what would go wrong if it were missing, and why?"
