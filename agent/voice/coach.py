"""The speaking coach: rate, filler words, long pauses and length of a spoken answer, from the words and
their times, each against a plain target. Pure functions: no model, cheap to test."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from .transcribe import Word

TARGET_WPM = (120, 160)  # a comfortable interview pace: slower drags, faster is hard to follow
TARGET_FILLERS_PER_MINUTE = 3.0
LONG_PAUSE_SECONDS = 2.0
TARGET_SECONDS = (30, 180)  # a main answer: long enough to explain, short enough to leave room for questions
# One-word fillers, always counted; "like" only when set off by commas (the filler, not the verb).
_ALWAYS = {"um": "um", "umm": "um", "uhm": "um", "uh": "uh", "uhh": "uh", "er": "er", "erm": "er", "ah": "ah",
           "hmm": "hmm", "mm": "hmm", "basically": "basically", "literally": "literally"}
_PHRASES = (("you", "know"), ("i", "mean"), ("sort", "of"))
_LETTERS = re.compile(r"[^a-z']+")


class SpeakingFigures(BaseModel):
    """What the coach measured in one spoken answer (stored with the turn)."""

    seconds: float = Field(description="Length of the recording")
    speaking_seconds: float = Field(description="From the first word to the last")
    words: int
    wpm: float = Field(description="Words per minute while speaking (fillers not counted)")
    fillers: dict[str, int] = Field(default_factory=dict)
    filler_count: int = 0
    fillers_per_minute: float = 0.0
    long_pauses: int = Field(0, description=f"Silences of {LONG_PAUSE_SECONDS:.0f} s or more between words")
    longest_pause: float = 0.0


def _plain(word: str) -> str:
    return _LETTERS.sub("", word.lower())


def count_fillers(words: Sequence[Word]) -> Counter:
    plain = [_plain(w.text) for w in words]
    found: Counter = Counter()
    for index, word in enumerate(plain):
        if word in _ALWAYS:
            found[_ALWAYS[word]] += 1
        elif word == "like" and (words[index].text.endswith(",") or (index and words[index - 1].text.endswith(","))):
            found["like"] += 1
        elif index + 1 < len(plain) and (word, plain[index + 1]) in _PHRASES:
            found[f"{word} {plain[index + 1]}"] += 1
    return found


def speaking_figures(words: Sequence[Word], seconds: float) -> SpeakingFigures:
    """The figures for one answer; `seconds` is the length of the recording."""
    fillers = count_fillers(words)
    filler_count = sum(fillers.values())
    spoken = [w for w in words if _plain(w.text)]
    span = max(spoken[-1].end - spoken[0].start, 0.0) if spoken else 0.0
    minutes = span / 60.0
    content_words = max(len(spoken) - filler_count - sum(" " in name for name in fillers.elements()), 0)
    gaps = [later.start - earlier.end for earlier, later in zip(spoken, spoken[1:])]
    pauses = [gap for gap in gaps if gap >= LONG_PAUSE_SECONDS]
    return SpeakingFigures(
        seconds=round(seconds, 1), speaking_seconds=round(span, 1), words=len(spoken),
        wpm=round(content_words / minutes, 1) if minutes > 0 else 0.0,
        fillers=dict(fillers.most_common()), filler_count=filler_count,
        fillers_per_minute=round(filler_count / minutes, 1) if minutes > 0 else 0.0,
        long_pauses=len(pauses), longest_pause=round(max(pauses, default=0.0), 1),
    )


def _against(value: float, band: tuple[int, int], below: str, above: str, within: str) -> str:
    return below if value < band[0] else above if value > band[1] else within


def advice(figures: SpeakingFigures) -> list[str]:
    """One plain sentence per figure: what it was, the target, and what to do when it is off."""
    low, high = TARGET_WPM
    pace = f"Pace {figures.wpm:.0f} words/min" + _against(
        figures.wpm, TARGET_WPM,
        f", below the {low}-{high} target: pick up the pace a little and keep pauses for between points.",
        f", above the {low}-{high} target: slow down and pause between points.",
        f": within the {low}-{high} target.")
    if figures.filler_count == 0:
        filler = "No filler words."
    else:
        named = ", ".join(f"“{name}” ×{count}" for name, count in figures.fillers.items())
        verdict = ("within" if figures.fillers_per_minute <= TARGET_FILLERS_PER_MINUTE else "above")
        filler = (f"Filler words: {named} ({figures.fillers_per_minute:.1f}/min, {verdict} the target of at most "
                  f"{TARGET_FILLERS_PER_MINUTE:.0f}/min). A silent pause sounds better than a filler.")
    if figures.long_pauses:
        pauses = (f"{figures.long_pauses} pause(s) of {LONG_PAUSE_SECONDS:.0f} s or more (longest "
                  f"{figures.longest_pause:.1f} s): collect your thoughts before you start, then keep going.")
    else:
        pauses = f"No pauses of {LONG_PAUSE_SECONDS:.0f} s or more."
    shortest, longest = TARGET_SECONDS
    length = f"Length {figures.seconds:.0f} s" + _against(
        figures.seconds, TARGET_SECONDS,
        f": short; a main answer usually takes {shortest}-{longest} s.",
        f": long; aim for {shortest}-{longest} s and let the interviewer ask.",
        f": within {shortest}-{longest} s.")
    return [pace, filler, pauses, length]
