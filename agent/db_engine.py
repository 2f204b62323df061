"""Opening the database: the URL made concrete, the driver checked, SQLite tuned, the schema upgraded.

`postgresql://` means psycopg 3 here (SQLAlchemy's own default for that scheme is psycopg2, which is not
installed). A read-only opening (`history`, `export`) of a SQLite file that cannot be written, such as a WAL
database in a read-only folder, reads a private copy instead.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from . import db_migrate
from .db_errors import StorageError, explain, missing_driver, sqlite_path

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 5  # a database server that is down is reported in seconds, not minutes


def normalise(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError("MOCKINTERVIEW_DB_URL is not a database URL; examples: sqlite:////path/to/interviews.db, "
                           "postgresql://user:password@host:5432/mockinterview") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers and one writer work at once; the busy timeout waits out short locks.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _create(url: str) -> Engine:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path:
            folder = Path(path).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StorageError(f"Cannot create the data folder {folder}: {error.strerror}.") from None
        options = {}
    else:
        # pre_ping: a server restarted since the last request costs a reconnect, not an error. The pool serves
        # one process's threads (many candidates at once); each app process has its own.
        options = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20, "pool_timeout": 30}
        if backend == "postgresql":
            options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "mockinterview"}
    try:
        engine = create_engine(url, **options)
    except ImportError as error:
        raise missing_driver(url, error) from None
    except (SQLAlchemyError, ValueError, TypeError) as error:
        raise StorageError(f"Invalid database URL in MOCKINTERVIEW_DB_URL: {error.__class__.__name__}.") from None
    if backend == "sqlite":
        _sqlite_pragmas(engine)
    return engine


def _migrate(engine: Engine, url: str) -> None:
    try:
        db_migrate.upgrade(engine)
    except StorageError:
        raise
    except SQLAlchemyError as error:
        raise explain(error, url) from None


def open_engine(url: str, *, read_only: bool = False) -> tuple[Engine, str]:
    """An engine on an up-to-date schema, and the URL it reads (a copy's, for a read-only SQLite file)."""
    url = normalise(url)
    engine = _create(url)
    try:
        _migrate(engine, url)
        return engine, url
    except StorageError as error:
        path = sqlite_path(url)
        if not (read_only and path and Path(path).is_file()) or "damaged" in str(error):
            raise
        engine.dispose()
        log.info("reading a copy of %s: %s", path, error)
        return _open_copy(Path(path))


def _open_copy(path: Path) -> tuple[Engine, str]:
    folder = Path(tempfile.mkdtemp(prefix="mockinterview-readonly-"))
    for suffix in ("", "-wal"):  # the WAL holds the newest commits until a checkpoint
        source = Path(f"{path}{suffix}")
        if source.exists():
            try:
                shutil.copyfile(source, folder / f"{path.name}{suffix}")
            except OSError as error:
                raise StorageError(f"Cannot read the database at {path}: {error.strerror}.") from None
    url = f"sqlite:///{folder / path.name}"
    engine = _create(url)
    _migrate(engine, url)
    return engine, url
