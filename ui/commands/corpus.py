"""`mockinterview corpus build|stats|lint|show`."""
from __future__ import annotations

import json

import click

from mockinterview.corpus.store import CorpusError, load_corpus


@click.group()
def corpus() -> None:
    """Build and inspect the question corpus."""


@corpus.command()
def build() -> None:
    """Rebuild corpus/questions.jsonl from the five source documents."""
    from mockinterview.corpus.build import CORPUS_PATH, build_records, write_corpus

    records = build_records()
    path = write_corpus(records, CORPUS_PATH)
    answered = sum(r.answered for r in records)
    click.echo(f"Wrote {len(records)} records ({answered} answered) to {path}")


def _load():
    try:
        return load_corpus()
    except CorpusError as error:
        raise click.ClickException(str(error)) from None


@corpus.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def stats(as_json: bool) -> None:
    """Counts by source, topic, difficulty, kind and flag."""
    from mockinterview.corpus.stats import corpus_stats

    figures = corpus_stats(_load().records)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"{figures['total']} questions, {figures['answered']} answered")
    click.echo("\nBy source:")
    for source, entry in figures["by_source"].items():
        click.echo(f"  {source:32} {entry['questions']:4} questions  {entry['answered']:4} answered")
    for title, key in (("topic", "by_topic"), ("difficulty", "by_difficulty"), ("kind", "by_kind"), ("flag", "flags")):
        click.echo(f"\nBy {title}:")
        for name, count in sorted(figures[key].items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {name:32} {count:4}")


@corpus.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts and every offender as JSON.")
@click.option("--examples", default=3, show_default=True, help="Offenders to list per defect class.")
def lint(as_json: bool, examples: int) -> None:
    """Count rubric defects by class (headings, questions, code, Markdown ... as key points); exit 1 if any."""
    from mockinterview.corpus.lint import DEFECT_CLASSES, counts
    from mockinterview.corpus.lint import lint as lint_records

    report = lint_records(_load().records)
    figures = counts(report)
    if as_json:
        offenders = {kind: [[d.record_id, d.text] for d in found] for kind, found in report.items()}
        click.echo(json.dumps({"counts": figures, "offenders": offenders}, indent=2, ensure_ascii=False))
    else:
        for kind, meaning in DEFECT_CLASSES.items():
            click.echo(f"{kind:26} {figures[kind]:4}  {meaning}")
            for defect in report[kind][:examples]:
                click.echo(f"    {defect.record_id}  {defect.text[:100]}")
        total = sum(figures.values())
        click.echo(f"\n{total} defect(s)" + ("" if total else ": the rubric is clean"))
    if any(figures.values()):
        raise SystemExit(1)


@corpus.command()
@click.argument("record_id")
def show(record_id: str) -> None:
    """Print one record with its key points and provenance (an id prefix is enough)."""
    matches = _load().find_prefix(record_id.strip())
    if not matches:
        raise click.ClickException(f"No record with id {record_id!r}. `mockinterview search TEXT` finds ids.")
    if len(matches) > 1:
        listing = ", ".join(r.id for r in matches[:5])
        raise click.ClickException(f"{len(matches)} records start with {record_id!r} ({listing}...): type more of the id.")
    record = matches[0]
    level = record.difficulty.value + (" (estimated)" if record.difficulty_estimated else "")
    click.echo(f"{record.id}  {record.question}")
    click.echo(f"topic: {record.topic}" + (f" / {record.subtopic}" if record.subtopic else ""))
    click.echo(f"difficulty: {level}   kind: {record.kind.value}")
    if record.title:
        click.echo(f"original title: {record.title}")
    if record.original_question:
        click.echo(f"source wording: {record.original_question}")
    if record.conflicts_with:
        click.echo(f"conflicts with: {', '.join(record.conflicts_with)}" + (f" ({record.conflict_note})" if record.conflict_note else ""))
    if record.flags:
        click.echo(f"flags: {', '.join(record.flags)}")
    if not record.references:
        click.echo("\nNo reference answer in the sources: grading uses retrieved material.")
    for number, ref in enumerate(record.references, start=1):
        click.echo(f"\nReference {number}: {ref.location}")
        if ref.correction_note:
            click.echo(f"  correction: {ref.correction_note}")
        for point in ref.key_points:
            click.echo(f"  - {point}")
