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

from .pointrules import (  # noqa: F401  (looks_like_code is re-exported: callers import it from here)
    capitalise, has_markup, has_symbols, is_code, is_filler, is_fragment, is_heading, is_question, looks_like_code,
    mangled_identifier, opens_with_pronoun, strip_markup,
)

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
    text = strip_markup(_BULLET.sub("", text.strip()))
    text = _CONNECTOR.sub("", text)
    text = text.strip(" -–")
    return capitalise(text)


def unwrap(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped prose: a line that stops mid-sentence continues on a lower-case line.

    Code is never joined to prose or to other code: `import numpy as np` starts lower-case too.
    """
    joined: list[str] = []
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if (joined and line[0].islower() and not re.search(r"[.!?:]$", joined[-1])
                and not is_code(line) and not is_code(joined[-1])):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


_SUBJECT = re.compile(
    r"^(?:what (?:is|are)|define|explain|describe)\s+(?P<subject>(?:an?\s+|the\s+)?[^?,;:]{2,60}?)\s*[?.]?$",
    re.IGNORECASE,
)


def question_subject(question: str) -> str | None:
    """What a definition question asks about ("What is Keras?" -> "Keras"), or None."""
    match = _SUBJECT.match(question.strip())
    if not match or len(match["subject"].split()) > 6 or " and " in match["subject"]:
        return None  # "What are X and Y?": an opening "They" may name either
    return match["subject"].strip()


def _resolve_opening(sentence: str, subject: str | None) -> str | None:
    """`It is ...` as the answer's first sentence names the question's subject: say it."""
    if not subject:
        return None
    match = re.match(r"^(It|They)\s+(?!\w+ly\b)", sentence)
    if not match:
        return None
    rest = sentence[match.end():]
    subject = subject[0].upper() + subject[1:] if subject[:1].islower() else subject
    return f"{subject} {rest}"


def _rejected(sentence: str) -> bool:
    return (
        len(sentence.split()) < MIN_WORDS
        or _FILLER_START.match(sentence) is not None
        or sentence.endswith(":")
        or looks_like_code(sentence)
        or is_heading(sentence) or is_question(sentence) or is_filler(sentence) or is_code(sentence)
        or has_markup(sentence) or has_symbols(sentence) or mangled_identifier(sentence) or is_fragment(sentence)
    )


def _finish(sentence: str) -> str:
    if sentence[-1] not in ".!?)\"'”":
        sentence += "."
    return _shorten(sentence)


def candidates(answer: str, question: str = "") -> list[str]:
    """Every statement of the answer that could stand alone as a key point, in answer order.

    A sentence that opens with a pronoun ("It computes ...") is joined to the sentence before it in
    the same paragraph, so the point carries its antecedent; the answer's opening `It ...` takes the
    question's subject instead; any other such sentence is dropped.
    """
    found: list[str] = []
    fallback: list[str] = []  # used only when nothing else is left: lead-ins, step comments of a solution
    subject = question_subject(question)
    first_sentence = True
    heading: str | None = None
    for line in unwrap(answer.splitlines()):
        line = line.strip()
        comment = _COMMENT.match(line)
        if comment and len(comment["text"].split()) >= MIN_WORDS:
            text = _finish(_clean_candidate(comment["text"]))
            if not (_rejected(text) or opens_with_pronoun(text)):
                fallback.append(text)
            continue
        if not line or looks_like_code(line) or looks_like_heading(line):
            if line.endswith(":") and not looks_like_code(line):
                _lead_in(_clean_candidate(line), fallback)
            heading = _clean_candidate(line).rstrip(":. ") if looks_like_heading(line) else None
            continue
        if is_fragment(_clean_candidate(line)) and heading and len(heading.split()) <= 4:
            line = f"{heading}: {_BULLET.sub('', line)}"  # "Decoder:" then "- Uses what the encoder understood."
        elif not _BULLET.match(line):
            heading = None
        previous: str | None = None
        for raw in split_sentences(_BULLET.sub("", line)):
            if looks_like_code(raw) or is_code(raw):
                previous = None
                continue
            sentence = _clean_candidate(raw)
            opening, first_sentence = first_sentence, False
            if not sentence:
                continue
            if opens_with_pronoun(sentence):
                resolved = _resolve_opening(sentence, subject) if opening else None
                if resolved is None and previous and len(previous) + len(sentence) < MAX_CHARS:
                    resolved = f"{_finish(previous).rstrip()} {sentence}"
                if resolved is None:
                    previous = None
                    continue
                sentence, previous = resolved, None
            else:
                previous = sentence if not (is_heading(sentence) or is_question(sentence)) else None
            if sentence.endswith(":"):
                _lead_in(sentence, fallback)
                continue
            sentence = _finish(sentence)
            if _rejected(sentence) or opens_with_pronoun(sentence):
                continue
            found.append(sentence)
    return found or fallback


# A solution's step comment: `# Train a logistic regression model ...` (`# ___Task 2___: ...` is a title).
_COMMENT = re.compile(r"^#+\s*(?!_)(?P<text>[A-Z][^=(){}\[\]]*?)\s*$")
_LEAD_IN_WORDS = 8


def _lead_in(sentence: str, fallback: list[str]) -> None:
    """`A confusion matrix is a table showing ...:` states a claim before its list: keep it in reserve."""
    text = sentence.rstrip(":").rstrip()
    text = _finish(text) if text else text
    if len(text.split()) >= _LEAD_IN_WORDS and not opens_with_pronoun(text) and not _rejected(text):
        fallback.append(text)


def target_count(answer: str, available: int) -> int:
    """Longer answers earn more points: about one per 60 words, from 3 to 8."""
    words = len(answer.split())
    return max(1, min(available, 8, max(3, round(words / 60))))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def extract_key_points(question: str, answer: str | None) -> list[str]:
    if not answer:
        return []
    pool = candidates(answer, question)
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
