"""The History page's "Your data": where it is kept, a download of all of it, and deleting it."""
from __future__ import annotations

import json

import streamlit as st

from mockinterview.agent.data_export import export_everything
from mockinterview.agent.db_errors import describe
from mockinterview.agent.services import Services

from .app_services import call_agent
from .app_text import as_plain_markdown


def _deleted(what: str) -> None:
    st.session_state["mi_data_notice"] = what
    for key in ("mi_session", "mi_messages"):  # an interview on screen may be one just deleted
        st.session_state.pop(key, None)


def your_data(services: Services, store, sessions: list) -> None:
    st.subheader("Your data")
    if notice := st.session_state.pop("mi_data_notice", None):
        st.success(notice, icon=":material/check:")
    where = describe(services.settings.database_url)
    shared = store.owner != "local"
    st.caption(as_plain_markdown(
        f"Kept in the {where}" + (" (on the server; only you can see your rows)." if shared else ".")
        + " Nothing is sent anywhere else."
    ))
    everything, error = call_agent(lambda: export_everything(store))
    if error:
        st.error(as_plain_markdown(error), icon=":material/error:")
        return
    st.download_button("Download all my data (JSON)", json.dumps(everything, indent=2), file_name="mockinterview-data.json",
                       mime="application/json", key="data-download", icon=":material/download:")
    if sessions:
        labels = {row.id: f"{row.created_at:%Y-%m-%d %H:%M} · {row.id} · {row.status}" for row, _ in sessions}
        chosen = st.selectbox("Interview to delete", list(labels), format_func=labels.get, key="data-pick")
        sure = st.checkbox("Yes, delete this interview permanently", key="data-sure-one")
        if st.button("Delete this interview", key="data-delete-one", disabled=not sure):
            done, error = call_agent(lambda: store.delete_session(chosen))
            if error:
                st.error(as_plain_markdown(error), icon=":material/error:")
            else:
                _deleted(f"Deleted interview {chosen}." if done else f"Interview {chosen} was already gone.")
                st.rerun()
    sure_all = st.checkbox("Yes, delete ALL my interviews and scores permanently", key="data-sure-all")
    if st.button("Delete all my data", key="data-delete-all", type="primary", disabled=not sure_all):
        counts, error = call_agent(store.delete_everything)
        if error:
            st.error(as_plain_markdown(error), icon=":material/error:")
        else:
            _deleted(f"Deleted {counts['sessions']} interviews and {counts['mastery']} mastery rows.")
            st.rerun()
