"""`mockinterview eval jobs`: job descriptions -> topics and questions, against hand-written expectations."""
from __future__ import annotations

import json

import click

from .search import announce_build, services_for


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON (each ad's topics and skills).")
@click.pass_context
def jobs(ctx: click.Context, as_json: bool) -> None:
    """Precision and recall of the topics chosen for 13 hand-written job ads (evals/jobs/descriptions.jsonl,
    dev and held-out test), and the share of an interview's first questions on the expected topics; the
    skill extractor beside the sentence-vote baseline."""
    from mockinterview.evals.jobs.run import format_report, run_jobs_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        announce_build(services)
        report = run_jobs_eval(services.corpus, services.index)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else format_report(report))
