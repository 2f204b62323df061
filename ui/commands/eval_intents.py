"""`mockinterview eval intents` and `eval answers`: does the interviewer understand what the candidate
typed, and do the candidate's own questions get the right passage?"""
from __future__ import annotations

import click

from .search import announce_build, services_for


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.pass_context
def intents(ctx: click.Context, as_json: bool) -> None:
    """Accuracy, confusion matrix and answer-as-request rate of the intent classifier on the held-out
    split of evals/intents/utterances.jsonl (it learns from the train split only)."""
    from mockinterview.evals.intents.run import dump, format_report, run_intent_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        embedder = services.embedder
        report = run_intent_eval(embedder.encode, model_id=embedder.model_id)
    click.echo(dump(report) if as_json else format_report(report))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--quick", is_flag=True, help="The shipped threshold only, no sweep.")
@click.pass_context
def answers(ctx: click.Context, as_json: bool, quick: bool) -> None:
    """How often the extractive answer to a candidate's question holds the passage a person would point
    to, and says "no material" when nothing fits (evals/intents/questions.jsonl)."""
    from mockinterview.evals.intents.answers import dump, format_report, run_answer_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        announce_build(services)
        report = run_answer_eval(services.corpus, services.index, sweep=not quick)
    click.echo(dump(report) if as_json else format_report(report))
