"""The `mockinterview` command. Subcommands live in `ui/commands/` and are imported only when used,
so `mockinterview --help` and quick commands never pay for torch or streamlit."""
from __future__ import annotations

import importlib

import click

# name -> "module:attribute" under mockinterview.ui.commands
SUBCOMMANDS = {
    "corpus": "corpus:corpus",
    "index": "index:index",
    "search": "search:search",
    "grade": "grade:grade",
    "interview": "interview:interview",
    "history": "history:history",
    "export": "history:export",
    "data": "data:data",
    "ui": "app:ui",
    "eval": "evals:eval_group",
    "bench": "bench:bench",
    "train": "train:train",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = SUBCOMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        full_name = f"mockinterview.ui.commands.{module_name}"
        try:
            module = importlib.import_module(full_name)
        except ModuleNotFoundError as error:
            if error.name == full_name:  # a command whose module is not part of this install
                return None
            raise
        return getattr(module, attribute)


@click.group(cls=LazyGroup)
@click.version_option(package_name="mockinterview")
def cli() -> None:
    """An offline mock interviewer for machine-learning and data-science interviews."""


def main() -> None:
    cli()
