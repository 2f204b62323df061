"""`mockinterview grade`: grade a JSONL file of answers (a stable public interface)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click


def _read_input(input_path: str) -> bytes:
    if input_path == "-":
        return sys.stdin.buffer.read()
    return Path(input_path).read_bytes()


def _open_output(output_path: str, append: bool):
    if output_path == "-":
        return sys.stdout.buffer, False
    return open(output_path, "ab" if append else "wb"), True


def _file_error(error: OSError, written: int | None = None) -> click.ClickException:
    where = f"{error.filename}: " if error.filename else ""
    after = (f" after {written} lines were written; fix that and run the same command with --resume"
             if written else "")
    return click.ClickException(f"{where}{error.strerror or error}{after}.")


@click.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="JSONL: one {\"question\", \"answer\", \"reference\" (optional)} object per line; - for stdin.")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="JSONL with each input line plus line, input_hash, score, verdict, covered, missed, feedback, "
                   "backend (or error).")
@click.option("--backend", type=click.Choice(["embedded", "llm"]), default=None,
              help="Grading backend (default: settings, embedded unless configured).")
@click.option("--resume", is_flag=True,
              help="Keep the complete lines already in OUTPUT and grade only the input lines not in it yet.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def grade(input_path: str, output_path: str, backend: str | None, resume: bool, force: bool) -> None:
    """Grade answers in batch. Every line gets a result: lines that cannot be graded get an "error" field,
    and the batch goes on. Each result is written as soon as it exists; an interrupted run continues
    with --resume."""
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    from mockinterview.agent.grading.batch import grade_input, split_input
    from mockinterview.agent.grading.batch_output import (
        BatchSummary,
        OutputWriter,
        prepare_output,
        remaining,
    )
    from mockinterview.agent.services import Services
    from mockinterview.ui.errors import user_errors

    if resume and force:
        raise click.UsageError("--resume keeps OUTPUT and --force overwrites it: choose one.")
    if resume and output_path == "-":
        raise click.UsageError("--resume needs an --output file to continue.")
    target = None if output_path == "-" else Path(output_path)
    if target is not None and input_path != "-" and target.exists() and target.samefile(input_path):
        raise click.UsageError("--output is the input file; choose another output.")

    started = time.perf_counter()
    summary = BatchSummary()
    notes: list[str] = []
    with user_errors():
        try:
            lines = split_input(_read_input(input_path))
            # Before any model loads: a refusal to overwrite should cost no waiting.
            existing = prepare_output(target, resume=resume, force=force) if target is not None else None
        except OSError as error:
            raise _file_error(error) from None
        todo, stale = remaining(lines, existing.done) if existing else (lines, 0)
        if existing:
            torn = " (an unfinished last line was discarded)" if existing.torn_bytes else ""
            notes.append(f"Resumed: kept {existing.records} lines already in {output_path}{torn}; "
                         f"{len(todo)} left to grade.")
            if stale:
                notes.append(f"{stale} lines of {output_path} match no input line (was the input changed?).")
        services = Services(progress=True)
        grader = services.grader(backend)
        breaker = getattr(grader, "breaker", None)
        try:
            sink, owned = _open_output(output_path, append=existing is not None)
        except OSError as error:
            raise _file_error(error) from None
        writer = OutputWriter(sink)
        try:
            with logging_redirect_tqdm(), tqdm(total=len(todo), unit="line", file=sys.stderr,
                                               disable=len(todo) < 50) as bar:
                pauses = breaker.openings if breaker else 0
                for result in grade_input(todo, grader, services.index):
                    writer.write(result)
                    summary.add(result)
                    bar.update(1)
                    if breaker is not None and breaker.openings != pauses:  # one notice per pause, not per line
                        pauses = breaker.openings
                        bar.write(f"line {result.get('line')}: {result.get('backend_note') or 'the LLM is paused.'}",
                                  file=sys.stderr)
        except KeyboardInterrupt:
            raise click.ClickException(
                f"Interrupted after {writer.written} lines were written; run the same command with --resume "
                "to grade the rest.") from None
        except OSError as error:  # a full disk, a vanished folder
            raise _file_error(error, writer.written) from None
        finally:
            try:
                writer.sync()
                if owned:
                    sink.close()
            except OSError:
                pass  # already reported above
    elapsed = time.perf_counter() - started
    is_llm = getattr(grader, "name", "") == "llm"
    health = breaker.summary() if breaker is not None else None
    for line in notes + summary.lines(elapsed, llm=is_llm, health=health):
        click.echo(line, err=True)
