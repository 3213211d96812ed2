"""``export``: the Word report (being built; see the report issue)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """No report commands yet."""
