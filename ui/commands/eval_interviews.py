"""`mockinterview eval interviews`: scripted personas run whole interviews through the agent."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from .search import announce_build, services_for


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--quick", is_flag=True, help="Two short sessions per persona instead of four.")
@click.pass_context
def interviews(ctx: click.Context, as_json: bool, quick: bool) -> None:
    """Scripted candidates (strong, partial, weak, off-topic, adversarial, misconceived, asking for hints,
    skipping) run whole interviews; counts leaks, repeats, near-repeats, follow-ups off the topics or off
    the missed point, and hints that give the answer away. Sessions go to a scratch database."""
    from mockinterview.evals.interviews.run import format_report, run_interview_eval
    from mockinterview.ui.errors import user_errors

    with user_errors(), tempfile.TemporaryDirectory(prefix="mockinterview-eval-") as scratch:
        services = services_for(ctx)
        announce_build(services)
        report = run_interview_eval(services, quick=quick, data_dir=Path(scratch))
    click.echo(json.dumps(report, indent=2) if as_json else format_report(report))
