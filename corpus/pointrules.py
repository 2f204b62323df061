"""What a key point must not be, and the rewrites that make a sentence fit to be one.

A key point is a claim a grader checks on its own, so it cannot be a heading ("Key Data Structures and
Their Roles."), a question, filler or a teaser ("Did you know ...?"), Markdown or emoji, a line of code,
or a sentence that opens with a pronoun whose antecedent is in another sentence ("It computes ...").
The extractor (`keypoints.py`) uses these tests to reject candidates, and `corpus lint` uses the same
tests to count what still slips through in the built corpus (overrides, terse answers, rewrites).
"""
from __future__ import annotations

import re
import unicodedata

# -- rewrites -----------------------------------------------------------------------------------------
_BOLD = re.compile(r"\*\*(.+?)\*\*|(?<!\w)__(?!\w+__\b)(.+?)__(?!\w)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|#)[^)]*\)")
_BACKTICKS = re.compile(r"`+([^`]*)`+")
_STRAY_MARKS = re.compile(r"(?<!\S)\*\*(?=\s|$)|^#{1,6}\s+")  # an unpaired `** ` left by a split; `**kwargs` stays


def is_symbol(ch: str) -> bool:
    """Emoji, pictographs, dingbats and box glyphs: decoration, never content."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in {"So", "Cs", "Co", "Cn"}
        or 0x2600 <= code <= 0x27BF
        or 0x1F000 <= code
        or code in {0xFFFD, 0x25A1, 0x25A0, 0xFE0F, 0x200D}
    ) and ch not in "©®°"


def strip_markup(text: str) -> str:
    """Markdown emphasis, inline code ticks, links and emoji removed; the words they held stay."""
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(lambda m: m[1] or m[2], text)
    text = _BACKTICKS.sub(r"\1", text)
    text = _STRAY_MARKS.sub("", text)
    text = "".join(" " if is_symbol(ch) else ch for ch in text)
    return re.sub(r"\s{2,}", " ", text).strip()


_IDENTIFIER_START = re.compile(r"^[a-z_][\w]*(?:[._(\[]|$)")


def capitalise(text: str) -> str:
    """Upper-case an opening ASCII letter, but never an identifier (`np.arange`, `df.dropna`, `x_train`)."""
    first = text.split(" ", 1)[0]
    if not text or not ("a" <= text[0] <= "z") or re.match(r"^[a-z_]\w*[._(\[]", first) or "_" in first:
        return text
    return text[0].upper() + text[1:]


# -- tests --------------------------------------------------------------------------------------------
# Words that stay lower-case in a title ("Key Data Structures and Their Roles").
_TITLE_SMALL = frozenset("a an and as at by for from in of on or the to vs via with is are its their".split())
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def is_heading(text: str) -> bool:
    """A title, not a sentence: every significant word capitalised, or a numbered step's title."""
    body = text.strip().rstrip(".:")
    words = _TITLE_WORD.findall(body)
    significant = [w for w in words if w.lower() not in _TITLE_SMALL]
    if not significant:
        return False
    if len(words) <= 14 and all(w[0].isupper() for w in significant):
        return True
    return bool(re.match(r"^(?:Step|Part|Phase|Stage|Level) \d+\s*[:.]", body)) and len(words) <= 10


def is_question(text: str) -> bool:
    return text.rstrip(" \"'”’)").endswith("?")


_FILLER = re.compile(
    r"^(?:did you know|have you ever|let'?s|let us|here'?s|here is|here are|below is|below are|"
    r"the following|as (?:shown|mentioned|discussed) (?:above|below|earlier)|see (?:above|below)|"
    r"in this (?:answer|section|example|article|post|code|script)|this (?:example|code|script|snippet|"
    r"section|article|post|answer) (?:will |clearly )?(?:shows?|demonstrates?|creates?|implements?|compares?|"
    r"illustrates?|uses?|walks?)|the (?:script|code|snippet|example) (?:above |below )?(?:trains?|shows?|"
    r"creates?|demonstrates?|defines?|implements?)|(?:understanding|knowing|mastering) (?:these|this|them|"
    r"it|how)\b|code example\b|great question|in summary\b|to summari[sz]e\b|to conclude\b|"
    r"(?:it|this|these) (?:is|are) (?:crucial|essential|important|fundamental|key|vital)\b)",
    re.IGNORECASE,
)


# A sentence that points at material elsewhere ("one of them is the one below") states nothing itself.
_POINTS_ELSEWHERE = re.compile(
    r"\b(?:the one below|(?:is|are) (?:shown|given|listed) below|see below|as follows|"
    r"(?:shown|summari[sz]ed|illustrated|depicted) (?:in the (?:image|figure|diagram|table|graph) )?(?:below|above)|"
    r"the (?:figure|image|diagram|table|graph) (?:below|above))\b",
    re.IGNORECASE,
)


