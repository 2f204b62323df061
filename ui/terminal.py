"""Render interview messages in a terminal with rich (plain text when output is not a terminal)."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from mockinterview.agent.grading.schema import Grade
from mockinterview.agent.interview.report import Report
from mockinterview.agent.interview.session import Message

HELP = ("Answer in your own words and finish with an empty line. Talk to me as to an interviewer: ask for a "
        "hint, to skip, to rephrase, what a word means, to come back to a question later, or ask me anything "
        "about the subject or the feedback (\"why is L1 sparse?\"). 'end' ends the interview.")
REQUEST_STYLE = {"hint": "green", "clarification": "green", "rephrase": "green", "meta": "green", "confirm": "yellow"}


def read_message(console: Console, understand=None) -> str | None:
    """One message: lines until an empty line (or end of input); None at end of input.

    A first line the interviewer understands as a request or a question ("can you give me a hint?",
    "why is L1 sparse?") needs no empty line after it. `understand(text)` is the session's classifier.
    """
    lines: list[str] = []
    while True:
        try:
            line = console.input("[bold]> [/bold]" if not lines else "  ")
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)
        if len(lines) == 1 and understand is not None:
            understood = understand(line)
            if understood.intent.value != "answer" and not understood.unsure:
                return line


def render(console: Console, message: Message) -> None:
    if message.kind in ("question", "followup"):
        data = message.data
        title = f"Question {data.get('number')}/{data.get('of')} · {data.get('topic')} · {data.get('difficulty')}"
        if message.kind == "followup":
            title = f"Follow-up · {data.get('topic')}"
        console.print(Panel(escape(message.text), title=title, border_style="cyan"))
    elif message.kind == "feedback" and message.grade:
        render_grade(console, message.grade)
        if message.data.get("speaking") is not None:
            render_speaking(console, message.data["speaking"])
    elif message.kind == "reveal":
        console.print(Panel(escape(message.text), title="Model answer", border_style="magenta"))
    elif message.kind in ("answer", "request") and message.role == "candidate":
        console.print(f"[bold]you:[/bold] {escape(message.text)}")
    elif message.kind == "reply":
        render_reply(console, message)
    elif message.kind == "report" and message.report:
        render_report(console, message.report)
    else:
        style = "yellow" if message.kind == "notice" else REQUEST_STYLE.get(message.kind, "green")
        console.print(f"[{style}]{escape(message.text)}[/{style}]")


def render_reply(console: Console, message: Message) -> None:
    """An answer to the candidate's own question: streamed from the LLM when there is one, else quoted."""
    if message.stream is not None:
        console.print("[cyan]Interviewer:[/cyan] ", end="")
        try:
            for chunk in message.stream():
                console.print(escape(chunk), end="")
            console.print()
            console.print(f"[dim]{escape(message.text.split(chr(10) * 2, 1)[-1])}[/dim]")
            return
        except Exception:  # the LLM failed mid-answer: the extractive answer is already there
            console.print("\n[yellow]The LLM could not answer; from the question bank instead:[/yellow]")
    console.print(Panel(escape(message.text), title="From the question bank", border_style="blue"))


def render_grade(console: Console, grade: Grade) -> None:
    shown = "Not scored" if grade.score is None else f"Score {grade.score:.1f}/10"
    console.print(f"[bold]{shown}[/bold] · {grade.verdict.value} · graded by {grade.backend}")
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


def render_speaking(console: Console, figures) -> None:
    """The speaking coach's figures for a spoken answer, each against its target."""
    from mockinterview.agent.voice.coach import advice

    console.print("[bold]Speaking:[/bold]")
    for line in advice(figures):
        console.print(f"  • {escape(line)}")


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
    if report.hints_used:
        console.print(f"Hints used: {report.hints_used}")
    console.print("[bold]Plan:[/bold]")
    for step in report.plan:
        console.print(f"  • {escape(step)}")
    console.print(f"Export: mockinterview export {report.session_id} --format md")
