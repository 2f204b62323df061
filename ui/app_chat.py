"""The interview page: the chat, the command buttons, and the actions they queue.

Widgets only queue an action (in their callback, before the rerun); the page then runs it once, in
order, under a spinner, and shows its messages after the ones already on screen.
"""
from __future__ import annotations

import random

import streamlit as st

from mockinterview.agent.interview.commands import Command
from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import InterviewSession, Message
from mockinterview.agent.db_errors import CHANGED_ELSEWHERE
from mockinterview.agent.services import Services
from mockinterview.agent.voice.records import session_speech
from mockinterview.corpus.store import correction_for

from .app_auth import current_owner
from .app_report import render_grade, render_report
from .app_services import call_agent
from .app_text import as_plain_markdown
from .app_voice import SERVICES, render_speaking, render_speaking_report, speak_question, voice_panel
from .app_voice import submit as submit_spoken

SESSION, MESSAGES, PENDING, ANSWER_BOX = "mi_session", "mi_messages", "mi_pending", "mi_answer"
COMMANDS = (  # button label, command, what the candidate "says" in the transcript
    ("Hint", Command.hint, "Can I have a hint?"),
    ("Skip", Command.skip, "Skip this question."),
    ("I don't know", Command.dont_know, "I don't know."),
    ("Show answer", Command.show_answer, "Show me the answer."),
    ("End", Command.end, "End the interview."),
)
WARNING_WORDS = ("fail", "fallback", "could not", "unavailable", "not used", "error")
AVATARS = {"interviewer": ":material/record_voice_over:", "candidate": ":material/person:"}
CAPTIONS = {"hint": "Hint", "clarification": "Clarification", "rephrase": "In other words", "meta": "About the format",
            "reply": "From the question bank (not graded)", "confirm": "Did you mean to answer?"}


def init_state() -> None:
    st.session_state.setdefault(SESSION, None)
    st.session_state.setdefault(MESSAGES, [])
    st.session_state.setdefault(PENDING, None)


def queue(action: tuple) -> None:
    st.session_state[PENDING] = action


def queue_answer(turn_id: int | None = None) -> None:
    """`turn_id`: the question open when the box was drawn, so text typed for it is never taken for the next."""
    queue(("answer", st.session_state.get(ANSWER_BOX) or "", turn_id))


def queue_question(seq: int, box: str) -> None:
    """The feedback card's "Ask about this": a question read in the context of that answer."""
    text = (st.session_state.get(box) or "").strip()
    if text:
        queue(("ask", (seq, text)))


def config_from(values: dict) -> InterviewConfig:
    seed = values.get("seed")
    return InterviewConfig(
        topics=list(values.get("topics") or []),
        difficulty=values.get("difficulty", "adaptive"),
        questions=int(values.get("questions", 5)),
        followups=int(values.get("followups", 1)),
        job_description=values.get("job_description") or None,
        mode=values.get("mode", "interview"),
        seed=int(seed) if seed is not None else random.randrange(1_000_000),
    )


# -- rendering ------------------------------------------------------------------------------------
def render_message(message: Message, index: int) -> None:
    if message.role == "system":
        text = as_plain_markdown(message.text)
        if message.kind == "error":
            st.error(text, icon=":material/error:")
        elif any(word in message.text.lower() for word in WARNING_WORDS):
            st.warning(text, icon=":material/warning:")
        else:
            st.info(text, icon=":material/info:")
        return
    if message.kind == "report" and message.report is not None:
        session = st.session_state.get(SESSION)
        turns = session.turns if session is not None and session.id == message.report.session_id else []
        with st.chat_message("assistant", avatar=AVATARS["interviewer"]):
            st.markdown(as_plain_markdown(message.text))
        ours = session is not None and session.id == message.report.session_id
        speaking, _ = call_agent(lambda: session_speech(session.deps.store, session.id)) if ours else ({}, None)
        render_report(message.report, turns, key=f"report-{index}", speaking=speaking)
        if ours:
            render_speaking_report(session.deps.store, session.id)
        return
    role = "user" if message.role == "candidate" else "assistant"
    with st.chat_message(role, avatar=AVATARS.get(message.role)):
        data = message.data
        if message.kind == "question":
            st.caption(as_plain_markdown(
                f"Question {data.get('number')} of {data.get('of')} · {data.get('topic')} · {data.get('difficulty')}"
            ))
        elif message.kind == "followup":
            st.caption(as_plain_markdown(f"Follow-up · {data.get('topic')}"))
        elif message.kind in CAPTIONS:
            st.caption(CAPTIONS[message.kind])
        if message.kind in ("question", "followup"):
            st.markdown(as_plain_markdown(message.text))
            later = st.session_state[MESSAGES][index + 1:]
            speak_question(message.text, newest=not any(m.kind in ("question", "followup") for m in later))
        elif message.kind == "feedback" and message.grade is not None:
            render_grade(message.grade)
            if message.data.get("speaking") is not None:
                render_speaking(message.data["speaking"])
            if message.data.get("seq") is not None:
                render_ask_box(message.data["seq"], index)
        elif message.kind == "reply" and message.stream is not None:
            render_stream(message)
        elif message.kind == "reveal" and message.grade is not None:
            st.markdown("Here is the model answer:")
            if note := correction_for(message.text):
                st.warning("Correction: " + as_plain_markdown(note), icon=":material/fact_check:")
            st.markdown(as_plain_markdown(message.text))
            if message.grade.reference_source:
                st.caption("Source: " + as_plain_markdown(message.grade.reference_source))
        else:
            st.markdown(as_plain_markdown(message.text))


