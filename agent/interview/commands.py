"""What the candidate typed: an answer, a command, or a question to the interviewer."""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Command(str, Enum):
    answer = "answer"
    hint = "hint"
    repeat = "repeat"
    skip = "skip"
    dont_know = "dont_know"
    show_answer = "show_answer"
    end = "end"
    clarify = "clarify"


@dataclass(frozen=True)
class Parsed:
    command: Command
    text: str = ""  # the answer, or the term the candidate asked about


_EXACT = {
    Command.hint: r"(?:/?hint|give me a hint|can i (?:get|have) a hint|any hints?)",
    Command.repeat: r"(?:/?repeat|repeat (?:the )?question|say (?:that|it) again|pardon|come again)",
    Command.skip: r"(?:/?skip|next(?: question)?|skip (?:this|it|the question)|pass)",
    Command.dont_know: r"(?:/?idk|i (?:do ?n[o']?t|dont) know|no idea|not sure|i have no idea|dunno)",
    Command.show_answer: r"(?:/?(?:show )?answer|show (?:me )?the answer|what(?:'s| is) the answer|reveal)",
    Command.end: r"(?:/?end|/?quit|/?exit|stop|end (?:the )?interview|i(?:'m| am) done|finish)",
}
_CLARIFY = re.compile(
    r"^(?:what (?:do you mean|does .{1,60} mean)|what is meant by|could you (?:clarify|explain what)|"
    r"can you (?:clarify|rephrase)|do you mean|by (?:.{1,40}) do you mean|what exactly)\b(?P<rest>.*)$",
    re.IGNORECASE,
)


def parse(text: str) -> Parsed:
    stripped = " ".join((text or "").split())
    bare = stripped.lower().strip(" .!?")
    for command, pattern in _EXACT.items():
        if re.fullmatch(pattern, bare):
            return Parsed(command)
    match = _CLARIFY.match(stripped)
    if match and stripped.endswith("?") and len(stripped) < 200:
        term = re.sub(r"^(?:by|with|about)\s+", "", match.group("rest").strip(" ?"), flags=re.I)
        inner = re.search(r"what does (.{1,60}) mean", stripped, re.I)
        return Parsed(Command.clarify, (inner.group(1) if inner else term).strip(" '\"?"))
    return Parsed(Command.answer, text or "")
