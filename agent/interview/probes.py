"""Questions and hints about a key point that never say the point.

A key point is read as three parts, by rules (no model): an optional opening context ("In CPython,",
"When dealing with class imbalance,"), its subject (the words before the first verb: the concept) and
the rest (the conclusion: what the candidate has to supply). A probe asks about the subject in its
context; the conclusion's distinctive words never appear in it. `leaks` is the one test of "this text
gives the point away", shared by the follow-ups, the hints and the interviewer eval.
"""
from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass

from mockinterview.corpus.keypoints import content_words

_COPULAS = {"is", "are", "was", "were", "be", "refers", "means", "represents", "describes", "denotes"}
_MODALS = {"can", "cannot", "could", "will", "would", "should", "may", "might", "must", "can't", "won't",
           "does", "do", "did", "has", "have", "had", "tends", "tend"}
# Verbs common in reference answers; base and third-person forms, so "forests reduce" and "it reduces" split.
_VERB_STEMS = """reduce increase prevent avoid allow help combine measure compute calculate produce require provide
improve lead cause create apply add remove split assign learn predict capture handle divide standardize standardise
normalize normalise transform penalize penalise shrink drive push force make take give keep control depend work
perform return store contain consist enable ensure estimate minimize minimise maximize maximise find identify map
converge scale update adjust involve treat introduce replace select choose build train fit generate achieve suffer
struggle compare differ vary correspond approximate assume encourage mitigate address focus rely run offer lower raise
prune grow weight sample average aggregate correct decrease limit speed slow stabilize stabilise reshape substitute
iterate unpivot turn convert count group merge join sort filter drop fill impute encode detect solve support
utilize utilise visualize visualise plot""".split()
VERBS = set(_VERB_STEMS) | {v + "s" for v in _VERB_STEMS} | {v + "es" for v in _VERB_STEMS} | \
    {v[:-1] + "ies" for v in _VERB_STEMS if v.endswith("y")}
_OPENERS = re.compile(r"^(?:in|when|if|for|during|unlike|with|without|because|since|after|before|despite|"
                      r"while|once|under|given|to|as|at)\b", re.IGNORECASE)
# Words that open a sentence without naming its concept: a probe cannot be asked about them.
_PRONOUNS = {"it", "this", "they", "these", "that", "which", "there", "we", "you", "one", "those", "its",
             "their", "such", "here", "both", "another", "other", "key", "main", "major", "goal", "purpose",
             "suppose", "consider", "imagine", "let", "note", "core", "idea", "i", "first", "second", "finally",
             "also"}
_DETERMINERS = {"the", "a", "an", "this", "that", "each", "every", "its", "their"}
_OBJECT_OPENERS = {"the", "a", "an", "every", "all", "each", "some", "its", "their", "to", "that", "unlabeled",
                   "labelled", "labeled", "multiple", "several", "many", "two"}
_CLAUSE = re.compile(r"\s+(?:when|that|which|while|where|who|if|because)\b.*$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][\w'+#./()-]*")
_MAX_SUBJECT_WORDS = 8


@dataclass(frozen=True)
class PointParts:
    context: str  # an opening clause that sets the scene, or ""
    subject: str  # the concept the point is about, or "" when it cannot be told
    verb: str  # the verb that opens the conclusion (lower case), or ""
    rest: str = ""  # the conclusion: from the verb on (the whole point when no verb was found)

    @property
    def kind(self) -> str:
        if self.verb in _COPULAS:
            return "definition"
        if self.verb in _MODALS:
            return "capability"
        return "effect" if self.verb else "unknown"


def split_point(point: str) -> PointParts:
    text = " ".join(point.replace("\u2019", "'").split()).rstrip(".")
    context = ""
    if _OPENERS.match(text) and "," in text:
        head, _, tail = text.partition(",")
        if len(head.split()) <= 12:
            context, text = head.strip(), tail.strip()
    if ":" in text[:60]:  # "Bias: the bias is ...": the label is a heading, the sentence follows it
        text = text.split(":", 1)[1].strip()
    words = _WORD.findall(text)
    for i, word in enumerate(words):
        lower = word.lower()
        if i == 0 and lower in VERBS:
            break  # an instruction ("Use a dict ..."): there is no subject to ask about
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if i and _is_verb(lower, words[i - 1].lower(), following):
            subject = " ".join(words[:i])
            rest = text[text.find(word, len(subject)):]
            return PointParts(context, _clean_subject(subject), lower, rest)
    return PointParts(context, "", "", text)


