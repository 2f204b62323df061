"""`mockinterview interview`: the interview in a terminal."""
from __future__ import annotations

import sys

import click

from mockinterview.corpus.schema import TOPICS


@click.command()
@click.option("--topic", "topics", multiple=True, type=click.Choice(TOPICS), help="Topic to ask about (repeatable).")
@click.option("--n", "questions", default=5, show_default=True, type=click.IntRange(1, 30), help="Main questions.")
@click.option("--difficulty", default="adaptive", show_default=True,
              type=click.Choice(["easy", "medium", "hard", "adaptive"]))
@click.option("--followups", default=1, show_default=True, type=click.IntRange(0, 3), help="Follow-ups per question.")
@click.option("--practice", is_flag=True, help="Practice weak spots: due questions first.")
@click.option("--backend", type=click.Choice(["embedded", "llm"]), default=None, help="Grading backend.")
@click.option("--resume", "resume_id", default=None, help="Resume an unfinished interview by id (or id prefix).")
@click.option("--seed", type=click.IntRange(0), default=None,
              help="Fix the question order (the same seed and settings ask the same questions); default: a fresh "
                   "order each interview.")
@click.option("--voice", "recordings", multiple=True, metavar="FILE.wav",
              help="Answer by voice: a recording answers the open question (repeatable, in order); needs the voice "
                   "extra. Typing takes over when the recordings run out.")
def interview(topics, questions, difficulty, followups, practice, backend, resume_id, recordings, seed) -> None:
    """Run a mock interview in the terminal."""
    from rich.console import Console

    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewSession
    from mockinterview.ui.errors import user_errors
    from mockinterview.ui.terminal import HELP, read_message, render

    console = Console(highlight=False)
    voice = None
    if recordings:
        from mockinterview.ui.voice_terminal import VoiceAnswers

        if problem := VoiceAnswers.problem_with(recordings):
            raise click.ClickException(problem)
    with user_errors():
        from mockinterview.agent.services import Services

        services = Services(progress=True)
        with console.status("Loading the question bank..."):
            deps = services.interview_deps(backend)
        if resume_id:
            matches = services.store.find_sessions(resume_id.strip())
            if len(matches) != 1:
                raise click.ClickException(f"No single interview matches {resume_id!r}; `mockinterview history` lists them.")
            session, messages = InterviewSession.resume(deps, matches[0].id)
        else:
            config = InterviewConfig(topics=list(topics), questions=questions, difficulty=difficulty,
                                     followups=followups, mode="practice" if practice else "interview", seed=seed)
            session, messages = InterviewSession.start(deps, config)
        if recordings:
            voice = VoiceAnswers(recordings, services.transcriber)
        console.print(f"[dim]Interview {session.id}. {HELP}[/dim]")
        for message in messages:
            render(console, message)
        while not session.finished:
            spoken = voice.answer(console, session) if voice is not None else None
            if spoken is not None:
                for message in spoken:
                    render(console, message)
                continue
            answer = read_message(console, session.understand)
            if answer is None:
                console.print(f"\n[yellow]Input ended; resume with: mockinterview interview --resume {session.id}[/yellow]")
                sys.exit(0)
            if voice is not None:
                voice.waiting_for_reply = False
            with console.status("Grading..."):
                replies = session.submit(answer)
            for message in replies:
                render(console, message)
        if recordings:
            from mockinterview.ui.voice_terminal import render_speaking_summary

            render_speaking_summary(console, deps.store, session.id)
