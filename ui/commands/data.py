"""`mockinterview data`: where your data is, an export of all of it, and deleting it."""
from __future__ import annotations

import json

import click


def _settings():
    from mockinterview.agent.settings import Settings

    return Settings()


def _store(read_only: bool = False):
    from mockinterview.agent.storage import Store

    return Store(_settings().database_url, read_only=read_only)


@click.group()
def data() -> None:
    """Your data: where it is kept, export all of it, delete one interview or everything."""


@data.command()
def path() -> None:
    """Where the database, the data folder and the index cache are."""
    from mockinterview.agent.db_errors import describe, sqlite_path

    settings = _settings()
    url = settings.database_url
    click.echo(f"database:    {sqlite_path(url) or describe(url)}")
    click.echo(f"data folder: {settings.data_dir}")
    click.echo(f"index cache: {settings.cache_dir} (built from the question bank; holds none of your answers)")


@data.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def export(output: str | None) -> None:
    """Every interview (questions, answers, grades, requests and replies) and every mastery row, as JSON."""
    from mockinterview.agent.data_export import export_everything
    from mockinterview.ui.errors import user_errors

    with user_errors():
        text = json.dumps(export_everything(_store(read_only=True)), indent=2)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        click.echo(f"Wrote {output}")
    else:
        click.echo(text)


@data.command()
@click.argument("session_id", required=False)
@click.option("--all", "everything", is_flag=True, help="Delete every interview and all mastery (practice) data.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete(session_id: str | None, everything: bool, yes: bool) -> None:
    """Delete one interview (by id or id prefix) or, with --all, everything. Asks first unless --yes."""
    from mockinterview.ui.errors import user_errors

    if bool(session_id) == everything:
        raise click.UsageError("Name one interview (SESSION, from `mockinterview history`) or pass --all.")
    with user_errors():
        store = _store()
        if everything:
            if not yes:
                click.confirm("Delete ALL interviews and practice data permanently?", abort=True)
            counts = store.delete_everything()
            click.echo(f"Deleted {counts['sessions']} interviews ({counts['turns']} answers, {counts['exchanges']} "
                       f"requests and replies) and {counts['mastery']} mastery rows.")
            return
        matches = store.find_sessions(session_id.strip())
        if len(matches) != 1:
            raise click.ClickException(f"No single interview matches {session_id!r}; `mockinterview history` lists them.")
        target = matches[0]
        if not yes:
            click.confirm(f"Delete interview {target.id} from {target.created_at:%Y-%m-%d %H:%M} permanently?", abort=True)
        store.delete_session(target.id)
        click.echo(f"Deleted interview {target.id}. Its reviews stay in your practice data (`data delete --all` "
                   "removes those too).")
