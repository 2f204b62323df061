"""Who is using the app. Unconfigured: the local user, no login (a laptop). With MOCKINTERVIEW_AUTH=oidc:
login through Streamlit's OpenID Connect support (`st.login`), and every interview, history row, mastery
row and export belongs to the signed-in user alone.

The owner key is the ID token's issuer and subject (stable at every OIDC provider; an email can change hands).
"""
from __future__ import annotations

import importlib.util

import streamlit as st

from mockinterview.agent.settings import Settings
from mockinterview.agent.storage import LOCAL_OWNER

OWNER = "mi_owner"
RESET_KEYS = ("mi_session", "mi_messages", "mi_pending")


def owner_of(claims) -> str:
    """A stable key for a signed-in user from their ID token claims."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if issuer and subject:
        return f"{issuer}#{subject}"[:200]
    email = claims.get("email")
    if email:
        return f"email:{email}"[:200]
    raise ValueError("the identity provider sent neither a subject nor an email")


def current_owner() -> str | None:
    """The signed-in user's key; None for the local user (the app without accounts)."""
    return st.session_state.get(OWNER)


def _configuration_problem(settings: Settings) -> str | None:
    if importlib.util.find_spec("authlib") is None:
        return "MOCKINTERVIEW_AUTH=oidc needs Authlib: pip install 'mockinterview[auth]'."
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all
        section = None
    if not section:
        return ("MOCKINTERVIEW_AUTH=oidc needs an [auth] section in .streamlit/secrets.toml (redirect_uri, "
                "cookie_secret, client_id, client_secret, server_metadata_url); see docs/deployment.md.")
    if settings.auth_provider and settings.auth_provider not in section:
        return f"MOCKINTERVIEW_AUTH_PROVIDER={settings.auth_provider} has no [auth.{settings.auth_provider}] in secrets.toml."
    return None


def _switch_to(owner: str | None) -> None:
    """A different user in this browser session: nothing of the previous one stays on screen."""
    if st.session_state.get(OWNER, "unset") != owner:
        for key in RESET_KEYS:
            st.session_state.pop(key, None)
    st.session_state[OWNER] = owner


def require_login(settings: Settings) -> bool:
    """True when the page may be shown (the local user, or a signed-in one); else it shows the login."""
    if settings.auth == "none":
        _switch_to(None)
        return True
    problem = _configuration_problem(settings)
    if problem:
        st.error(problem, icon=":material/error:")
        return False
    if not st.user.get("is_logged_in", False):  # absent when the runtime has no auth section loaded
        _switch_to(None)
        st.title("Mock interview")
        st.markdown("Sign in to practise. Your interviews, scores and history are visible only to you.")
        args = (settings.auth_provider,) if settings.auth_provider else ()
        st.button("Log in", type="primary", key="login", on_click=st.login, args=args)
        return False
    try:
        owner = owner_of(st.user)
    except ValueError as error:
        st.error(f"Cannot tell who you are: {error}. Ask the administrator to check the OIDC provider.")
        return False
    _switch_to(owner)
    with st.sidebar:
        name = st.user.get("email") or st.user.get("name") or st.user.get("sub")
        st.caption(f"Signed in as {name}")
        st.button("Log out", key="logout", on_click=st.logout)
    return True


__all__ = ["LOCAL_OWNER", "current_owner", "owner_of", "require_login"]
