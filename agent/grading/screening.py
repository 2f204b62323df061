"""Look at an answer before grading it: clean it, split it, and spot the answers that are not answers.

Every rule here is about the form of the text, not about any question, so it carries over to answers
and subjects the grader has never seen.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from mockinterview.corpus.keypoints import content_words, split_sentences

MAX_ANSWER_CHARS = 20_000  # ~3,000 words: longer text is cut, and the grade says so
MAX_SENTENCES = 60  # grading cost grows with sentences; 60 covers any spoken answer

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_DONT_KNOW = re.compile(
    r"^\W*(?:i\s*(?:do\s*n[o']?t|dont|don’t|have\s+no)\s*(?:really\s+)?(?:know|idea|remember|recall|understand)"
    r"|no\s*idea|not\s+sure|idk|dunno|pass|skip|no\s+clue|i'?m\s+not\s+sure|n/?a|none|nothing|\?+)\b",
    re.IGNORECASE,
)

# Text addressed to the grader instead of the interviewer: role prefixes, instructions, fake verdicts.
_INJECTION = re.compile(
    r"(ignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|preceding|your)\b"
    r"|disregard\s+(?:all\s+|the\s+|your\s+|any\s+)?(?:previous|prior|above|instructions|rubric|reference)"
    r"|(?:give|award|assign|grade|score|rate|mark)\s+(?:me|this(?:\s+answer)?|it|the\s+answer)?\s*(?:a\s+|an\s+|with\s+)?"
    r"(?:(?:full|perfect|maximum|max|top|high(?:est)?)\s+(?:marks?|score|points|grade)|10\s*(?:/|out of)\s*10|ten\b|100\s*%)"
    r"|\b(?:score|grade|rating|verdict)\s*[:=]\s*[\"']?(?:10|9|strong|perfect|excellent)"
    r"|[\"']score[\"']\s*:\s*\d|[\"']verdict[\"']\s*:"
    r"|^\s*(?:system|assistant|grader|developer|user)\s*(?:prompt)?\s*[:>]"
    r"|\[/?(?:inst|system)\]|<\|?/?(?:im_start|im_end|system|assistant|user)\|?>|</?(?:answer|candidate_answer|reference|rubric)>"
    r"|you\s+are\s+(?:now\s+)?(?:a|an|the)\s+(?:\w+\s+)?(?:grader|assistant|ai|model|evaluator)"
    r"|(?:new|updated|override|real)\s+(?:instructions?|rubric|system\s+prompt)"
    r"|the\s+(?:reference|rubric|key\s+points?|model\s+answer)\s+(?:is|are)\s+(?:outdated|wrong|incorrect|obsolete|irrelevant)"
    r"|(?:this|my)\s+answer\s+(?:is|was)\s+(?:already\s+)?(?:correct|perfect|complete|verified|approved)"
    r"|mark\s+(?:all|every)\s+(?:key\s+)?points?\s+(?:as\s+)?covered"
    r"|(?:pretend|act\s+as\s+if|assume)\s+(?:that\s+)?(?:i|the\s+candidate|this)"
    r"|as\s+an?\s+(?:ai|language\s+model|grader)"
    r"|do\s+not\s+(?:penali[sz]e|deduct|grade))",
    re.IGNORECASE | re.MULTILINE,
)
_WORDLIKE = re.compile(r"^[^\W\d_]{1,24}$")
_VOWELS = set("aeiouyAEIOUY")
_FUNCTION_WORDS = frozenset(
    "a an the is are was were be it this that of to in on for with by as and or but because so which when "
    "if then than can will would should it's its they we you i".split()
)


@dataclass
class Screened:
    """The answer as the grader will read it, and what screening noticed."""

    text: str
    sentences: list[str]
    flags: list[str] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)
    vector: object = None  # the whole answer's embedding, when the caller encoded it with the sentences


def safe_text(text: str) -> str:
    """Text any encoder accepts: lone surrogates (from broken clients or files) become U+FFFD."""
    return (text or "").encode("utf-8", errors="replace").decode("utf-8")


def clean(answer: str) -> tuple[str, list[str]]:
    """Normalise Unicode, drop control characters and NULs, cut oversize text."""
    flags = []
    text = unicodedata.normalize("NFKC", safe_text(answer))
    text = _CONTROL.sub(" ", text)
    if len(text) > MAX_ANSWER_CHARS:
        text = text[:MAX_ANSWER_CHARS]
        flags.append("truncated")
    return text.strip(), flags


def answer_sentences(text: str) -> list[str]:
    """Sentences and list items of an answer, code fences kept whole as one unit each."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)", text):
        block = " ".join(block.split())
        if not block:
            continue
        units.extend(s for s in split_sentences(block) if s.strip())
    return units[:MAX_SENTENCES]


def screen(answer: str) -> Screened:
    text, flags = clean(answer)
    sentences = answer_sentences(text)
    injected = [s for s in sentences if _INJECTION.search(s)]
    if injected:
        flags.append("injection_attempt")
        sentences = [s for s in sentences if s not in injected]
    return Screened(text=text, sentences=sentences, flags=flags, injected=injected)


_DONT_KNOW_ANYWHERE = re.compile(
    r"\b(?:(?:do\s*n[o']?t|dont|don’t|can'?t|cannot)\s+(?:really\s+)?(?:know|remember|recall)|no\s+idea|not\s+sure|"
    r"never\s+(?:heard|used|seen|learned|studied)|(?:have|had)\s+no\s+(?:idea|clue)|forgot|forgotten|no\s+clue|"
    r"not\s+familiar|pass\s+on\s+this)\b",
    re.IGNORECASE,
)


