"""``merge``: merge table files into the event file (being built; see the merge issue)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """No merge commands yet."""
