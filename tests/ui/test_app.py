"""The Streamlit app driven by AppTest: a whole interview, hostile text shown as text, separate users."""
from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.ui.app_text import as_plain_markdown
from tests.conftest import SHARED_INDEX_CACHE

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
pytestmark = pytest.mark.slow


@pytest.fixture
def app_env(tmp_path, monkeypatch, real_index):
    """The real model and index (built once per machine), a fresh database per test."""
    monkeypatch.setenv("MOCKINTERVIEW_CACHE_DIR", str(SHARED_INDEX_CACHE))
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def new_app():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=120)


def start(at, questions=2, followups=1, topics=("ensembles",)):
    at.run()
    assert not at.exception, at.exception
    at.sidebar.multiselect(key="cfg_topics").set_value(list(topics))
    at.sidebar.number_input(key="cfg_questions").set_value(questions)
    at.sidebar.slider(key="cfg_followups").set_value(followups)
    at.sidebar.number_input(key="cfg_seed").set_value(7)
    at.sidebar.button(key="start").click().run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def answer(at, text):
    at.chat_input(key="mi_answer").set_value(text).run()
    assert not at.exception, at.exception
    return at


def test_a_whole_interview_in_the_app(app_env):
    at = start(new_app())
    assert "Question 1 of 2" in texts(at).replace("\\", "")
    session = at.session_state["mi_session"]
    record = session.deps.corpus.get(session.current.record_id)
    answer(at, record.references[0].key_points[0])  # a partial answer: feedback card, then a follow-up
    shown = texts(at)
    assert "Score" in shown and "Key points covered" in shown and "Missed" in shown
    assert any(m.label == "Model answer" for m in at.expander)
    assert session.turns[-1].role == "followup"
    at.button(key="cmd-hint").click().run()
    assert "Hint" in texts(at)
    at.button(key="cmd-skip").click().run()  # skip the follow-up: on to question 2
    assert "Question 2 of 2" in texts(at).replace("\\", "")
    at.button(key="cmd-dont_know").click().run()
    if not session.finished:  # a follow-up to question 2 may come first
        at.button(key="cmd-end").click().run()
    assert session.finished
    shown = texts(at)
    assert "Interview report" in [h.value for h in at.subheader]
    assert "Overall" in shown and "Improvement plan" in shown
    assert len(at.get("download_button")) == 2


def test_user_text_is_shown_as_text_never_as_markup(app_env):
    at = start(new_app(), questions=1, followups=0)
    hostile = "<script>alert(1)</script> **bold** [link](javascript:x)"
    answer(at, hostile)
    rendered = [m.value for m in at.chat_message[1].markdown]
    assert rendered == [as_plain_markdown(hostile)]
    assert "<script>" not in rendered[0] and "\\<script\\>" in rendered[0]


def test_two_users_keep_separate_interviews(app_env):
    first, second = start(new_app(), topics=("ensembles",)), start(new_app(), topics=("python",))
    one, two = first.session_state["mi_session"], second.session_state["mi_session"]
    assert one.id != two.id
    answer(first, "Bagging averages trees trained on bootstrap samples.")
    answer(second, "A list is mutable and a tuple is not.")
    assert one.turns[0].answer_text.startswith("Bagging") and two.turns[0].answer_text.startswith("A list")
    assert all("tuple" not in (t.answer_text or "") for t in one.turns)


@pytest.mark.parametrize("text,expected", [
    ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\<\\/script\\>"),
    ("**bold**", "\\*\\*bold\\*\\*"),
    ("[link](javascript:x)", "\\[link\\]\\(javascript\\:x\\)"),
    ("# heading", "\\# heading"),
    ("line one\nline two\n\nnew paragraph", "line one  \nline two\n\nnew paragraph"),
])
def test_as_plain_markdown(text, expected):
    assert as_plain_markdown(text) == expected
