"""`mockinterview history` and `mockinterview export`."""
from __future__ import annotations

import json

import click


def _store():
    """The local user's database, opened for reading: a file that cannot be written (a read-only folder) is
    read from a private copy, so history and export still work."""
    from mockinterview.agent.services import Services
    from mockinterview.agent.storage import Store

    return Store(Services().settings.database_url, read_only=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
def history(as_json: bool, limit: int) -> None:
    """List past interviews, newest first."""
    from mockinterview.ui.errors import user_errors

    with user_errors():
        rows = _store().list_sessions(limit)
    entries = [
        {"id": row.id, "created_at": row.created_at.isoformat(timespec="seconds"), "status": row.status,
         "answered": answered, "overall": row.overall_score, "config": json.loads(row.config_json)}
        for row, answered in rows
    ]
    if as_json:
        click.echo(json.dumps(entries, indent=2))
        return
    if not entries:
        click.echo("No interviews yet. Start one with `mockinterview interview` or `make run`.")
        return
    for e in entries:
        overall = f"{e['overall']:.1f}/10" if e["overall"] is not None else "-"
        topics = ", ".join(e["config"].get("topics") or ["any topic"])
        click.echo(f"{e['id']}  {e['created_at']}  {e['status']:8}  {e['answered']:2} answers  {overall:>7}  {topics}")


@click.command()
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
def export(session_id: str, fmt: str, output: str | None) -> None:
    """Export one interview's transcript and report as Markdown or JSON."""
    from mockinterview.agent.interview.report import build_report, report_markdown
    from mockinterview.agent.voice.records import session_speech, speaking_markdown
    from mockinterview.ui.errors import user_errors

    with user_errors():
        store = _store()
        matches = store.find_sessions(session_id.strip())
        if len(matches) != 1:
            raise click.ClickException(
                f"No single interview matches {session_id!r}; `mockinterview history` lists them."
            )
        turns, exchanges = store.turns(matches[0].id), store.exchanges(matches[0].id)
        speaking = session_speech(store, matches[0].id)
    report = build_report(matches[0].id, turns, exchanges)
    if fmt == "md":
        text = report_markdown(report, turns) + speaking_markdown(speaking)
    else:
        transcript = [
            {"seq": t.seq, "role": t.role, "question": t.question, "answer": t.answer_text, "outcome": t.outcome,
             "grade": json.loads(t.grade_json) if t.grade_json else None}
            for t in turns
        ]
        text = json.dumps({"report": report.model_dump(mode="json"), "transcript": transcript,
                           "speaking": {seq: f.model_dump() for seq, f in speaking.items()}}, indent=2)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}")
    else:
        click.echo(text)