def render_ask_box(seq: int, index: int) -> None:
    with st.expander("Ask about this", icon=":material/help:"):
        box = f"ask-{index}"
        st.text_input("Your question about this answer or its feedback", key=box,
                      placeholder="e.g. Why does that point matter? Can you explain the model answer?")
        st.button("Ask", key=f"ask-button-{index}", on_click=queue_question, args=(seq, box))


def render_stream(message: Message) -> None:
    """The LLM's answer, streamed; the quoted passages if it fails (they are already in the message)."""
    try:
        st.write_stream(message.stream())
    except Exception:  # any LLM failure: the extractive answer stands
        message.stream = None
        st.warning("The LLM could not answer; here is what the question bank says.", icon=":material/warning:")
        st.markdown(as_plain_markdown(message.text))
        return
    sources = message.text.split("\n\n", 1)[-1] if "\n\n" in message.text else ""
    if sources:
        st.caption(as_plain_markdown(sources))


def render_messages(messages: list[Message], start: int = 0) -> None:
    for index, message in enumerate(messages[start:], start=start):
        render_message(message, index)


# -- actions --------------------------------------------------------------------------------------
def _replace_session(services: Services, action: tuple) -> None:
    """Start or resume: the page then shows only this interview."""
    kind, payload = action
    with st.spinner("Choosing your questions..." if kind == "start" else "Loading your interview..."):
        if kind == "start":
            result, error = call_agent(
                lambda: InterviewSession.start(services.interview_deps(owner=current_owner()), config_from(payload))
            )
        else:
            result, error = call_agent(lambda: InterviewSession.resume(services.interview_deps(owner=current_owner()), payload))
    if error:
        st.session_state[MESSAGES] = st.session_state[MESSAGES] + [Message("system", "error", error)]
        return
    session, messages = result
    if kind == "resume":
        from mockinterview.agent.voice.answer import with_stored_figures

        messages, _ = call_agent(lambda: with_stored_figures(session, messages))
        messages = messages or result[1]
    st.session_state[SESSION] = session
    st.session_state[MESSAGES] = list(messages)


def _run_turn(action: tuple) -> None:
    """An answer or a command on the open question: show what the candidate said, then the reply."""
    session: InterviewSession | None = st.session_state[SESSION]
    messages: list[Message] = st.session_state[MESSAGES]
    kind, payload, *pressed_for = action  # buttons and the answer box carry the turn they were drawn for
    turn_id = pressed_for[0] if pressed_for else None
    if session is None:
        return
    if kind == "answer":
        said, spinner, call = payload, "One moment...", lambda: session.submit(payload, turn_id=turn_id)
    elif kind == "spoken":
        services = st.session_state[SERVICES]
        said, spinner, call = payload, "One moment...", lambda: submit_spoken(services, session, payload, turn_id)
    elif kind == "ask":
        seq, question = payload
        said, spinner, call = question, "Looking it up...", lambda: session.ask(question, about_seq=seq)
    else:
        label, command, said = next(c for c in COMMANDS if c[1] is payload)
        spinner, call = "One moment...", (lambda: session.act(command, said=said, turn_id=turn_id))
    candidate = Message("candidate", "answer", said)
    start = len(messages)
    messages = messages + [candidate]
    render_message(candidate, start)
    with st.spinner(spinner):
        reply, error = call_agent(call)
    messages = messages + (reply or []) + ([Message("system", "error", error)] if error else [])
    st.session_state[MESSAGES] = messages
    render_messages(messages, start + 1)
    if error == CHANGED_ELSEWHERE:  # another tab moved this interview on: show it as it is now
        st.button("Reload this interview", key="reload", type="primary", on_click=queue, args=(("resume", session.id),))


def render_controls() -> None:
    session: InterviewSession | None = st.session_state[SESSION]
    if session is None:
        return
    if session.finished:  # questions about the subject are still welcome
        st.chat_input("The interview has ended. Ask me about anything we covered, or start a new one from the sidebar.",
                      key=ANSWER_BOX, on_submit=queue_answer)
        return
    if session.current is not None and (services := st.session_state.get(SERVICES)) is not None:
        voice_panel(services, session.current, queue)
    turn_id = session.current.id if session.current is not None else None
    columns = st.columns(len(COMMANDS))
    for column, (label, command, _) in zip(columns, COMMANDS):
        column.button(label, key=f"cmd-{command.value}", on_click=queue, args=(("command", command, turn_id),),
                      width="stretch")
    st.chat_input(
        "Your answer, a request (a hint, skip, come back later...) or a question for me", key=ANSWER_BOX,
        on_submit=queue_answer, args=(turn_id,)
    )


def interview_page(services: Services) -> None:
    init_state()
    st.session_state[SERVICES] = services
    action = st.session_state[PENDING]
    st.session_state[PENDING] = None
    if action and action[0] in ("start", "resume"):
        _replace_session(services, action)
    messages = st.session_state[MESSAGES]
    if not messages and st.session_state[SESSION] is None:
        st.markdown(
            "Choose topics, difficulty and length in the sidebar, then press **Start**. Answer in the box at "
            "the bottom; each answer is graded against the key points of a reference answer, with the "
            "sentence of yours that covered each one. Talk to me as to an interviewer: ask for a hint, what a "
            "word means, to skip or come back later, or ask about the subject and the feedback at any time."
        )
    render_messages(messages)
    if action and action[0] in ("answer", "spoken", "command", "ask"):
        _run_turn(action)
    render_controls()
