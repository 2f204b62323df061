"""Parser for 001_84a61acf346dadc2.txt: a scraped web page of unnumbered ML interview Q&A.

Layout: four section headings (lines 2, 143, 422, 679); in the Q&A sections a question is a bare line,
its answer the lines up to the next question or heading. The coding section holds two
`Coding interview N:` tasks whose statement and solution are all `#` comments and unindented code.
"""
from __future__ import annotations

import re
from pathlib import Path

from mockinterview.corpus.schema import Difficulty, Kind, RawItem
from mockinterview.corpus.text import join_paragraphs, one_line, read_lines

SOURCE = "001_84a61acf346dadc2.txt"

# Section heading -> (difficulty, kind). The page only has two seniority tiers. The first tier's own
# title spans freshers *and* intermediate candidates and its questions are definitions (what is ML,
# overfitting, KNN): easy. "Experienced" is the tier above intermediate (= medium), so hard. The coding
# tasks and the site's FAQ name no seniority: difficulty is left to the build step.
SECTIONS: dict[str, tuple[Difficulty | None, Kind | None]] = {
    "Machine Learning Interview Questions for Freshers and Intermediate Levels": (Difficulty.easy, None),
    "Machine Learning Interview Questions for Experienced Levels": (Difficulty.hard, None),
    "Machine Learning Coding Tasks": (None, Kind.coding),
    # The site's FAQ (lines 680-692): five plain, answered questions, kept as real Q&A (one repeats
    # line 3's "What is Machine Learning"; the build step merges near-duplicates).
    "Popular Machine learning Development questions": (None, None),
}
CODING_SECTION = "Machine Learning Coding Tasks"
# Page furniture between the last coding task and the FAQ (lines 677-678).
BOILERPLATE = {"Machine learning Developer hiring resources", "Our clients"}
# Line 693 starts the site's link footer ("Interview Questions by role/skill", then repeats): stop.
FOOTER = "Interview Questions by role"

# Questions are bare lines: any line ending in "?", or an imperative / wh- line ending in "." (line
# 249 "What is Explainable AI (xAI), and explain ..." has no "?"). "When ..." is left out: lines 210,
# 279, 362, 383 open answers with "When approaching/deploying/deciding ..." (they end in ":" anyway,
# and a line ending in ":" is a sub-heading such as "How Attention Works:" at 165).
_IMPERATIVE = re.compile(r"^(Explain|Define|Differentiate|Distinguish|What|How|Why|Which)\b.*\.$")
_CODING_HEAD = re.compile(r"^Coding interview \d+:$")
_TASK = re.compile(r"^#\s*_+\s*Task [\d.]+\s*_+:\s*(.+)$")
# The scrape split inline code spans onto lines of their own (254-256, 258-260, 287-291): a line
# that starts lower-case, with closing punctuation, or is a single token continues the line before,
# when that line has no closing punctuation.
_FRAGMENT = re.compile(r"^([a-z).,]|\S+$)")
# ...and the bullet after such a span was glued onto its end: "class 1). - Explainability: ...".
_GLUED_BULLET = re.compile(r"(?<=[.)]) - (?=[A-Z])")


def _is_question(text: str) -> bool:
    if text.startswith(("-", "#")) or len(text) >= 400:
        return False
    return text.endswith("?") or bool(_IMPERATIVE.match(text))


def _clean_prose(body: list[str]) -> list[str]:
    """Answer lines of a Q&A section, with the scrape's duplicates and split code spans repaired."""
    kept: list[str] = []
    seen: set[str] = set()
    in_code = False
    for text in body:
        # Lines 225 and 292 repeat lines 221 and 287 of the same answer verbatim: a scrape artifact.
        if text in seen:
            continue
        seen.add(text)
        if text.startswith("Code Example"):
            in_code = True  # unindented code follows: never glue code lines together
        elif kept and not in_code and not text.startswith("- ") and _FRAGMENT.match(text) \
                and not kept[-1].endswith((".", ":", "?", "!")):
            sep = "" if text[0] in ").," else " "
            kept[-1] = kept[-1] + sep + text
            continue
        kept.append(text)
    out: list[str] = []
    for text in kept:
        parts = _GLUED_BULLET.split(text)
        out.append(parts[0])
        out.extend("- " + part for part in parts[1:])
    return out


def _coding_question(body: list[str]) -> str:
    """The task statement: the description's opening sentences plus the list of task titles, < 400 chars."""
    description: list[str] = []
    titles: list[str] = []
    for text in body:
        task = _TASK.match(text)
        if task:
            titles.append(task.group(1).strip())
        elif not titles and text != "# Description" and not text.startswith("# -"):
            description.append(text.lstrip("#").strip())
    tail = " Tasks: " + "; ".join(titles) + "."
    sentences = re.split(r"(?<=[.!?:])\s+(?=[A-Z])", one_line(" ".join(description)))
    question = ""
    for sentence in sentences:
        # Sentences ending in ":" introduce the variable list, which is dropped (it would not fit).
        if sentence.endswith(":") or len(question + " " + sentence + tail) >= 400:
            break
        question = (question + " " + sentence).strip()
    return question + tail


def _solution(body: list[str]) -> list[str]:
    """The coding answer: from the first task header on (the description went into the question)."""
    for i, text in enumerate(body):
        if _TASK.match(text):
            return body[i:]
    return body


def parse(path: Path) -> list[RawItem]:
    lines = read_lines(path)
    # Each block: [section, header line number, header text, [(line number, text), ...]].
    blocks: list[list] = []
    section: str | None = None
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if text == FOOTER:
            break
        if not text or text in BOILERPLATE:
            continue
        if text in SECTIONS:
            section = text
            blocks.append([None, number, text, []])  # closes the open block; never emitted
            continue
        if section is None:
            continue  # line 1: the page title
        if (_CODING_HEAD.match(text) if section == CODING_SECTION else _is_question(text)):
            blocks.append([section, number, text, []])
        elif blocks:
            blocks[-1][3].append((number, text))

    items: list[RawItem] = []
    for sect, start, head, body in blocks:
        if sect is None:
            continue
        difficulty, kind = SECTIONS[sect]
        texts = [text for _, text in body]
        if kind is Kind.coding:
            question, answer_lines = _coding_question(texts), _solution(texts)
            flags = ["code_in_answer"]
        else:
            question, answer_lines = one_line(head), _clean_prose(texts)
            flags = ["code_in_answer"] if any(t.startswith("Code Example") for t in texts) else []
        answer = join_paragraphs(answer_lines) or None
        items.append(
            RawItem(
                source=SOURCE,
                question=question,
                answer=answer,
                line_start=start,
                line_end=body[-1][0] if body else start,
                section=sect,
                difficulty=difficulty,
                kind=kind,
                flags=flags,
            )
        )
    return items
