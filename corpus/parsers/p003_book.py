"""Parser for 003_b0138fb680165b09.txt: "Machine Learning Interview Preparation Guide".

Part 1 of the book (lines 19-801) is the only Q&A: `Chapter N: Title` > `N.M Subtitle` > `Qn. question`
followed by one answer line. Lines 2-18 are a contents page that promises 16 chapters / 400 questions
while the body holds 13 / 350, so parsing starts at the first `Chapter` line, not at the contents. Parts 2-4
(ChatGPT prompts at 802, behavioural advice at 937, career tips at 1271) reuse `Chapter`/`N.M` headings
but hold no Q&A, so parsing stops at the first part header.
"""
from __future__ import annotations

import re
from pathlib import Path

from mockinterview.corpus.schema import RawItem
from mockinterview.corpus.text import join_paragraphs, one_line, read_lines

SOURCE = "003_b0138fb680165b09.txt"

_CHAPTER = re.compile(r"^Chapter (\d+):\s*(.+)$")
_SUBSECTION = re.compile(r"^(\d+)\.(\d+)\s+(.+)$")
_QUESTION = re.compile(r"^Q(\d+)\.\s*(.+)$")
# `2. 50 Self-Preparation ...`, `3.Communication ...`, `4.ADDITIONAL ...`; a `1.1 Subtitle` never matches
# because a digit follows its dot.
_PART = re.compile(r"^\d+\.(?:\s+|(?=[A-Za-z]))")

# The book was written for text-to-speech, so ~30 answers spell code out: `df bracket quote age quote`,
# `fig comma ax equals plt.subplots`. Each pattern is a syntax word used *as* syntax; prose uses of the
# same words (`bracket notation`, `defaulting to comma`, `dot products`, `Accuracy equals true
# positives ...`) must not match.
_NOT_OPERAND = r"(?!(?:to|with|by|using|of|the|a|or|and)\b)"
_IDENT = r"[A-Za-z_]\w*"
_DOTTED = rf"{_IDENT}\.[a-z_]\w*"
_CODE_IN_WORDS = tuple(
    re.compile(p)
    for p in (
        r"\bbracket\b(?! notation)",  # `array bracket three`; the plural is always prose here
        r"\bquote\b",  # `df bracket quote age quote`
        rf"\b{_NOT_OPERAND}\w+ comma \w",  # `index comma value`, `three comma four`
        rf"\b{_NOT_OPERAND}\w+ colon (?!notation)\w",  # `red colon one`, `start colon stop`
        rf"\b{_NOT_OPERAND}\w+ dot (?!(?:products?|method|function|notation|format|multiplication)\b)\w",
        # `learning_rate equals zero point zero one`, `model equals evaluate_model`, `ax equals plt.subplots`
        rf"(?:\w_\w*|{_DOTTED}) equals\b|\bequals (?:\w*_\w+|{_DOTTED}|True|False|None)\b",
        # a dotted call whose parentheses were dropped before its argument: `array.astype np.float32`,
        # `np.exp array`, `np.mean array axis equals zero`
        rf"\b{_DOTTED} (?:{_DOTTED}|array)\b",
    )
)
# Real code written inline, not spelled out: `text.lower().strip()` (line 24), `import numpy as np`
# (81), `from matplotlib.gridspec import GridSpec` (318); `during import` (68) is prose.
_LITERAL_CODE = re.compile(rf"\b{_DOTTED}\(|\bimport [a-z_][\w.]* as \w+|\bfrom [\w.]+ import \w+")
# Keras 2.6 removed Sequential.predict_classes; the answer on line 790 still recommends it.
_OUTDATED = re.compile(r"\bpredict_classes\b")


def _flags(answer: str) -> list[str]:
    flags = []
    if _LITERAL_CODE.search(answer):
        flags.append("code_in_answer")
    if any(p.search(answer) for p in _CODE_IN_WORDS):
        flags.append("code_in_words")
    if _OUTDATED.search(answer):
        flags.append("outdated")
    return flags


def parse(path: Path) -> list[RawItem]:
    lines = read_lines(path)
    start = next(i for i, line in enumerate(lines) if _CHAPTER.match(line.strip()))
    items: list[RawItem] = []
    chapter = subsection = None
    # The open question: (index of its line, its text, section) and the answer lines seen so far.
    current: tuple[int, str, str | None] | None = None
    answer_idx: list[int] = []

    def close() -> None:
        if current is None:
            return
        q_idx, question, section = current
        kept = [i for i in answer_idx if lines[i].strip()]
        answer = join_paragraphs([lines[i] for i in kept]) or None
        items.append(
            RawItem(
                source=SOURCE,
                question=question,
                answer=answer,
                line_start=q_idx + 1,
                line_end=(kept[-1] if kept else q_idx) + 1,
                section=section,
                flags=_flags(answer) if answer else [],
            )
        )

    for idx in range(start, len(lines)):
        text = lines[idx].strip()
        if _PART.match(text):
            break  # end of part 1: everything after is prompts and career advice
        if m := _CHAPTER.match(text):
            close()
            current, answer_idx = None, []
            chapter, subsection = one_line(m.group(2)), None
        elif m := _SUBSECTION.match(text):
            close()
            current, answer_idx = None, []
            subsection = one_line(m.group(3))
        elif m := _QUESTION.match(text):
            close()
            section = " / ".join(s for s in (chapter, subsection) if s) or None
            current, answer_idx = (idx, one_line(m.group(2)), section), []
        elif current is not None:
            answer_idx.append(idx)
    close()
    return items
