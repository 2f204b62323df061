"""What the grader can read: English prose, or code (read through its names, calls and comments).

The judge was trained on English answers; a German answer scored against an English reference would
be graded wrong for its language, not its content. Function words give the language away even in
short, technical answers, so counting them is enough to say "this looks like German" and not grade.
"""
from __future__ import annotations

import re

from mockinterview.corpus.keypoints import looks_like_code

# Frequent function words, chosen so that none is also a common English word.
_FUNCTION_WORDS = {
    "English": "the and is are of to in that with for this it be by as not or which can was".split(),
    "German": "der die das und ist sind nicht mit ein eine einen werden wird auch auf für dem den zu von".split(),
    "French": "le la les et est sont une des du pour pas avec dans ce qui que sur par être".split(),
    "Spanish": "el los las y es son una del para con por que se su como más pero está".split(),
    "Italian": "il gli lo della sono è una con che non del della degli più questo".split(),
    "Portuguese": "os é são uma da para com não que em dos das pelo mais".split(),
    "Dutch": "de het een en zijn niet met voor van dat op te wordt worden ook".split(),
    "Turkish": "ve bir bu için ile olan da de çok daha gibi olarak ama veya".split(),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_IDENTIFIER_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
MIN_WORDS = 4
_LATIN_ACCENTED = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßğışÀÁÂÄÇÉÈÊÖÜÑ")


def detect_language(text: str) -> str | None:
    """The language a prose answer is written in, when it is clearly not English; else None."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 8 and sum(not ch.isascii() for ch in letters) > 0.8 * len(letters) \
            and not any(ch in _LATIN_ACCENTED for ch in letters):
        return "a language other than English"  # Chinese, Greek, Cyrillic ...: no English letters at all
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    counts = {name: sum(w in vocabulary for w in words) for name, vocabulary in _FUNCTION_WORDS.items()}
    english = counts.pop("English")
    language, hits = max(counts.items(), key=lambda item: item[1])
    if hits >= 2 and hits > 2 * english:
        return language
    return None


def is_code(text: str) -> bool:
    """Most non-blank lines look like code (a function, a snippet), not prose."""
    lines = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("```")]
    if len(lines) < 2:
        return False
    return sum(looks_like_code(line) for line in lines) >= max(2, 0.6 * len(lines))


def code_as_text(text: str) -> str:
    """What code says, for a judge that reads prose: comments, and names split into words.

    `nn.Conv2d(3, 16, kernel_size=3)` becomes "nn conv 2 d 3 16 kernel size 3": the calls and
    parameters a reference names ("a convolution layer with a 3x3 kernel") are then visible to it.
    """
    parts = []
    for line in text.splitlines():
        code, _, comment = line.partition("#")
        if comment.strip():
            parts.append(comment.strip())
        words = [piece.lower() for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\d+", code)
                 for piece in _IDENTIFIER_PARTS.findall(token)]
        if words:
            parts.append(" ".join(words))
    return ". ".join(parts)
