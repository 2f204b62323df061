"""With an LLM: the probe or challenge worded by the LLM from the same evidence, checked before it is shown.

The LLM is told the missed point (it has to ask for it) and the rule (never state it). Its question is
kept only if it ends with a question mark, is short, does not give the point away (`probes.leaks`),
stays on the point (embedding similarity) and is not the question just asked; else the template stands.
"""
from __future__ import annotations

from .followups import FollowUp, NEAR_DUPLICATE
from .probes import leaks

MAX_CHARS = 300
ON_TOPIC = 0.35  # the worded question must be at least this close to the point it asks for

_RULES = (
    "You are a technical interviewer. Write ONE follow-up question, under 40 words, ending with a question "
    "mark. Its answer must be the missing point below, but the question must NOT state or hint at the "
    "point's conclusion: ask about the concept, the mechanism or the reason, the way an interviewer probes. "
    "Output only the question."
)


def _prompt(followup: FollowUp, asked: str, answer: str) -> str:
    if followup.reason == "challenge":
        return (f"Question asked: {asked}\nThe candidate claimed: {followup.lead_in}\nThe claim is wrong; the "
                f"reference says: {followup.target_point}\nAsk them to justify their claim, without correcting it.")
    return (f"Question asked: {asked}\nCandidate's answer: {answer[:1500]}\n"
            f"Missing point (never state it): {followup.target_point}")


def accept(text: str | None, followup: FollowUp, asked: str, index) -> str | None:
    """The LLM's question if it passes every check, else None."""
    if not text:
        return None
    text = " ".join(text.split()).strip("\"' ")
    if not (10 <= len(text) <= MAX_CHARS and text.endswith("?")):
        return None
    if leaks(text, followup.target_point, asked):
        return None
    vectors = index.encode([text, followup.target_point, asked])
    if float(vectors[0] @ vectors[1]) < ON_TOPIC or float(vectors[0] @ vectors[2]) >= NEAR_DUPLICATE:
        return None
    return text


def phrase(grader, followup: FollowUp, asked: str, answer: str, index) -> str | None:
    """The LLM's wording of a probe or challenge; None (keep the template) without an LLM or on any failure."""
    ask_text = getattr(grader, "ask_text", None)
    if ask_text is None or not followup.focus_points or not followup.target_point:
        return None  # corpus questions keep their own wording: they are graded against their own reference
    from langchain_core.messages import HumanMessage, SystemMessage

    try:
        reply = ask_text([SystemMessage(content=_RULES), HumanMessage(content=_prompt(followup, asked, answer))])
    except Exception:  # the template is always there to fall back on
        return None
    return accept(reply, followup, asked, index)

