"""`mockinterview bench`: performance figures (index build, load, search latency)."""
from __future__ import annotations

import json

import click

from .search import services_for


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--searches", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="How many searches the latency figures are taken over.")
@click.option("--section", "sections", multiple=True, help="Only these sections (index, corpus, grading, startup, voice, memory).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default="bench.json", show_default=True,
              help="Where to write the figures as JSON.")
@click.pass_context
def bench(ctx: click.Context, as_json: bool, searches: int, sections: tuple[str, ...], output: str) -> None:
    """Speed and memory: corpus and index build, index load, search and grading latency against bare
    encoding, cold and warm start, peak memory. Prints a table and writes JSON."""
    from mockinterview.evals.bench import run_bench
    from mockinterview.ui.errors import user_errors

    with user_errors():
        services = services_for(ctx)
        figures = run_bench(services, list(sections) or None, index={"searches": searches})
    with open(output, "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=2)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("section", "figure", "value")
    for section, values in figures.items():
        for name, value in values.items():
            table.add_row(section, name, str(value))
    Console().print(table)
    click.echo(f"Wrote {output}")
