"""The history page: past interviews from the database, the score trend per topic, and Resume."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from mockinterview.agent.mastery import topic_mastery
from mockinterview.agent.services import Services
from mockinterview.agent.storage import SessionRow, TurnRow

from .app_auth import current_owner
from .app_chat import queue
from .app_data import your_data
from .app_services import call_agent
from .app_text import as_plain_markdown
from .app_voice import render_speaking_trend

SECTION = "mi_section"
MAX_BUTTONS = 15


def _topics(row: SessionRow) -> str:
    try:
        config = json.loads(row.config_json)
    except ValueError:
        return ""
    return ", ".join(config.get("topics") or []) or ("from job description" if config.get("job_description") else "any")


def sessions_table(rows: list[tuple[SessionRow, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Started (UTC)": row.created_at.strftime("%Y-%m-%d %H:%M"),
                "Session": row.id,
                "Status": row.status,
                "Answered": answered,
                "Overall": row.overall_score,
                "Topics": _topics(row),
            }
            for row, answered in rows
        ]
    )


def trend_data(turns: list[TurnRow]) -> pd.DataFrame:
    """Mean score per (interview, topic); interviews numbered oldest first by their first question."""
    frame = pd.DataFrame(
        [{"session": t.session_id, "topic": t.topic, "score": t.score, "asked_at": t.asked_at} for t in turns]
    )
    if frame.empty:
        return frame
    started = frame.groupby("session")["asked_at"].min().sort_values()
    number = {session: n for n, session in enumerate(started.index, start=1)}
    data = frame.groupby(["session", "topic"], as_index=False).agg(score=("score", "mean"), answers=("score", "size"))
    data["interview"] = data["session"].map(number)
    data["started"] = data["session"].map(started).dt.strftime("%Y-%m-%d %H:%M")
    return data.sort_values(["interview", "topic"]).reset_index(drop=True)


def trend_chart(data: pd.DataFrame) -> alt.Chart:
    # Interviews by number, not by time: several in one afternoon would crowd a time axis.
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("interview:O", title="Interview (oldest first)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("score:Q", title="Mean score (0-10)", scale=alt.Scale(domain=[0, 10])),
            color=alt.Color("topic:N", title="Topic"),
            tooltip=["topic", "started", "session", alt.Tooltip("score:Q", format=".1f"), "answers"],
        )
    )


def _resume(session_id: str) -> None:
    queue(("resume", session_id))
    st.session_state[SECTION] = "Interview"


def history_page(services: Services) -> None:
    st.subheader("Past interviews")
    store = services.store_for(current_owner())  # a signed-in user sees only their own interviews
    rows, error = call_agent(lambda: store.list_sessions())
    if error:
        st.error(as_plain_markdown(error), icon=":material/error:")
        return
    if not rows:
        st.info("No interviews yet. Start one from the Interview page.", icon=":material/info:")
        your_data(services, store, [])
        return
    st.dataframe(sessions_table(rows), hide_index=True)
    for row, answered in rows[:MAX_BUTTONS]:
        label, action = (("View report", "Open") if row.status == "finished" else ("Resume", "Resume"))
        text, button = st.columns([4, 1], vertical_alignment="center")
        score = f", {row.overall_score:.1f}/10" if row.overall_score is not None else ""
        text.markdown(as_plain_markdown(
            f"{row.created_at:%Y-%m-%d %H:%M} UTC · {row.id} · {row.status} · {answered} answered{score}"
        ))
        button.button(label, key=f"resume-{row.id}", on_click=_resume, args=(row.id,), width="stretch",
                      help=f"{action} interview {row.id}")

    turns, error = call_agent(lambda: store.all_graded_turns())
    if error:
        st.error(as_plain_markdown(error), icon=":material/error:")
        return
    data = trend_data(turns or [])
    if not data.empty:
        st.subheader("Score trend per topic")
        st.altair_chart(trend_chart(data), width="stretch")
    _, error = call_agent(lambda: render_speaking_trend(store))
    if error:
        st.error(as_plain_markdown(error), icon=":material/error:")
    mastery, error = call_agent(lambda: topic_mastery(store))
    if mastery:
        st.subheader("Mastery per topic")
        st.caption("Mean score per question across all your reviews, averaged per topic.")
        frame = pd.DataFrame({"topic": list(mastery), "mastery": list(mastery.values())})
        chart = alt.Chart(frame).mark_bar().encode(
            x=alt.X("mastery:Q", title="Mastery (0-10)", scale=alt.Scale(domain=[0, 10])),
            y=alt.Y("topic:N", title=None, sort="-x"),
            tooltip=["topic", alt.Tooltip("mastery:Q", format=".1f")],
        )
        st.altair_chart(chart, width="stretch")
    your_data(services, store, rows)
