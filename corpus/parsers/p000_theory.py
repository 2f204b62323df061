"""Parser for 000_6ff19111a328e836.txt: `Question N` headers, `Theory` long answers.

The file is a PDF-to-text dump: no blank lines, no indentation, prose hard-wrapped at ~95 chars,
code pasted unfenced and unindented, and chat-UI copy buttons left in as lines.
"""
from __future__ import annotations

import re
from pathlib import Path

from mockinterview.corpus.schema import RawItem
from mockinterview.corpus.text import one_line, read_lines

SOURCE = "000_6ff19111a328e836.txt"

# Numbering restarts at lines 2286, 3242 and 5990, so N is not an id. Line 3242 lost its Q
# ("uestion 1"). The whole line must be the header: line 3735 "Question 1. Instead of ..." is a
# cross-reference inside an answer.
_HEADER = re.compile(r"Q?uestion \d+")

# Copy buttons of the chat UI the answers were pasted from (exact whole lines).
_ARTIFACTS = frozenset(
    {
        "Generated python",
        "Generated code",
        "IGNORE_WHEN_COPYING_START",
        "IGNORE_WHEN_COPYING_END",
        "content_copy download",
        "content_copy",
        "download",
        "Use code with caution.",
        "Use code with caution. Python",
    }
)
# Lost list content: a bare glyph or a bare "4." (81 lone glyphs, 73 lone numbers in the file).
_EMPTY_ITEM = re.compile(r"[●○■•]|\d+\.")
_BULLET = re.compile(r"([●○■•]|[-*](?=\s))\s*")
_NUMBERED = re.compile(r"(\d+|[ivx]+|[a-h])\.\s")  # "2. ", "iv. ", "b. "
# Sub-headings stay on their own line (the build step drops them).
_SUBHEADING = re.compile(r"(Code Example.*|Explanation|Output|Conclusion|Theory)\s*:?")
_SENTENCE_END = re.compile(r"[.!?:;]$")

# Python written flush left: keep such lines apart from the prose around them.
_CODE = re.compile(
    r"""^(
        (import|from\s+\S+\s+import)\s | (def|class)\s+\w+\s*[(:] | @[\w.]+(\(.*\))?$ | \#
      | (return|yield|raise|assert|print|elif|except|lambda)\b(?!\s+[a-z]+\s+[a-z]+)
      | (if|for|while|with|elif|else|try|finally)\b.*:(\s*\#.*)?$ | (global|nonlocal)\s
      | (pass|break|continue|else:|try:|finally:)$
      | ("{3}|'{3})
      | _?[A-Za-z_][\w.]*(\[[^\]]*\])?(\s*,\s*[A-Za-z_][\w.]*)*\s*[-+*/]?=(?!=)   # assignment
      | [A-Za-z_][\w.]*(\[[^\]]*\][\w.]*)*\(          # call: plt.show(), df['x'].fillna(0)
      | [\])}]+[),:]*$                             # closing bracket line
    )""",
    re.VERBOSE,
)
_WRAP_WIDTH = 60  # prose lines this long that stop mid-sentence were wrapped by the PDF
_OPEN_END = re.compile(r"(\b(and|or|of|the|a|an|like|to|for|with|in|on|by|as|is|are)|[,=+*]|\w-)$")


def _dropped(line: str) -> bool:
    s = line.strip()
    return not s or s in _ARTIFACTS or bool(_EMPTY_ITEM.fullmatch(s))


def _is_code(line: str) -> bool:
    # "The minimum is at x=2." and similar prose carry '=' too; a capital letter + space is prose.
    if re.match(r"[A-Z][a-z]+ [a-z]", line) and not line.startswith(("import ", "from ")):
        return False
    return bool(_CODE.match(line))


def _leaves_code(line: str) -> bool:
    """After a code line, only a bullet, a sub-heading or a capitalised sentence ends the code:
    wrapped statements, dict entries and grid rows ("[0, 0, 1],") carry on."""
    if _BULLET.match(line) or _NUMBERED.match(line) or _SUBHEADING.fullmatch(line):
        return True
    first = line.split(" ", 1)[0]
    return line[0].isupper() and "_" not in first and not re.search(r"[,(\[{=\\]$", line)


