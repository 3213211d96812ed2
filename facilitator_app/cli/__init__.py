"""The command line: subcommands that run without a window, over the same core as the GUI.

Each group of commands lives in its own module with a ``register(subparsers)`` function that adds
its subcommands and sets ``handler`` (``args -> exit code``) on each. Errors the user can act on
(:class:`~facilitator_app.core.errors.WorkshopError`) print one line on stderr and exit 1;
argparse's usage errors exit 2. No traceback reaches the user for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from facilitator_app import __version__
from facilitator_app.cli import (
    consolidate_commands,
    files_commands,
    live_commands,
    merge_commands,
    report_commands,
)
from facilitator_app.core.errors import WorkshopError

PROGRAM = "facilitator-app"
_MODULES = (files_commands, merge_commands, consolidate_commands, report_commands, live_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description=(
            "Workshop Facilitator: with no arguments (or a .workshop file) opens the app; "
            "with a subcommand runs it without a window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _MODULES:
        module.register(subparsers)
    return parser


def _command_names() -> frozenset[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


COMMAND_NAMES = _command_names()


def fail(message: str) -> int:
    """Print one clear line on stderr; the exit code for a user error."""
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    return 1


def _unknown_command(word: str) -> int:
    """A first word that is neither a command nor a workshop file to open: exit 2."""
    commands = ", ".join(sorted(COMMAND_NAMES))
    if word.lower().endswith(".workshop"):
        detail = f"there is no file {word} to open"
    else:
        detail = f"the commands are {commands}"
    print(f"{PROGRAM}: error: unknown command {word!r}: {detail}.", file=sys.stderr)
    print(f"Try: {PROGRAM} --help", file=sys.stderr)
    return 2


def run_cli(argv: Sequence[str]) -> int:
    arguments = list(argv)
    if arguments and not arguments[0].startswith("-") and arguments[0] not in COMMAND_NAMES:
        return _unknown_command(arguments[0])
    parser = build_parser()
    args = parser.parse_args(arguments)
    try:
        return int(args.handler(args))
    except WorkshopError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        print(f"{PROGRAM}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``info --json | head``): not an error worth a traceback.
        _silence_stdout()
        return 0


def _silence_stdout() -> None:
    """Point stdout at devnull so Python's exit-time flush does not fail a second time."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
