"""Small text helpers shared by the parsers and the build step."""
from __future__ import annotations

import re
from pathlib import Path

_WS = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Collapse all whitespace (newlines included) to single spaces."""
    return _WS.sub(" ", text).strip()


def read_lines(path: Path) -> list[str]:
    """The file's lines without line endings; index i holds line i+1."""
    return path.read_text(encoding="utf-8").splitlines()


def join_paragraphs(lines: list[str]) -> str:
    """Join answer lines: blank lines dropped, each remaining line stripped, one per output line."""
    kept = [line.strip() for line in lines]
    return "\n".join(line for line in kept if line)
