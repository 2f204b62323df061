"""`mockinterview search TEXT`: find corpus questions by meaning and by words."""
from __future__ import annotations

import json

import click

from mockinterview.corpus.schema import Difficulty


def services_for(ctx: click.Context):
    """The Services the command runs on: the one a caller put in the click context (tests, the app),
    else the default, wired from settings."""
    from mockinterview.agent.services import Services

    found = ctx.find_object(Services)
    return found if found is not None else Services(progress=True)


def announce_build(services) -> None:
    """Say so before a first-run build, which takes a while, so silence is not mistaken for a hang."""
    from mockinterview.index.cache import MANIFEST, cache_path

    path = cache_path(services.settings.cache_dir, services.corpus.content_hash, services.embedder.model_id)
    if not (path / MANIFEST).exists():
        click.echo("Building the search index (first run only; about a minute)...", err=True)


def check_topics(topics: tuple[str, ...], valid: list[str]) -> tuple[str, ...]:
    chosen = tuple(t.strip().lower() for t in topics)
    unknown = [t for t in chosen if t not in valid]
    if unknown:
        raise click.ClickException(f"Unknown topic {', '.join(map(repr, unknown))}. Valid topics: {', '.join(valid)}.")
    return chosen


@click.command()
@click.argument("query", nargs=-1)
@click.option("--k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="How many results.")
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable).")
@click.option("--difficulty", "difficulties", multiple=True, type=click.Choice([d.value for d in Difficulty]),
              help="Only this difficulty (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, best first.")
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], k: int, topics, difficulties, as_json: bool) -> None:
    """Find questions in the corpus, e.g. `mockinterview search "how does dropout work"`."""
    from mockinterview.index.search_types import SearchError, SearchFilters
    from mockinterview.ui.errors import user_errors

    text = " ".join(query)
    if not text.strip():
        raise click.ClickException('The search query is empty: type a few words, e.g. mockinterview search "dropout".')
    with user_errors():
        services = services_for(ctx)
        filters = SearchFilters(topics=check_topics(topics, services.corpus.topics), difficulties=difficulties)
        announce_build(services)
        try:
            hits = services.index.search(text, k=k, filters=filters)
        except SearchError as error:
            raise click.ClickException(str(error)) from None
    if as_json:
        rows = [
            {
                "id": hit.record.id,
                "question": hit.record.question,
                "topic": hit.record.topic,
                "difficulty": hit.record.difficulty.value,
                "score": round(hit.score, 6),
            }
            for hit in hits
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("No matching questions. Try other words, or fewer filters.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name, options in (("#", {"justify": "right"}), ("id", {"no_wrap": True}), ("topic", {}), ("level", {}),
                          ("score", {"justify": "right"}), ("question", {"overflow": "fold"})):
        table.add_column(name, **options)
    for position, hit in enumerate(hits, start=1):
        record = hit.record
        level = record.difficulty.value
        table.add_row(str(position), record.id, record.topic, level, f"{hit.score:.4f}", record.question)
    Console().print(table)
