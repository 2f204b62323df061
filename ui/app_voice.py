"""Voice in the app: answer by microphone (record, read and edit the transcript, submit), hear the
question read aloud, and the speaking coach on the feedback card and the report. Without the `voice`
extra the panel says how to install it; the typed answer box is always there."""
from __future__ import annotations

import hashlib
import logging

import altair as alt
import pandas as pd
import streamlit as st

from mockinterview.agent.services import Services

from .app_text import as_plain_markdown

log = logging.getLogger(__name__)
READ_ALOUD, KEEP_AUDIO = "cfg_read_aloud", "cfg_keep_audio"
HEARD, TRANSCRIPT_BOX, SERVICES = "mi_heard", "mi_transcript", "mi_services"


def voice_problem() -> str | None:
    from mockinterview.agent.voice.models import voice_status

    return voice_status()


def sidebar_settings() -> None:
    st.toggle("Read each question aloud", key=READ_ALOUD, help="The interviewer speaks (an offline voice).")


# -- hearing the question ---------------------------------------------------------------------------
def speak_question(text: str, newest: bool) -> None:
    """The question as audio under its text, when "read each question aloud" is on (played at once if newest)."""
    services: Services | None = st.session_state.get(SERVICES)
    if not st.session_state.get(READ_ALOUD) or services is None:
        return
    if problem := voice_problem():
        if newest:
            st.caption(as_plain_markdown(problem))
        return
    try:
        audio = services.speaker.synthesize(text)
    except Exception as error:  # noqa: BLE001 - the question is on screen; its audio is a convenience
        log.exception("reading the question aloud failed")
        st.caption(as_plain_markdown(f"Could not read the question aloud: {error}"))
        return
    st.audio(audio, format="audio/wav", autoplay=newest)


# -- answering by voice -----------------------------------------------------------------------------
def _hear(services: Services, audio: bytes) -> None:
    """Transcribe a new recording once; the transcript goes into the editable box."""
    from mockinterview.agent.voice.answer import listen
    from mockinterview.agent.voice.audio import AudioProblem
    from mockinterview.agent.voice.models import VoiceUnavailable

    digest = hashlib.sha256(audio).hexdigest()
    previous = st.session_state.get(HEARD)
    if previous is not None and previous["digest"] == digest:
        return
    try:
        with st.spinner("Transcribing your answer..."):
            heard = listen(services.transcriber, audio)
    except (AudioProblem, VoiceUnavailable) as problem:
        st.session_state[HEARD] = {"digest": digest, "problem": str(problem)}
        return
    st.session_state[HEARD] = {"digest": digest, "heard": heard, "audio": audio}
    st.session_state[TRANSCRIPT_BOX] = heard.transcript.text


def queue_spoken(queue, turn_id: int) -> None:
    text = (st.session_state.get(TRANSCRIPT_BOX) or "").strip()
    heard = (st.session_state.get(HEARD) or {}).get("heard")
    if text and heard is not None:
        queue(("spoken", text, turn_id))


def voice_panel(services: Services, turn, queue) -> None:
    """Record, see and edit the transcript, submit. One recorder per question, so each starts empty."""
    if problem := voice_problem():
        st.caption(as_plain_markdown("Answering by voice: " + problem))
        return
    seq = turn.seq
    audio = st.audio_input("Answer by voice", key=f"voice-{seq}",
                           help="Speak your answer, then stop: you see the transcript before it is graded. If the "
                                "browser blocks the microphone, allow it from the address bar, or type your answer.")
    if audio is None:
        return
    _hear(services, audio.getvalue())
    state = st.session_state.get(HEARD) or {}
    if "problem" in state:
        st.warning(as_plain_markdown(state["problem"]), icon=":material/warning:")
        return
    for note in state["heard"].transcript.notes:
        st.warning(as_plain_markdown(note), icon=":material/hearing:")
    st.text_area("Transcript (correct it if I misheard)", key=TRANSCRIPT_BOX, height=140)
    keep, send = st.columns([3, 2])
    keep.checkbox("Keep my recording", key=KEEP_AUDIO, help="Off: only the transcript and the speaking figures are stored.")
    send.button("Submit spoken answer", key=f"voice-submit-{seq}", type="primary", on_click=queue_spoken, args=(queue, turn.id),
                width="stretch")


