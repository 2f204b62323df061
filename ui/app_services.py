"""The app's link to the agent: models loaded once per process, and agent calls that never show a traceback.

Everything heavy (embedding model, index, grader) is shared by all browser sessions through
`st.cache_resource`; what one user is doing lives only in that user's `st.session_state`.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from pydantic import ValidationError

from mockinterview.agent.services import Services
from mockinterview.agent.settings import Settings
from mockinterview.agent.storage import StorageError
from mockinterview.corpus.store import CorpusError
from mockinterview.index.embedder import EmbedderError, SentenceTransformerEmbedder

from .app_text import as_plain_markdown

log = logging.getLogger(__name__)
T = TypeVar("T")
USER_FACING_ERRORS = (StorageError, CorpusError, EmbedderError)


@st.cache_resource(show_spinner=False)
def _embedder(model: str) -> SentenceTransformerEmbedder:
    # One model per process even when settings differ in other fields (data folder, grader).
    from mockinterview.agent.threads import limit_torch_threads

    limit_torch_threads(Settings().torch_threads)
    embedder = SentenceTransformerEmbedder(model)
    embedder.warm_up()
    return embedder


@st.cache_resource(show_spinner="Loading the question bank...")
def _services(settings_key: str, _settings: Settings) -> Services:
    # settings_key makes a change of settings (another data folder, corpus or grader) a new entry;
    # _settings itself is not hashed (the leading underscore), so the API key is never part of a key.
    services = Services(settings=_settings, embedder_override=_embedder(_settings.embedding_model))
    services.index  # noqa: B018 - load (or build) the index now, under the spinner
    services.embedded_grader  # noqa: B018
    services.store  # noqa: B018 - a database problem shows at start, not in the middle of an answer
    return services


def error_text(error: BaseException) -> str:
    """What to tell the user about an error raised by the agent."""
    if isinstance(error, USER_FACING_ERRORS):
        return str(error)
    if isinstance(error, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in error.errors()[:3])
        return f"Invalid setting ({problems}). Fix it in the environment or .env and reload the page."
    return f"Something went wrong ({error.__class__.__name__}). Your answers so far are saved; see the server log."


def show_error(error: BaseException) -> None:
    st.error(as_plain_markdown(error_text(error)), icon=":material/error:")


def load_services() -> Services | None:
    """The shared Services, or None after showing why they cannot be loaded."""
    try:
        settings = Settings()
        return _services(settings.model_dump_json(), settings)
    except Exception as error:  # noqa: BLE001 - shown to the user instead of a traceback
        if not isinstance(error, (*USER_FACING_ERRORS, ValidationError)):
            log.exception("loading the services failed")
        show_error(error)
        return None


def call_agent(action: Callable[[], T]) -> tuple[T | None, str | None]:
    """Run one agent call: (result, None), or (None, the message to show) when it raised."""
    try:
        return action(), None
    except Exception as error:  # noqa: BLE001 - the UI shows a message, the log keeps the traceback
        if not isinstance(error, (*USER_FACING_ERRORS, ValidationError)):
            log.exception("agent call failed")
        return None, error_text(error)
