"""Database failures as one-line messages that name the database and the cause, never a traceback.

The driver's own text is read for the cause (psycopg and sqlite3 word them in English whatever the server's
locale for the cases below); the URL is shown without its password.
"""
from __future__ import annotations

import shlex

from sqlalchemy.engine import make_url


class StorageError(Exception):
    """The database cannot be used; the message says what happened and how to fix it."""


class ConflictError(StorageError):
    """Someone else (another tab, another window) changed this interview since it was loaded."""


CHANGED_ELSEWHERE = ("This interview changed in another tab or window since this page loaded: reload it "
                     "(History > Resume) to continue from where it is now. Nothing was overwritten.")


def describe(url: str) -> str:
    """Where the database is, for a message: the SQLite file, or host:port/name of a server (no password)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported elsewhere
        return "the configured database"
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "an in-memory SQLite database"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.get_backend_name()} server {host}{port}, database {parsed.database or '(default)'}"


def sqlite_path(url: str) -> str | None:
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return parsed.database.removeprefix("file:").split("?", 1)[0]


# (words in the driver's message, what to say): the first match wins. {where} names the database, {user} the
# login, {name} the database name, {aside} the command that moves a damaged SQLite file away.
_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("connection refused", "could not connect", "no route to host"),
     "Cannot connect to the {where}: connection refused. Is PostgreSQL running there and listening on that "
     "address? Check MOCKINTERVIEW_DB_URL."),
    (("timeout expired", "timed out"), "The {where} did not answer in time. Check the host and the network."),
    (("authentication failed", "no password supplied"),
     "The {where} refused the login of user {user!r}: authentication failed. Check the user and password in "
     "MOCKINTERVIEW_DB_URL."),
    (("role \"",), "The {where} has no user {user!r}: authentication failed. Check the user in MOCKINTERVIEW_DB_URL "
                   "(or create it: createuser)."),
    (("database \"",), "The {where} has no database {name!r}. Create it (createdb {quoted_name}, or CREATE DATABASE) "
                       "or fix the name in MOCKINTERVIEW_DB_URL."),
    (("name or service not known", "could not translate host name"),
     "Cannot find the host of the {where}: the name does not resolve. Check MOCKINTERVIEW_DB_URL."),
    (("disk is full", "no space left", "could not extend file"),
     "The disk holding the database ({where}) is full: free some space and try again. What was saved before is "
     "intact."),
    (("file is not a database", "malformed", "file is encrypted"),
     "The database file {where} is damaged (not a readable SQLite database). Move it aside with `{aside}` (also "
     "any -wal and -shm file beside it); a new one is made on the next start. Your past interviews stay in the "
     "moved file."),
    (("readonly", "read-only"), "The database at {where} is read-only. Make it writable or set MOCKINTERVIEW_DB_URL."),
    (("locked",), "The database at {where} is locked by another program. Close it and try again."),
    (("unable to open",), "Cannot open the database at {where}. Check the folder exists and is writable."),
    (("terminating connection", "server closed the connection", "connection is closed"),
     "The {where} closed the connection (restarted?). Try again in a moment."),
)


def explain(error: BaseException, url: str) -> StorageError:
    """The StorageError to show for a driver or SQLAlchemy error raised while using the database at `url`."""
    text = str(getattr(error, "orig", None) or error)
    low = text.lower()
    for needles, message in _CAUSES:
        if any(needle in low for needle in needles) and (not needles[0].endswith('"') or "does not exist" in low):
            path = sqlite_path(url)
            name = _part(url, "database")
            aside = f"mv {shlex.quote(path)} {shlex.quote(path + '.broken')}" if path else "moving the file away"
            return StorageError(message.format(where=describe(url), user=_part(url, "username") or "(none)",
                                               name=name, quoted_name=shlex.quote(str(name)), aside=aside))
    first = text.strip().splitlines()[0][:200] if text.strip() else error.__class__.__name__
    return StorageError(f"Database error at the {describe(url)}: {first}")


def _part(url: str, attribute: str) -> str | None:
    try:
        return getattr(make_url(url), attribute)
    except Exception:  # noqa: BLE001
        return None


def missing_driver(url: str, error: ImportError) -> StorageError:
    backend = describe(url).split(" ", 1)[0]
    if "psycopg" in str(error) or backend.startswith("postgres"):
        return StorageError("MOCKINTERVIEW_DB_URL points at PostgreSQL, but its driver (psycopg 3) is not installed: "
                            "pip install 'mockinterview[postgres]' (or pip install 'psycopg[binary]').")
    return StorageError(f"MOCKINTERVIEW_DB_URL needs a database driver that is not installed ({error.name}).")
