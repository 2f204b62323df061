"""The texts the index holds for each record, and the tokenizer the lexical (BM25) side uses.

Three kinds of entry per record:
- the question text (with the 004 original title when the question was rephrased from it);
- the model answer (the first reference), because people describe a concept rather than quote the
  question ("randomly switching off neurons" is the dropout answer, not the dropout question);
- every key point of every reference, embedded on its own and mapped back to (record, reference,
  point), so a missed key point's text can find other records that teach the same concept, and so the
  grader can compare an answer against stored key-point vectors without re-embedding them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mockinterview.corpus.schema import Record

# Bumped whenever the texts below change meaning: it is part of the cache manifest, so an old cache is
# rebuilt instead of silently pairing new texts with old vectors.
DOCUMENTS_VERSION = 2
# The embedding model reads about 256 word pieces; longer answers are cut well past that point.
MAX_ANSWER_CHARS = 2000


@dataclass(frozen=True)
class KeyPointEntry:
    """One key point as an index entry. `reference` and `point` are 0-based positions in the record."""

    record_id: str
    reference: int
    point: int
    text: str


def question_text(record: Record) -> str:
    """What the question vector encodes: the question, plus the original 004 title when it differs."""
    title = (record.title or "").strip()
    if title and title.lower() not in record.question.lower():
        return f"{record.question} ({title})"
    return record.question


def answer_text(record: Record) -> str:
    """What the answer vector encodes: the model answer, or the question when the source has none."""
    return record.model_answer[:MAX_ANSWER_CHARS] if record.answered else question_text(record)


def key_point_entries(records: list[Record]) -> list[KeyPointEntry]:
    """Every key point of every reference, in record order, then reference order, then point order."""
    return [
        KeyPointEntry(record.id, ref_number, point_number, point)
        for record in records
        for ref_number, reference in enumerate(record.references)
        for point_number, point in enumerate(reference.key_points)
    ]


def lexical_text(record: Record) -> str:
    """What BM25 sees for a record: every wording of the question, every key point, the model answer.

    The references' own question wordings are included because merged duplicates phrase the same
    question differently, and each wording is a way a user might ask it.
    """
    parts = [question_text(record)]
    parts.extend(ref.question for ref in record.references if ref.question != record.question)
    parts.extend(point for ref in record.references for point in ref.key_points)
    parts.append(record.model_answer)
    return "\n".join(parts)


def key_point_text(record: Record) -> str:
    """The key points alone: what the concept search matches lexically."""
    return "\n".join(point for ref in record.references for point in ref.key_points)


_TOKEN = re.compile(r"[a-z0-9]+(?:[+#]+)?")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either else etc even ever
    every few for from further get gets getting give given go going got had has have having he her here
    hers him his how however i if in into is it its itself just let lets like ll may me might more most
    much must my myself no nor not now of off on once one only or other our ours out over own per quite
    rather re really s same say says she should so some such t than that the their theirs them then there
    these they thing things this those though through thus to too under until up upon us ve very was way
    we well were what whats when where whether which while who whom whose why will with within without
    would yes yet you your yours yourself
    explain describe tell know mean means meant talk discuss briefly example examples e g ie eg vs""".split()
)


def _stem(word: str) -> str:
    """A deliberately small suffix stripper: enough that 'models'/'model', 'scaling'/'scale' and
    'biases'/'bias' meet. Corpus and queries both go through it, so its mistakes are symmetric."""
    if len(word) <= 3 or not word.isalpha():
        return word
    stripped_verb = False
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes", "ses")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ias")):
        word = word[:-1]
    elif word.endswith("ing") and len(word) >= 6:
        word, stripped_verb = word[:-3], True
    elif word.endswith("ed") and len(word) >= 6:
        word, stripped_verb = word[:-2], True
    if stripped_verb and len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # running -> run, embedded -> embed
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


# The sources and the people asking mix British and American spelling (normalise/normalize,
# colour/color): both sides are folded to the American form before stemming.
_BRITISH_ISE = re.compile(r"^(\w{3,})is(e|es|ed|ing|er|ers|ation|ations)$")
_BRITISH_OUR = re.compile(r"^(\w{3,})our(s|ed|ing)?$")


def _american(word: str) -> str:
    word = _BRITISH_ISE.sub(r"\1iz\2", word)
    return _BRITISH_OUR.sub(r"\1or\2", word) if len(word) >= 6 else word


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords, spelling-folded and lightly stemmed; the same for the
    corpus and for queries."""
    return [_stem(_american(word)) for word in _TOKEN.findall(text.lower()) if word not in _STOPWORDS]
