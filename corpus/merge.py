"""Find near-duplicate questions across sources, so one record keeps every source's answer.

Conservative on purpose: a wrong merge grades a candidate against the answer to another question,
a missed merge only leaves two records. Two questions merge when their content words, with the
question's framing words ("what is", "explain", "difference") set aside, are nearly the same set.
"""
from __future__ import annotations

import re

from .keypoints import content_words
from .schema import RawItem

# Words that frame a question rather than say what it is about.
_FRAMING = frozenset(
    """explain describe define difference between differentiate distinguish compare contrast mean meaning
    concept understand understanding briefly example purpose role work way
    key main common approach technique method process""".split()
)
MERGE_THRESHOLD = 0.8


def signature(question: str) -> frozenset[str]:
    # "trade-off" and "tradeoff" are one word; digits and operators ("Python 2", "==") tell questions apart.
    text = question.lower().replace("-", "")
    text = re.sub(r"\b(?:in|for|of) (?:machine learning|ml|data science)\b", " ", text)
    symbols = {tok for tok in re.findall(r"\d+|[=<>!]=|\bis\b", text) if tok != "is" or "`is`" in text}
    return frozenset({w for w in content_words(text) if w not in _FRAMING} | symbols | {_intent(text)})


# What kind of answer the question wants: "what is X" and "when to use X" are different questions.
_INTENTS = (
    ("diff", r"\b(?:differen|differ|compare|contrast|distinguish|vs\.?|versus)"),
    ("why", r"\bwhy\b"),
    ("when", r"\b(?:when|where|which situations?)\b"),
    ("how", r"\bhow\b"),
    ("what", r"\b(?:what|define|explain|describe)\b"),
)


def _intent(text: str) -> str:
    for name, pattern in _INTENTS:
        if re.search(pattern, text):
            return f"<{name}>"
    return "<what>"


def _same_words(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    return norm(a) == norm(b)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if len(a) < 2 or len(b) < 2:
        return a == b and bool(a)
    return len(a & b) / len(a | b) >= MERGE_THRESHOLD


def group_duplicates(items: list[RawItem]) -> list[list[int]]:
    """Groups of item indexes (each in input order); singletons included, groups ordered by first item."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    signatures = [signature(item.question) for item in items]
    sources = [{item.source} for item in items]  # per group root: the sources already in the group
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            root_i, root_j = find(i), find(j)
            if root_i != root_j and _same_words(items[i].question, items[j].question):
                parent[root_j] = root_i  # the same question asked twice, even within one source
                sources[root_i] |= sources[root_j]
                continue
            # Within one source, distinct entries are distinct questions (the parsers drop true repeats),
            # so a group never takes two items of one source, even through a chain of merges.
            if root_i == root_j or sources[root_i] & sources[root_j]:
                continue
            if _similar(signatures[i], signatures[j]):
                parent[root_j] = root_i
                sources[root_i] |= sources[root_j]
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
