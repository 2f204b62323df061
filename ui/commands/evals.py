"""`mockinterview eval ...`: quality evals. Each eval is one subcommand of `eval_group`; add yours with
`@eval_group.command()` in this module."""
from __future__ import annotations

import json

import click

from .search import announce_build, services_for


@click.group(name="eval")
def eval_group() -> None:
    """Measure the quality of retrieval (and of the other parts, as evals are added)."""


@eval_group.command()
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--quick", is_flag=True, help="Metrics only: skip the fusion sweep and the list of misses.")
@click.pass_context
def retrieval(ctx: click.Context, as_json: bool, quick: bool) -> None:
    """recall@1, recall@5 and MRR of BM25, dense and hybrid search (and, in the full run, the variants
    tried) on hand-written paraphrased queries: the dev split (used to choose the fusion settings), the
    test split and a held-out set in another style (never tuned on)."""
    from mockinterview.evals.retrieval.run import format_report, load_all_queries, run_retrieval_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        announce_build(services)
        report = run_retrieval_eval(services.index, load_all_queries(), quick=quick, variants=not quick)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(format_report(report))
    if not quick:
        misses = report["misses"]
        click.echo(f"\nHybrid misses at rank 1: {len(misses)} (`--json` lists them).")
        best = report["sweep"][0]
        click.echo(
            f"Best dev setting in the sweep: MRR {best['mrr']:.3f}, R@5 {best['recall@5']:.3f} with "
            + ", ".join(f"{key}={value:g}" for key, value in best["fusion"].items())
        )
from .eval_grading import calibrate, calibrate_claims, grading  # noqa: E402  (the grading eval's commands)
eval_group.add_command(grading)
eval_group.add_command(calibrate)
eval_group.add_command(calibrate_claims)

from .eval_interviews import interviews  # noqa: E402  (the group is defined above)

eval_group.add_command(interviews)

from .eval_intents import answers, intents  # noqa: E402  (the conversation evals)

eval_group.add_command(intents)
eval_group.add_command(answers)

from .eval_load import busy, load  # noqa: E402  (many candidates at once; a busy machine)

eval_group.add_command(load)
eval_group.add_command(busy)

from .eval_jobs import jobs  # noqa: E402  (job descriptions -> topics and questions)

eval_group.add_command(jobs)