def _is_verb(word: str, previous: str, following: str) -> bool:
    if word in _COPULAS or word in _MODALS:
        return True
    if following in _OBJECT_OPENERS and word.endswith("s") and not word.endswith(("ss", "us", "is")) \
            and previous not in _DETERMINERS:
        return True  # "learning leverages unlabeled ...", "a layer connects every neuron": a verb by position
    if word not in VERBS or previous in _DETERMINERS:
        return False  # "the replace method": a noun that is also a verb
    # A base form ("reduce") follows a plural subject ("forests reduce"); "-s" forms follow a singular one.
    return word.endswith("s") or previous.endswith("s")


def _clean_subject(subject: str) -> str:
    subject = _CLAUSE.sub("", subject)
    words = subject.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    if not words or len(words) > _MAX_SUBJECT_WORDS or words[0].lower() in _PRONOUNS:
        return ""
    if all(w.islower() for w in words[1:]) and words[0][1:].islower():  # capitalised only to open the sentence
        words[0] = words[0][0].lower() + words[0][1:]
    return " ".join(words)


def conclusion_terms(point: str, question: str = "") -> set[str]:
    """The point's distinctive words beyond its context, its subject and the question asked: what the
    candidate is expected to supply."""
    parts = split_point(point)
    given = set(content_words(parts.context)) | set(content_words(parts.subject)) | set(content_words(question))
    return set(content_words(point)) - given


def leaks(text: str, point: str, question: str = "") -> bool:
    """Whether `text` gives the point away: it quotes a long stretch of it, or carries half (at least two)
    of its conclusion's distinctive words. One word of the conclusion alone is a nudge, not the answer."""
    plain = " ".join(text.lower().split())
    rest = " ".join(split_point(point).rest.lower().split())
    if len(rest) >= 30 and rest[:40] in plain:
        return True
    terms = conclusion_terms(point, question)
    if not terms:
        return False
    shown = terms & set(content_words(text))
    return len(shown) >= max(2, math.ceil(0.5 * len(terms)))


# Several wordings per kind of point, chosen by the point, so that two probes in one interview differ.
_TEMPLATES = {
    "definition": ("how would you pin down {subject} precisely: what is it, and what sets it apart?",
                   "if you had to define {subject} for a colleague, what would you say?",
                   "what exactly is {subject}, in your own words?"),
    "capability": ("what can (or can't) {subject} do here, and why?",
                   "where are the limits of {subject} here, and what lies behind them?",
                   "what should you expect from {subject} in this setting, and why?"),
    "effect": ("what exactly does {subject} do here, and why does it matter?",
               "walk me through the role of {subject}: what does it do, and what follows from it?",
               "how does {subject} come into this, and what is its effect?"),
}


def anchor_term(point: str, question: str = "") -> str:
    """One word of the conclusion to anchor a vague probe: the longest thing-like word (a verb or an
    adverb would say what happens). One word alone never counts as giving the point away."""
    terms = conclusion_terms(point, question)
    words = [w.lower() for w in _WORD.findall(point) if content_words(w) and content_words(w)[0] in terms]
    things = [w for w in words if w not in VERBS and w.isalpha() and len(w) >= 5
              and not w.endswith(("ed", "ly", "ing", "able", "ible", "ous", "ful", "ive", "ical", "less"))]
    # A word ending in "s" may be a verb ("receives"): a word that cannot be one reads better.
    return max(things, key=lambda w: (not w.endswith("s") or w.endswith("ss"), len(w)), default="")


def _with_context(context: str, sentence: str) -> str:
    if not context:
        return sentence[0].upper() + sentence[1:]
    return f"{context[0].upper()}{context[1:]}, {sentence}"


def probe_question(point: str, question: str = "", fallback_subject: str = "") -> str:
    """A question whose answer is the point, asked about its concept and never stating its conclusion.

    `fallback_subject` names the concept when the point's own subject cannot be told (it opens with a
    pronoun, or no verb was found): usually what the question asked about.
    """
    parts = split_point(point)
    term = anchor_term(point, question)
    where = f", in particular where {term} comes in" if term else ""
    if not parts.subject and parts.context:
        text = f"what changes{where}, and why does it matter?"  # the context names the setting to reason about
    elif not (parts.subject or fallback_subject):
        text = f"there is one more part to this that you haven't touched{where}. What would you add, and why?"
    elif not parts.subject:
        options = (f"there is more to say about {fallback_subject}{where}. What would you add, and why does it matter?",
                   f"what else matters about {fallback_subject}{where}?",
                   f"your answer on {fallback_subject} left something out{where}. What is it?")
        text = options[zlib.crc32(point.encode()) % len(options)]
    else:
        options = _TEMPLATES[parts.kind if parts.kind in _TEMPLATES else "effect"]
        text = options[zlib.crc32(point.encode()) % len(options)].format(subject=parts.subject)
    probe = _with_context(parts.context, text)
    if leaks(probe, point, question):  # a context clause can carry the conclusion: ask without it
        probe = _with_context("", text)
    return probe
