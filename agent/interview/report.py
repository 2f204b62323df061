"""The end-of-interview report, computed from the stored turns alone (so history and export agree).

Overall score: the mean over main questions (a skipped or given-up question counts 0). Per-topic
scores: the mean over every graded turn of that topic, follow-ups included.
"""
from __future__ import annotations

import json
from statistics import mean

from pydantic import BaseModel, Field

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.storage import ExchangeRow, TurnRow

REVIEW_BELOW = 6.5


class ReviewItem(BaseModel):
    seq: int
    question: str
    score: float
    model_answer: str
    source: str | None = None


class TurnSummary(BaseModel):
    seq: int
    role: str
    topic: str
    question: str
    outcome: str
    score: float | None
    verdict: str | None
    backend: str | None
    seconds: float | None = Field(default=None, description="From question asked to answer submitted")
    hints: int = Field(default=0, description="Hints asked for before answering")


class ExchangeSummary(BaseModel):
    """A request of the candidate's, or the interviewer's reply to one (never graded)."""

    seq: int | None = Field(description="The question open (or last asked) when it was said")
    after_close: bool = False
    role: str
    kind: str
    intent: str | None = None
    text: str
    sources: list[dict] = Field(default_factory=list)


class Report(BaseModel):
    session_id: str
    overall: float | None
    per_topic: dict[str, float]
    main_questions: int
    followups: int
    skipped: int
    strongest: list[str]
    weakest: list[str]
    review: list[ReviewItem]
    turns: list[TurnSummary]
    mean_seconds: float | None
    plan: list[str]
    requests: dict[str, int] = Field(default_factory=dict, description="How often each request was made")
    hints_used: int = Field(default=0, description="Hints over the whole interview")
    exchanges: list[ExchangeSummary] = Field(default_factory=list)


def _grade(turn: TurnRow) -> Grade | None:
    return Grade.model_validate(json.loads(turn.grade_json)) if turn.grade_json else None


def summarise_exchanges(exchanges: list[ExchangeRow]) -> list[ExchangeSummary]:
    return [
        ExchangeSummary(seq=e.turn_seq, after_close=bool(e.after_close), role=e.role, kind=e.kind, intent=e.intent,
                        text=e.text, sources=(json.loads(e.data_json).get("sources", []) if e.data_json else []))
        for e in exchanges
    ]


def build_report(session_id: str, turns: list[TurnRow], exchanges: list[ExchangeRow] = ()) -> Report:
    scored = [t for t in turns if t.score is not None]
    main = [t for t in scored if t.role == "main"]
    by_topic: dict[str, list[float]] = {}
    for turn in scored:
        by_topic.setdefault(turn.topic, []).append(turn.score)
    grades = [(t, _grade(t)) for t in scored]
    covered = [(p.confidence, p.point) for _, g in grades if g for p in g.covered]
    missed = [(p.confidence, p.point) for _, g in grades if g for p in g.missed]
    review = [
        ReviewItem(seq=t.seq, question=t.question, score=t.score, model_answer=g.model_answer if g else "",
                   source=g.reference_source if g else None)
        for t, g in grades if t.score < REVIEW_BELOW
    ]
    summaries = [
        TurnSummary(
            seq=t.seq, role=t.role, topic=t.topic, question=t.question, outcome=t.outcome, score=t.score,
            verdict=(g.verdict.value if (g := _grade(t)) else None), backend=t.backend,
            seconds=round((t.answered_at - t.asked_at).total_seconds(), 1) if t.answered_at else None,
            hints=t.hints or 0,
        )
        for t in turns if t.outcome not in ("pending", "ended", "deferred")
    ]
    requests: dict[str, int] = {}
    for exchange in exchanges:
        if exchange.role == "candidate" and exchange.intent and exchange.intent != "answer":
            requests[exchange.intent] = requests.get(exchange.intent, 0) + 1
    seconds = [s.seconds for s in summaries if s.seconds is not None]
    per_topic = {topic: round(mean(values), 2) for topic, values in sorted(by_topic.items())}
    return Report(
        session_id=session_id,
        overall=round(mean(t.score for t in main), 2) if main else None,
        per_topic=per_topic,
        main_questions=len(main),
        followups=sum(t.role == "followup" for t in scored),
        skipped=sum(t.outcome in ("skipped", "gave_up") for t in scored),
        strongest=[p for _, p in sorted(covered, key=lambda c: -c[0])[:3]],
        weakest=[p for _, p in sorted(missed, key=lambda c: c[0])[:3]],
        review=review,
        turns=summaries,
        mean_seconds=round(mean(seconds), 1) if seconds else None,
        plan=improvement_plan(per_topic, review),
        requests=dict(sorted(requests.items())),
        hints_used=sum(t.hints or 0 for t in turns),
        exchanges=summarise_exchanges(list(exchanges)),
    )


def improvement_plan(per_topic: dict[str, float], review: list[ReviewItem]) -> list[str]:
    steps = []
    for topic, score in sorted(per_topic.items(), key=lambda kv: kv[1])[:2]:
        if score < REVIEW_BELOW:
            steps.append(f"Study {topic}: you averaged {score:.1f}/10 there.")
    for item in review[:3]:
        steps.append(f"Re-read the model answer to \"{item.question}\" and answer it again aloud.")
    if not steps:
        steps.append("Strong session: try the next difficulty level or a new topic.")
    steps.append("Use 'practice my weak spots' mode: it brings back the questions you missed when they are due.")
    return steps


def _exchange_lines(report: Report, seq: int, after_close: bool) -> list[str]:
    lines = []
    for e in report.exchanges:
        if e.seq == seq and e.after_close == after_close:
            who = "You" if e.role == "candidate" else "Interviewer"
            lines.append(f"> **{who}:** " + " ".join(e.text.split()))
    return lines + ([""] if lines else [])


def report_markdown(report: Report, turns: list[TurnRow]) -> str:
    lines = [f"# Mock interview {report.session_id}", ""]
    overall = f"{report.overall:.1f}/10" if report.overall is not None else "n/a"
    lines += [f"Overall: **{overall}** over {report.main_questions} questions and {report.followups} follow-ups.", ""]
    if report.hints_used:
        lines += [f"Hints used: {report.hints_used}.", ""]
    if report.per_topic:
        lines += ["| Topic | Score |", "|---|---|"] + [f"| {t} | {s:.1f} |" for t, s in report.per_topic.items()] + [""]
    lines.append("## Transcript")
    for turn in turns:
        if turn.outcome == "pending" and not any(e.seq == turn.seq for e in report.exchanges):
            continue
        grade = _grade(turn)
        lines += ["", f"### {turn.seq}. {turn.question}", ""] + _exchange_lines(report, turn.seq, False)
        if turn.outcome == "deferred":
            lines.append("*Left for later.*")
        elif turn.outcome == "ended":
            lines.append("*The interview ended here.*")
        else:
            lines.append(f"**Answer:** {turn.answer_text or '(none)'}")
        if turn.hints:
            lines.append(f"**Hints used:** {turn.hints}")
        if grade:
            shown = "not scored" if grade.score is None else f"{grade.score:.1f}/10"
            lines.append(f"**Score:** {shown} ({grade.verdict.value}, {grade.backend})")
            lines += [f"- covered: {p.point}" for p in grade.covered] + [f"- missed: {p.point}" for p in grade.missed]
            if grade.feedback:
                lines.append(f"\n{grade.feedback}")
        after = _exchange_lines(report, turn.seq, True)
        if after:
            lines += [""] + after
    lines += ["", "## Plan", ""] + [f"- {step}" for step in report.plan]
    return "\n".join(lines) + "\n"
