"""Render interview messages in a terminal with rich (plain text when output is not a terminal)."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.interview.report import Report
from mockinterview.agent.interview.session import Message

HELP = "Commands: hint, repeat, skip, I don't know, show answer, end. Finish an answer with an empty line."


def render(console: Console, message: Message) -> None:
    if message.kind in ("question", "followup"):
        data = message.data
        title = f"Question {data.get('number')}/{data.get('of')} · {data.get('topic')} · {data.get('difficulty')}"
        if message.kind == "followup":
            title = f"Follow-up · {data.get('topic')}"
        console.print(Panel(escape(message.text), title=title, border_style="cyan"))
    elif message.kind == "feedback" and message.grade:
        render_grade(console, message.grade)
    elif message.kind == "reveal":
        console.print(Panel(escape(message.text), title="Model answer", border_style="magenta"))
    elif message.kind == "answer":
        console.print(f"[bold]you:[/bold] {escape(message.text)}")
    elif message.kind == "report" and message.report:
        render_report(console, message.report)
    else:
        style = "yellow" if message.kind == "notice" else "green"
        console.print(f"[{style}]{escape(message.text)}[/{style}]")


def render_grade(console: Console, grade: Grade) -> None:
    console.print(f"[bold]Score {grade.score:.1f}/10[/bold] · {grade.verdict.value} · graded by {grade.backend}")
    for point in grade.covered:
        console.print(f"  [green]✓[/green] {escape(point.point)}")
        if point.evidence:
            console.print(f"      [dim]you said: {escape(point.evidence[:160])}[/dim]")
    for point in grade.missed:
        mark = "[red]✗ (contradicted)[/red]" if point.contradicted else "[red]✗[/red]"
        console.print(f"  {mark} {escape(point.point)}")
    if grade.feedback:
        console.print(escape(grade.feedback))
    if grade.next_step:
        console.print(f"[cyan]Next step:[/cyan] {escape(grade.next_step)}")
    if grade.reference_source:
        console.print(f"[dim]Reference: {escape(grade.reference_source)}[/dim]")


def render_report(console: Console, report: Report) -> None:
    overall = f"{report.overall:.1f}/10" if report.overall is not None else "n/a"
    console.rule(f"Report · overall {overall}")
    table = Table("topic", "score")
    for topic, score in report.per_topic.items():
        table.add_row(topic, f"{score:.1f}")
    console.print(table)
    if report.strongest:
        console.print("[green]Strongest points:[/green]")
        for point in report.strongest:
            console.print(f"  • {escape(point)}")
    if report.weakest:
        console.print("[red]Gaps:[/red]")
        for point in report.weakest:
            console.print(f"  • {escape(point)}")
    if report.mean_seconds is not None:
        console.print(f"Mean time per answer: {report.mean_seconds:.0f} s")
    console.print("[bold]Plan:[/bold]")
    for step in report.plan:
        console.print(f"  • {escape(step)}")
    console.print(f"Export: mockinterview export {report.session_id} --format md")