def submit(services: Services, session, text: str, turn_id: int | None = None) -> list:
    """Grade the edited transcript like a typed answer, keeping the coach's figures with the turn."""
    from mockinterview.agent.voice.answer import submit_spoken

    state = st.session_state.pop(HEARD, None) or {}
    st.session_state.pop(TRANSCRIPT_BOX, None)
    keep = services.settings.data_dir / "recordings" if st.session_state.get(KEEP_AUDIO) else None
    return submit_spoken(session, text, state["heard"], audio=state.get("audio"), keep_audio_in=keep, turn_id=turn_id)


# -- the coach --------------------------------------------------------------------------------------
def render_speaking(figures) -> None:
    """On the feedback card of a spoken answer: the figures against their targets."""
    from mockinterview.agent.voice.coach import advice

    pace, fillers, pauses, length = st.columns(4)
    pace.metric("Words/min", f"{figures.wpm:.0f}", help="Target 120-160")
    fillers.metric("Filler words", figures.filler_count, help="Target: at most 3 a minute")
    pauses.metric("Long pauses", figures.long_pauses, help="Silences of 2 s or more")
    length.metric("Length", f"{figures.seconds:.0f} s", help="A main answer: 30-180 s")
    st.markdown("\n".join(f"- {as_plain_markdown(line)}" for line in advice(figures)))


def speaking_chart(trend) -> alt.LayerChart:
    """Words per minute per interview (oldest first) over the target band."""
    from mockinterview.agent.voice.coach import TARGET_WPM

    data = pd.DataFrame([{"interview": n, "words per minute": p.wpm, "fillers per minute": p.fillers_per_minute,
                          "started": p.started.strftime("%Y-%m-%d %H:%M")} for n, p in enumerate(trend, start=1)])
    band = alt.Chart(pd.DataFrame({"low": [TARGET_WPM[0]], "high": [TARGET_WPM[1]]})).mark_rect(opacity=0.15).encode(
        y="low:Q", y2="high:Q")
    line = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("interview:O", title="Interview (oldest first)"), y=alt.Y("words per minute:Q"),
        tooltip=["started", "words per minute", "fillers per minute"])
    return band + line


def render_speaking_report(store, session_id: str) -> None:
    """The report's speaking section: this interview's spoken answers, and the trend across interviews."""
    from mockinterview.agent.voice.coach import TARGET_WPM
    from mockinterview.agent.voice.records import speaking_trend

    trend = speaking_trend(store)
    this = next((point for point in trend if point.session_id == session_id), None)
    if this is None:
        return
    st.markdown("**Speaking**")
    pace, fillers, pauses = st.columns(3)
    pace.metric("Words/min (mean)", f"{this.wpm:.0f}", help=f"Target {TARGET_WPM[0]}-{TARGET_WPM[1]}")
    fillers.metric("Fillers per minute", f"{this.fillers_per_minute:.1f}", help="Target: at most 3")
    pauses.metric("Long pauses", this.long_pauses)
    st.caption(f"{this.answers} spoken answer(s) in this interview.")
    if len(trend) > 1:
        st.altair_chart(speaking_chart(trend), width="stretch")


def render_speaking_trend(store) -> None:
    """The History page: speaking pace across the interviews answered by voice (target band shaded)."""
    from mockinterview.agent.voice.records import speaking_trend

    trend = speaking_trend(store)
    if trend:
        st.subheader("Speaking pace per interview")
        st.caption("Mean words per minute of your spoken answers; the band is the 120-160 target.")
        st.altair_chart(speaking_chart(trend), width="stretch")
