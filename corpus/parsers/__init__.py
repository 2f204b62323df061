"""One parser per source file, each exposing `SOURCE` and `parse(path) -> list[RawItem]`."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..schema import RawItem
from . import p000_theory, p001_webpage, p002_repo_dump, p003_book, p004_titles

PARSERS: dict[str, Callable[[Path], list[RawItem]]] = {
    module.SOURCE: module.parse
    for module in (p000_theory, p001_webpage, p002_repo_dump, p003_book, p004_titles)
}
