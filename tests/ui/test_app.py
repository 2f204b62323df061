"""The Streamlit app driven by AppTest: a whole interview, hostile text shown as text, separate users."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.ui.app_text import as_plain_markdown
from tests.conftest import SHARED_INDEX_CACHE

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
pytestmark = pytest.mark.slow


@pytest.fixture
def app_env(tmp_path, monkeypatch, real_index, db_url):
    """The real model and index (built once per machine), a fresh database per test: SQLite, then PostgreSQL."""
    monkeypatch.setenv("MOCKINTERVIEW_CACHE_DIR", str(SHARED_INDEX_CACHE))
    monkeypatch.setenv("MOCKINTERVIEW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MOCKINTERVIEW_DB_URL", db_url)
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
    # The card before the follow-up holds the missed points (and the model answer) back.
    assert "not shown yet" in shown and not any(m.label == "Model answer" for m in at.expander)
    assert session.turns[-1].role == "followup"
    at.button(key="cmd-hint").click().run()
    assert "Hint" in texts(at)
    at.button(key="cmd-skip").click().run()  # skip the follow-up: the full card, then question 2
    assert any(m.label == "Model answer" for m in at.expander)
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
    from concurrent.futures import ThreadPoolExecutor

    first, second = start(new_app(), topics=("ensembles",)), start(new_app(), topics=("python",))
    one, two = first.session_state["mi_session"], second.session_state["mi_session"]
    assert one.id != two.id
    replies = {first: "Bagging averages trees trained on bootstrap samples.", second: "A list is mutable, a tuple is not."}
    with ThreadPoolExecutor(max_workers=2) as pool:  # both graded at the same time by the shared services
        list(pool.map(lambda at: answer(at, replies[at]), replies))
    for at, session, other in ((first, one, second), (second, two, first)):
        said = [m.text for m in at.session_state["mi_messages"] if m.role == "candidate"]
        assert said == [replies[at]] and session.turns[0].answer_text == replies[at]
        assert as_plain_markdown(replies[at]) in texts(at) and as_plain_markdown(replies[other]) not in texts(at)
        assert at.session_state["mi_session"] is session


@pytest.mark.parametrize("text,expected", [
    ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\<\\/script\\>"),
    ("**bold**", "\\*\\*bold\\*\\*"),
    ("[link](javascript:x)", "\\[link\\]\\(javascript\\:x\\)"),
    ("# heading", "\\# heading"),
    ("line one\nline two\n\nnew paragraph", "line one  \nline two\n\nnew paragraph"),
])
def test_as_plain_markdown(text, expected):
    assert as_plain_markdown(text) == expected


def test_history_shows_past_interviews_and_resumes_an_unfinished_one(app_env):
    first = start(new_app(), questions=2, followups=0)
    session = first.session_state["mi_session"]
    answer(first, "Bagging trains each model on a bootstrap sample and averages their predictions.")
    assert session.main_count == 2 and not session.finished

    later = new_app().run()  # another browser tab: a new Streamlit session, same database
    later.sidebar.radio(key="mi_section").set_value("History").run()
    assert not later.exception, later.exception
    table = later.dataframe[0].value
    assert list(table["Session"]) == [session.id] and list(table["Status"]) == ["active"]
    assert list(table["Answered"]) == [1]
    specs = [json.loads(chart.proto.spec) for chart in later.get("vega_lite_chart")]
    assert len(specs) == 2  # the score trend per topic over time, and mastery per topic
    assert specs[0]["mark"]["type"] == "line" and specs[0]["encoding"]["color"]["field"] == "topic"
    assert "Score trend per topic" in [h.value for h in later.subheader]

    later.button(key=f"resume-{session.id}").click().run()
    assert not later.exception, later.exception
    assert later.sidebar.radio(key="mi_section").value == "Interview"
    resumed = later.session_state["mi_session"]
    assert resumed is not session and resumed.id == session.id
    assert resumed.current.seq == session.current.seq and resumed.current.question == session.current.question
    shown = texts(later).replace("\\", "")
    assert f"Resumed interview {session.id}." in [i.value.replace("\\", "") for i in later.info]
    assert "Question 2 of 2" in shown
    answer(later, "Stacking fits a meta-model on out-of-fold predictions of the base models.")
    assert resumed.finished and "Interview report" in [h.value for h in later.subheader]


def test_a_missing_corpus_is_an_error_message_not_a_traceback(app_env, monkeypatch):
    missing = app_env / "nowhere" / "questions.jsonl"
    monkeypatch.setenv("MOCKINTERVIEW_CORPUS_PATH", str(missing))
    at = new_app().run()
    assert not at.exception
    assert [e.value for e in at.error] == [as_plain_markdown(f"No corpus at {missing}. Run `mockinterview corpus build` to create it.")]
    assert not at.chat_input and not at.sidebar.button


def test_a_broken_database_is_an_error_message(app_env, monkeypatch):
    monkeypatch.setenv("MOCKINTERVIEW_DB_URL", "nosuchdialect://x")
    at = new_app().run()
    assert not at.exception
    assert len(at.error) == 1 and "MOCKINTERVIEW\\_DB\\_URL" in at.error[0].value


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "**bold**", "[link](javascript:x)", "# heading", "<img src=x onerror=alert(1)>",
    "&lt;b&gt;entity&lt;/b&gt;", "    indented code", "1. list\n- item\n> quote", "| a | b |\n|---|---|", "`code` ~~strike~~",
])
def test_plain_markdown_renders_to_exactly_the_text(text):
    """Through a real CommonMark renderer: one paragraph of escaped text, no tag, link, heading or list."""
    import html

    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(as_plain_markdown(text))
    lines = [line.strip() for line in text.splitlines()]
    assert rendered == "<p>" + "<br />\n".join(html.escape(line, quote=True) for line in lines) + "</p>\n"


def test_the_sidebar_names_the_grading_backend_without_the_key():
    from mockinterview.agent.settings import Settings
    from mockinterview.ui.app_text import grading_status

    assert grading_status(Settings(_env_file=None)) == "embedded (offline)"
    llm = Settings(_env_file=None, grader="llm", llm_model="smollm2", llm_base_url="http://127.0.0.1:8080/v1",
                   openai_api_key="sk-secret-123")
    status = grading_status(llm)
    assert status.startswith("LLM: smollm2 at ") and "127.0.0.1:8080" in status and "sk-secret" not in status
