"""`mockinterview ui`: start the Streamlit app."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

APP_PATH = Path(__file__).resolve().parents[1] / "app.py"


def streamlit_command(host: str, port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]


def _ensure_index() -> None:
    """Build the index now, with a progress bar, so the app's first page load does not wait minutes."""
    from mockinterview.agent.services import Services
    from mockinterview.agent.storage import StorageError
    from mockinterview.corpus.store import CorpusError
    from mockinterview.index.cache import cache_path
    from mockinterview.index.embedder import EmbedderError

    try:
        services = Services(progress=True)
        folder = cache_path(services.settings.cache_dir, services.corpus.content_hash, services.embedder.model_id)
        if not folder.exists():
            click.echo(f"Building the search index in {services.settings.cache_dir} (once; a few minutes on a CPU)...")
        services.index  # noqa: B018 - loads the cached index, or builds and caches it
        services.store  # noqa: B018 - a database problem is reported here, before the browser opens
    except (CorpusError, EmbedderError, StorageError) as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
def ui(port: int, host: str) -> None:
    """Start the web app: a chat interview with feedback cards, a report and your history."""
    _ensure_index()
    click.echo(f"Starting the app at http://{host}:{port} (Ctrl+C to stop).")
    command = streamlit_command(host, port)
    # Hand the process over to Streamlit rather than wait on a child: a service manager's SIGTERM to
    # this pid then stops the server itself instead of leaving it serving the port.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execv(command[0], command)
    except OSError as error:
        raise click.ClickException(f"Could not start Streamlit ({command[0]}): {error.strerror}.") from None
