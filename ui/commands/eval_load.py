"""`mockinterview eval load` and `eval busy`: many candidates at once, and latency on a busy machine."""
from __future__ import annotations

import json

import click

from .search import services_for


@click.command()
@click.option("--candidates", type=click.IntRange(1, 500), default=20, show_default=True,
              help="Simulated candidates answering at the same moment.")
@click.option("--questions", type=click.IntRange(1, 20), default=3, show_default=True, help="Answers each.")
@click.option("--processes", type=click.IntRange(1, 16), default=1, show_default=True,
              help="App processes sharing the database (each loads its own models).")
@click.option("--db-url", default=None, help="Database to use (default: MOCKINTERVIEW_DB_URL or the local SQLite).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def load(ctx: click.Context, candidates: int, questions: int, processes: int, db_url: str | None, as_json: bool) -> None:
    """Time to feedback (p50/p95), errors and lost writes with CANDIDATES answering at once."""
    from mockinterview.evals.load import run_load
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        figures = run_load(services, candidates=candidates, questions=questions, processes=processes, db_url=db_url)
    _show(figures, as_json)


@click.command()
@click.option("--samples", type=click.IntRange(5, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def busy(ctx: click.Context, samples: int, as_json: bool) -> None:
    """Grading and search p50 on an idle machine and beside a CPU-burning process, as ratios."""
    from mockinterview.evals.busy import run_busy
    from mockinterview.ui.errors import user_errors

    with user_errors():
        figures = run_busy(services_for(ctx), samples=samples)
    _show(figures, as_json)


def _show(figures: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        click.echo(f"{key:24} {json.dumps(value) if isinstance(value, (dict, list)) else value}")
