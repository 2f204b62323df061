"""The Streamlit app: `mockinterview ui` (or `streamlit run ui/app.py`).

A thin layer over the agent: the sidebar sets up an interview, the chat runs it through
`InterviewSession`, the History page reads the database. Settings come from the environment and
`.env` like everywhere else (MOCKINTERVIEW_DATA_DIR, MOCKINTERVIEW_CACHE_DIR, ...).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from mockinterview.agent.interview.config import MAX_JOB_DESCRIPTION
from mockinterview.agent.services import Services
from mockinterview.corpus.schema import TOPICS
from mockinterview.ui.app_chat import init_state, interview_page, queue
from mockinterview.ui.app_history import SECTION, history_page
from mockinterview.ui.app_auth import require_login
from mockinterview.ui.app_services import load_services
from mockinterview.ui.app_text import as_plain_markdown, grading_status
from mockinterview.ui.app_voice import sidebar_settings

LEVELS = ("easy", "medium", "hard", "adaptive")
MODES = {"interview": "Interview", "practice": "Practice my weak spots"}
CONFIG_KEYS = {  # InterviewConfig field -> widget key
    "topics": "cfg_topics", "difficulty": "cfg_difficulty", "questions": "cfg_questions",
    "followups": "cfg_followups", "job_description": "cfg_job", "mode": "cfg_mode", "seed": "cfg_seed",
}


def _queue_start() -> None:
    queue(("start", {field: st.session_state.get(key) for field, key in CONFIG_KEYS.items()}))
    st.session_state[SECTION] = "Interview"


def sidebar(services: Services) -> str:
    with st.sidebar:
        st.title("Mock interview")
        section = st.radio("Page", ["Interview", "History"], key=SECTION, horizontal=True)
        with st.form("setup", border=False):
            topics = [t for t in TOPICS if t in set(services.corpus.topics)]
            st.multiselect("Topics", topics, key=CONFIG_KEYS["topics"], placeholder="Any topic")
            st.selectbox("Difficulty", LEVELS, index=LEVELS.index("adaptive"), key=CONFIG_KEYS["difficulty"])
            st.number_input("Questions", min_value=1, max_value=30, value=5, step=1, key=CONFIG_KEYS["questions"])
            st.slider("Follow-ups per question", min_value=0, max_value=3, value=1, key=CONFIG_KEYS["followups"])
            st.radio("Mode", list(MODES), format_func=MODES.get, key=CONFIG_KEYS["mode"])
            st.text_area(
                "Job description (optional)", key=CONFIG_KEYS["job_description"], max_chars=MAX_JOB_DESCRIPTION,
                help="Paste a job ad to pick topics from it when no topic is chosen.",
            )
            with st.expander("Advanced"):
                st.number_input("Question order seed", min_value=0, value=None, step=1, key=CONFIG_KEYS["seed"],
                                placeholder="random", help="The same seed and settings ask the same questions.")
            st.form_submit_button("Start", type="primary", key="start", on_click=_queue_start, width="stretch",
                                  help="Starts a new interview; an unfinished one can be resumed from History.")
        sidebar_settings()
        st.caption("Grading: " + as_plain_markdown(grading_status(services.settings)))
    return section


# A file beside the app, served by Streamlit itself: a ":material/...:" or emoji icon makes the browser
# fetch it from a font or emoji server, and the app promises that no request leaves the machine.
PAGE_ICON = str(Path(__file__).resolve().parent / "static" / "icon.png")


def main() -> None:
    st.set_page_config(page_title="Mock interview", page_icon=PAGE_ICON, layout="centered")
    init_state()
    services = load_services()
    if services is None or not require_login(services.settings):
        st.stop()
    if sidebar(services) == "History":
        history_page(services)
    else:
        interview_page(services)


main()
