"""`mockinterview train grader|judge`: retrain the models the grader loads."""
from __future__ import annotations

import json
from pathlib import Path

import click

DATASETS = ("semeval2013_scientsbank", "semeval2013_beetle", "saf_communication_networks_en")


@click.group()
def train() -> None:
    """Train the models the product loads (never run on the request path)."""


@train.command()
@click.option("--epochs", type=click.FloatRange(0.05, 10), default=1.0, show_default=True)
@click.option("--exclude", type=click.Choice(DATASETS), multiple=True,
              help="Leave a training set out (leave-one-dataset-out evaluation).")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the adapter, head and metadata (default: the shipped model folder).")
@click.option("--swaps", type=click.IntRange(0, 5000), default=300, show_default=True,
              help="Reversed-claim pairs made from the corpus's key points.")
@click.pass_context
def grader(ctx: click.Context, epochs: float, exclude: tuple[str, ...], output: Path | None, swaps: int) -> None:
    """Fit the LoRA adapter and head over the packaged MiniLM (fixed seed, about 15 minutes on 2 cores),
    then write metadata.json with the sha256 of every file. The model card (MODEL_CARD.md) is kept by hand."""
    from mockinterview.agent.grading.pair_model import MODEL_DIR
    from mockinterview.evals.grading.asag import AsagDataError
    from mockinterview.evals.grading.train_pair_model import build_pairs
    from mockinterview.evals.grading.train_pair_model import train as train_model
    from mockinterview.index.embedder import packaged_model_path
    from mockinterview.ui.errors import user_errors

    from .search import services_for

    target = output or MODEL_DIR
    with user_errors():
        try:
            services = services_for(ctx)
            points = [p for record in services.corpus.records for ref in record.references for p in ref.key_points]
            pairs = build_pairs(points, exclude=exclude, swaps=swaps)
        except AsagDataError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Training on {len(pairs)} pairs; writing to {target}.")
        metadata = train_model(pairs, packaged_model_path(), target, epochs=epochs, log=click.echo)
    metadata["excluded"] = list(exclude)
    (target / "metadata.json").write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    click.echo(f"Done in {metadata['training_seconds']} s. Measure it with `mockinterview eval grading`.")


@train.command()
@click.option("--base-steps", type=click.IntRange(1, 100_000), default=1200, show_default=True,
              help="Batches of 32 in stage 1 (SNLI and SemEval).")
@click.option("--rubric-steps", type=click.IntRange(1, 100_000), default=700, show_default=True,
              help="Batches of 32 in stage 2 (rubric pairs and a replay of stage 1).")
@click.option("--base-from", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Skip stage 1 and start stage 2 from this stage-1 folder.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the adapter, head and metadata (default: the shipped model folder).")
def judge(base_steps: int, rubric_steps: int, base_from: Path | None, output: Path | None) -> None:
    """Fit the entailment judge (LoRA adapter and 3-way head over the packaged MiniLM; fixed seed, under an
    hour on 2 cores), then write metadata.json with the sha256 of every file and the held-out figures."""
    from mockinterview.agent.grading.entailment import MODEL_DIR
    from mockinterview.evals.grading.asag import AsagDataError
    from mockinterview.evals.grading.train_judge import run
    from mockinterview.ui.errors import user_errors

    with user_errors():
        try:
            metadata = run(output or MODEL_DIR, base_steps=base_steps, rubric_steps=rubric_steps,
                           base_from=base_from, log=click.echo)
        except (AsagDataError, OSError) as error:
            raise click.ClickException(str(error)) from None
    click.echo(json.dumps(metadata["evaluation"], indent=2))
