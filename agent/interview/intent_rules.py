"""The unambiguous ways of saying a request, as patterns: what the classifier trusts without a model.

Each pattern names a speech act ("can you give me a hint", "let's come back to this later"), never a
subject, so a real answer that happens to contain a command word ("a hint of regularization helps")
does not match: most patterns need the whole short message, or a request frame around the word.
"""
from __future__ import annotations

import difflib
import re

# Words a one-word message may be, typos included (matched by closeness, so "hnit" is a hint).
ONE_WORD = {
    "hint": "hint", "hints": "hint", "clue": "hint", "help": "hint",
    "skip": "skip", "next": "skip", "pass": "skip",
    "idk": "dont_know", "dunno": "dont_know",
    "repeat": "repeat", "pardon": "repeat", "again": "repeat",
    "rephrase": "rephrase", "reword": "rephrase", "reformulate": "rephrase",
    "later": "later", "defer": "later",
    "end": "end", "quit": "end", "exit": "end", "stop": "end", "finish": "end", "done": "end",
    "answer": "show_answer", "reveal": "show_answer", "solution": "show_answer",
    "why": "ask", "how": "ask",
}

_SHORT = 14  # words: a longer message is a request only through an explicit request frame

# (intent, pattern, needs a short message). Checked in order; the first match wins.
PATTERNS: list[tuple[str, str, bool]] = [
    # Leave. Ending loses the rest of the interview, so only explicit phrasings count.
    ("end", r"\b(?:end|stop|finish|wrap up|quit|exit)\b(?: the| this)? (?:interview|session|here|now|for (?:now|today))\b", True),
    ("end", r"^(?:let'?s |can we |could we |please )?(?:stop|end|finish|quit|wrap (?:it )?up)(?: it)?(?: here| now| please| for today)?\W*$", True),
    ("end", r"\b(?:i'?m|i am) done\b|\bcall it a day\b|\bi (?:have|need|gotta) (?:to )?go\b|\bthat'?s enough\b|\bshow me (?:the|my) report\b", True),
    ("end", r"\bi want to (?:stop|end|quit)\b|^end it\b", True),
    # Come back to it later.
    ("later", r"\b(?:come back|get back|return|go back)\b.{0,25}\b(?:later|at the end|to (?:it|this|that))\b", True),
    ("later", r"\b(?:this|it|that)(?: one| question)?\b.{0,25}\b(?:later|at the end)\b|^(?:maybe |ok )?later\b|\brevisit\b|\bpark (?:this|it)\b", True),
    ("later", r"\bdo (?:this|it|that) (?:one )?last\b|\bmore time on this\b|\bthe others first\b", True),
    # Skip.
    ("skip", r"\bskip (?:this|it|that|the question)\b|\b(?:can|could|let'?s|rather|want to|please|i'?ll) (?:we |i )?skip\b", True),
    ("skip", r"\bmove on\b|\bnext (?:one|question)\b|\b(?:give me|do|try|ask me|have) (?:an?(?:nother)?|some) ?(?:different |other )?(?:one|question)\b", True),
    ("skip", r"^(?:i'?ll |can i |let me )?pass\b|\bpass on (?:this|it)\b|\bnot this one\b|\bgo to the next\b", True),
    # The model answer, now.
    ("show_answer", r"\b(?:show|tell|give|reveal)\b.{0,12}\b(?:the |an? )?(?:model |right |correct |reference )?(?:answer|solution)\b", True),
    ("show_answer", r"^(?:what'?s|what is) the (?:right |correct )?answer(?: here)?\W*$|^(?:ok |okay )?just (?:show|tell) me\b", True),
    ("show_answer", r"\b(?:see|have) the (?:model |reference |correct )?answer\b|\bwhat would a good answer be\b", True),
    # Hint.
    ("hint", r"\b(?:give|get|have|need|want|any|another|one more|more|small|little|a) (?:me )?(?:a |small |little )?hints?\b(?! of)|"
             r"^hints?\b|\bhints?\W*(?:please|pls)?\W*$", True),
    ("hint", r"(?<!no )(?<!not a )\bclue\b|\b(?:any|some|give me) (?:\w+ )?pointers\b|\bnudge\b|\bpoint me\b|\btips? to get\b|\bwhere (?:should|do|would) i start\b", True),
    ("hint", r"\b(?:help me (?:out|get started|start)|(?:a little|some|any) help|i'?m (?:stuck|blanking))\b|^(?:some )?help\W*$", True),
    ("hint", r"^what should i (?:be )?think(?:ing)? about\b", True),
    # I don't know.
    ("dont_know", r"\bi (?:really |honestly )?(?:do ?n[o']?t|dont|do not) (?:know|remember)\b(?!.*\b(?:but|why|how)\b)", True),
    ("dont_know", r"\b(?:no (?:idea|clue)|never (?:heard|learned|studied)|not familiar|give up|can'?t answer|"
                  r"drawing a blank|beats me|can'?t remember)\b", True),
    # Repeat the question as it was.
    ("repeat", r"\brepeat\b|\bsay (?:that|it|the question) again\b|\bcome again\b|\bread (?:it|the question) again\b|"
               r"\bwhat was (?:the question|it)\b|\bmissed that\b|\bremind me what\b|\bone more time\b|^once more\b", True),
    # Ask the question another way.
    ("rephrase", r"\bre-?(?:phrase|word|formulate)\b|\b(?:say|put|ask|word|phrase) (?:it|that|this)? ?(?:in )?(?:another|a different|other) way\b|"
                 r"\b(?:word|phrase|ask) (?:it|that|this) differently\b", True),
    ("rephrase", r"\b(?:don'?t|do not|didn'?t) (?:understand|follow|get)\b.{0,25}\b(?:question|asking|you)\b|^i don'?t follow\b", True),
    ("rephrase", r"\b(?:not sure|unsure) (?:i get|what you'?re asking|what the question)\b|\bwhat are you asking\b|"
                 r"\bquestion is (?:confusing|unclear)\b|\bexplain the question\b|\bwhat does the question mean\b|"
                 r"\bsimpler terms\b|\bmake the question clearer\b|\bquestion getting at\b|\bwhat the question wants\b", True),
    # How to answer: length, format, code, grading, the session itself. Only as a question to the interviewer.
    ("meta", r"\bhow (?:much|detailed|long|deep)\b.{0,30}\b(?:detail|answer|be|go)\b|\blevel of detail\b", True),
    ("meta", r"^(?:do you want|should i|can i|may i|do i need to|is it (?:ok|okay|fine) to|is an?)\b.{0,40}\b(?:code|python|pseudo-?code|"
             r"formula|math|list|example|definition|sentences|paragraphs|bullet|short answer|one-liner)\b", True),
    ("meta", r"^(?:is )?(?:an? )?(?:short answer|one-liner|bullet points?)\b.{0,20}\?$|\bor a full explanation\b", True),
    ("meta", r"\bhow many (?:more )?questions\b|\btime limit\b|\bhow (?:is|are|do you) (?:this|it|i|answers?|you)? ?(?:graded|scored|grade)\b|"
             r"\bscoring\b|\bgrading\b|\bmy score after\b|\bjust intuition\b|\blike to a beginner\b|\bor go deep\b", True),
    # About the current question's words.
    ("clarify", r"\bwhat (?:do|did) you mean\b|\bwhat is meant by\b|\bwhen you say\b|\b(?:do|did) you mean\b|"
                r"\bwhich (?:one|\w+) do you mean\b|^by [\w\s'-]{1,40} (?:do|did) you mean\b", False),
    ("clarify", r"^(?:what does|what'?s) .{1,50} (?:mean|refer(?:ring)? to)\b.{0,20}\b(?:here|context|question|scenario)\b", True),
    ("clarify", r"\b(?:in this|for this) (?:question|context|scenario)\b", True),
    ("clarify", r"^(?:is (?:this|the question) (?:about|asking|for|only)|are you asking|are we talking|should i assume|does .{1,30} here mean)\b", True),
    # A question about the subject or about the feedback.
    ("ask", r"^(?:can|could) you (?:explain|elaborate|tell me (?:more|why|about)|go over|walk me through)\b|^(?:explain|tell me (?:more|about))\b|"
            r"\b(?:can|could) you explain\W*$", True),
    ("ask", r"\bwhy (?:did|was|do) (?:i|my)\b|\bwhat did i miss\b|\b(?:the|my|that|this) (?:feedback|score|answer on|missed point|key point|model answer)\b.{0,40}\?$|"
            r"\bhow come\b|^why\b.{0,40}\?$|^(?:what'?s|what is) the difference between\b", True),
]
COMPILED = [(intent, re.compile(pattern, re.IGNORECASE), short) for intent, pattern, short in PATTERNS]

