"""The end-of-interview report and the feedback card, as Streamlit elements, plus the transcript export."""
from __future__ import annotations

import json
from datetime import datetime

import altair as alt
import pandas as pd
import streamlit as st

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.interview.report import Report, report_markdown
from mockinterview.agent.storage import TurnRow
from mockinterview.agent.voice.records import speaking_markdown
from mockinterview.corpus.store import correction_for

from .app_text import as_plain_markdown, short


def turn_record(turn: TurnRow) -> dict:
    """One stored turn as JSON-ready data, its grade parsed."""
    row = {}
    for column in TurnRow.__table__.columns:
        value = getattr(turn, column.name)
        row[column.name] = value.isoformat() if isinstance(value, datetime) else value
    grade_json = row.pop("grade_json", None)
    row["grade"] = json.loads(grade_json) if grade_json else None
    return row


def transcript_json(report: Report, turns: list[TurnRow], speaking: dict | None = None) -> str:
    return json.dumps({"report": report.model_dump(mode="json"), "turns": [turn_record(t) for t in turns],
                       "speaking": {seq: f.model_dump() for seq, f in (speaking or {}).items()}}, indent=2)


def render_grade(grade: Grade) -> None:
    """The feedback card: score, verdict, key points with the candidate's own sentence as evidence."""
    score, verdict, points = st.columns(3)
    score.metric("Score", "not scored" if grade.score is None else f"{grade.score:.1f}/10")
    verdict.metric("Verdict", grade.verdict.value)
    points.metric("Key points covered", f"{len(grade.covered)} of {len(grade.key_points)}")
    if grade.covered:
        st.markdown("**Covered**")
        for point in grade.covered:
            st.markdown(":green[:material/check_circle:] " + as_plain_markdown(point.point))
            if point.evidence:
                st.caption("Your answer: " + as_plain_markdown(f"“{point.evidence}”"))
    if grade.missed:
        st.markdown("**Missed**")
        for point in grade.missed:
            st.markdown(":red[:material/cancel:] " + as_plain_markdown(point.point))
            if point.contradicted and point.evidence:
                st.caption("Contradicted by your answer: " + as_plain_markdown(f"“{point.evidence}”"))
    if grade.feedback:
        st.markdown(as_plain_markdown(grade.feedback))
    if grade.next_step:
        st.markdown("**Next step:** " + as_plain_markdown(grade.next_step))
    if grade.model_answer:
        with st.expander("Model answer"):
            if note := correction_for(grade.model_answer):
                st.warning("Correction: " + as_plain_markdown(note), icon=":material/fact_check:")
            st.markdown(as_plain_markdown(grade.model_answer))
            if grade.reference_source:
                st.caption("Source: " + as_plain_markdown(grade.reference_source))
    if grade.flags:
        st.caption("Grader notes: " + as_plain_markdown(", ".join(grade.flags)))
    st.caption("Graded by: " + as_plain_markdown(grade.backend))


def topic_chart(per_topic: dict[str, float]) -> alt.Chart:
    data = pd.DataFrame({"topic": list(per_topic), "score": list(per_topic.values())})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", title="Score (0-10)", scale=alt.Scale(domain=[0, 10])),
            y=alt.Y("topic:N", title=None, sort="-x"),
            tooltip=["topic", alt.Tooltip("score:Q", format=".1f")],
        )
    )


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {as_plain_markdown(' '.join(item.split()))}" for item in items)


def render_report(report: Report, turns: list[TurnRow], key: str, speaking: dict | None = None) -> None:
    """`speaking`: the figures of the spoken answers by turn number, for the downloads."""
    st.subheader("Interview report")
    overall, main, followups, skipped = st.columns(4)
    overall.metric("Overall", f"{report.overall:.1f}/10" if report.overall is not None else "n/a")
    main.metric("Questions", report.main_questions)
    followups.metric("Follow-ups", report.followups)
    skipped.metric("Skipped or given up", report.skipped)
    if report.mean_seconds is not None:
        st.caption(f"Average time to answer: {report.mean_seconds:.0f} s")
    if report.hints_used:
        hinted = [t for t in report.turns if t.hints]
        st.caption(f"Hints used: {report.hints_used}, on " + as_plain_markdown("; ".join(
            f"\"{short(t.question)}\" ({t.hints})" for t in hinted)))
    if report.requests:
        st.caption("Your requests: " + as_plain_markdown(", ".join(f"{name.replace('_', ' ')} {count}"
                                                                     for name, count in report.requests.items())))
    if report.per_topic:
        st.markdown("**Score per topic**")
        st.altair_chart(topic_chart(report.per_topic), width="stretch")
    if report.strongest:
        st.markdown("**Strongest points**")
        st.markdown(_bullets(report.strongest))
    if report.weakest:
        st.markdown("**Gaps**")
        st.markdown(_bullets(report.weakest))
    if report.review:
        st.markdown("**Questions to review**")
        for item in report.review:
            with st.expander(f"{as_plain_markdown(short(item.question))} ({item.score:.1f}/10)"):
                st.markdown(as_plain_markdown(item.question))
                if note := correction_for(item.model_answer):
                    st.warning("Correction: " + as_plain_markdown(note), icon=":material/fact_check:")
                st.markdown(as_plain_markdown(item.model_answer or "No model answer in the sources."))
                if item.source:
                    st.caption("Source: " + as_plain_markdown(item.source))
    st.markdown("**Improvement plan**")
    st.markdown("\n".join(f"{n}. {as_plain_markdown(step)}" for n, step in enumerate(report.plan, start=1)))
    markdown_file, json_file = st.columns(2)
    markdown_file.download_button(
        "Download transcript (Markdown)", report_markdown(report, turns) + speaking_markdown(speaking or {}), file_name=f"interview-{report.session_id}.md",
        mime="text/markdown", on_click="ignore", key=f"{key}-md", icon=":material/download:",
    )
    json_file.download_button(
        "Download transcript (JSON)", transcript_json(report, turns, speaking), file_name=f"interview-{report.session_id}.json",
        mime="application/json", on_click="ignore", key=f"{key}-json", icon=":material/download:",
    )