def _question(lines: list[str], i: int) -> tuple[str, int]:
    """Question text from line index i; returns (text, index after it). Some wrap onto two lines."""
    parts = [lines[i].strip()]
    i += 1
    while (
        i < len(lines)
        and not re.search(r"[?.*]$", parts[-1])
        and lines[i].strip() != "Theory"
        and len(parts) < 3
    ):
        parts.append(lines[i].strip())
        i += 1
    text = one_line(" ".join(parts))
    # Line 5585: the PDF moved the star of "A*" to the end of the sentence.
    text = re.sub(r"\bthe A search (.*)\.\*$", r"the A* search \1.", text)
    return text, i


def _prose(line: str) -> bool:
    """Words outside quotes: "file.close() is always called." is a sentence, not code."""
    bare = re.sub(r"([\"']).*?\1", "", line)
    return bool(re.search(r"\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b|\.\s+[A-Z]", bare))


def _heading(line: str) -> bool:
    """Title-case text with no comma: "Scenario: Storing a Large Number of Feature Vectors"."""
    text = _BULLET.sub("", line).rsplit(": ", 1)[-1]
    words = re.findall(r"[A-Za-z][\w-]*", text)
    if not words or "," in text:
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.65


def _joinable(prev: str, prev_code: bool, cur: str, cur_code: bool) -> bool:
    if prev_code or _SUBHEADING.fullmatch(prev):
        return False
    if _BULLET.match(cur) or _NUMBERED.match(cur) or _SUBHEADING.fullmatch(cur):
        return False
    if _SENTENCE_END.search(prev):
        # Line 2568 "... the type of categorical variable:" / "nominal or ordinal."
        return prev[-1] in ":;" and len(prev) >= 75 and not cur_code and cur[0].islower() and _prose(cur)
    # Signs the sentence goes on: an open bracket, a trailing "and"/"like"/"=", a full-width line.
    open_end = prev.count("(") > prev.count(")") or bool(_OPEN_END.search(prev))
    wrapped = open_end or (len(prev) >= _WRAP_WIDTH and not _heading(prev))
    if cur_code:
        # Prose mentioning code wraps onto lines that start with it (line 1736 "file.close() is ...").
        return wrapped and _prose(cur)
    if cur[0].islower():
        return True
    # A capital after a full line was wrapped too (line 3734 "... the one in" / "Question 1. ..."),
    # unless the line ends in a bracket, an identifier or a file name ("]", "odds_old", "client.py").
    ends_word = open_end or bool(re.search(r"[A-Za-z]$", prev))
    return wrapped and ends_word and not re.search(r"\w[_.]\w+$", prev)


def _answer(raw: list[str]) -> tuple[str | None, bool]:
    out: list[str] = []
    codes: list[bool] = []
    for line in raw:
        if _dropped(line):
            continue
        s = line.strip()
        code = _is_code(s) or (bool(codes) and codes[-1] and not _leaves_code(s))
        if out and _joinable(out[-1], codes[-1], s, code):
            out[-1] = f"{out[-1]} {s}"
            continue
        out.append(s)
        codes.append(code)
    text = "\n".join(_BULLET.sub("- ", s, count=1) if _BULLET.match(s) else s for s in out)
    # Line 5587: the same lost star as in the question ("A (pronounced "A-star")* is ...").
    text = text.replace('A (pronounced "A-star")*', 'A* (pronounced "A-star")')
    # Three code lines make a snippet; one is a formula or a call named in a table cell.
    has_code = sum(codes) >= 3
    return (text or None), has_code


def parse(path: Path) -> list[RawItem]:
    lines = read_lines(path)
    heads = [i for i, line in enumerate(lines) if _HEADER.fullmatch(line.strip())]
    items: list[RawItem] = []
    for n, h in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else len(lines)
        question, i = _question(lines, h + 1)
        # Every answer opens with a "Theory" line except Q37 (line 2040), which opens with
        # "Scenario: ..."; that line belongs to the answer.
        if i < stop and lines[i].strip() == "Theory":
            i += 1
        body = lines[i:stop]
        answer, has_code = _answer(body)
        # The span ends at the last kept line, not at trailing copy buttons (e.g. lines 3033-3037).
        kept = [k for k, line in enumerate(body) if not _dropped(line)]
        end = i + kept[-1] + 1 if kept else i
        items.append(
            RawItem(
                source=SOURCE,
                question=question,
                answer=answer,
                line_start=h + 1,
                line_end=end,
                flags=["code_in_answer"] if has_code else [],
            )
        )
    return items
