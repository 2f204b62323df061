"""Turn the errors a user can meet into one-line messages, never tracebacks."""
from __future__ import annotations

from contextlib import contextmanager

import click


@contextmanager
def user_errors():
    from mockinterview.agent.storage import StorageError
    from mockinterview.corpus.store import CorpusError
    from mockinterview.index.embedder import EmbedderError

    try:
        yield
    except (StorageError, CorpusError, EmbedderError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    except KeyboardInterrupt:
        raise click.ClickException("Interrupted. Unfinished interviews can be resumed with --resume.") from None