def is_filler(text: str) -> bool:
    """Lead-ins, teasers and asides: they announce or praise a point instead of stating one."""
    stripped = text.strip()
    return (bool(_FILLER.match(stripped)) or bool(_POINTS_ELSEWHERE.search(stripped))
            or stripped.endswith(("...", "…", ":", "...)", "…)")))


_CODE_TOKENS = re.compile(
    r"(?:^|\s)(?:import \w[\w.]*(?: as \w+)?|from [\w.]+ import \w)|^#\s|^```|```$|"
    r"\b[A-Za-z_]\w*\s*=\s*[\w.]+\(|\)\s*\.\w+\(|^[a-z_]\w*\.\w+\([^)]*\)\s*\.?$|"
    r"\bdef \w+\(|\breturn [\w.]+\(|^\w+\s*=\s*\S",
    re.IGNORECASE,
)


_CODE_HINTS = re.compile(
    r"(^\s*(?:def |class |import |from \S+ import|return\b|print\(|for \w+ in .*:$|if .*:$|elif |else:|try:|"
    r"except|with .*:$|#|>>>|\$ |pip install|@\w)|[=!<>]=|\w+\([^)]*\)\s*$|\w+\.\w+\(|[{}\[\];]\s*$|^\s*[\])}]|"
    r"\b\w+\s*=\s*[\w\[\](\"'.-]|^[A-Za-z_]+\s*:\s*\[)"
)
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


def is_code(text: str) -> bool:
    """Code, not prose: an import, an assignment from a call, a comment line, a fence, a bare call."""
    return bool(_CODE_TOKENS.search(text.strip())) or looks_like_code(text)


_MARKUP = re.compile(r"\*\*[^*\s][^*]*\*\*|`|^#{1,6}\s|^\s*\||\s\|\s|\[[^\]]+\]\((?:https?://|#)")


def has_markup(text: str) -> bool:
    """Markdown a reader would see as symbols: **bold**, `ticks`, a # heading, a | table |, a [link](url)."""
    return bool(_MARKUP.search(text))


def has_symbols(text: str) -> bool:
    return any(is_symbol(ch) for ch in text)


PRONOUNS = frozenset("it its this these they them their that those he she".split())


_LABEL = re.compile(r"^[A-Z][\w()/ -]{0,30}:\s+")  # "Concept: These methods ..." leans on the same thing


def opens_with_pronoun(text: str) -> bool:
    """The point leans on a sentence it does not carry ("It computes...", "It’s fast", "Concept: These ...")."""
    body = _LABEL.sub("", text.strip(), count=1)
    first = re.split(r"[\s,;:’']", body, maxsplit=1)[0].lower()
    return first in PRONOUNS


# Bullet fragments whose subject was the bullet's heading ("Uses what the encoder understood.") and
# clauses with no main clause ("When you need to perform set operations.").
_SUBJECTLESS = re.compile(
    r"^(?:uses|helps|acts|turns|performs|assumes|makes|provides|allows|requires|reduces|works|handles|creates|"
    r"returns|adds|takes|gives|computes|captures|learns|prevents|improves|supports|decides|applies|combines|"
    r"converts|enables|ensures|measures|outputs|produces|builds|trains|splits|focuses|updates|is|are|has|have|"
    r"can be|does|needs|tends|leads|avoids|keeps|removes|stores|selects|finds|predicts|estimates|controls)\b"
    r"|^(?:when|if|because|since|although|while|whereas)\b[^,;:]*$",
    re.IGNORECASE,
)


def is_fragment(text: str) -> bool:
    return bool(_SUBJECTLESS.match(text.strip()))


_MANGLED = re.compile(r"^(?:[A-Z][a-z]*[._(\[]\w|[A-Z][a-z]+_\w)")


def mangled_identifier(text: str) -> bool:
    """An identifier whose first letter was upper-cased as if it began a sentence (`Df.dropna`)."""
    return bool(_MANGLED.match(text.strip())) and not re.match(r"^(?:[A-Z][a-z]+)\.\s", text)


def point_defects(text: str) -> list[str]:
    """The defect classes a key point falls in; empty for a clean, checkable claim."""
    checks = (
        ("heading", is_heading), ("question", is_question), ("filler", is_filler), ("markup", has_markup),
        ("emoji", has_symbols), ("code", is_code), ("dangling_pronoun", opens_with_pronoun), ("fragment", is_fragment),
        ("mangled_identifier", mangled_identifier),
    )
    return [name for name, check in checks if check(text)]
