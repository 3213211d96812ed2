"""The command line: subcommands that run without a window, over the same core as the GUI.

Each group of commands lives in its own module with a ``register(subparsers)`` function that adds
its subcommands and sets ``handler`` (``args -> exit code``) on each. Errors the user can act on
(:class:`~facilitator_app.core.errors.WorkshopError`) print one line on stderr and exit 1;
argparse's usage errors exit 2. No traceback reaches the user for bad input.

Start-up is part of the interface: ``--version`` is answered from a constant before anything
is imported, ``--help`` names the commands from :data:`COMMANDS` without importing the modules
that define them, and a command imports only its own module (then what its handler needs).
"""

from __future__ import annotations

import sys

from facilitator_app import __version__

# typing.TYPE_CHECKING without importing typing (3 ms of a 30 ms start): type checkers
# take this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence

PROGRAM = "facilitator-app"

#: Every command, in the order ``--help`` lists them: the module of this package that builds
#: its parser and runs it, and the one line ``--help`` shows (the module's ``register`` gives
#: the same line; a test holds the two together).
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("files_commands", "create an event file"),
    "import": ("files_commands", "add points to a table from a spreadsheet"),
    "info": ("files_commands", "show the event, its tables and point counts"),
    "check": ("files_commands", "check a file's integrity and schema"),
    "export-points": ("files_commands", "write every point to a spreadsheet"),
    "merge": ("merge_commands", "merge table files into the event file"),
    "conflicts": (
        "merge_commands",
        "list or settle points changed both in the event file and at a table",
    ),
    "duplicates": ("consolidate_commands", "list groups of points that look like the same point"),
    "consolidate": ("consolidate_commands", "fold duplicate points into one point, or undo that"),
    "export": ("report_commands", "write the consolidated Word report of an event file"),
    "host": (
        "live_commands",
        "host the live room: tables on the local network sync into the event file",
    ),
    "join": ("live_commands", "keep a table file in sync with the facilitator's live room"),
}

COMMAND_NAMES = frozenset(COMMANDS)


def build_parser(commands: Iterable[str] = COMMANDS) -> argparse.ArgumentParser:
    """The parser; the ``commands`` named get their own arguments (their modules are imported),
    the others only their name and line of help, enough for ``--help`` to list them."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description=(
            "Workshop Facilitator: with no arguments (or a .workshop file) opens the app; "
            "with a subcommand runs it without a window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = {COMMANDS[name][0] for name in commands}
    registered: set[str] = set()
    for name, (module_name, help_line) in COMMANDS.items():
        if module_name not in wanted:
            subparsers.add_parser(name, help=help_line)
        elif module_name not in registered:  # it adds all of its commands, in this order
            registered.add(module_name)
            importlib.import_module(f"{__name__}.{module_name}").register(subparsers)
    return parser


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
    if arguments[:1] == ["--version"]:  # what argparse prints, without building it
        print(f"{PROGRAM} {__version__}")
        return 0
    command = arguments[0] if arguments and not arguments[0].startswith("-") else None
    if command is not None and command not in COMMAND_NAMES:
        return _unknown_command(command)
    args = build_parser([command] if command else []).parse_args(arguments)
    if not hasattr(args, "handler"):  # the command came after options (``-- info``): parse it
        args = build_parser([args.command]).parse_args(arguments)

    from facilitator_app.core.errors import WorkshopError

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
