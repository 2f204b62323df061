"""The app for a team: login when configured, a stale button refused, "Your data" on the History page."""
from __future__ import annotations

import pytest

from tests.ui.test_app import answer, app_env, new_app, start  # noqa: F401 - app_env is a fixture

pytestmark = pytest.mark.slow

SECRETS = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "app",
           "client_secret": "s", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def test_login_is_required_when_accounts_are_configured(app_env, monkeypatch):
    monkeypatch.setenv("MOCKINTERVIEW_AUTH", "oidc")
    at = new_app()
    at.secrets["auth"] = SECRETS
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.chat_input and not at.sidebar.button  # nothing of the interview before login


def test_accounts_without_a_provider_configured_say_what_is_missing(app_env, monkeypatch):
    monkeypatch.setenv("MOCKINTERVIEW_AUTH", "oidc")
    at = new_app().run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and "[auth] section in .streamlit/secrets.toml" in at.error[0].value
    assert not at.button and not at.chat_input


def test_a_button_drawn_for_a_closed_question_does_nothing(app_env):
    from mockinterview.agent.interview.commands import Command

    at = start(new_app(), questions=3, followups=0)
    session = at.session_state["mi_session"]
    first = session.current.id
    at.button(key="cmd-skip").click().run()
    second = session.current
    assert second.id != first
    at.session_state["mi_pending"] = ("command", Command.skip, first)  # a press that arrives late
    at.run()
    assert not at.exception, at.exception
    assert session.current is second and second.outcome == "pending"
    assert any("closed since" in i.value for i in at.info)


def test_your_data_downloads_and_deletes_after_confirmation(app_env):
    at = start(new_app(), questions=2, followups=0)
    session = at.session_state["mi_session"]
    answer(at, "Bagging trains each model on a bootstrap sample and averages their predictions.")
    history = new_app().run()
    history.sidebar.radio(key="mi_section").set_value("History").run()
    assert not history.exception, history.exception
    assert "Your data" in [h.value for h in history.subheader]
    assert history.button(key="data-delete-all").disabled  # not before the confirmation is ticked
    history.checkbox(key="data-sure-all").check().run()
    history.button(key="data-delete-all").click().run()
    assert not history.exception, history.exception
    assert any("Deleted 1 interviews" in s.value for s in history.success)
    store = session.deps.store
    assert store.list_sessions() == [] and store.mastery() == []


def test_a_second_tab_is_told_to_reload_and_can(app_env):
    first = start(new_app(), questions=3, followups=0)
    session = first.session_state["mi_session"]
    second = new_app().run()  # the same interview resumed in another tab
    second.sidebar.radio(key="mi_section").set_value("History").run()
    second.button(key=f"resume-{session.id}").click().run()
    answer(first, "Bagging trains each model on a bootstrap sample and averages their predictions.")
    answer(second, "Boosting fits each new model to the errors of the ones before.")
    assert any("changed in another tab" in e.value for e in second.error)
    assert [t.answer_text for t in session.deps.store.turns(session.id) if t.answer_text] == [
        "Bagging trains each model on a bootstrap sample and averages their predictions."]
    second.button(key="reload").click().run()
    assert not second.exception, second.exception
    assert second.session_state["mi_session"].current.seq == session.current.seq == 2
