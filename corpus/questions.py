"""A question must read well on its own: no stray title in front of it.

Source 002's book puts a stem ("Hyperparameters.", "Feature leakage:") in front of each tagged child
question. When the child already names what the stem names ("Hyperparameters. Explain algorithm for
tuning hyperparameters."), or does not point back at it, the stem is a stray title and is dropped.
When the child leans on it ("Empirical risk minimization. Why is it empirical?"), the stem is the
child's only context: such a question is reworded by hand in `overrides.toml`, and `corpus lint`
counts any that are left.
"""
from __future__ import annotations

import re

from .keypoints import content_words

# A short title, then a full stop or a colon, then the question proper.
_PREFIX = re.compile(r"^(?P<stem>[A-Z][\w’'/ ,.-]{1,60}?)[.:] (?P<rest>[A-Z\"“].*)$")
_ASKING = re.compile(r"^(?:what|how|why|when|which|who|where|is|are|can|do|does|explain|describe|define|"
                     r"discuss|compare|list|give|name|given|differentiate|distinguish)\b", re.IGNORECASE)
_MAX_STEM_WORDS = 6


def title_prefix(question: str) -> tuple[str, str] | None:
    """(stem, rest) when the question opens with a short title that is not itself part of the ask."""
    match = _PREFIX.match(question)
    if not match:
        return None
    stem = match["stem"].strip()
    if len(stem.split()) > _MAX_STEM_WORDS or _ASKING.match(stem) or re.search(r"[.?!]\s", stem):
        return None
    if not re.search(r"[?.]$", match["rest"]):
        return None
    return stem, match["rest"]


def _words(text: str) -> set[str]:
    return set(content_words(text.replace("-", " ")))


def strip_title_prefix(question: str) -> str:
    """The question without a stem the rest of it already names; otherwise unchanged."""
    found = title_prefix(question)
    if not found:
        return question
    stem, rest = found
    if _words(stem) <= _words(rest) or not _LEANS_ON_STEM.search(rest):
        return rest
    return question


# "Why is it empirical?", "How's this tradeoff related ...": the rest points back at the stem.
_LEANS_ON_STEM = re.compile(r"\b(?:it|its|this|that|these|those|they|them)\b(?!\s+(?:case|way)\b)", re.IGNORECASE)