_WORD = re.compile(r"[a-z']+")


def normalise(text: str) -> str:
    text = " ".join((text or "").lower().replace("’", "'").split())
    return re.sub(r"\bu\b", "you", re.sub(r"\bur\b", "your", text))


def one_word(text: str) -> str | None:
    """A message that is one command word (or a slash command, or a close typo of one)."""
    bare = normalise(text).strip(" .!?/")
    bare = re.sub(r"\s+(?:please|pls|plz|thanks)$", "", bare)
    if not re.fullmatch(r"[a-z']+", bare or "-"):
        return None
    if bare in ONE_WORD:
        return ONE_WORD[bare]
    close = difflib.get_close_matches(bare, [w for w in ONE_WORD if len(w) >= 4], n=1, cutoff=0.75)
    return ONE_WORD[close[0]] if close and len(bare) >= 3 else None


def match_rule(text: str) -> str | None:
    """The intent a request pattern names, or None (then the learned model decides)."""
    word = one_word(text)
    if word:
        return word
    normal = normalise(text)
    words = len(_WORD.findall(normal))
    for intent, pattern, needs_short in COMPILED:
        if needs_short and words > _SHORT:
            continue
        if pattern.search(normal):
            return intent
    return None


_CLARIFY_TERM = re.compile(
    r"(?:what (?:do|did) you mean by|what is meant by|when you say|by|what does|what'?s|what do you mean with)\s+"
    r"(?P<term>[\"'“]?[\w][\w\s'./-]{0,60}?)[\"'”]?(?=\s*(?:,|\?|$|\bexactly\b|\bhere\b|\bin this\b|\bmean\b|"
    r"\brefer|\bdo you mean\b|\bdid you mean\b))",
    re.IGNORECASE,
)
_OPTIONS = re.compile(r"(?:,|\bdo you mean|\byou mean|\bmean)?\s*(?:the\s+)?(?P<a>[^,?]{2,60}?)\s+or\s+(?P<b>[^,?]{2,60}?)\s*\??$",
                      re.IGNORECASE)


def clarify_parts(text: str) -> tuple[str, tuple[str, ...]]:
    """The term a clarification asks about and the options it offers ("A or B"), as far as they are said."""
    stripped = " ".join((text or "").split())
    term = ""
    match = _CLARIFY_TERM.search(stripped)
    if match:
        term = match.group("term").strip(" '\"“”?.,")
        term = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.IGNORECASE)
    options: tuple[str, ...] = ()
    tail = stripped.rsplit(",", 1)[-1] if "," in stripped else stripped
    found = _OPTIONS.search(tail)
    if found:
        first = re.sub(r"^(?:.*\b(?:mean|say|asking about|talking about)\s+|which one\b\W*|is (?:this|it) about\s+|"
                       r"do you mean\s+|the\s+)", "", found.group("a").strip(), flags=re.IGNORECASE)
        options = tuple(o.strip(" '\"?.") for o in (first, found.group("b")) if o.strip(" '\"?."))
        options = options if len(options) == 2 else ()
    return term, options
