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


def explain(error: BaseException, url: str) -> StorageError:
    """The StorageError to show for a driver or SQLAlchemy error raised while using the database at `url`."""
    text = str(getattr(error, "orig", None) or error)
    low = text.lower()
    where = describe(url)
    path = sqlite_path(url)
    user = _user(url)
    if "connection refused" in low or "could not connect" in low or "no route to host" in low:
        return StorageError(f"Cannot connect to the {where}: connection refused. Is PostgreSQL running there and "
                            "listening on that address? Check MOCKINTERVIEW_DB_URL.")
    if "timeout expired" in low or "timed out" in low:
        return StorageError(f"The {where} did not answer in time. Check the host and the network.")
    if "password authentication failed" in low or "authentication failed" in low or "no password supplied" in low:
        return StorageError(f"The {where} refused the login of user {user!r}: authentication failed. Check the "
                            "user and password in MOCKINTERVIEW_DB_URL.")
    if "role" in low and "does not exist" in low:
        return StorageError(f"The {where} has no user {user!r}: authentication failed. Check the user in "
                            "MOCKINTERVIEW_DB_URL (or create it: createuser).")
    if "does not exist" in low and "database" in low:
        name = make_url(url).database if "://" in url else "?"
        return StorageError(f"The {where} has no database {name!r}. Create it (createdb {shlex.quote(str(name))}, "
                            "or CREATE DATABASE) or fix the name in MOCKINTERVIEW_DB_URL.")
    if "name or service not known" in low or "could not translate host name" in low:
        return StorageError(f"Cannot find the host of the {where}: the name does not resolve. Check MOCKINTERVIEW_DB_URL.")
    if "disk is full" in low or "no space left" in low or "could not extend file" in low:
        return StorageError(f"The disk holding the database ({where}) is full: free some space and try again. "
                            "What was saved before is intact.")
    if "file is not a database" in low or "malformed" in low or "file is encrypted" in low:
        aside = f"mv {shlex.quote(path)} {shlex.quote(path + '.broken')}" if path else "moving the file away"
        return StorageError(f"The database file {where} is damaged (not a readable SQLite database). Move it aside "
                            f"with `{aside}` (also any -wal and -shm file beside it); a new one is made on the next "
                            "start. Your past interviews stay in the moved file.")
    if "readonly" in low or "read-only" in low:
        return StorageError(f"The database at {where} is read-only. Make it writable or set MOCKINTERVIEW_DB_URL.")
    if "locked" in low:
        return StorageError(f"The database at {where} is locked by another program. Close it and try again.")
    if "unable to open" in low:
        return StorageError(f"Cannot open the database at {where}. Check the folder exists and is writable.")
    if "terminating connection" in low or "server closed the connection" in low or "connection is closed" in low:
        return StorageError(f"The {where} closed the connection (restarted?). Try again in a moment.")
    first = text.strip().splitlines()[0][:200] if text.strip() else error.__class__.__name__
    return StorageError(f"Database error at the {where}: {first}")


def _user(url: str) -> str:
    try:
        return make_url(url).username or "(none)"
    except Exception:  # noqa: BLE001
        return "(unknown)"


def missing_driver(url: str, error: ImportError) -> StorageError:
    backend = describe(url).split(" ", 1)[0]
    if "psycopg" in str(error) or backend.startswith("postgres"):
        return StorageError("MOCKINTERVIEW_DB_URL points at PostgreSQL, but its driver (psycopg 3) is not installed: "
                            "pip install 'mockinterview[postgres]' (or pip install 'psycopg[binary]').")
    return StorageError(f"MOCKINTERVIEW_DB_URL needs a database driver that is not installed ({error.name}).")
