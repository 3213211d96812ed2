"""PyInstaller's entry script: the same ``main`` as the ``facilitator-app`` console script."""

import sys

from facilitator_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
