"""`mockinterview grade`: grade a JSONL file of answers (a stable public interface)."""
from __future__ import annotations

import json
import sys
import time

import click


@click.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="JSONL: one {\"question\", \"answer\", \"reference\" (optional)} object per line; - for stdin.")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="JSONL with each input line plus score, verdict, covered, missed, feedback, backend.")
@click.option("--backend", type=click.Choice(["embedded", "llm"]), default=None,
              help="Grading backend (default: settings, embedded unless configured).")
def grade(input_path: str, output_path: str, backend: str | None) -> None:
    """Grade answers in batch. Lines that cannot be graded get an "error" field; the batch goes on."""
    from tqdm import tqdm

    from mockinterview.agent.grading.batch import grade_lines
    from mockinterview.agent.services import Services
    from mockinterview.ui.errors import user_errors

    started = time.perf_counter()
    with user_errors():
        services = Services(progress=True)
        grader = services.grader(backend)
        source = sys.stdin if input_path == "-" else open(input_path, encoding="utf-8", errors="replace")
        lines = source.read().splitlines()
        sink = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")
        graded = errors = 0
        total_score = 0.0
        with tqdm(total=len(lines), unit="line", file=sys.stderr, disable=len(lines) < 50) as bar:
            for result in grade_lines(lines, grader, services.index):
                sink.write(json.dumps(result, ensure_ascii=False) + "\n")
                if "error" in result:
                    errors += 1
                else:
                    graded += 1
                    total_score += result["score"]
                bar.update(1)
        if sink is not sys.stdout:
            sink.close()
    elapsed = time.perf_counter() - started
    mean = f"; mean score {total_score / graded:.2f}" if graded else ""
    click.echo(f"Graded {graded} lines, {errors} with errors, in {elapsed:.1f} s{mean}.", err=True)
