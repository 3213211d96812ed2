"""PyInstaller's entry script: the same ``main`` as the ``facilitator-app`` console script."""

import multiprocessing
import sys

from facilitator_app.__main__ import main

if __name__ == "__main__":
    # The duplicate search runs in a spawned process: in a frozen app that process starts
    # this same executable, which must then serve the search instead of opening a window.
    multiprocessing.freeze_support()
    sys.exit(main())
