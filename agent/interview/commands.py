"""The commands a front end can send (buttons, typed words), and the rule-only parser for them.

`Command` is the same set as the classifier's intents. `parse` recognises only the explicit request
patterns, without a model: free text is understood by `IntentClassifier` (in the session).
"""
from __future__ import annotations

from dataclasses import dataclass

from .intent_rules import clarify_parts, match_rule
from .intents import Intent

Command = Intent

# What the candidate "says" in the transcript when a command comes from a button.
SAID = {
    Command.hint: "Can I have a hint?",
    Command.repeat: "Can you repeat the question?",
    Command.rephrase: "Can you rephrase the question?",
    Command.skip: "Skip this question.",
    Command.dont_know: "I don't know.",
    Command.show_answer: "Show me the answer.",
    Command.later: "Can we come back to this later?",
    Command.end: "End the interview.",
}


@dataclass(frozen=True)
class Parsed:
    command: Command
    text: str = ""  # the answer, or the term the candidate asked about


def parse(text: str) -> Parsed:
    ruled = match_rule(text or "")
    if ruled is None or ruled == Command.ask.value:
        return Parsed(Command.answer, text or "")
    if ruled == Command.clarify.value:
        term, _ = clarify_parts(text)
        return Parsed(Command.clarify, term)
    return Parsed(Command(ruled))
