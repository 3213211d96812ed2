"""The one entry point: no arguments (or a workshop file) opens the app; a subcommand runs the CLI.

File associations call ``facilitator-app FILE.workshop``, so a first argument that is not a
subcommand or an option is taken as a file for the window to open.
"""

from __future__ import annotations

import os.path
import sys

from facilitator_app import FILE_EXTENSION

# typing.TYPE_CHECKING without importing typing (3 ms of a 30 ms start): type checkers
# take this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _wants_window(arguments):
        if any(argument.lower().endswith(FILE_EXTENSION) for argument in arguments):
            load_core_before_qt()
        from facilitator_app.ui.shell.app import run_app

        return run_app(arguments)
    from facilitator_app.cli import run_cli

    return run_cli(arguments)


def load_core_before_qt() -> None:
    """Import what opening a file needs (the core, SQLAlchemy, SQLModel) before Qt, when a
    file is to be opened at once: PySide6 reads the source of every module imported after it
    (looking for its ``__feature__`` switches), which for SQLAlchemy's hundreds of modules
    costs a tenth of a second or more of the wait to type. The core imports no Qt."""
    import facilitator_app.core.event
    import facilitator_app.core.point_batches
    import facilitator_app.core.points
    import facilitator_app.core.table_reads  # noqa: F401


#: The window's own options (see ``facilitator_app.ui.shell.app.parse_arguments``).
WINDOW_OPTIONS = ("--table", "--new-instance")


def _wants_window(arguments: list[str]) -> bool:
    """No arguments, the window's own options, or an existing .workshop file open the window;
    anything else is for the command line, which says "unknown command" (exit 2) to a word
    that is neither a command nor such a file, rather than opening a window that hangs."""
    # The common double-click case is decided without loading the CLI (and the core it
    # imports), which keeps start-up lean; so is ``--version`` (no pathlib for it).
    if not arguments or arguments[0].split("=", 1)[0] in WINDOW_OPTIONS:
        return True
    first = arguments[0]
    return first.lower().endswith(FILE_EXTENSION) and os.path.isfile(first)


if __name__ == "__main__":
    sys.exit(main())