_ADMISSION_FILLER = frozenset(
    "sorry honestly really actually unfortunately afraid think one question topic heard thing concept "
    "remember know exactly quite sure idea".split()
)


def is_dont_know(text: str) -> bool:
    """'I don't know' and its relatives, when that is all the answer says (a short answer admitting it)."""
    words = content_words(text)
    if _DONT_KNOW.match(text) and len(words) <= 6:
        return True
    if not _DONT_KNOW_ANYWHERE.search(text):
        return False
    # "Not sure, but L2 shrinks weights" is a hedged answer; "Sorry, never used generators" is not one.
    rest = content_words(_DONT_KNOW_ANYWHERE.sub(" ", text))
    return len([w for w in rest if w not in _ADMISSION_FILLER]) <= 2


def _near_word(token: str, vocabulary: frozenset[str]) -> bool:
    """A misspelling of a known word ("paremeters", "regularisaton"): real answers are typed in a hurry."""
    if len(token) < 6 or not token.isalpha():
        return False  # one letter off in a short word is another word ("dolor" is not "color")
    from rapidfuzz import fuzz, process

    return process.extractOne(token, vocabulary, scorer=fuzz.ratio, score_cutoff=85) is not None


_FORMULA = re.compile(r"[\d=+*/^<>%→()\[\]]")
_CONSONANT_RUN = re.compile(r"[^aeiouy\W\d_]{4,}", re.IGNORECASE)


def _plausible(token: str, core: str, vocabulary: frozenset[str], unknown_word: float, fuzzy: bool = True) -> float:
    """How much a token looks like part of a real answer (1 word, 0.5 number or formula, 0 noise)."""
    if not core:
        return 0.5
    if not core.isascii() or core.isdigit():
        return 1.0 if not core.isascii() else 0.5
    if vocabulary and (core in vocabulary or any(part in vocabulary for part in re.split(r"[-_/.]", core) if len(part) > 2)
                       or (fuzzy and _near_word(core, vocabulary))):
        return 1.0
    stripped = token.strip(".,;:!?\"'`*-")
    if stripped.isupper() and len(stripped) <= 8:
        return 1.0  # an acronym: RTT, CSMA/CD, TCP
    if _FORMULA.search(token):
        return 0.5  # cwnd=2, P[H=3], 0.6^3: arithmetic is an answer in some subjects
    # Without the word in the vocabulary: pronounceable (vowels, no long consonant run) counts a little
    # ("blorf snaggle wumpus" is pronounceable nonsense), fully when there is no vocabulary to ask.
    if _WORDLIKE.match(core) and any(ch in _VOWELS for ch in core) and not _CONSONANT_RUN.search(core):
        return 1.0 if not vocabulary else unknown_word
    return 0.0


def is_gibberish(text: str, vocabulary: frozenset[str] = frozenset()) -> bool:
    """Keyboard mashing or noise: few tokens look like words, numbers or formulas.

    The vocabulary is the embedding model's own word list; misspellings of its words, acronyms and
    arithmetic count as readable (real answers are terse, misspelled and sometimes all formulas).
    Non-Latin text is given the benefit of the doubt.
    """
    tokens = text.split()
    if not tokens:
        return False
    # A one- to three-word answer ("Celsius.") is given the benefit of the doubt for a rare word.
    unknown_word = 1.0 if len(tokens) <= 3 else 0.25
    # A letter held down ("jjjjjjjjjjjj"); indentation and "0000 0000" bit patterns are not noise.
    longest_run = max((len(m.group()) for m in re.finditer(r"([^\W\d_])\1*", text)), default=0)
    if longest_run >= 12:
        return True
    cores = [token.strip(".,;:!?()[]{}\"'`*-").lower() for token in tokens]
    # Fuzzy matching against the vocabulary is the slow part: only asked when exact words are not enough.
    exact = sum(_plausible(t, c, vocabulary, unknown_word, fuzzy=False) for t, c in zip(tokens, cores))
    if exact / len(tokens) >= 0.5:
        return False
    readable = sum(_plausible(t, c, vocabulary, unknown_word) for t, c in zip(tokens, cores))
    return readable / len(tokens) < 0.5


def is_keyword_list(text: str, sentences: list[str]) -> bool:
    """Terms without explanation: 'bias, variance, regularization, dropout'."""
    tokens = re.findall(r"[\w'-]+", text.lower())
    if len(tokens) < 3:
        return False
    function_share = sum(t in _FUNCTION_WORDS for t in tokens) / len(tokens)
    separators = text.count(",") + text.count(";") + text.count("\n") + text.count("|")
    items = max(1, separators + 1)
    return function_share < 0.08 and len(tokens) / items <= 3.0 and items >= 3


def restates_question(answer_words: set[str], question_words: set[str]) -> bool:
    """The answer adds no word of its own to the question's.

    One new word is an answer ("Washington" to "Who was the first president?"), and picking one of the
    options a question names ("bulb A") uses only its words: the caller asks the judge before capping.
    """
    return not (answer_words - question_words)


_LISTING_QUESTION = re.compile(r"\b(name|list|which|what are|give|state|identify|mention)\b", re.I)


def asks_for_a_list(question: str) -> bool:
    """'Name one right of ...', 'What are the layers of ...': a list of terms is the answer."""
    return bool(_LISTING_QUESTION.search(question))
