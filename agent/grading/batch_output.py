"""The output file of a batch: written a line at a time, never truncated by surprise, resumable.

Why each piece: a batch can run all night, so every record is flushed to the operating system as it is
written (a crash, even SIGKILL, loses at most the line being written) and synced to disk about once a
second (a power cut loses at most a second). A torn last line is found by its missing newline and cut
off. `--resume` matches records to input lines by `input_hash` (the k-th record with a hash stands for
the k-th input line with it, so repeated lines are handled), and grades only the rest.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .batch import InputLine, to_json_line


class OutputError(ValueError):
    """An output file that cannot be used as asked; the message says what to do."""


@dataclass
class ExistingOutput:
    done: Counter[str] = field(default_factory=Counter)  # input_hash -> records already written
    records: int = 0
    torn_bytes: int = 0  # bytes of an unfinished last line that were cut off


def read_existing(path: Path) -> ExistingOutput:
    """The records of an earlier run, with a torn last line cut off the file."""
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1  # whatever follows the last newline was cut short mid-write
    existing = ExistingOutput(torn_bytes=len(data) - end)
    for number, raw in enumerate(data[:end].split(b"\n")[:-1], start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            raise OutputError(f"{path} line {number} is not JSON, so it is not output of mockinterview grade; "
                              "use --force to overwrite it or choose another --output.") from None
        digest = record.get("input_hash") if isinstance(record, dict) else None
        if not isinstance(digest, str):
            raise OutputError(f"{path} line {number} has no input_hash (written by an older version or another "
                              "program), so it cannot be resumed; use --force to grade everything again.")
        existing.done[digest] += 1
        existing.records += 1
    if existing.torn_bytes:
        with path.open("r+b") as handle:
            handle.truncate(end)
    return existing


def prepare_output(path: Path, *, resume: bool, force: bool) -> ExistingOutput | None:
    """What an existing output holds (on --resume), after refusing to overwrite it without --force."""
    if not path.exists() or path.stat().st_size == 0 or force:
        return None
    if resume:
        return read_existing(path)
    lines = path.read_bytes().count(b"\n")
    raise OutputError(f"{path} already exists ({lines:,} lines). Use --resume to grade only the input lines "
                      "not in it yet, or --force to overwrite it.")


def remaining(lines: Iterable[InputLine], done: Counter[str]) -> tuple[list[InputLine], int]:
    """The input lines still to grade, and how many done records match no input line (a changed input)."""
    left, todo = Counter(done), []
    for line in lines:
        if left[line.digest] > 0:
            left[line.digest] -= 1
        else:
            todo.append(line)
    return todo, sum(left.values())


class OutputWriter:
    """Writes records as strict JSON lines, each flushed at once, synced to disk every `sync_every` s."""

    def __init__(self, stream: BinaryIO, *, sync_every: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.sync_every = sync_every
        self.clock = clock
        self._synced = clock()
        self.written = 0

    def write(self, record: dict) -> None:
        # One write call per whole line: a crash can tear only the last one, which --resume cuts off.
        self.stream.write((to_json_line(record) + "\n").encode("utf-8"))
        self.stream.flush()
        self.written += 1
        if self.clock() - self._synced >= self.sync_every:
            self.sync()

    def sync(self) -> None:
        self.stream.flush()
        try:
            os.fsync(self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass  # a pipe or a terminal: nothing to sync
        self._synced = self.clock()


@dataclass
class BatchSummary:
    """What the run did, for the closing lines."""

    graded: int = 0
    errors: int = 0
    ungraded: int = 0  # the grader declined to score (its reason is in flags)
    total_score: float = 0.0
    by_llm: int = 0
    fallbacks: int = 0  # llm was asked for, the embedded grader answered

    def add(self, record: dict) -> None:
        if "error" in record:
            self.errors += 1
        elif record.get("score") is None:
            self.ungraded += 1
        else:
            self.graded += 1
            self.total_score += record["score"]
        if "llm_fallback" in (record.get("flags") or []):
            self.fallbacks += 1
        elif str(record.get("backend", "")).startswith("llm:"):
            self.by_llm += 1

    def lines(self, seconds: float, *, llm: bool = False, health: str | None = None) -> list[str]:
        mean = f"; mean score {self.total_score / self.graded:.2f}" if self.graded else ""
        ungraded = f", {self.ungraded} ungraded" if self.ungraded else ""
        out = [f"Graded {self.graded} lines, {self.errors} with errors{ungraded}, in {seconds:.1f} s{mean}."]
        if llm and self.fallbacks:
            out.append(f"The LLM graded {self.by_llm} lines; {self.fallbacks} were graded by the embedded grader "
                       "instead (flag llm_fallback).")
        if health:
            out.append(health)
        return out
