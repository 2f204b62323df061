"""Reduce a reference answer to 3-8 short statements a grader can check one at a time.

Model-free and deterministic on purpose: the corpus is built before any embedding model is loaded,
and the same sources must always give the same rubric. The method is extractive: split the answer
into candidate sentences, drop code, headings and filler, score each candidate by how much of the
question and of the rest of the answer it carries, then pick the best few without repeating.
"""
from __future__ import annotations

import math
import re
from collections import Counter

MAX_CHARS = 299  # "under 300 characters"
MIN_WORDS = 5

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
# Abbreviations that end in a period but do not end a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "Fig.", "fig.", "Eq.", "et al.", "Dr.", "Mr.")
_WORD = re.compile(r"[a-z][a-z0-9+#\-]*")
_BULLET = re.compile(r"^(?:[-*•●○■▪◦]\s+|\d+[.)]\s+|[a-z][.)]\s+)")
_HEADING_WORDS = {
    "code example", "explanation", "output", "conclusion", "example", "examples", "summary", "theory",
    "key points", "advantages", "disadvantages", "pros", "cons", "implementation", "scenario", "solution",
    "approach", "answer", "definition", "overview", "note", "intuition", "use cases", "steps",
}
_FILLER_START = re.compile(
    r"^(?:let'?s|let us|here'?s|here is|here are|in this (?:answer|section|example|article)|below is|"
    r"the following|as (?:shown|mentioned) (?:above|below)|see (?:above|below)|i (?:will|would|think)|"
    r"great question|this is a (?:common|classic|great) (?:interview )?question)",
    re.IGNORECASE,
)
_CONNECTOR = re.compile(
    r"^(?:also|additionally|moreover|furthermore|however|therefore|thus|hence|so|finally|in summary|"
    r"in conclusion|in short|overall|basically|essentially|importantly|similarly|in practice|"
    r"in machine learning|in ml|in other words|for instance|for example),\s+",
    re.IGNORECASE,
)
_CODE_HINTS = re.compile(
    r"(^\s*(?:def |class |import |from \S+ import|return\b|print\(|for \w+ in .*:$|if .*:$|elif |else:|try:|"
    r"except|with .*:$|#|>>>|\$ |pip install|@\w)|[=!<>]=|\w+\([^)]*\)\s*$|\w+\.\w+\(|[{}\[\];]\s*$|^\s*[\])}]|"
    r"\b\w+\s*=\s*[\w\[\](\"'.-]|^[A-Za-z_]+\s*:\s*\[)"
)
_STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this that
    these those there their they them we you your our can could will would should may might must do does did
    not no so than then too very into about over such which who whom what when where why how also just more
    most other some any each both all one two use used using uses make makes like e g i etc""".split()
)


def content_words(text: str) -> list[str]:
    """Lower-cased content words, with a light plural strip so 'models' meets 'model'."""
    words = []
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return words


def looks_like_code(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    symbols = sum(ch in "=()[]{}<>_#:;'\"" for ch in stripped)
    if symbols / max(len(stripped), 1) > 0.12:
        return True
    words = stripped.split()
    # Prose mentioning code (`model.fit(...)` in a sentence) has many plain words; code has few.
    prose_words = sum(w.isalpha() and w.islower() for w in words)
    return bool(_CODE_HINTS.search(stripped)) and prose_words < max(4, len(words) // 2)


def looks_like_heading(line: str) -> bool:
    stripped = line.strip().rstrip(":").strip()
    if stripped.lower() in _HEADING_WORDS:
        return True
    words = stripped.split()
    if line.strip().endswith(":") and len(words) <= 6:
        return True
    # Short title-case lines with no sentence punctuation are section titles, not statements.
    return len(words) <= 5 and not re.search(r"[.!?]$", stripped) and sum(w[:1].isupper() for w in words) >= len(words) - 1


def split_sentences(paragraph: str) -> list[str]:
    protected = paragraph
    for i, abbr in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbr, f"\x00{i}\x00")
    parts = _SENTENCE_END.split(protected)
    restored = []
    for part in parts:
        for i, abbr in enumerate(_ABBREVIATIONS):
            part = part.replace(f"\x00{i}\x00", abbr)
        restored.append(part.strip())
    return [p for p in restored if p]


def _shorten(sentence: str) -> str:
    """Cut an over-long sentence at a clause boundary so the point stays readable."""
    if len(sentence) <= MAX_CHARS:
        return sentence
    window = sentence[: MAX_CHARS - 1]
    for mark in ("; ", ": ", ", which ", ", while ", ", but ", ", and ", ", "):
        cut = window.rfind(mark)
        if cut > MAX_CHARS // 3:
            return window[:cut].rstrip(" ,;:") + "."
    return window[: window.rfind(" ")].rstrip(" ,;:") + "."


def _clean_candidate(text: str) -> str:
    text = _BULLET.sub("", text.strip())
    text = _CONNECTOR.sub("", text)
    text = text.strip(" -–")
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text


def unwrap(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped prose: a line that stops mid-sentence continues on a lower-case line."""
    joined: list[str] = []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if joined and line[0].islower() and not re.search(r"[.!?:]$", joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def candidates(answer: str) -> list[str]:
    """Every statement of the answer that could stand alone as a key point, in answer order."""
    found: list[str] = []
    for line in unwrap(answer.splitlines()):
        line = line.strip()
        if not line or looks_like_code(line) or looks_like_heading(line):
            continue
        for sentence in split_sentences(_BULLET.sub("", line)):
            sentence = _clean_candidate(sentence)
            if len(sentence.split()) < MIN_WORDS or _FILLER_START.match(sentence):
                continue
            if sentence.endswith(":") or looks_like_code(sentence):
                continue
            if sentence[-1] not in ".!?)\"'":
                sentence += "."
            found.append(_shorten(sentence))
    return found


def target_count(answer: str, available: int) -> int:
    """Longer answers earn more points: about one per 60 words, from 3 to 8."""
    words = len(answer.split())
    return max(1, min(available, 8, max(3, round(words / 60))))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def extract_key_points(question: str, answer: str | None) -> list[str]:
    if not answer:
        return []
    pool = candidates(answer)
    if not pool:
        return []
    bags = [content_words(s) for s in pool]
    question_words = set(content_words(question))
    doc_freq = Counter(w for bag in bags for w in set(bag))
    total = len(pool)

    def idf(word: str) -> float:
        return math.log(1 + total / doc_freq[word])

    scores = []
    for index, bag in enumerate(bags):
        if not bag:
            scores.append(-1.0)
            continue
        unique = set(bag)
        # Centrality: the sentence's words recur across the answer (what the answer is about).
        centrality = sum(doc_freq[w] - 1 for w in unique) / (len(unique) + 3)
        relevance = sum(idf(w) for w in unique & question_words)
        position = 1.0 / (1 + index * 0.15)  # definitions tend to come first
        pronoun_start = pool[index].split()[0].lower() in {"it", "this", "they", "these", "that", "those"}
        scores.append(centrality + 1.5 * relevance + position - (0.8 if pronoun_start else 0.0))

    want = target_count(answer, len(pool))
    chosen: list[int] = []
    for index in sorted(range(total), key=lambda i: (-scores[i], i)):
        if len(chosen) >= want:
            break
        if scores[index] < 0:
            continue
        words = set(bags[index])
        if any(_overlap(words, set(bags[j])) > 0.7 for j in chosen):
            continue  # says what a chosen point already says
        chosen.append(index)
    return [pool[i] for i in sorted(chosen)]
