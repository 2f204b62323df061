"""`mockinterview eval grading` and `mockinterview eval calibrate`: measure the grader against human
labels, and fit its calibration on the dev split."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .search import announce_build, services_for

METRICS = (
    ("pearson", "Pearson r"),
    ("spearman", "Spearman rho"),
    ("mae", "mean abs. error"),
    ("pairwise_ordering", "pairs ordered"),
    ("degenerate_accuracy", "degenerate <= 2"),
)


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def report_tables(report: dict) -> list:
    """The report as rich tables: metrics (grader vs baseline per split), then mean score and the share
    of key points found per level."""
    from rich.table import Table

    splits = report["splits"]
    metrics = Table(title=f"Grading eval ({report['backend']}, split {report['split']}"
                          + (", quick" if report["quick"] else "") + ")")
    metrics.add_column("metric")
    for name in splits:
        metrics.add_column(f"{name}: grader", justify="right")
        metrics.add_column(f"{name}: baseline", justify="right")
    for key, label in (("n", "answers"), *METRICS):
        cells = []
        for block in splits.values():
            cells += [_cell(block["grader"][key]), _cell(block["baseline"][key])]
        metrics.add_row(label, *cells)

    main = "all" if "all" in splits else next(iter(splits))
    block = splits[main]
    levels = Table(title=f"Mean score per level ({main})")
    found = block.get("points_found_per_level", {})
    for column in ("level", "expected", "grader", "baseline", "points found"):
        levels.add_column(column, justify="left" if column == "level" else "right")
    for level, expected in sorted(block["expected_per_level"].items(), key=lambda kv: -kv[1]):
        levels.add_row(level, f"{expected:.2f}", f"{block['grader']['per_level'][level]:.2f}",
                       f"{block['baseline']['per_level'][level]:.2f}",
                       f"{found[level]:.2f}" if level in found else "-")
    return [metrics, levels]


def _real_table(report: dict):
    from rich.table import Table

    table = Table(title="Grading on real human-graded answers (held out; 95% intervals by question bootstrap)"
                  + (", quick" if report["quick"] else ""))
    for column in ("dataset", "answers", "grader r", "cosine r", "grader rho", "cosine rho", "grader MAE",
                   "cosine MAE", "correct: mean"):
        table.add_column(column, justify="left" if column == "dataset" else "right")

    def cell(block: dict, key: str) -> str:
        value, interval = block.get(key), block.get(f"{key}_ci")
        if value is None:
            return "-"
        return f"{value:.3f}" + (f" [{interval[0]:.2f}, {interval[1]:.2f}]" if interval else "")

    for name, result in report["datasets"].items():
        grader, cosine = result["grader"], result["cosine"]
        mean = result["correct_mean_score"]
        table.add_row(f"{name} ({result['role']})", str(result["answers"]),
                      cell(grader, "pearson"), cell(cosine, "pearson"), cell(grader, "spearman"),
                      cell(cosine, "spearman"), cell(grader, "mae"), cell(cosine, "mae"),
                      "-" if mean is None else f"{mean:.2f}/10")
    return table


def _real_eval(ctx: click.Context, quick: bool, as_json: bool, model_dir) -> None:
    from mockinterview.evals.grading.real import run_real_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        if model_dir is not None:  # a retrained or left-one-out model, measured without installing it
            from mockinterview.agent.grading.judges import PairModelJudge
            from mockinterview.agent.grading.pair_model import PairModel
            from mockinterview.index.embedder import packaged_model_path

            services.__dict__["judge"] = PairModelJudge(PairModel(packaged_model_path(), model_dir))
        report = run_real_eval(services.grader("embedded"), services.embedder.encode, quick=quick)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    console = Console()
    console.print(_real_table(report))
    flags = ", ".join(
        f"{name}: wrong-claim flags on correct answers {r['wrong_claim_flags_on_correct']}, "
        f"gibberish flags on credited answers {r['gibberish_flags_on_credited']}, ungraded {r['ungraded']}"
        for name, r in report["datasets"].items())
    line = report["cosine_line"]
    console.print(f"{flags}. Cosine baseline mapped by {line['slope']} x cos + {line['intercept']} "
                  f"(fitted on {line['fitted_on']}).", highlight=False)


def use_judge_dir(services, judge_dir: Path | None) -> None:
    """Grade with the entailment judge in this folder (a retrained one), measured without installing it."""
    if judge_dir is not None:
        from mockinterview.agent.grading.entailment import EntailmentJudge
        from mockinterview.index.embedder import packaged_model_path

        services.__dict__["claim_judge"] = EntailmentJudge(packaged_model_path(), judge_dir)


def _interview_eval(ctx: click.Context, backend: str, as_json: bool, judge_dir: Path | None) -> None:
    from mockinterview.evals.grading.interview_set import run_interview_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        use_judge_dir(services, judge_dir)
        announce_build(services)
        try:
            report = run_interview_eval(services, backend)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Interview answers ({report['rubric_found']} of {report['questions']} questions with "
                        "an authored rubric); grader / similarity baseline")
    for column in ("split", "r", "strong", "brief", "wrong fact", "vague", "wrong 3+ below strong"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for split in ("tune", "heldout", "all"):
        ours, base = report["grader"][split], report["baseline_similarity"][split]

        def kind(name: str) -> str:
            a, b = ours["by_kind"].get(name), base["by_kind"].get(name)
            return "-" if a is None else f"{a['grader']:.1f} / {b['grader']:.1f} (human {a['human']:.1f})"

        table.add_row(split, f"{ours['pearson']:.3f} / {base['pearson']:.3f}", kind("strong"), kind("brief"),
                      kind("wrong_fact"), kind("vague"),
                      f"{ours['wrong_fact_separated']} / {base['wrong_fact_separated']} of {ours['questions']}")
    Console().print(table)


@click.command()
@click.option("--set", "dataset", type=click.Choice(["real", "in-house", "interview"]), default="real",
              show_default=True,
              help="real: human-graded answers in shared/data/asag (held-out splits); in-house: the "
                   "interview-style check set in evals/grading; interview: corpus questions answered four "
                   "ways (strong, brief, wrong fact, vague), graded against the authored rubric.")
@click.option("--backend", type=click.Choice(["embedded", "llm"]), default="embedded", show_default=True,
              help="Which grader to measure.")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="test", show_default=True,
              help="dev is what calibration is fitted on; test is never tuned on.")
@click.option("--quick", is_flag=True, help="A fixed subset of about 80 answers (whole questions), for CI.")
@click.option("--defaults", is_flag=True, help="Use the default calibration instead of calibration.json (to compare).")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON, with every answer's score.")
@click.option("--model-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Grade with the pair model in this folder (from `mockinterview train grader --output`).")
@click.option("--judge-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Grade with the entailment judge in this folder (from `mockinterview train judge --output`).")
@click.pass_context
def grading(ctx: click.Context, dataset: str, backend: str, split: str, quick: bool, defaults: bool,
            as_json: bool, model_dir: Path | None, judge_dir: Path | None) -> None:
    """The grader against human grades, next to plain cosine similarity: real held-out answers
    (default), or the in-house interview-style set (correlation, error, ordering, degenerate answers)."""
    if dataset == "real":
        _real_eval(ctx, quick, as_json, model_dir)
        return
    if dataset == "interview":
        _interview_eval(ctx, backend, as_json, judge_dir)
        return
    from mockinterview.agent.grading.calibration import Calibration
    from mockinterview.evals.grading.run import load_items, run_grading_eval
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        announce_build(services)
        report = run_grading_eval(services, load_items(), backend=backend, split=split, quick=quick,
                                  calibration=Calibration() if defaults else None)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    console = Console()
    for table in report_tables(report):
        console.print(table)
    latency = report["latency_ms"]
    fit = report["baseline_fit"]
    console.print(f"Latency per answer: p50 {latency['p50']} ms, p95 {latency['p95']} ms. "
                  f"Calibration: {report['calibration']}. Baseline: {fit['slope']} x cosine + {fit['intercept']} "
                  f"(fitted on {fit['fitted_on']}).", highlight=False)


@click.command()
@click.option("--real/--in-house-only", "real", default=True, show_default=True,
              help="Also fit on real answers to the training questions (test-unseen-answers of SciEntsBank, "
                   "Beetle, SAF), never on a split the grading eval reports.")
@click.pass_context
def calibrate(ctx: click.Context, real: bool) -> None:
    """Fit the grader's feature units (real training answers) and 0-10 stretch (dev answers), and save them."""
    from mockinterview.agent.grading.calibration import CALIBRATION_PATH
    from mockinterview.evals.grading.calibrate import calibrate as fit_calibration
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        announce_build(services)
        before = services.grader("embedded").calibration
        after = fit_calibration(services, real=real)
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Calibration")
    for column in ("parameter", "before", "after"):
        table.add_column(column, justify="left" if column == "parameter" else "right")
    def shown(value) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{key} {number + 0.0:g}" for key, number in value.items())
        return f"{value + 0.0:g}"  # no "-0"

    for name, value in after.model_dump().items():
        if name != "fitted_on":
            table.add_row(name, shown(getattr(before, name)), shown(value))
    console = Console()
    console.print(table)
    console.print(f"Fitted on the {after.fitted_on}; saved to {CALIBRATION_PATH}. Compare with "
                  "`mockinterview eval grading --split dev` and the same with --defaults.", highlight=False)


@click.command("calibrate-claims")
@click.option("--judge-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Fit for the entailment judge in this folder instead of the shipped one.")
@click.pass_context
def calibrate_claims(ctx: click.Context, judge_dir: Path | None) -> None:
    """Fit the claim grader's thresholds, weights and stretch on the tune split of the interview-answer set
    (never the held-out split); writes agent/grading/claims_calibration.json."""
    from mockinterview.evals.grading.calibrate_claims import fit
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        use_judge_dir(services, judge_dir)
        if services.claim_judge is None:
            raise click.ClickException("Claim calibration needs the real embedding model and entailment judge.")
        try:
            values = fit(services)
        except FileNotFoundError as error:
            raise click.ClickException(str(error)) from None
    click.echo(json.dumps(values, indent=2))
