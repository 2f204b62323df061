"""Parser for 004_1833474fad8a0caa.txt: topic titles with long answers (a scraped aman.ai page).

Lines 2-117 are a contents list (each title indented by one space); the body repeats every title at
column 0 in the same order and the answer runs to the next title. The scrape lost every ASCII '-' and
'|', so every item carries `symbols_lost`.
"""
from __future__ import annotations

import re
from pathlib import Path

from mockinterview.corpus.schema import Kind, RawItem
from mockinterview.corpus.text import join_paragraphs, one_line, read_lines

SOURCE = "004_1833474fad8a0caa.txt"

CONTENTS_END = 117  # last contents line; titles must be searched after it or they hit the contents
# Contents entries with no interview Q&A of their own (the MLOps intro is a preamble to its levels).
NOT_QA = {"To Add", "Overview", "Misc", "MLOps", "References", "Citation"}
# Headings that open a grouping. "Batch size" closes the MLOps group: the intro (line 1382) announces
# only the workflow and the three levels; training concepts follow.
SECTION_OPENERS = {"Misc": "Misc", "MLOps": "MLOps", "Batch size": None}
END_TITLE = "References"  # link list and BibTeX to the end of the file
# Body headings the contents page lacks; each is a question of its own (see the test for why).
EXTRA_TITLES = (
    "Employing an excessively deep network or an incorrect number of hidden units",  # line 429
    "You are using a deep neural network for a prediction task. After training your model, you notice"
    " that it is strongly overfitting the training set and that the performance on the test isn’t good."
    " What can you do to reduce overfitting?",  # line 1030
    "What is the difference between standardization and normalization?",  # line 1318
    "When do you standardize or normalize features?",  # line 1321
    "Why is relying on the mean to make a business decision based on data statistics a problem?",  # 1325
)
# Lines unrelated to the answer they sit in: a tool note (836) and a dead link caption (860).
DROP_LINES = {"Used Split.io for NuAIg", "Taken from here"}
# A pasted social-media post (lines 901-914) that runs until the next title.
POST_START = "Data science /#MLinterview are hard"
REPEAT_MIN_WORDS = 8

# --- rephrasing topic titles as questions ---------------------------------------------------------
ALREADY_ASKED = {"What", "How", "how", "Why", "Describe", "Explain", "List", "Define", "Compare", "Given"}
REPHRASED = {  # titles the rules below would word unnaturally
    "Regarding the question about the model file being very large, it could be caused by various factors:":
        "Why can a model file be very large, and how can you reduce its size?",
    "Popular machine learning models: Pros and Cons.":
        "What are the pros and cons of popular machine learning models?",
    "Small file and big file problem in Big data":
        "What are the small file and big file problems in big data?",
    "Order of execution of an SQL Query in Detail": "What is the order of execution of an SQL query?",
    "Accuracy metric used to evaluate models with data imbalance":
        "Why is accuracy a misleading metric for evaluating models with data imbalance?",
    "Small dataset for complex algorithms": "Why is a small dataset a problem for complex algorithms?",
    "Data Science Workflow for Machine Learning": "What is the data science workflow for machine learning?",
    "Step or Iteration": "What is a training step (iteration)?",
    "Epoch": "What is an epoch?",
}
MISTAKE_PREFIXES = ("Not ", "Omitting ", "Using ", "Neglecting ", "Selecting ", "Employing ", "Less ")
HOW_TO = {"Evaluating": "evaluate", "Balancing": "balance", "Reducing": "reduce", "Generate": "generate"}
PREPOSITIONS = {"for", "of", "in", "with", "to", "on"}

# --- flags ------------------------------------------------------------------------------------------
CODE_LINE = re.compile(  # checked on raw lines: the file's code sits at column 0, unindented
    r"^(import \w|from [\w.]+ import |def \w+\(|(for|if|while) .*:$|else:$|return \w|print\(|# |"
    r"[A-Za-z_][\w,\[\]]*\s*=\s*[^=\s]|[A-Za-z_][\w,\[\]]* = |[\w.]+\(.*\);?\s*(%.*)?$|"
    r"(SELECT|FROM|JOIN|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT) )"
)
MIN_CODE_LINES = 3  # two example-literal lines (1064-1065) or two `mmap()` mentions are not code
MATH = re.compile(
    r"\\\(|\\\[|\^|\d\s*[*/]\s*\d|\b(mean|mode|pvalue)\s*[<>]"
    r"|\bbetween (\d+(?:\.\d+)?) and \2\b|\bfrom (\d+(?:\.\d+)?) to \3\b",  # a range that lost its '-'
    re.IGNORECASE,
)
FIGURE = re.compile(
    r"\b(image|figure|graph|diagram|snippet)s? (below|above)|(shown|depicted|illustrated|presented) below"
    r"|\((source )?image\)|image by author|accompanying diagram|\((upper|lower) (left|right) graph\)"
    r"|refer to graphs?|\bbelow is an example\b|\(source: [^)]*\):$",  # 696: captions of lost plots
    re.IGNORECASE | re.MULTILINE,
)
HASHTAG = re.compile(r"(?<!\S)#(?=[A-Za-z])")  # LinkedIn hashtags (`#overfitting`); code comments keep `# `


