"""Commands on one workshop file: ``new``, ``import``, ``info``, ``check``, ``export-points``."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Being built; see the foundation issue."""
