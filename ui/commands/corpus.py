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
    """Count defects by class: in the key points parsed from the sources (headings, questions, code ...)
    and in the authored rubric (missing rubrics, probes or hints that give the claim away ...); exit 1 if any."""
    from mockinterview.corpus.lint import DEFECT_CLASSES, counts
    from mockinterview.corpus.lint import lint as lint_records
    from mockinterview.corpus.rubric_lint import RUBRIC_CLASSES, lint_rubrics

    records = _load().records
    report = {**lint_records(records), **lint_rubrics(records, _rubrics())}
    figures = counts(report)
    classes = {**DEFECT_CLASSES, **RUBRIC_CLASSES}
    if as_json:
        offenders = {kind: [[d.record_id, d.text] for d in found] for kind, found in report.items()}
        click.echo(json.dumps({"counts": figures, "offenders": offenders}, indent=2, ensure_ascii=False))
    else:
        for kind, meaning in classes.items():
            click.echo(f"{kind:26} {figures[kind]:4}  {meaning}")
            for defect in report[kind][:examples]:
                click.echo(f"    {defect.record_id}  {defect.text[:100]}")
        total = sum(figures.values())
        click.echo(f"\n{total} defect(s)" + ("" if total else ": the rubric is clean"))
    if any(figures.values()):
        raise SystemExit(1)


def _rubrics():
    from mockinterview.corpus.rubrics import RubricError, load_rubrics

    try:
        return load_rubrics()
    except RubricError as error:
        raise click.ClickException(f"The authored rubric does not validate: {error}") from None


def _show_rubric(rubric) -> None:
    click.echo(f"\nRubric (by {rubric.authored_by}, reviewed by {rubric.reviewed_by or 'nobody yet'}, {rubric.written}):")
    if rubric.correction:
        click.echo(f"  correction to the reference: {rubric.correction}")
    for claim in rubric.claims:
        click.echo(f"  [{claim.kind}] {claim.id}: {claim.text}")
        for alternative in claim.alternatives:
            click.echo(f"      or: {alternative}")
        if claim.probe:
            click.echo(f"      probe: {claim.probe}")
        for step, hint in enumerate(claim.hints, 1):
            click.echo(f"      hint {step}: {hint}")
    for misconception in rubric.misconceptions:
        click.echo(f"  misconception (against {misconception.contradicts}): {misconception.text}")
        click.echo(f"      correction: {misconception.correction}")
    if rubric.rephrasing:
        click.echo(f"  rephrased: {rubric.rephrasing}")


@corpus.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True, help="Print the record and its rubric as JSON.")
def show(record_id: str, as_json: bool) -> None:
    """Print one record with its key points, provenance and authored rubric (an id prefix is enough)."""
    matches = _load().find_prefix(record_id.strip())
    if not matches:
        raise click.ClickException(f"No record with id {record_id!r}. `mockinterview search TEXT` finds ids.")
    if len(matches) > 1:
        listing = ", ".join(r.id for r in matches[:5])
        raise click.ClickException(f"{len(matches)} records start with {record_id!r} ({listing}...): type more of the id.")
    record = matches[0]
    rubric = _rubrics().get(record.id)
    if as_json:
        payload = {"record": record.model_dump(mode="json"),
                   "rubric": rubric.model_dump(mode="json") if rubric else None}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
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
    if rubric is not None:
        _show_rubric(rubric)
    elif record.answered:
        click.echo("\nNo authored rubric yet: graded by similarity to the key points above.")