def _lower(word: str) -> str:
    """Sentence-case a title word; acronyms and mixed-case names (SQL, A/B, MLOps) keep their case."""
    return word if any(c.isupper() for c in word[1:]) else word.lower()


def _phrase(text: str) -> str:
    return " ".join(_lower(w) for w in text.split())


def _is_plural(phrase: str) -> bool:
    words = phrase.replace(",", "").split()
    head = words[-1]
    for word in words:  # the head noun is the last word before the first preposition
        if word in PREPOSITIONS:
            break
        head = word
    return " and " in f" {phrase} " or (head.endswith("s") and not head.endswith("ss"))


def as_question(title: str) -> str:
    """A topic title worded as a question; titles that already ask something come back unchanged."""
    if title in REPHRASED:
        return REPHRASED[title]
    first = title.split()[0]
    if title.endswith("?") or first in ALREADY_ASKED:
        return title
    t = title.rstrip(":")
    if t.startswith(MISTAKE_PREFIXES):
        return f"Why is {_phrase(t)} a problem?"
    if t.startswith("Failure to "):
        return f"Why is failing to {_phrase(t[len('Failure to '):])} a problem?"
    if first in HOW_TO:
        return f"How do you {HOW_TO[first]} {_phrase(t[len(first) + 1:])}?"
    if m := re.fullmatch(r"Comparing (.+) and (.+)", t):
        return f"How do {_phrase(m[1])} and {_phrase(m[2])} compare?"
    if m := re.fullmatch(r"(.+) vs (.+?)(: .*)?", t):
        return f"What is the difference between {_phrase(m[1])} and {_phrase(m[2])}?"
    t = t.removeprefix("Understanding ")
    if m := re.fullmatch(r"(.+): (.+)", t):
        return f"What is {_phrase(m[1])} ({_phrase(m[2])})?"
    return f"What {'are' if _is_plural(t) else 'is'} {_phrase(t)}?"


def _clean(block: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Answer lines (number, text) without unrelated lines and scrape repeats."""
    kept: list[tuple[int, str]] = []
    for no, line in block:
        if line.startswith(POST_START):
            break
        if line.strip() and line.strip() not in DROP_LINES:
            kept.append((no, line))
    # The scrape repeats a section's own earlier line at its end (983, 1172, 1261, 1315-1316) or after
    # a collapsed block (689, 1165). Short repeats inside an answer are real (`Pros`, `Cons`, rules).
    while len(kept) > 1 and kept[-1][1].strip() in {t.strip() for _, t in kept[:-1]}:
        kept.pop()
    seen: set[str] = set()
    unique = []
    for no, line in kept:
        text = line.strip()
        if not (text in seen and len(text.split()) >= REPEAT_MIN_WORDS):
            unique.append((no, line))
        seen.add(text)
    return unique


def _flags(answer: str, raw: list[str]) -> list[str]:
    flags = ["symbols_lost"]
    if MATH.search(answer):
        flags.append("math_lost")
    if FIGURE.search(answer) or _dangling_lead_in(raw):
        flags.append("missing_figure")
    if sum(bool(CODE_LINE.match(line)) for line in raw) >= MIN_CODE_LINES:
        flags.append("code_in_answer")
    return flags


def _dangling_lead_in(raw: list[str]) -> bool:
    """What a lead-in announced was an image: the answer ends on it (line 1186 `As an simple example:`)
    or its formula left only the legend (line 1553 `defined as follows:`, then `Where:`)."""
    lines = [line.strip() for line in raw]
    return lines[-1].endswith(":") or any(
        a.endswith(":") and b == "Where:" for a, b in zip(lines, lines[1:]))


def parse(path: Path) -> list[RawItem]:
    lines = read_lines(path)
    titles = [line[1:] for line in lines[1:CONTENTS_END]]
    headings = set(titles) | set(EXTRA_TITLES)
    starts = [i for i in range(CONTENTS_END, len(lines)) if lines[i] in headings]
    starts.append(len(lines))

    items: list[RawItem] = []
    seen: set[str] = set()
    section: str | None = None
    for start, stop in zip(starts, starts[1:]):
        title = lines[start]
        if title == END_TITLE:
            break
        if title in SECTION_OPENERS:
            section = SECTION_OPENERS[title]
        # Line 332 repeats the block at line 243 word for word, out of contents order: keep the first.
        if title in NOT_QA or title in seen:
            continue
        seen.add(title)
        body = _clean([(no + 1, lines[no]) for no in range(start + 1, stop)])
        raw = [text for _, text in body]
        answer = HASHTAG.sub("", join_paragraphs(raw)) or None
        question = one_line(as_question(title))
        if question.startswith("How do you avoid #overfitting?"):  # the rest of line 888 is a lead-in
            question = HASHTAG.sub("", question.split("?")[0] + "?")
        kind = Kind.coding if re.match(r"Given .*\b(write|return|output|find)\b", question) else None
        flags = _flags(answer or "", raw) if raw else ["symbols_lost"]
        if as_question(title) != title:
            flags.insert(1, "title_as_question")
        items.append(
            RawItem(
                source=SOURCE,
                question=question,
                answer=answer,
                line_start=start + 1,
                line_end=body[-1][0] if body else start + 1,
                section=section,
                title=title if question != title else None,
                kind=kind,
                flags=flags,
            )
        )
    return items
