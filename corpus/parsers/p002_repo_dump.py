"""Parser for 002_2c98143ddcf98bf0.txt: a repository dump flattened onto ONE physical line.

Every newline and indent was collapsed to a space. Inner files follow `/<path>.md: ` + 80 dashes and each of
their lines is prefixed `N | `, N counting from 1 per file. Lines are rebuilt by looking for the next expected
number only (`N+1 |`), since markdown tables and code also hold `|`. Line numbers in the records count within
the inner file named in `part`. Three layouts hold Q&A:
- Chip Huyen book chapters 5 and 7: `1. [E] question` + a ```text fence (`NOT ANSWERED`/empty: no answer);
  untagged numbered lines are stems of the tagged children that follow;
- DataScienceQnA / PythonQnA / AgenticAIQnA: `##`/`###` headings ending in `?`, markdown answers;
- case_study_company_A: numbered question lines, plain paragraphs as answers.
README, ml-interviews-book.md, chapter6 and chapter8 hold no Q&A.
"""
from __future__ import annotations

import re
from pathlib import Path

from mockinterview.corpus.schema import Difficulty, Kind, RawItem
from mockinterview.corpus.text import join_paragraphs, one_line

SOURCE = "002_2c98143ddcf98bf0.txt"

# The first file has no leading dash run: the tree listing precedes it.
_SEP = re.compile(r"(?:-{80} )?/([\w./-]+\.md): -{80}")
_BOOK = ("Chips_Machine_Learning_Interviews_Book/chapter5.md", "Chips_Machine_Learning_Interviews_Book/chapter7.md")
_QNA = ("MLE_Interview_QnA/AgenticAIQnA.md", "MLE_Interview_QnA/DataScienceQnA.md", "MLE_Interview_QnA/PythonQnA.md")
_CASE = "MLE_Interview_QnA/case_study_company_A.md"

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TAGGED = re.compile(r"^(\d+)\.\s+\[([EMH])\]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_BULLET = re.compile(r"^[●○■•*-]\s+(?=\S)")
_DIFFICULTY = {"E": Difficulty.easy, "M": Difficulty.medium, "H": Difficulty.hard}
# Chapter 5 lost its maths and the dump then collapsed the double spaces left behind, so a dropped symbol
# shows as a space before punctuation (`Given a vector , find`, `What is ?`), a preposition running into a
# conjunction (`dot product of and is`), or a count missing after `Given` (`Given vectors, each of ...`).
_MATH_GAP = re.compile(r" [,.?;:](?=\s|$)|\b(?:of|between) (?:and|or|is)\b|\bGiven [a-z]+s,")
# `the following confusion matrix` and `loss curves ... look like this` point at images the dump lacks.
_FIGURE = re.compile(r"\b(?:the following|like this)\b")
_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")
_MAX_QUESTION = 399


def _rebuild(body: str) -> list[str]:
    """Split one inner file back into lines by walking `1 |`, `2 |`, ... in order."""
    body = body.strip()
    if not body.startswith("1 |"):
        return []
    lines, pos, n = [], 3, 1
    while (m := re.compile(rf" {n + 1} \|(?= |$)").search(body, pos)) is not None:
        lines.append(body[pos : m.start()].strip())
        pos, n = m.end(), n + 1
    lines.append(body[pos:].strip())
    return lines


def split_parts(text: str) -> dict[str, list[str]]:
    """Inner file path (no leading slash) -> its rebuilt lines, in dump order."""
    pieces = _SEP.split(text)
    return {pieces[i]: _rebuild(pieces[i + 1]) for i in range(1, len(pieces), 2)}


def _clean(lines: list[str]) -> str | None:
    """Answer text: heading marks and `---` rules dropped, bullets as `- `, code lines kept verbatim."""
    out, fence = [], False
    for line in lines:
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            if re.fullmatch(r"-{3,}", line):
                continue
            if m := _HEADING.match(line):
                line = m[2]
            line = _BULLET.sub("- ", line)
        out.append(line)
    return join_paragraphs(out) or None


def _flags(question: str, answer: str | None, part: str) -> list[str]:
    flags = []
    if part in _BOOK and (_MATH_GAP.search(question) or (answer and _MATH_GAP.search(answer))):
        flags.append("math_lost")
    if _FIGURE.search(question):
        flags.append("missing_figure")
    if answer and re.search(r"^```(?!text)\w+", answer, re.M):
        flags.append("code_in_answer")
    return flags


def _shorten(stem: str | None, question: str) -> str:
    """Keep questions under 400 characters without losing the ask.

    Two book questions overflow: ch7 line 168 (a 445-char scenario) and the Reddit stem (ch7 line 169)
    in front of its second child. The stem keeps its first sentence; a question drops its longest inner
    sentence (the `An example is ...` aside) until it fits.
    """
    text = _join_stem(stem, question) if stem else question
    if stem and len(text) > _MAX_QUESTION:
        text = _join_stem(_SENTENCE.split(stem)[0], question)
    sentences = _SENTENCE.split(text)
    while len(text) > _MAX_QUESTION and len(sentences) > 2:
        sentences.remove(max(sentences[1:-1], key=len))
        text = " ".join(sentences)
    return text


def _join_stem(stem: str, question: str) -> str:
    return f"{stem} {question}" if stem[-1] in ".?!:" else f"{stem}: {question}"


def _book(part: str, lines: list[str]) -> list[RawItem]:
    items: list[RawItem] = []
    section = stem = None
    last_child = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            # A blank line closes a nested list: ch5 line 31 `3. [E]` follows `2. Outer product`'s two
            # children after a blank line and is item 3 of the outer list, not child 3.
            stem = None
        elif m := _HEADING.match(line):
            section, stem = m[2].strip(), None
        elif m := _TAGGED.match(line):
            number, tag, text = int(m[1]), m[2], one_line(m[3])
            if stem is not None and number == last_child + 1:
                last_child = number
            else:
                stem = None  # e.g. ch7 line 209 `2. [E] Draw ...` after child 2: back to the outer list
            answer, end = None, i + 1
            if i + 1 < len(lines) and lines[i + 1].startswith("```"):
                close = next((j for j in range(i + 2, len(lines)) if lines[j].startswith("```")), len(lines))
                body = lines[i + 2 : close]
                if one_line(" ".join(body)) not in ("", "NOT ANSWERED"):
                    answer = _clean(body)
                end = min(close + 1, len(lines))
            question = _shorten(stem, text)
            flags = _flags(question, answer, part)
            if stem:
                flags.append("stem_prepended")
            items.append(
                RawItem(
                    source=SOURCE, part=part, question=question, answer=answer, line_start=i + 1,
                    line_end=end, section=section, difficulty=_DIFFICULTY[tag], flags=flags,
                )
            )
            i = end
            continue
        elif m := _NUMBERED.match(line):
            stem, last_child = one_line(m[2]), 0
        i += 1
    return items


def _qna(part: str, lines: list[str]) -> list[RawItem]:
    questions, section, fence = [], None, False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fence = not fence
        elif not fence and (m := _HEADING.match(line)):
            if len(m[1]) in (2, 3) and m[2].rstrip().endswith("?"):
                questions.append(i)
            elif not questions:
                section = m[2].strip()  # the file title or first `## ` section above the first question
    items: list[RawItem] = []
    for k, start in enumerate(questions):
        level = len(_HEADING.match(lines[start])[1])
        block = lines[start + 1 : questions[k + 1] if k + 1 < len(questions) else len(lines)]
        next_section = None
        # Trailing `---` rules and section titles (`# Transformers`, `## Pandas`: not deeper than the
        # question heading) belong to what follows; a trailing `####` line (DataScience 202) is answer text.
        while block:
            tail = block[-1]
            heading = _HEADING.match(tail)
            if heading and len(heading[1]) <= level:
                next_section = next_section or heading[2].strip()
            elif tail and not re.fullmatch(r"-{3,}", tail):
                break
            block.pop()
        answer = _clean(block)
        question = one_line(_HEADING.match(lines[start])[2])
        items.append(
            RawItem(
                source=SOURCE, part=part, question=question, answer=answer, line_start=start + 1,
                line_end=start + 1 + len(block), section=section, flags=_flags(question, answer, part),
            )
        )
        section = next_section or section
    # PythonQnA asks `What are window functions in pandas ...?` twice (lines 394, 404): keep the longer.
    best: dict[str, RawItem] = {}
    for item in items:
        key = item.question.lower()
        if key not in best or len(item.answer or "") > len(best[key].answer or ""):
            best[key] = item
    return [item for item in items if best[item.question.lower()] is item]


def _case(part: str, lines: list[str]) -> list[RawItem]:
    items: list[RawItem] = []
    section = None
    marks = [i for i, line in enumerate(lines) if _HEADING.match(line) or _NUMBERED.match(line)]
    for k, i in enumerate(marks):
        if m := _HEADING.match(lines[i]):
            section = m[2].strip()
            continue
        block = lines[i + 1 : marks[k + 1] if k + 1 < len(marks) else len(lines)]
        while block and not block[-1]:
            block.pop()
        question = one_line(_NUMBERED.match(lines[i])[2])
        answer = _clean(block)
        items.append(
            RawItem(
                source=SOURCE, part=part, question=question, answer=answer, line_start=i + 1,
                line_end=i + 1 + len(block), section=section, flags=_flags(question, answer, part),
                # Line 139 `Code a "find 2 values that sum up to a target ..." program.` under `### Algorithms`.
                kind=Kind.coding if re.match(r"(?:Code|Implement|Write)\b", question) else None,
            )
        )
    return items


def parse(path: Path) -> list[RawItem]:
    items: list[RawItem] = []
    for part, lines in split_parts(path.read_text(encoding="utf-8")).items():
        if part in _BOOK:
            items += _book(part, lines)
        elif part in _QNA:
            items += _qna(part, lines)
        elif part == _CASE:
            items += _case(part, lines)
    return items
