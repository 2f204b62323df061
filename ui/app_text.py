"""Text helpers for the Streamlit app: show any text as plain text, and label the grading backend.

Nothing here imports streamlit, so these helpers are cheap to test.
"""
from __future__ import annotations

import re
import string

_PUNCTUATION = frozenset(string.punctuation)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _escape_line(line: str) -> str:
    # CommonMark treats a backslash before any ASCII punctuation as that literal character, so escaping
    # every one of them leaves no emphasis, link, heading, list, table, HTML tag or entity to interpret.
    return "".join("\\" + char if char in _PUNCTUATION else char for char in line)


def as_plain_markdown(text: object) -> str:
    """Markdown that renders exactly as the given text: nothing in it is markup, HTML or a link.

    Line breaks are kept (as hard breaks) and blank lines still separate paragraphs; leading
    indentation is dropped because four spaces would start a code block.
    """
    normalised = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for paragraph in _PARAGRAPH_BREAK.split(normalised):
        lines = [_escape_line(line.strip()) for line in paragraph.split("\n") if line.strip()]
        if lines:
            paragraphs.append("  \n".join(lines))
    return "\n\n".join(paragraphs)


def grading_status(settings) -> str:
    """Which backend grades the answers, for the sidebar. Never shows an API key."""
    try:
        from mockinterview.agent.grading.llm import llm_status
    except ImportError:  # the LLM backend is optional; describe the settings ourselves
        llm_status = None
    if llm_status is not None:
        return str(llm_status(settings))
    if settings.grader != "llm":
        return "embedded (offline)"
    model = settings.llm_model or "no model set"
    where = settings.llm_base_url or "the OpenAI API"
    suffix = "" if settings.llm_configured else " (not configured: set MOCKINTERVIEW_LLM_MODEL and an endpoint)"
    return f"LLM {model} at {where}{suffix}"


def short(text: str, limit: int = 90) -> str:
    """One line of at most `limit` characters, for labels."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
