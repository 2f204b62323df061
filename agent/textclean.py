"""One cleaning for text that is stored or shown, whoever wrote it: the candidate, or an LLM."""
from __future__ import annotations

import re

# NUL and other control characters (not tab, newline, carriage return): PostgreSQL refuses NUL in text,
# and none of them means anything to a reader. Lone surrogates cannot be encoded at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str | None) -> str | None:
    if text is None:
        return None
    return _CONTROL.sub("", str(text).encode("utf-8", errors="replace").decode("utf-8"))
